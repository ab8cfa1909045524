package jsonread

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

var validSeeds = []string{
	``, ` `, `1`, `-`, `-0`, `01`, `1.`, `1.5e`, `1.5e+3`, `1E-0`, `.5`, `+1`, `1 `, ` 1 2`,
	`"`, `""`, `"\u12"`, `"\u12g4"`, `"\uABcd"`, `"\x"`, "\"\x1f\"", "\"\xff\"", `"\"`,
	`true`, `tru`, `truex`, `null`, `nul`, `false `, `nan`, `NaN`,
	`{}`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{"a":1 "b":2}`, `{"a" : [1, {"b":null}] }`,
	`[]`, `[`, `[1,]`, `[,1]`, `[1 2]`, `[[[]]]`, `[[[]]`, `[{}]`, `{"a":1}}`, `{"a":[}`,
	"\t{\r\n}\n", "\v1", `{"a":"b","a":"c"}`, `"\ud800"`,
}

func TestValidMatchesGjson(t *testing.T) {
	for _, s := range validSeeds {
		if got, want := Valid(s), gjson.Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, gjson.Valid %v", s, got, want)
		}
	}
}

// TestValidDeep checks that nesting far deeper than the small stack is
// read without recursion, and that closing it wrongly is caught.
func TestValidDeep(t *testing.T) {
	const n = 100000
	deep := strings.Repeat(`{"a":[`, n) + "1" + strings.Repeat(`]}`, n)
	if !Valid(deep) {
		t.Fatal("deep valid nesting refused")
	}
	if Valid(deep[:len(deep)-1]) || Valid(deep+"]") || Valid(strings.Repeat(`[`, n)+strings.Repeat(`}`, n)) {
		t.Fatal("bad deep nesting accepted")
	}
}

func FuzzValid(f *testing.F) {
	for _, s := range validSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Valid(s)
		if want := gjson.Valid(s); got != want {
			t.Fatalf("Valid(%q) = %v, gjson.Valid %v", s, got, want)
		}
		// On valid UTF-8 the grammar is encoding/json's too.
		if utf8.ValidString(s) && got != json.Valid([]byte(s)) {
			t.Fatalf("Valid(%q) = %v, json.Valid %v", s, got, !got)
		}
		if got && SkipValue(s, SkipSpace(s, 0)) < 0 {
			t.Fatalf("SkipValue fails on valid %q", s)
		}
	})
}
