package event

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// pdu builds a v3+ PDU text from top-level member texts, overriding the
// defaults; a nil value removes the member.
func pdu(over map[string]*string) string {
	members := map[string]string{
		"type":             `"m.room.message"`,
		"sender":           `"@u:example.org"`,
		"room_id":          `"!r:example.org"`,
		"content":          `{"body":"hi"}`,
		"depth":            `5`,
		"origin_server_ts": `1000`,
		"hashes":           `{"sha256":"abc"}`,
		"signatures":       `{}`,
		"auth_events":      `["$a"]`,
		"prev_events":      `["$b"]`,
	}
	for k, v := range over {
		if v == nil {
			delete(members, k)
		} else {
			members[k] = *v
		}
	}
	var parts []string
	for k, v := range members {
		parts = append(parts, fmt.Sprintf("%q:%s", k, v))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func str(s string) *string { return &s }

func v1PDU(over map[string]*string) string {
	m := map[string]*string{
		"event_id":    str(`"$e:example.org"`),
		"auth_events": str(`[["$a:example.org",{"sha256":"x"}]]`),
		"prev_events": str(`[["$b:example.org",{"sha256":"x"}]]`),
	}
	for k, v := range over {
		m[k] = v
	}
	return pdu(m)
}

func ids(n int, pairs bool) string {
	var p []string
	for i := 0; i < n; i++ {
		if pairs {
			p = append(p, fmt.Sprintf(`["$%d:x",{}]`, i))
		} else {
			p = append(p, fmt.Sprintf(`"$%d"`, i))
		}
	}
	return "[" + strings.Join(p, ",") + "]"
}

func TestParseValid(t *testing.T) {
	for _, v := range roomversion.Supported() {
		raw := pdu(nil)
		if v.EventFormat == roomversion.FormatV1 {
			raw = v1PDU(nil)
		}
		e, err := Parse([]byte(raw), v)
		require.NoError(t, err, v.ID)
		require.Equal(t, "m.room.message", e.Type())
		require.NotEmpty(t, e.ID())
		if v.EventIDFormat != roomversion.EventIDGiven {
			require.Len(t, e.ID(), 44)
		} else {
			require.Equal(t, "$e:example.org", e.ID())
		}
	}
}

// TestParseInvalid covers the validity rules (FMT-1..6, CJ-STRICT, D16,
// D20, D21, X2); each case says in which versions it is invalid.
func TestParseInvalid(t *testing.T) {
	long := `"` + strings.Repeat("a", 256) + `"`
	longUser := `"@` + strings.Repeat("a", 244) + `:example.org"`
	big := `{"body":"` + strings.Repeat("x", MaxPDUBytes) + `"}`
	all := roomversion.Supported()
	strict := all[5:]
	type tc struct {
		name     string
		over     map[string]*string
		invalid  []roomversion.Version
		field    string
		validFor []roomversion.Version
	}
	cases := []tc{
		{name: "duplicate nested key (X2)", over: map[string]*string{"content": str(`{"a":{"b":1,"b":2}}`)}, invalid: all, field: "content.a.b"},
		{name: "duplicate escaped key (X2)", over: map[string]*string{"content": str(`{"k":1,"\u006b":2}`)}, invalid: all, field: "content.k"},
		{name: "lone surrogate (D21)", over: map[string]*string{"content": str(`{"body":"\udc00"}`)}, invalid: all, field: "content.body"},
		{name: "float in content (CJ-STRICT)", over: map[string]*string{"content": str(`{"n":1.5}`)}, invalid: strict, validFor: all[:5], field: "content.n"},
		{name: "exponent in content", over: map[string]*string{"content": str(`{"n":[1,1e10]}`)}, invalid: strict, validFor: all[:5], field: "content.n[1]"},
		{name: "integer above 2^53-1 in content", over: map[string]*string{"content": str(`{"n":9007199254740992}`)}, invalid: strict, validFor: all[:5]},
		{name: "-0 accepted everywhere", over: map[string]*string{"content": str(`{"n":-0}`)}, validFor: all},
		{name: "depth 2^53-1 ok", over: map[string]*string{"depth": str(`9007199254740991`)}, validFor: all},
		{name: "depth 2^53 (D20)", over: map[string]*string{"depth": str(`9007199254740992`)}, invalid: all, field: "depth"},
		{name: "depth -1", over: map[string]*string{"depth": str(`-1`)}, invalid: all, field: "depth"},
		{name: "depth 1.0", over: map[string]*string{"depth": str(`1.0`)}, invalid: all, field: "depth"},
		{name: "depth string", over: map[string]*string{"depth": str(`"5"`)}, invalid: all, field: "depth"},
		{name: "depth true", over: map[string]*string{"depth": str(`true`)}, invalid: all, field: "depth"},
		{name: "11 auth events", over: map[string]*string{"auth_events": str(ids(11, false))}, invalid: all[2:], field: "auth_events"},
		{name: "10 auth events ok", over: map[string]*string{"auth_events": str(ids(10, false))}, validFor: all[2:]},
		{name: "21 prev events", over: map[string]*string{"prev_events": str(ids(21, false))}, invalid: all[2:], field: "prev_events"},
		{name: "256-byte type", over: map[string]*string{"type": str(long)}, invalid: all, field: "type"},
		{name: "256-byte state_key", over: map[string]*string{"state_key": str(long)}, invalid: all, field: "state_key"},
		{name: "256-byte sender", over: map[string]*string{"sender": str(longUser)}, invalid: all, field: "sender"},
		{name: "PDU over 65536 bytes (FMT-6)", over: map[string]*string{"content": str(big)}, invalid: all},
		{name: "event_id in v3+ (D16)", over: map[string]*string{"event_id": str(`"$x"`)}, invalid: all[2:], field: "event_id"},
		{name: "pairs in v3+", over: map[string]*string{"auth_events": str(ids(1, true))}, invalid: all[2:], field: "auth_events"},
		{name: "content not object", over: map[string]*string{"content": str(`[]`)}, invalid: all, field: "content"},
		{name: "hashes without sha256", over: map[string]*string{"hashes": str(`{}`)}, invalid: all, field: "hashes.sha256"},
		{name: "origin_server_ts float", over: map[string]*string{"origin_server_ts": str(`1.5`)}, invalid: all, field: "origin_server_ts"},
		{name: "deep nesting", over: map[string]*string{"content": str(`{"a":` + strings.Repeat("[", maxNestingDepth) + strings.Repeat("]", maxNestingDepth) + `}`)}, invalid: all},
	}
	for _, name := range []string{"type", "sender", "room_id", "content", "depth", "origin_server_ts", "hashes", "signatures", "auth_events", "prev_events"} {
		cases = append(cases, tc{name: "missing " + name, over: map[string]*string{name: nil}, invalid: all, field: name})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, v := range c.invalid {
				raw := pdu(c.over)
				if v.EventFormat == roomversion.FormatV1 {
					raw = v1PDU(c.over)
				}
				_, err := Parse([]byte(raw), v)
				require.Error(t, err, "v%s", v.ID)
				var ve *ValidationError
				require.True(t, errors.As(err, &ve), "v%s: %T %v", v.ID, err, err)
				if c.field != "" {
					require.Equal(t, c.field, ve.Field, "v%s: %v", v.ID, err)
				}
			}
			for _, v := range c.validFor {
				raw := pdu(c.over)
				if v.EventFormat == roomversion.FormatV1 {
					raw = v1PDU(c.over)
				}
				_, err := Parse([]byte(raw), v)
				require.NoError(t, err, "v%s", v.ID)
			}
		})
	}
}

func TestParseV1Format(t *testing.T) {
	v1 := roomversion.V1()
	// Plain ID strings are not the v1 format (FMT-2).
	_, err := Parse([]byte(v1PDU(map[string]*string{"auth_events": str(`["$a:x"]`)})), v1)
	require.Error(t, err)
	_, err = Parse([]byte(v1PDU(map[string]*string{"prev_events": str(`[["$a:x"]]`)})), v1)
	require.Error(t, err)
	_, err = Parse([]byte(v1PDU(map[string]*string{"prev_events": str(ids(21, true))})), v1)
	require.Error(t, err)
	_, err = Parse([]byte(v1PDU(map[string]*string{"event_id": nil})), v1)
	require.Error(t, err)
	e, err := Parse([]byte(v1PDU(nil)), v1)
	require.NoError(t, err)
	require.Equal(t, []string{"$a:example.org"}, e.AuthEventIDs())
}

// TestSizeLaxFloats: a v1–5 PDU whose text fits but whose canonical form
// (Python float form, CJ-LAX) is larger than 65536 bytes is invalid.
func TestSizeLaxFloats(t *testing.T) {
	n := 4000
	vals := strings.TrimSuffix(strings.Repeat("1e15,", n), ",")
	raw := pdu(map[string]*string{"content": str(`{"n":[` + vals + `]}`)})
	require.Less(t, len(raw), MaxPDUBytes)
	_, err := Parse([]byte(raw), roomversion.V5())
	require.Error(t, err) // each 1e15 becomes 1000000000000000.0
	small := pdu(map[string]*string{"content": str(`{"n":[1e15]}`)})
	_, err = Parse([]byte(small), roomversion.V5())
	require.NoError(t, err)
}

func TestStripEventID(t *testing.T) {
	cases := []struct{ in, out string }{
		{`{"a":1,"event_id":"$x","b":2}`, `{"a":1,"b":2}`},
		{`{"event_id":"$x", "b":2}`, `{"b":2}`},
		{`{"a":1 , "event_id" : "$x" }`, `{"a":1 }`},
		{`{ "event_id":"$x" }`, `{ }`},
		{`{"content":{"event_id":"$no"},"event_id":"$x"}`, `{"content":{"event_id":"$no"}}`},
		{"{\n \"a\": 1,\n \"event_id\": \"$x\",\n \"b\": 2\n}", "{\n \"a\": 1,\n \"b\": 2\n}"},
	}
	for _, c := range cases {
		out, id, err := StripEventID([]byte(c.in))
		require.NoError(t, err, c.in)
		require.Equal(t, "$x", id)
		require.Equal(t, c.out, string(out), c.in)
	}
	for _, bad := range []string{`{}`, `{"a":1}`, `{"event_id":1}`, `[]`, `{"event_id":"$x","event_id":"$y"}`, `{`} {
		_, _, err := StripEventID([]byte(bad))
		require.Error(t, err, bad)
	}
}

func TestNewWithID(t *testing.T) {
	raw := []byte(pdu(nil))
	e, err := NewWithID(raw, "$given", roomversion.V4())
	require.NoError(t, err)
	require.Equal(t, "$given", e.ID())
	_, err = NewWithID([]byte(pdu(map[string]*string{"event_id": str(`"$x"`)})), "$x", roomversion.V4())
	require.Error(t, err)
	_, err = NewWithID([]byte(v1PDU(nil)), "$other:x", roomversion.V1())
	require.Error(t, err)
}
