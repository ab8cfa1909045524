package event

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(pdu(nil)), uint8(3))
	f.Add([]byte(v1PDU(nil)), uint8(0))
	f.Add([]byte(pdu(map[string]*string{"content": str(`{"n":[1.5,1e10,-0,"\u00e9\ud83d\ude00"],"m":{"b":1,"a":null}}`)})), uint8(4))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.power_levels"`), "state_key": str(`""`), "content": str(`{"users":{"@a:b":100},"ban":50.5}`)})), uint8(2))
	f.Add([]byte(`{"a":1,"a":2}`), uint8(6))
	// Room versions 8–12 (indexes 7–11): a restricted join, a v11 member
	// with third_party_invite and a redaction, v12 create events.
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.member"`), "state_key": str(`"@u:example.org"`), "content": str(`{"membership":"join","join_authorised_via_users_server":"@a:b.example"}`)})), uint8(7))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.member"`), "state_key": str(`"@u:example.org"`), "content": str(`{"membership":"invite","third_party_invite":{"signed":{"token":"t"},"x":1}}`), "origin": str(`"x"`), "prev_state": str(`[]`)})), uint8(10))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.redaction"`), "content": str(`{"redacts":"$t"}`), "redacts": str(`"$u"`)})), uint8(10))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": nil, "auth_events": str(`[]`), "prev_events": str(`[]`), "content": str(`{"room_version":"12","additional_creators":["@b:x"]}`)})), uint8(11))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`"x"`), "content": str(`{}`)})), uint8(11))
	f.Add([]byte(pdu(map[string]*string{"room_id": str(`"!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`), "auth_events": str(`["$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]`)})), uint8(11))
	f.Fuzz(func(t *testing.T, data []byte, ver uint8) {
		versions := roomversion.Supported() // 1–12
		v := versions[int(ver)%len(versions)]
		e, err := Parse(data, v)
		if err != nil {
			return
		}
		e2, err := Parse(data, v)
		if err != nil || e2.ID() != e.ID() {
			t.Fatalf("parse not deterministic: %v %q %q", err, e.ID(), e2.ID())
		}
		checkFieldsAsText(t, e)
		if v.EventIDFormat != roomversion.EventIDGiven {
			// The fast path (members from the scanner, canonical values
			// copied) must agree with the plain encoder.
			if id, err := computeEventID(e); err != nil || id != e.ID() {
				t.Fatalf("computeEventID %q %v, Parse %q", id, err, e.ID())
			}
		}
		canon, err := canonicalPDU(e.JSON(), numModeFor(v))
		if err != nil {
			t.Fatalf("valid event does not encode: %v", err)
		}
		again, err := canonicalPDU(string(canon), numModeFor(v))
		if err != nil || !bytes.Equal(canon, again) {
			t.Fatalf("canonical not stable: %v\n%s\n%s", err, canon, again)
		}
		if !json.Valid(canon) {
			t.Fatalf("canonical output is not JSON: %s", canon)
		}
		ec, err := Parse(canon, v)
		if err != nil {
			t.Fatalf("canonical form of a valid event is invalid: %v", err)
		}
		if ec.ID() != e.ID() {
			t.Fatalf("canonical form changes the ID: %s %s", ec.ID(), e.ID())
		}
		if e.version.RoomIDFromCreateEvent && e.isCreateEvent() && e.RoomID() != "!"+e.ID()[1:] {
			t.Fatalf("v12 create: room ID %q does not derive from ID %q (EID-12-1)", e.RoomID(), e.ID())
		}
		if id, ok := e.ImpliedCreateEventID(); ok && slices.Contains(e.AuthEventIDs(), id) {
			t.Fatalf("implied create event %s listed in auth_events (FMT-12-3)", id)
		}
		r, err := e.Redacted()
		if err != nil {
			// The one valid event without a valid redacted form: a v12
			// create-typed event with another state_key, whose room_id
			// redaction strips (refused by CREATE-7 anyway).
			if e.version.RoomIDFromCreateEvent && e.Type() == TypeCreate && !e.isCreateEvent() {
				return
			}
			t.Fatalf("redacted form of a valid event: %v", err)
		}
		if r.RoomID() != e.RoomID() {
			t.Fatalf("redaction changes the room ID: %q %q", e.RoomID(), r.RoomID())
		}
		// Redaction is idempotent (RED-1..3, RED-11-TPI's nested filter
		// included).
		red, err1 := e.Redact()
		red2, err2 := r.Redact()
		if err1 != nil || err2 != nil || !bytes.Equal(red, red2) {
			t.Fatalf("redaction not idempotent: %v %v\n%s\n%s", err1, err2, red, red2)
		}
		if h1, _ := e.ReferenceHash(); true {
			if h2, _ := r.ReferenceHash(); h1 != h2 {
				t.Fatalf("redaction changes the reference hash")
			}
		}
		if _, err := e.ContentHash(); err != nil {
			t.Fatalf("content hash: %v", err)
		}
		_ = e.VerifySignatures(KeyRing{})
	})
}

func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range []string{
		`{"a":-0,"b":1e10}`, `{"日":1,"本":2}`, `["\u0001\b\/\u2028"]`, `{"\ud83d\ude00":[1,2,{"x":null}]}`,
		`[1.5]`, `{"a":1,"\u0061":2}`, `"\ud800"`, `[[[[]]]]`, `12`, `{"k":"v"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := CanonicalJSON(data)
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("output is not JSON: %q", out)
		}
		again, err := CanonicalJSON(out)
		if err != nil || !bytes.Equal(out, again) {
			t.Fatalf("not idempotent: %v\n%q\n%q", err, out, again)
		}
		for _, m := range []numMode{numLax, numStrict} {
			a, err := appendCanonical(nil, string(data), m, keepAll, redaction{})
			if err != nil {
				continue
			}
			b, err := appendCanonical(nil, string(a), m, keepAll, redaction{})
			if err != nil || !bytes.Equal(a, b) {
				t.Fatalf("mode %d not idempotent: %v\n%q\n%q", m, err, a, b)
			}
		}
	})
}

// checkFieldsAsText asserts that the fields Parse took from the scan's
// records (member spans, escape flags, content values) are what a plain
// read of the PDU text gives.
func checkFieldsAsText(t *testing.T, e *Event) {
	t.Helper()
	str := func(obj, key string) (string, bool) {
		tok, ok := topMember(obj, key)
		if !ok || tok[0] != '"' {
			return "", false
		}
		v, _ := unescapeToken(tok)
		return v, true
	}
	if typ, _ := str(e.JSON(), "type"); typ != e.Type() {
		t.Fatalf("type %q, text %q", e.Type(), typ)
	}
	if snd, _ := str(e.JSON(), "sender"); snd != e.Sender() {
		t.Fatalf("sender %q, text %q", e.Sender(), snd)
	}
	if sk, ok := str(e.JSON(), "state_key"); ok != e.IsState() || sk != e.str(e.stateKey) {
		t.Fatalf("state_key %q, text %q", e.str(e.stateKey), sk)
	}
	if c, _ := topMember(e.JSON(), "content"); c != e.ContentJSON() {
		t.Fatalf("content %q, text %q", e.ContentJSON(), c)
	}
	if e.Type() == TypeMember {
		m, kind := e.Membership()
		want, ok := str(e.ContentJSON(), "membership")
		_, present := topMember(e.ContentJSON(), "membership")
		switch {
		case ok && (kind != String || m != want):
			t.Fatalf("membership %q %d, text %q", m, kind, want)
		case !ok && present && kind != NotString:
			t.Fatalf("membership kind %d, not a string in the text", kind)
		case !present && kind != Absent:
			t.Fatalf("membership kind %d, absent in the text", kind)
		}
	}
}
