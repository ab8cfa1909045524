package auth

import (
	"crypto/ed25519"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
)

// thirdPartyInviteEvent implements TPI-1: an m.room.third_party_invite
// event needs the invite level and nothing else (terminal; POWER-1 and
// STATEKEY-1 are not applied).
func (c *checker) thirdPartyInviteEvent() verdict {
	if c.ev.Type() != event.TypeThirdPartyInvite {
		return next
	}
	have, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's", c.ev.Sender())
	}
	inv, ok := c.namedLevel(levelInvite, defaultInvite)
	if !ok {
		return c.namedLevelRejection(levelInvite)
	}
	if have.Less(IntLevel(inv)) {
		c.senderIs(have)
		c.need(levelInvite, IntLevel(inv))
		return c.rejectf(RuleTPI1, "sender's power level "+have.String()+" is below the invite level "+itoa(inv))
	}
	return allow
}

// verifyThirdPartySignature is MEMBER-INVITE-TPI-7/8 as Synapse checks it
// (D17): the candidate keys are content.public_key, then each
// content.public_keys[i].public_key, in order. For each key only the first
// "ed25519:" signature of signed.signatures is tried (servers, then key
// IDs, in byte order); a key that verifies allows the event, a key reached
// in this order that does not decode rejects it, and later keys are never
// looked at.
//
// Everything is read from the raw texts in place: the only allocations
// left are those of the signature check itself and of rare inputs (an
// escaped key or a URL-safe signature, a signatures object of more than
// tpiSmall servers, a key text longer than any 32-byte key).
func (c *checker) verifyThirdPartySignature(inv *event.Event, signed jv) verdict {
	content := inv.ContentJSON()
	t := tpiCheck{signed: string(signed), sigs: topLevelMember(string(signed), "signatures")}
	pks := topLevelMember(content, "public_keys")
	if pks.Exists() && !pks.IsArray() && !pks.IsObject() && pks[0] != '"' {
		// Synapse fails building the list of keys before trying any.
		return c.rejectKey(RuleMemberInviteTPI8, "public_keys", string(pks), "public_keys is not a list") // D11
	}
	if pk := topLevelMember(content, "public_key"); pk.Exists() {
		if v, done := t.try(c, pk); done {
			return v
		}
	}
	if pks.Exists() {
		switch {
		case pks.IsArray():
			s := string(pks)
			for el, i, ok := jsonread.NextElement(s, 1); ok; el, i, ok = jsonread.NextElement(s, i) {
				obj := jv(el)
				pk := obj.Get("public_key")
				if !obj.IsObject() || !pk.Exists() {
					return c.rejectKey(RuleMemberInviteTPI8, "public_keys entry", el, "malformed public_keys entry") // D11
				}
				if v, done := t.try(c, pk); done {
					return v
				}
			}
		case pks.IsObject():
			// Synapse iterates an object's keys: strings, not key objects.
			if it := jsonread.ScanMembers(string(pks), 1); it.Next() {
				return c.rejectKey(RuleMemberInviteTPI8, "public_keys entry", `"`+it.Key+`"`, "malformed public_keys entry") // D11
			}
		case len(pks) > 2:
			// A string: Synapse iterates its characters, not key objects.
			return c.rejectKey(RuleMemberInviteTPI8, "public_keys entry", "", "malformed public_keys entry") // D11
		}
	}
	return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", string(t.sigs), "no signature verifies against the third-party invite's keys")
}

// tpiCheck is the state of one MEMBER-INVITE-TPI-8 check: the signed
// block, its signatures and, once looked up, the signature tried.
//
// It holds no *checker: escape analysis does not tell fields apart, and
// the texts it holds flow to the signature check, so a checker held here
// would be moved to the heap on every check.
type tpiCheck struct {
	signed string
	sigs   jv

	looked, found, bad bool
	sig                jv

	sigText string // sig decoded and in the standard alphabet, once read
	sigRead bool
}

// try is one candidate key: done with the verdict when the key decides,
// not done to go on with the next key.
func (t *tpiCheck) try(c *checker, pk jv) (verdict, bool) {
	if !t.sigs.Exists() {
		return next, false
	}
	if !t.sigs.IsObject() {
		return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", string(t.sigs), "signed.signatures is not an object"), true // D11
	}
	if !t.looked {
		t.sig, t.found, t.bad = firstEd25519Signature(t.sigs)
		t.looked = true
	}
	if t.bad {
		return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", string(t.sigs), "malformed signed.signatures"), true // D11
	}
	if !t.found {
		return next, false
	}
	var buf [tpiKeyText * 3 / 4]byte
	pub, ok := decodeKey(pk, &buf)
	if !ok {
		return c.rejectKey(RuleMemberInviteTPI8, "public_key", string(pk), "public key does not decode to an ed25519 key"), true // D11
	}
	if t.sig[0] != '"' {
		return next, false
	}
	if !t.sigRead {
		t.sigText, t.sigRead = t.sig.Str(), true
		if strings.ContainsAny(t.sigText, "-_") {
			t.sigText = strings.Map(urlSafeToStd, t.sigText)
		}
	}
	if event.VerifyJSONSignature(t.signed, pub, t.sigText) {
		return allow, true
	}
	return next, false
}

// urlSafeToStd maps the URL-safe base64 alphabet's two letters to the
// standard one's.
func urlSafeToStd(r rune) rune {
	switch r {
	case '-':
		return '+'
	case '_':
		return '/'
	}
	return r
}

// tpiSmall is how many servers a signatures object may name for the first
// signature to be found without allocating; a larger one is sorted.
const tpiSmall = 16

// firstEd25519Signature returns the first signature under an "ed25519:" key
// ID of sigs, an object: servers taken in byte order of their decoded
// names, then key IDs likewise, the last of a repeated name counting. bad
// reports a server reached in that order whose entry is not an object.
func firstEd25519Signature(sigs jv) (sig jv, found, bad bool) {
	var small [tpiSmall]string
	servers := small[:0] // append moves a larger object's names to the heap
	for it := jsonread.ScanMembers(string(sigs), 1); it.Next(); {
		k := it.Key
		if it.Escaped {
			k = jv(`"` + it.Key + `"`).Str()
		}
		servers = append(servers, k)
	}
	slices.Sort(servers)
	for i, s := range servers {
		if i > 0 && servers[i-1] == s {
			continue
		}
		block := sigs.Get(s)
		if !block.IsObject() {
			return "", false, true
		}
		var best string
		var bestV jv
		for it := jsonread.ScanMembers(string(block), 1); it.Next(); {
			k := it.Key
			if it.Escaped {
				k = jv(`"` + it.Key + `"`).Str()
			}
			if !strings.HasPrefix(k, "ed25519:") {
				continue
			}
			if bestV == "" || k <= best {
				best, bestV = k, jv(it.Val) // the last of a repeated name counts
			}
		}
		if bestV != "" {
			return bestV, true, false
		}
	}
	return "", false, false
}

// tpiKeyText is the longest key text decoded without allocating: an
// ed25519 key is 43 characters of unpadded base64.
const tpiKeyText = 64

// decodeKey decodes a public key: unpadded base64, standard or URL-safe,
// of exactly 32 bytes (as base64.RawStdEncoding decodes after '=' is
// trimmed and the URL-safe letters are mapped), into buf when the text
// fits in tpiKeyText characters.
func decodeKey(v jv, buf *[tpiKeyText * 3 / 4]byte) (ed25519.PublicKey, bool) {
	if len(v) == 0 || v[0] != '"' {
		return nil, false
	}
	s := strings.TrimRight(v.Str(), "=")
	if len(s) > tpiKeyText {
		b, err := base64.RawStdEncoding.DecodeString(strings.Map(urlSafeToStd, s))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return nil, false
		}
		return ed25519.PublicKey(b), true
	}
	var src [tpiKeyText]byte
	for i := 0; i < len(s); i++ {
		src[i] = byte(urlSafeToStd(rune(s[i])))
	}
	n, err := base64.RawStdEncoding.Decode(buf[:], src[:len(s)])
	if err != nil || n != ed25519.PublicKeySize {
		return nil, false
	}
	return ed25519.PublicKey(buf[:n]), true
}
