package event

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCanonicalJSON(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"spec example -0 and 1e10 (EDGE-H17)", `{"a":-0,"b":1e10}`, `{"a":0,"b":10000000000}`},
		{"empty object", `{}`, `{}`},
		{"whitespace removed (CJ-1)", " { \"b\" : [ 1 , 2 ] ,\n\t\"a\" : { } } ", `{"a":{},"b":[1,2]}`},
		{"code point order of CJK keys (EDGE-G4)", `{"本":2,"日":1}`, `{"日":1,"本":2}`},
		{"astral keys sort after U+FFFF (EDGE-G4)", `{"\ud83d\ude00":1,"\uffff":2,"z":3}`, `{"z":3,"￿":2,"😀":1}`},
		{"raw astral vs BMP private use", `{"😀":1,"":2}`, `{"":2,"😀":1}`},
		{"escaped keys sort by decoded value", `{"\u0062":1,"a":2}`, `{"a":2,"b":1}`},
		{"short escapes (CJ-3)", `["\b\t\n\f\r"]`, `["\b\t\n\f\r"]`},
		{"short escapes from u-escapes", `["\u0008\u0009\u000A\u000c\u000D"]`, `["\b\t\n\f\r"]`},
		{"other controls lowercase hex", `["\u0001\u001F\u000b"]`, `["\u0001\u001f\u000b"]`},
		{"quote and backslash", `["\"\\","\u0022\u005c"]`, `["\"\\","\"\\"]`},
		{"slash raw", `["a\/b","a/b"]`, `["a/b","a/b"]`},
		{"DEL, U+2028, U+2029 raw", `["\u007f\u2028\u2029"]`, "[\"\x7f\u2028\u2029\"]"},
		{"non-ASCII raw", `["\u00e9\u65e5","é"]`, `["é日","é"]`},
		{"no HTML escaping", `["<>&"]`, `["<>&"]`},
		{"literals (CJ-5)", `[true,false,null]`, `[true,false,null]`},
		{"integers", `[0,-1,9007199254740991,-9007199254740991]`, `[0,-1,9007199254740991,-9007199254740991]`},
		{"integral floats normalised", `[1.0,-2.50e1,1E2,0.0,-0.0,1e-0]`, `[1,-25,100,0,0,1]`},
		{"nested sorting", `{"b":{"d":1,"c":[{"f":1,"e":2}]},"a":1}`, `{"a":1,"b":{"c":[{"e":2,"f":1}],"d":1}}`},
		{"top-level scalar", `"x"`, `"x"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CanonicalJSON([]byte(c.in))
			require.NoError(t, err)
			require.Equal(t, c.want, string(got))
			again, err := CanonicalJSON(got)
			require.NoError(t, err)
			require.Equal(t, string(got), string(again))
		})
	}
}

func TestCanonicalJSONErrors(t *testing.T) {
	cases := []struct{ name, in string }{
		{"fraction", `[1.5]`},
		{"too large integer", `[9007199254740992]`},
		{"too small integer", `[-9007199254740992]`},
		{"too large float", `[1e16]`},
		{"infinite", `[1e400]`},
		{"duplicate key (X2)", `{"a":1,"a":2}`},
		{"duplicate key after unescaping", `{"a":1,"\u0061":2}`},
		{"lone high surrogate (D21)", `["\ud800"]`},
		{"lone low surrogate", `["\udc00"]`},
		{"high then non-low", `["\ud800\u0041"]`},
		{"invalid UTF-8", "[\"\xff\"]"},
		{"encoded surrogate in UTF-8", "[\"\xed\xa0\x80\"]"},
		{"raw control", "[\"\x01\"]"},
		{"trailing comma", `[1,]`},
		{"leading zero", `[01]`},
		{"trailing data", `{} {}`},
		{"empty", ``},
		{"bad escape", `["\x"]`},
		{"too deep", strings.Repeat("[", maxNestingDepth+1) + strings.Repeat("]", maxNestingDepth+1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := CanonicalJSON([]byte(c.in))
			require.Error(t, err)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%T", err)
		})
	}
	_, err := CanonicalJSON([]byte(`[1.5]`))
	require.ErrorIs(t, err, ErrNotCanonicalizable)
}

// TestCanonicalLax checks the v1–5 number form (CJ-LAX, EDGE-JSON1):
// integers keep their digits, floats are written as Python's repr.
func TestCanonicalLax(t *testing.T) {
	cases := []struct{ in, want string }{
		{`50.57`, `50.57`},
		{`5.114698E4`, `51146.98`},
		{`1e16`, `1e+16`},
		{`1e10`, `10000000000.0`},
		{`1e15`, `1000000000000000.0`},
		{`123456789012345678.0`, `1.2345678901234568e+17`},
		{`0.0001`, `0.0001`},
		{`0.00001`, `1e-05`},
		{`1.5e-7`, `1.5e-07`},
		{`-2.5`, `-2.5`},
		{`1.0`, `1.0`},
		{`0.0`, `0.0`},
		{`-0.0`, `-0.0`},
		{`1e300`, `1e+300`},
		{`0.1`, `0.1`},
		{`1e-320`, `1e-320`},
		{`-0`, `0`},
		{`12345678901234567890123`, `12345678901234567890123`},
		{`-9007199254740993`, `-9007199254740993`},
	}
	for _, c := range cases {
		got, err := appendCanonical(nil, c.in, numLax, keepAll, redaction{})
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, string(got), c.in)
	}
	_, err := appendCanonical(nil, `1e400`, numLax, keepAll, redaction{})
	require.ErrorIs(t, err, ErrNotCanonicalizable)
	_, err = appendCanonical(nil, `1.5`, numStrict, keepAll, redaction{})
	require.ErrorIs(t, err, ErrNotCanonicalizable)
}

// TestCanonicalManyKeys covers the sort for large objects (CJ-2).
func TestCanonicalManyKeys(t *testing.T) {
	keys := []string{"😀", "￿", "日", "本", "é", "z", "a", "A", "", "0"}
	for i := 0; i < 40; i++ {
		keys = append(keys, string(rune('a'+i%26))+strings.Repeat("x", i+1))
	}
	var in []string
	for i := len(keys) - 1; i >= 0; i-- {
		in = append(in, `"`+keys[i]+`":1`)
	}
	for _, n := range []int{3, 20, len(in)} {
		got, err := CanonicalJSON([]byte("{" + strings.Join(in[:n], ",") + "}"))
		require.NoError(t, err)
		sub := append([]string(nil), in[:n]...)
		slices.Sort(sub)
		require.Equal(t, "{"+strings.Join(sub, ",")+"}", string(got))
	}
}
