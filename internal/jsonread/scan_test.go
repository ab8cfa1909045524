package jsonread

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBytesOfFirstExact checks the SWAR match against a byte loop: the
// first byte BytesOf marks is the first byte equal to c.
func TestBytesOfFirstExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{'"', '\\', ':', ' ', 0, 0x7f, 0x80, 0xff, 0x21, 0x22 ^ 0x80, 'a', 0x01}
	for n := 0; n < 200000; n++ {
		var b [8]byte
		for i := range b {
			if rng.IntN(3) == 0 {
				b[i] = byte(rng.Uint32())
			} else {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		s := string(b[:])
		c := alphabet[rng.IntN(3)]
		m := BytesOf(Word(s, 0), c)
		want := strings.IndexByte(s, c)
		switch {
		case want < 0 && m != 0, want >= 0 && m == 0:
			t.Fatalf("BytesOf(%q, %q) = %#x", s, c, m)
		case want >= 0 && FirstByte(m) != want:
			t.Fatalf("BytesOf(%q, %q): first byte %d, want %d", s, c, FirstByte(m), want)
		}
	}
}

// TestSkipSpace checks the word-at-a-time skip against a byte loop over
// runs of every length around the word size.
func TestSkipSpace(t *testing.T) {
	for n := 0; n < 40; n++ {
		for _, ws := range []string{" ", "\t", "\n", "\r", " \n"} {
			for _, tail := range []string{"", "x", "\x80", "!", "\x7f"} {
				s := "a" + strings.Repeat(ws, n)[:n] + tail
				want := 1 + n
				if got := SkipSpace(s, 1); got != want {
					t.Fatalf("SkipSpace(%q, 1) = %d, want %d", s, got, want)
				}
			}
		}
	}
	for b := 0; b < 256; b++ {
		if IsSpace(byte(b)) != strings.ContainsRune(" \t\n\r", rune(b)) {
			t.Fatalf("IsSpace(%#x) = %v", b, IsSpace(byte(b)))
		}
	}
}

// TestSkipValueMatchesDecoder checks that SkipValue ends each member of
// valid objects where encoding/json does, with whitespace around tokens.
func TestSkipValueMatchesDecoder(t *testing.T) {
	for _, s := range append(lookupSeeds, "[ 1 , \"a\\\"]\" , {\"x\" : [ ] } , true,null ]") {
		var vals []json.RawMessage
		var obj map[string]json.RawMessage
		switch {
		case json.Unmarshal([]byte(s), &vals) == nil:
			var got []string
			for el, i, ok := NextElement(s, 1); ok; el, i, ok = NextElement(s, i) {
				got = append(got, el)
			}
			if len(got) != len(vals) {
				t.Fatalf("%q: %d elements, want %d", s, len(got), len(vals))
			}
			for i := range got {
				if got[i] != string(vals[i]) {
					t.Fatalf("%q: element %q, want %q", s, got[i], vals[i])
				}
			}
		case json.Unmarshal([]byte(s), &obj) == nil:
			for it := ScanMembers(s, ObjectBody(s)); it.Next(); {
				if SkipValue(it.Val, 0) != len(it.Val) || !json.Valid([]byte(it.Val)) {
					t.Fatalf("%q: member %q has value %q", s, it.Key, it.Val)
				}
			}
		default:
			t.Fatalf("%q is not JSON", s)
		}
	}
}

// TestScanRegion checks that a region walk yields the members whose keys
// start in the region, in order.
func TestScanRegion(t *testing.T) {
	s := `{"a":1, "b":{"x":2}, "c":"3", "d":[4]}`
	var all []int
	for i := ObjectBody(s); ; {
		m, next, ok := NextMember(s, i)
		if !ok {
			break
		}
		all = append(all, strings.Index(s, `"`+m.Key+`"`))
		i = next
	}
	for from := 0; from < len(all); from++ {
		for to := from; to <= len(all); to++ {
			end := len(s)
			if to < len(all) {
				end = all[to]
			}
			var got []string
			for it := ScanRegion(s, all[from], end); it.Next(); {
				got = append(got, it.Key)
			}
			if len(got) != to-from {
				t.Fatalf("region [%d, %d) yields %v", from, to, got)
			}
			for i, k := range got {
				if `"`+k+`"` != s[all[from+i]:all[from+i]+len(k)+2] {
					t.Fatalf("region [%d, %d) yields %v", from, to, got)
				}
			}
		}
	}
	if it := ScanMembers("", -1); it.Next() {
		t.Fatal("a walk from -1 yields a member")
	}
}

// TestMalformedNeverPanics runs every reader over prefixes and corruptions
// of the seeds: they must return, not panic or loop.
func TestMalformedNeverPanics(t *testing.T) {
	for _, seed := range lookupSeeds {
		for n := 0; n <= len(seed); n++ {
			for _, s := range []string{seed[:n], seed[n:], seed[:n] + `\` + seed[n:], seed[:n] + `"` + seed[n:]} {
				v := Value(s)
				_ = v.Get("a")
				_ = v.First("a")
				_ = v.Path("a.b")
				_ = v.Str()
				_ = v.IsEmptyContainer()
				v.Elements(func(Value) bool { return true })
				for it := ScanMembers(s, ObjectBody(s)); it.Next(); {
					_ = it.UnescapedKey()
				}
				for i := 0; i <= len(s); i++ {
					_ = SkipValue(s, i)
					_, _, _ = NextMember(s, i)
					_, _, _ = NextElement(s, i)
					_ = ValueAfterKey(s, i)
				}
				_ = Valid(s)
				_ = Parse(s)
			}
		}
	}
}

// TestObjectLooksUpAsParse checks that Object finds the same members as
// Parse on whole objects, with whitespace around them, and refuses
// anything that does not start with an object.
func TestObjectLooksUpAsParse(t *testing.T) {
	for _, s := range []string{`{"a":1,"b":{"c":"d"}}`, " \n{\"b\" : [1] , \"a\":\"x\"} \t", `{}`} {
		for _, k := range []string{"a", "b", "c"} {
			if got, want := Object(s).First(k), Parse(s).First(k); got != want {
				t.Errorf("Object(%q).First(%q) = %q, Parse gives %q", s, k, got, want)
			}
		}
	}
	for _, s := range []string{``, ` `, `[1]`, `"{"`, `1`} {
		if v := Object(s); v.Exists() {
			t.Errorf("Object(%q) = %q, want absent", s, v)
		}
	}
}
