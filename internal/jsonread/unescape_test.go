package jsonread

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// gjsonStr is how the library decoded the text of a string before this
// package: gjson parsing it wrapped in quotes.
func gjsonStr(s string) string { return gjson.Parse(`"` + s + `"`).Str }

// isStringText reports text that can sit between the quotes of a string
// as the scanners delimit one: no unescaped '"', no trailing lone
// backslash.
func isStringText(s string) bool {
	end, _ := SkipString(`"`+s+`"`, 0)
	return end == len(s)+2
}

// unescapeCases are string texts around the corners of decoding: lone and
// paired surrogate escapes, bad hexadecimal digits, short \u escapes,
// unknown escapes, control bytes and invalid UTF-8.
var unescapeCases = []string{
	``, `plain`, `a\"b`, `\\`, `\/\b\f\n\r\t`, `caf\u00e9`, `\u0000x`, `\u20AC\u20ac`,
	`\ud83d\ude00`, `\uD83D\uDE00tail`, // a pair
	`\ud83d`, `\ud83dx`, `\ud83d\u0041`, `\ud83d\ud83d\ude00`, `\ude00`, `\ude00\ud83d`, // lone surrogates
	`\udbff\udfff`, `\ud800\udc00`, `\udc00\ud800`, `\ud800\\udc00`, `\ud800\n`,
	`\ud800\uzzzz`, `\ud800\udc0`, `\ud800\u`,
	`\uzzzz`, `\u12`, `\u`, `\u00e`, `\u+012`, `\u-001`, `\u0x12`, `\u1_23`, // bad or short hex
	`a\qb`, `a\ b`, `a\x41`, // unknown escapes
	"a\x01b\\n", "\\n\x1fz", "tab\there\\t", // control bytes
	"\xff\\n\xfe", "\xc3\\u00a9\xa9", // invalid UTF-8
	`\\\"\\`, `\\u0041`, `\u005c\u0022`,
}

func TestUnescapeMatchesGjson(t *testing.T) {
	for _, s := range unescapeCases {
		if !isStringText(s) {
			t.Fatalf("case %q is not string text", s)
		}
		if got, want := Unescape(s), gjsonStr(s); got != want {
			t.Errorf("Unescape(%q) = %q, gjson decodes %q", s, got, want)
		}
	}
}

// TestUnescapeSurrogates checks the surrogate rules by construction: a
// pair decodes as its code point, and each lone surrogate escape as
// U+FFFD with the rest decoded alone.
func TestUnescapeSurrogates(t *testing.T) {
	for _, r := range []rune{0x10000, 0x1F600, 0x10FFFF, 0x2A6D6} {
		hi, lo := 0xD800+(r-0x10000)>>10, 0xDC00+(r-0x10000)&0x3FF
		esc := func(x rune) string {
			const hexd = "0123456789abcdef"
			return `\u` + string([]byte{hexd[x>>12&15], hexd[x>>8&15], hexd[x>>4&15], hexd[x&15]})
		}
		if got := Unescape(esc(hi) + esc(lo)); got != string(r) {
			t.Errorf("pair for %U decodes as %q", r, got)
		}
		if got := Unescape(esc(hi) + "x"); got != "\uFFFDx" {
			t.Errorf("lone high %04x decodes as %q", hi, got)
		}
		if got := Unescape(esc(lo) + esc(hi)); got != "\uFFFD\uFFFD" {
			t.Errorf("low then high decodes as %q", got)
		}
		if got := Unescape(esc(hi) + esc(hi) + esc(lo)); got != "\uFFFD"+string(r) {
			t.Errorf("high, high, low decodes as %q", got)
		}
	}
}

// TestUnescapeMatchesEncodingJSON checks valid string texts without lone
// surrogates against encoding/json.
func TestUnescapeMatchesEncodingJSON(t *testing.T) {
	for _, s := range unescapeCases {
		var want string
		if json.Unmarshal([]byte(`"`+s+`"`), &want) != nil || !utf8.ValidString(s) || strings.Contains(want, "\uFFFD") {
			continue
		}
		if got := Unescape(s); got != want {
			t.Errorf("Unescape(%q) = %q, encoding/json decodes %q", s, got, want)
		}
	}
}

func TestUnescapeAllocs(t *testing.T) {
	s := `caf\u00e9 \ud83d\ude00 \n`
	if n := testing.AllocsPerRun(10, func() { _ = Unescape(s) }); n > 1 {
		t.Errorf("Unescape allocates %v times, want at most 1", n)
	}
	v := Value(`"no escapes here"`)
	if n := testing.AllocsPerRun(10, func() { _ = v.Str() }); n != 0 {
		t.Errorf("Str of an unescaped string allocates %v times", n)
	}
}

func FuzzUnescape(f *testing.F) {
	for _, s := range unescapeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isStringText(s) {
			return
		}
		got := Unescape(s)
		if want := gjsonStr(s); got != want {
			t.Fatalf("Unescape(%q) = %q, gjson decodes %q", s, got, want)
		}
		if len(got) > len(s) {
			t.Fatalf("Unescape(%q) grew to %d bytes", s, len(got))
		}
		// Str decodes only text with a backslash, as gjson does.
		if v := Value(`"` + s + `"`); v.Str() != gjson.Parse(string(v)).Str {
			t.Fatalf("Str of %q = %q, gjson gives %q", v, v.Str(), gjson.Parse(string(v)).Str)
		}
	})
}
