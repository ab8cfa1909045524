package event

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
)

// decodeValue decodes JSON text into maps, slices, strings, bools, nil and
// json.Number, keeping every number's text.
func decodeValue(t *testing.T, text []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %q", err, text)
	}
	return v
}

// sameNumber reports whether the canonical number b stands for the input
// number a: an integer token keeps its exact value; a number written with
// a fraction or exponent is read as a double, as the encoders read it
// (the general encoder writes an integral double as an integer, CJ-LAX
// writes Python's repr of the double), so b must be the same double:
// "10000000000.0000001" is the double 1e10 and may become 10000000000.
func sameNumber(a, b json.Number) bool {
	ra, ok1 := new(big.Rat).SetString(string(a))
	rb, ok2 := new(big.Rat).SetString(string(b))
	if ok1 && ok2 && ra.Cmp(rb) == 0 {
		return true
	}
	if strings.ContainsAny(string(a), ".eE") {
		fa, err1 := strconv.ParseFloat(string(a), 64)
		fb, err2 := strconv.ParseFloat(string(b), 64)
		return err1 == nil && err2 == nil && fa == fb
	}
	return false
}

// sameValue reports whether b holds every value of a, and nothing else.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		return ok && sameNumber(x, y)
	default: // string, bool, nil
		return a == b
	}
}

// FuzzCanonicalJSONValues: canonical JSON preserves every value it
// re-encodes. For any text the encoders accept, the output decodes to the
// same keys, strings, booleans, nulls and array order, and numbers of the
// same value (CJ-1..5; see sameNumber for numbers with a fraction or
// exponent), in the general encoder and in both PDU number modes.
func FuzzCanonicalJSONValues(f *testing.F) {
	for _, s := range []string{
		`{"a":-0,"b":1e10,"c":[1.5,0.1,2E-3]}`, `{"日":1,"本":2}`, `["\u0001\b\/\u2028"]`,
		`{"\ud83d\ude00":[1,2,{"x":null}]}`, `{"a":true,"b":false,"c":null,"d":""}`,
		`{"a":1,"\u0061":2}`, `[[[[]]]]`, `12`, `{"z":{"y":{"x":"w"}}}`, `"\u00e9\\\""`,
		`[9007199254740991,-9007199254740991,1.0,100e-2]`, `{"k":"<>&"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if out, err := CanonicalJSON(data); err == nil {
			if !sameValue(decodeValue(t, data), decodeValue(t, out)) {
				t.Fatalf("CanonicalJSON changed a value:\n%q\n%q", data, out)
			}
		}
		for _, m := range []numMode{numLax, numStrict} {
			// The PDU modes encode text the scanner has accepted, as
			// Parse and VerifyJSONSignature call them.
			if _, err := scanJSON(string(data), m == numStrict); err != nil {
				continue
			}
			out, err := appendCanonical(nil, string(data), m, keepAll, redaction{})
			if err != nil {
				continue
			}
			if !sameValue(decodeValue(t, data), decodeValue(t, out)) {
				t.Fatalf("mode %d changed a value:\n%q\n%q", m, data, out)
			}
		}
	})
}

// FuzzParseIDRoundTrip: a PDU that parses keeps its ID through a round
// trip. Re-encoded by encoding/json (another key order, other escapes,
// the same values) and parsed again, it has the same ID, room ID and
// content hash; for room versions 3+ its text without event_id, given that
// ID (StripEventID, NewWithID), reads the same, and a PDU that carries its
// own ID as event_id is parsed to that ID.
func FuzzParseIDRoundTrip(f *testing.F) {
	f.Add([]byte(pdu(nil)), uint8(3))
	f.Add([]byte(v1PDU(nil)), uint8(0))
	f.Add([]byte(pdu(map[string]*string{"content": str(`{"n":[1.5,1e10,-0,"\u00e9\ud83d\ude00<&>"],"m":{"b":1,"a":null}}`)})), uint8(4))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.member"`), "state_key": str(`"@u:example.org"`), "content": str(`{"membership":"join","join_authorised_via_users_server":"@a:b.example"}`)})), uint8(7))
	f.Add([]byte(pdu(map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": nil, "auth_events": str(`[]`), "prev_events": str(`[]`), "content": str(`{"room_version":"12"}`)})), uint8(11))
	f.Add([]byte(pdu(map[string]*string{"room_id": str(`"!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`)})), uint8(11))
	f.Fuzz(func(t *testing.T, data []byte, ver uint8) {
		versions := roomversion.Supported()
		v := versions[int(ver)%len(versions)]
		e, err := Parse(data, v)
		if err != nil {
			return
		}
		// Re-encode with encoding/json: sorted keys, its own escapes.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(ver&0x80 == 0) // both \u003c and raw '<'
		if err := enc.Encode(decodeValue(t, data)); err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		e2, err := Parse(bytes.TrimSpace(buf.Bytes()), v)
		if err != nil {
			t.Fatalf("the re-encoded PDU does not parse: %v\n%s\n%s", err, data, buf.Bytes())
		}
		if e2.ID() != e.ID() || e2.RoomID() != e.RoomID() {
			t.Fatalf("round trip changed the IDs: %s %s → %s %s", e.ID(), e.RoomID(), e2.ID(), e2.RoomID())
		}
		h1, err1 := e.ContentHash()
		h2, err2 := e2.ContentHash()
		if err1 != nil || err2 != nil || h1 != h2 {
			t.Fatalf("round trip changed the content hash: %v %v", err1, err2)
		}
		if v.EventIDFormat == roomversion.EventIDGiven {
			return
		}
		stripped, given, err := StripEventID(data)
		if err != nil {
			// No event_id to strip: the text is already without it.
			stripped, given = data, e.ID()
		}
		if given != e.ID() {
			return // a stale event_id: Parse derives the ID regardless
		}
		e3, err := NewWithID(stripped, e.ID(), v)
		if err != nil || e3.ID() != e.ID() || e3.RoomID() != e.RoomID() {
			t.Fatalf("NewWithID of the stripped PDU: %v", err)
		}
		if id, err := ComputeEventID(stripped, v); err != nil || id != e.ID() {
			t.Fatalf("ComputeEventID of the stripped PDU: %q %v, want %q", id, err, e.ID())
		}
	})
}
