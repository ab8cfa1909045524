package conformance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestJSONDiff(t *testing.T) {
	for _, tc := range []struct {
		want, got, diff string
	}{
		{`{"a":1,"b":[1,2]}`, `{"b":[1,2],"a":1}`, ""},
		{`{"a":1}`, `{"a":1.0}`, ""},
		{`{"a":1e3}`, `{"a":1000}`, ""},
		{`{"a":12345678901234567890}`, `{"a":12345678901234567891}`, `.a: expected 12345678901234567890, got 12345678901234567891`},
		{`{"a":1}`, `{"a":"1"}`, `.a: expected 1, got "1"`},
		{`{"a":{"b":true}}`, `{"a":{}}`, `.a.b is missing`},
		{`{}`, `{"x":null}`, `.x is not expected`},
		{`[1]`, `[1,2]`, `: expected 1 elements, got 2`},
	} {
		w, err := decodeValue([]byte(tc.want))
		require.NoError(t, err)
		g, err := decodeValue([]byte(tc.got))
		require.NoError(t, err)
		require.Equal(t, tc.diff, jsonDiff("", w, g), "%s vs %s", tc.want, tc.got)
	}
}

func TestStateDiff(t *testing.T) {
	want := State{"m.room.topic": {"": "$a"}, "m.room.member": {"@b:x": "$b"}}
	require.True(t, want.Equal(State{"m.room.member": {"@b:x": "$b"}, "m.room.topic": {"": "$a"}}))
	got := State{"m.room.topic": {"": "$c"}, "m.room.name": {"": "$n"}}
	require.Equal(t,
		`(m.room.member, "@b:x"): expected $b, got nothing, (m.room.name, ""): expected nothing, got $n, (m.room.topic, ""): expected $a, got $c`,
		stateDiff(want, got))
	require.Equal(t, `{"m.room.member":{"@b:x":"$b"},"m.room.topic":{"":"$a"}}`, stateJSON(want))
}
