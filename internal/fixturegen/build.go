package fixturegen

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// placeholderHash stands in for hashes.sha256 before it is computed, and
// stays in PDUs the event package cannot parse (invalid PDUs, which are
// rejected whatever their hash).
const placeholderHash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

// KeyID is the key ID of every server's deterministic signing key.
const KeyID = "ed25519:1"

// ServerKey returns the deterministic ed25519 key of a server (or of an
// identity server): the seed is SHA-256 of a fixed prefix and the name.
func ServerKey(server string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("mxauth fixturegen signing key: " + server))
	return ed25519.NewKeyFromSeed(seed[:])
}

// PublicKey returns the unpadded standard base64 public key of ServerKey.
func PublicKey(server string) string {
	return base64.RawStdEncoding.EncodeToString(ServerKey(server).Public().(ed25519.PublicKey))
}

// SigningKey returns the deterministic key of server under keyID:
// ServerKey(server) for KeyID, another key for any other key ID.
func SigningKey(server, keyID string) ed25519.PrivateKey {
	if keyID == KeyID {
		return ServerKey(server)
	}
	return ServerKey(server + " " + keyID)
}

// SigningPublicKey returns the unpadded standard base64 public key of
// SigningKey(server, keyID), for AddKey.
func SigningPublicKey(server, keyID string) string {
	return base64.RawStdEncoding.EncodeToString(SigningKey(server, keyID).Public().(ed25519.PublicKey))
}

type member struct{ key, raw string }

func setMember(ms []member, key, raw string) []member {
	if strings.HasPrefix(key, "+") { // a duplicate member, for X2 cases
		return append(ms, member{key[1:], raw})
	}
	for i := range ms {
		if ms[i].key == key {
			if raw == "" {
				return append(ms[:i:i], ms[i+1:]...)
			}
			ms[i].raw = raw
			return ms
		}
	}
	if raw == "" {
		return ms
	}
	return append(ms, member{key, raw})
}

func encodeObject(ms []member) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(m.key))
		b.WriteByte(':')
		b.WriteString(m.raw)
	}
	b.WriteByte('}')
	return b.Bytes()
}

func (r *Room) v12() bool { return r.Version.EventIDFormat == roomversion.EventIDGiven }

func (r *Room) ref(e *Event) string {
	if r.v12() {
		return marshal([]any{e.ID, Obj{"sha256": e.refHash}})
	}
	return strconv.Quote(e.ID)
}

func (r *Room) refs(es []*Event) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = r.ref(e)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func (r *Room) build(s *spec) *Event {
	if s.redacts != nil && r.Version.RedactsInContent {
		// FMT-11-1 (v11+): the target is content.redacts.
		c, ok := s.content.(Obj)
		if !ok {
			panic(fmt.Sprintf("%s/%s: a v11+ redaction needs Obj content", r.Name, s.name))
		}
		s.content = With(c, P("redacts"), r.Get(*s.redacts).ID)
	}
	content := marshal(s.content)
	membership, token := contentInfo(content)
	e := &Event{Name: s.name, Type: s.typ, Sender: s.sender, Verdict: s.verdict,
		Rule: s.rule, Note: s.note, membership: membership, token: token}
	if s.sk != nil {
		e.StateKey, e.HasStateKey = *s.sk, true
	}
	var prev []*Event
	if s.prevSet {
		for _, n := range s.prev {
			prev = append(prev, r.Get(n))
		}
	} else if s.typ != "m.room.create" {
		prev = r.cur.tip
	}
	var auth []*Event
	if s.authSet {
		for _, n := range s.auth {
			auth = append(auth, r.Get(n))
		}
	} else {
		auth = r.selectAuth(s, membership, token)
	}
	depth := int64(1)
	for _, p := range prev {
		if p.Depth+1 > depth {
			depth = p.Depth + 1
		}
	}
	if s.depth != nil {
		depth = *s.depth
	}
	e.Depth = depth
	ts := s.ts
	if ts == 0 {
		ts = r.nextTS
	}
	if ts+1000 > r.nextTS {
		r.nextTS = ts + 1000
	}
	switch {
	case s.id != "":
		e.ID = s.id
	case r.v12():
		d := s.idDomain
		if d == "" {
			d = domainOf(s.sender)
		}
		e.ID = "$" + s.name + ":" + d
	case r.GivenIDs:
		e.ID = "$" + s.name
	}

	ms := []member{
		{"type", strconv.Quote(s.typ)},
		{"sender", strconv.Quote(s.sender)},
		{"room_id", strconv.Quote(s.roomID)},
		{"content", content},
		{"depth", strconv.FormatInt(depth, 10)},
		{"origin_server_ts", strconv.FormatInt(ts, 10)},
	}
	if s.sk != nil {
		ms = append(ms, member{"state_key", strconv.Quote(*s.sk)})
	}
	if r.Version.RoomIDFromCreateEvent && s.typ == "m.room.create" && s.sk != nil && *s.sk == "" {
		ms = setMember(ms, "room_id", "") // FMT-12-1: the create event has no room_id
	}
	ms = append(ms, member{"auth_events", r.refs(auth)}, member{"prev_events", r.refs(prev)})
	if s.redacts != nil && !r.Version.RedactsInContent {
		ms = append(ms, member{"redacts", strconv.Quote(r.Get(*s.redacts).ID)})
	}
	if r.v12() {
		ms = append(ms, member{"event_id", strconv.Quote(e.ID)})
	}
	ms = append(ms, member{"hashes", `{"sha256":"` + placeholderHash + `"}`})
	for _, f := range s.fields {
		ms = setMember(ms, f.key, f.raw)
	}

	// Content hash over the text without signatures (HASH-C via the event
	// package).
	withSigs := func(ms []member) []byte {
		for _, m := range ms {
			if m.key == "signatures" {
				return encodeObject(ms)
			}
		}
		return encodeObject(append(append([]member(nil), ms...), member{"signatures", "{}"}))
	}
	raw := encodeObject(ms)
	ev, err := event.Parse(withSigs(ms), r.Version)
	hashSet := false
	for _, f := range s.fields {
		if f.key == "hashes" {
			hashSet = true
		}
	}
	if err == nil {
		e.valid = true
		if !hashSet {
			h, herr := ev.ContentHash()
			if herr != nil {
				panic(fmt.Sprintf("%s/%s: content hash: %v", r.Name, s.name, herr))
			}
			ms = setMember(ms, "hashes", `{"sha256":"`+base64.RawStdEncoding.EncodeToString(h[:])+`"}`)
			raw = encodeObject(ms)
		}
	}

	// Signatures.
	sigs := "{}"
	if !r.Unsigned && !s.noSign && e.valid {
		servers := s.signAs
		if servers == nil {
			servers = []string{domainOf(s.sender)}
			if r.v12() && domainOf(e.ID) != servers[0] {
				servers = append(servers, domainOf(e.ID))
			}
		}
		sigObj := map[string]map[string]string{}
		sign := func(srv, keyID string) {
			sig, serr := signPDU(raw, r.Version, srv, keyID)
			if hashSet {
				// event.Sign would replace the case's own hashes; sign
				// the redacted text as it stands instead (SIG-1).
				sig, serr = signAsIs(raw, r.Version, srv, keyID)
			}
			if serr != nil {
				panic(fmt.Sprintf("%s/%s: sign: %v", r.Name, s.name, serr))
			}
			if sigObj[srv] == nil {
				sigObj[srv] = map[string]string{}
			}
			sigObj[srv][keyID] = sig
		}
		for _, srv := range servers {
			sign(srv, KeyID)
			r.servers[srv] = true
		}
		for _, x := range s.extraSigs {
			sign(x.server, x.keyID)
		}
		sigs = marshal(sigObj)
	}
	hasSigField := false
	for _, f := range s.fields {
		if f.key == "signatures" {
			hasSigField = true
		}
	}
	if !hasSigField {
		ms = append(ms, member{"signatures", sigs})
	}
	raw = encodeObject(ms)

	// Event ID and reference hash.
	if e.valid {
		ev, err = event.Parse(raw, r.Version)
		if err != nil {
			// Only a case's own field overrides (such as removing
			// signatures) can break the final text.
			e.valid = false
		}
	}
	if e.valid {
		h, herr := ev.ReferenceHash()
		if herr != nil {
			panic(fmt.Sprintf("%s/%s: reference hash: %v", r.Name, s.name, herr))
		}
		e.refHash = base64.RawStdEncoding.EncodeToString(h[:])
		if !r.v12() && !r.GivenIDs {
			e.ID = ev.ID()
		}
	} else {
		e.refHash = placeholderHash
		if !r.v12() && !r.GivenIDs {
			// An invalid PDU is named as the loader names it.
			id, derr := event.DeriveEventID(raw, r.Version)
			if derr != nil {
				panic(fmt.Sprintf("%s/%s: invalid PDU without a derivable ID: %v (%v)", r.Name, s.name, derr, err))
			}
			e.ID = id
		}
	}
	if r.GivenIDs && !r.v12() {
		ms = append([]member{{"event_id", strconv.Quote(e.ID)}}, ms...)
		raw = encodeObject(ms)
	}
	e.JSON = raw
	return e
}

// signPDU signs a PDU text that has no signatures member with
// event.Sign (SIG-1) and returns the signature, so that the fixture keeps
// its own member order.
func signPDU(raw []byte, v roomversion.Version, server, keyID string) (string, error) {
	signed, err := event.Sign(raw, v, server, keyID, SigningKey(server, keyID))
	if err != nil {
		return "", err
	}
	return signatureOf(signed, server, keyID)
}

// signAsIs signs a PDU text that has no signatures member without touching
// its hashes: the signing input is the event package's redaction of the
// text (RedactJSON), which for such a text is the redacted event without
// signatures and unsigned in canonical JSON.
func signAsIs(raw []byte, v roomversion.Version, server, keyID string) (string, error) {
	input, err := event.RedactJSON(raw, v)
	if err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(ed25519.Sign(SigningKey(server, keyID), input)), nil
}

func signatureOf(signed []byte, server, keyID string) (string, error) {
	var out struct {
		Signatures map[string]map[string]string `json:"signatures"`
	}
	if err := json.Unmarshal(signed, &out); err != nil {
		return "", err
	}
	sig, ok := out.Signatures[server][keyID]
	if !ok {
		return "", fmt.Errorf("no signature %s %s in signed output", server, keyID)
	}
	return sig, nil
}

// SignedTPI returns the `signed` block of a third-party invite for mxid
// and token, signed with event.SignJSON by the identity server idServer
// with its deterministic key (ServerKey) under key ID "ed25519:0".
func SignedTPI(mxid, token, sender, idServer string) Obj {
	signed := Obj{"mxid": mxid, "token": token, "sender": sender}
	out, err := event.SignJSON([]byte(marshal(signed)), idServer, "ed25519:0", ServerKey(idServer))
	if err != nil {
		panic(err)
	}
	sig, err := signatureOf(out, idServer, "ed25519:0")
	if err != nil {
		panic(err)
	}
	signed["signatures"] = Obj{idServer: Obj{"ed25519:0": sig}}
	return signed
}

// sortedServers lists the servers that signed events.
func (r *Room) sortedServers() []string {
	out := make([]string, 0, len(r.servers))
	for s := range r.servers {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
