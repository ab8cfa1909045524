package event

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestScanPDU(t *testing.T) {
	var manyKeys, manyKeysDup []string
	for i := 0; i < 100; i++ {
		manyKeys = append(manyKeys, fmt.Sprintf(`"k%d":%d`, i, i))
	}
	manyKeysDup = append(append([]string{}, manyKeys...), `"k57":0`)
	cases := []struct {
		in     string
		strict bool
		field  string // "" means accepted
		bad    bool
	}{
		{in: `{"a":[1,{"b":-0}]}`, strict: true},
		{in: `{"a":[1,{"b":1.0}]}`, strict: true, bad: true, field: "a[1].b"},
		{in: `{"a":[1,{"b":1.0}]}`},
		{in: `{"a":1E3}`, strict: true, bad: true, field: "a"},
		{in: `{"a":9007199254740991,"b":-9007199254740991}`, strict: true},
		{in: `{"a":9007199254740992}`, strict: true, bad: true, field: "a"},
		{in: `{"a":-9007199254740992}`, strict: true, bad: true, field: "a"},
		{in: `{"a":123456789012345678901234567890}`},
		{in: "{" + strings.Join(manyKeys, ",") + "}"},
		{in: "{" + strings.Join(manyKeysDup, ",") + "}", bad: true, field: "k57"},
		{in: `{"x":{"y":{"z":1,"z":2}}}`, bad: true, field: "x.y.z"},
		{in: `{"s":"\ud83d\ude00"}`},
		{in: `{"s":"\ud83d"}`, bad: true, field: "s"},
		{in: `{"s":"\ude00\ud83d"}`, bad: true, field: "s"},
		{in: `{"s":["ok","\ud83dx"]}`, bad: true, field: "s[1]"},
		{in: "{\"s\":\"\xc3\"}", bad: true, field: "s"},
		{in: strings.Repeat(`{"a":`, maxNestingDepth) + "1" + strings.Repeat("}", maxNestingDepth)},
		{in: strings.Repeat(`{"a":`, maxNestingDepth+1) + "1" + strings.Repeat("}", maxNestingDepth+1), bad: true},
		{in: strings.Repeat("[", 1_000_000), bad: true},
		{in: `{"a":tru}`, bad: true, field: "a"},
		{in: `{"a":1}x`, bad: true},
		{in: `{"a" 1}`, bad: true, field: "a"},
		{in: `{"a":1,}`, bad: true},
		{in: `{"a":"`, bad: true, field: "a"},
		{in: `{"a":-}`, bad: true, field: "a"},
		{in: `{"a":1.}`, bad: true, field: "a"},
		{in: `{"a":1e}`, bad: true, field: "a"},
	}
	for _, c := range cases {
		err := scanPDU(c.in, c.strict)
		name := c.in
		if len(name) > 60 {
			name = name[:60]
		}
		if !c.bad {
			require.NoError(t, err, name)
			continue
		}
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "%s: %v", name, err)
		if c.field != "" {
			require.Equal(t, c.field, ve.Field, "%s: %v", name, err)
		}
	}
}
