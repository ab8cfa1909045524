package auth

import (
	"crypto/ed25519"
	"encoding/base64"
	"sort"
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/tidwall/gjson"
)

// memberInvite implements MEMBER-INVITE-1..4 (an invite without
// third_party_invite).
func (c *checker) memberInvite(m *memberCtx) verdict {
	// MEMBER-INVITE-1: only members invite.
	if m.senderMember != event.MembershipJoin {
		return c.rejectf(RuleMemberInvite1, "sender is not joined")
	}
	// MEMBER-INVITE-2: not a joined or banned target.
	if m.targetMember == event.MembershipJoin || m.targetMember == event.MembershipBan {
		return c.rejectf(RuleMemberInvite2, "target is joined or banned")
	}
	// MEMBER-INVITE-3: the invite level suffices.
	if m.senderLevel.AtLeast(IntLevel(m.inviteLevel)) {
		return allow
	}
	// MEMBER-INVITE-4.
	c.need(levelInvite, IntLevel(m.inviteLevel))
	return c.rejectf(RuleMemberInvite4, "sender's power level "+m.senderLevel.String()+" is below the invite level "+itoa(m.inviteLevel))
}

// missingOf names the first missing of two keys: a when !hasA, else b.
func missingOf(hasA bool, a, b string) string {
	if !hasA {
		return a
	}
	return b
}

// hasThirdPartyInvite reports whether content.third_party_invite is present
// (with any value), which selects the MEMBER-INVITE-TPI branch.
func (c *checker) hasThirdPartyInvite() bool {
	return gjson.Get(c.ev.ContentJSON(), "third_party_invite").Exists()
}

// memberThirdPartyInvite implements MEMBER-INVITE-TPI-1..8 with DECISIONS
// D17. The branch is terminal: the sender's membership and level and a
// joined target are never checked (EDGE-M6, EDGE-M7).
func (c *checker) memberThirdPartyInvite(m *memberCtx) verdict {
	// MEMBER-INVITE-TPI-1: never for a banned target.
	if m.targetMember == event.MembershipBan {
		return c.rejectf(RuleMemberInviteTPI1, "target is banned")
	}
	tpi := gjson.Get(c.ev.ContentJSON(), "third_party_invite")
	// MEMBER-INVITE-TPI-2: a signed block is required.
	signed := tpi.Get("signed")
	if !tpi.IsObject() || !signed.Exists() {
		return c.rejectKey(RuleMemberInviteTPI2, "content.third_party_invite.signed", "", "third_party_invite has no signed block")
	}
	// MEMBER-INVITE-TPI-3: signed needs mxid and token.
	if !signed.IsObject() {
		return c.rejectKey(RuleMemberInviteTPI3, "content.third_party_invite.signed", signed.Raw, "signed is not an object") // D11
	}
	mxid, token := signed.Get("mxid"), signed.Get("token")
	if !mxid.Exists() || !token.Exists() {
		return c.rejectKey(RuleMemberInviteTPI3, missingOf(mxid.Exists(), "signed.mxid", "signed.token"), "", "signed lacks mxid or token")
	}
	// MEMBER-INVITE-TPI-4: the invite is for the target.
	if mxid.Type != gjson.String || mxid.Str != m.target {
		return c.rejectKey(RuleMemberInviteTPI4, "signed.mxid", mxid.Raw, "signed.mxid is not the state_key")
	}
	// MEMBER-INVITE-TPI-5: the matching third-party invite must exist.
	var inv *event.Event
	if token.Type == gjson.String {
		inv = c.st.get(event.TypeThirdPartyInvite, token.Str)
	}
	if inv == nil {
		return c.rejectKey(RuleMemberInviteTPI5, "m.room.third_party_invite for signed.token", token.Raw, "no m.room.third_party_invite for the token")
	}
	// MEMBER-INVITE-TPI-6: completed by the user who sent that invite.
	if inv.Sender() != c.ev.Sender() {
		return c.rejectKey(RuleMemberInviteTPI6, "sender of "+inv.ID(), quoted(inv.Sender(), true), "sender did not send the third-party invite")
	}
	// MEMBER-INVITE-TPI-7 and -8.
	return c.verifyThirdPartySignature(inv, signed)
}

// verifyThirdPartySignature is MEMBER-INVITE-TPI-7/8 as Synapse checks it
// (D17): the candidate keys are content.public_key, then each
// content.public_keys[i].public_key, in order. For each key only the first
// "ed25519:" signature of signed.signatures is tried; a key that verifies
// allows the event, a key reached in this order that does not decode
// rejects it, and later keys are never looked at.
func (c *checker) verifyThirdPartySignature(inv *event.Event, signed gjson.Result) verdict {
	content := gjson.Parse(inv.ContentJSON())
	var keys []gjson.Result
	if pk := content.Get("public_key"); pk.Exists() {
		keys = append(keys, gjson.Parse(`{"public_key":`+pk.Raw+`}`))
	}
	if pks := content.Get("public_keys"); pks.Exists() {
		switch {
		case pks.IsArray():
			keys = append(keys, pks.Array()...)
		case pks.IsObject():
			pks.ForEach(func(k, _ gjson.Result) bool { keys = append(keys, k); return true })
		case pks.Type == gjson.String:
			for range pks.Str {
				keys = append(keys, gjson.Result{}) // characters: not key objects
			}
		default:
			return c.rejectKey(RuleMemberInviteTPI8, "public_keys", pks.Raw, "public_keys is not a list") // D11
		}
	}
	sigs := signed.Get("signatures")
	for _, obj := range keys {
		if !obj.IsObject() || !obj.Get("public_key").Exists() {
			return c.rejectKey(RuleMemberInviteTPI8, "public_keys entry", obj.Raw, "malformed public_keys entry") // D11
		}
		pkv := obj.Get("public_key")
		if !sigs.Exists() {
			continue
		}
		if !sigs.IsObject() {
			return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", sigs.Raw, "signed.signatures is not an object") // D11
		}
		sig, found, bad := firstEd25519Signature(sigs)
		if bad {
			return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", sigs.Raw, "malformed signed.signatures") // D11
		}
		if !found {
			continue
		}
		pub, ok := decodeKey(pkv)
		if !ok {
			return c.rejectKey(RuleMemberInviteTPI8, "public_key", pkv.Raw, "public key does not decode to an ed25519 key") // D11
		}
		if sig.Type != gjson.String {
			continue
		}
		sigStd := strings.NewReplacer("-", "+", "_", "/").Replace(sig.Str)
		if event.VerifyJSONSignature(signed.Raw, pub, sigStd) {
			return allow
		}
	}
	return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", sigs.Raw, "no signature verifies against the third-party invite's keys")
}

// firstEd25519Signature returns the first signature under an "ed25519:" key
// ID, servers and key IDs taken in sorted order. bad reports a server entry
// that is not an object.
func firstEd25519Signature(sigs gjson.Result) (sig gjson.Result, found, bad bool) {
	var servers []string
	sigs.ForEach(func(k, v gjson.Result) bool {
		servers = append(servers, k.Str)
		return true
	})
	sort.Strings(servers)
	for _, s := range servers {
		block := objectGet(sigs, s)
		if !block.IsObject() {
			return gjson.Result{}, false, true
		}
		var names []string
		block.ForEach(func(k, _ gjson.Result) bool {
			if strings.HasPrefix(k.Str, "ed25519:") {
				names = append(names, k.Str)
			}
			return true
		})
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		return objectGet(block, names[0]), true, false
	}
	return gjson.Result{}, false, false
}

// decodeKey decodes a public key: unpadded base64, standard or URL-safe,
// of exactly 32 bytes.
func decodeKey(v gjson.Result) (ed25519.PublicKey, bool) {
	if v.Type != gjson.String {
		return nil, false
	}
	b, ok := decodeUnpaddedBase64(v.Str)
	if !ok || len(b) != ed25519.PublicKeySize {
		return nil, false
	}
	return ed25519.PublicKey(b), true
}

// decodeUnpaddedBase64 decodes base64 in the standard or URL-safe alphabet,
// with or without padding.
func decodeUnpaddedBase64(s string) ([]byte, bool) {
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	b, err := base64.RawStdEncoding.DecodeString(s)
	return b, err == nil
}
