package auth

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// diffPairs is what a check reads with a diff: the pairs of the changed
// regions plus every common member paired with itself.
func diffPairs(t *testing.T, d mapDiff) map[string][2]string {
	out := map[string][2]string{}
	for i := range d.t.start {
		if !d.common(int32(i)) {
			continue
		}
		m, _, ok := jsonread.NextMember(d.t.text, int(d.t.start[i]))
		require.True(t, ok)
		out[m.UnescapedKey()] = [2]string{m.Raw, m.Raw}
	}
	pairShaped(d.old, d.nw, d.oldShape, d.newShape, func(k string, a, b jv) bool {
		_, dup := out[k]
		require.False(t, dup, "key %q read as common and as changed", k)
		out[k] = [2]string{string(a), string(b)}
		return true
	})
	return out
}

// TestDiffObjectsMatchesFullPairing checks that aligning a new object with
// an indexed old one pairs exactly what reading every member pairs, for
// edits at the start, middle and end, added and removed members, changed
// whitespace, and texts built to fake a member boundary inside a key.
func TestDiffObjectsMatchesFullPairing(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	rv := roomversion.V7()
	g := grammarOf(&rv)
	member := func(i int, v string) string { return fmt.Sprintf(`"@u%04d:x":%s`, i, v) }
	base := func(n int) []string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = member(i, fmt.Sprint(i%100))
		}
		return parts
	}
	obj := func(parts []string, sep string) string { return "{" + strings.Join(parts, sep) + "}" }
	type tc struct{ name, old, new string }
	var cases []tc
	for _, n := range []int{64, 100, 300} {
		old := base(n)
		for _, at := range []int{0, 1, n / 2, n - 2, n - 1} {
			p := append([]string(nil), old...)
			p[at] = member(at, "1"+fmt.Sprint(at%100)) // longer number, same prefix
			cases = append(cases, tc{fmt.Sprintf("n%d/change%d", n, at), obj(old, ","), obj(p, ",")})
			p = append(append([]string(nil), old[:at]...), old[at+1:]...)
			cases = append(cases, tc{fmt.Sprintf("n%d/remove%d", n, at), obj(old, ","), obj(p, ",")})
			p = append(append(append([]string(nil), old[:at]...), `"@new:x":5`), old[at:]...)
			cases = append(cases, tc{fmt.Sprintf("n%d/add%d", n, at), obj(old, ","), obj(p, ",")})
			p = append([]string(nil), old...)
			p[at] = member(at, `"5"`)
			cases = append(cases, tc{fmt.Sprintf("n%d/string%d", n, at), obj(old, ","), obj(p, ",")})
		}
		cases = append(cases,
			tc{fmt.Sprintf("n%d/same", n), obj(old, ","), obj(old, ",")},
			tc{fmt.Sprintf("n%d/spaces", n), obj(old, ","), obj(old, ", ")},
			tc{fmt.Sprintf("n%d/truncated-value", n), obj(old, ","), obj(append(append([]string(nil), old[:n-1]...), member(n-1, "9")), ",")},
			// A key whose text ends like the old last member, so that the
			// common suffix starts inside a key of the new object.
			tc{fmt.Sprintf("n%d/fake-boundary", n), obj(old, ","), obj(append(append([]string(nil), old[:n-2]...), `"x\"@u`+fmt.Sprintf("%04d", n-1)+`:x":`+fmt.Sprint((n-1)%100)), ",")},
		)
		for r := 0; r < 20; r++ {
			p := append([]string(nil), old...)
			for e := rng.Intn(5); e >= 0; e-- {
				i := rng.Intn(len(p))
				switch rng.Intn(3) {
				case 0:
					p[i] = member(i, fmt.Sprint(rng.Intn(1000)))
				case 1:
					p = append(p[:i], p[i+1:]...)
				case 2:
					p = append(p[:i], append([]string{fmt.Sprintf(`"@z%d:x":1`, rng.Intn(1e6))}, p[i:]...)...)
				}
			}
			p = dedupKeys(p)
			if rng.Intn(2) == 0 {
				rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
			}
			cases = append(cases, tc{fmt.Sprintf("n%d/random%d", n, r), obj(old, ","), obj(p, ",")})
		}
	}
	aligned := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := newObjTable(jv(c.old), &rv)
			require.NotNil(t, tab)
			d, ok := diffObjects(tab, jv(c.new), g)
			if !ok {
				return // the caller reads every member
			}
			aligned++
			require.Equal(t, pairsReference(t, c.old, c.new), diffPairs(t, d))
		})
	}
	require.Greater(t, aligned, len(cases)*3/4, "most edits should align")
}

// dedupKeys drops members whose key appeared before.
func dedupKeys(parts []string) []string {
	seen := map[string]bool{}
	out := parts[:0]
	for _, p := range parts {
		k := p[:strings.Index(p, `":`)]
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// TestObjTableMarksBadMembers checks the index records the members whose
// value is not a level under the version's grammar and whose key is not a
// user ID.
func TestObjTableMarksBadMembers(t *testing.T) {
	parts := make([]string, 70)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"@u%02d:x":%d`, i, i)
	}
	parts[3] = `"@u03:x":"7"`
	parts[5] = `"nouser":1`
	parts[9] = `"@u09:x":1.5`
	text := jv("{" + strings.Join(parts, ",") + "}")
	v1, v7, v10 := roomversion.V1(), roomversion.V7(), roomversion.V10()
	require.Equal(t, []int32(nil), newObjTable(text, &v1).badValue, "v1 reads strings and floats")
	require.Equal(t, []int32{9}, newObjTable(text, &v7).badValue, "v6+ read no floats")
	require.Equal(t, []int32{5}, newObjTable(text, &v7).badKey)
	require.Equal(t, []int32{3, 9}, newObjTable(text, &v10).badValue, "v10+ read integers only")
	require.Nil(t, newObjTable(`{"@a:b":1}`, &v7), "small objects are not indexed")
}

// TestShortIntegerMatchesParseInt checks the integer fast path against
// strconv on integers of every length and on near-integers.
func TestShortIntegerMatchesParseInt(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	inputs := []string{"0", "-0", "00", "-", "", "1.0", "1e2", "+1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678", "1234567890123456789"}
	for i := 0; i < 2000; i++ {
		n := rng.Int63() >> uint(rng.Intn(63))
		if rng.Intn(2) == 0 {
			n = -n
		}
		inputs = append(inputs, fmt.Sprint(n))
	}
	for _, in := range inputs {
		want, err := strconv.ParseInt(in, 10, 64)
		if n, ok := shortInteger(in); ok && (err != nil || n != want) {
			t.Errorf("shortInteger(%q) = %d, want %d (%v)", in, n, want, err)
		}
		got, ok := parseNumberToken(in, false)
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("parseNumberToken(%q) = %d, %v; strconv %d, %v", in, got, ok, want, err)
		}
	}
}

// FuzzDiffObjects splices arbitrary text into a large object and checks
// that, whenever the result is an object that aligns with the original,
// the diff pairs exactly what reading every member pairs.
func FuzzDiffObjects(f *testing.F) {
	f.Add(300, 0, `"@x:y":1,`)
	f.Add(500, 3, `0`)
	f.Add(1000, 9, `\"`)
	f.Add(200, 1, ` `)
	f.Add(900, 20, `,"@u0069:x":5`)
	parts := make([]string, 70)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"@u%04d:x":%d`, i, i)
	}
	old := "{" + strings.Join(parts, ",") + "}"
	rv := roomversion.V7()
	tab := newObjTable(jv(old), &rv)
	f.Fuzz(func(t *testing.T, at, cut int, frag string) {
		if at < 1 || at >= len(old) || cut < 0 || at+cut >= len(old) {
			return
		}
		nw := old[:at] + frag + old[at+cut:]
		if !utf8.ValidString(nw) {
			return // parsed events hold valid UTF-8 only
		}
		var m map[string]any
		if json.Unmarshal([]byte(nw), &m) != nil {
			return
		}
		n, _ := regionShape(objectRegion(jv(nw)))
		if n != len(m) {
			return // a repeated key, which parsed events never hold
		}
		d, ok := diffObjects(tab, jv(nw), grammarOf(&rv))
		if !ok {
			return
		}
		require.Equal(t, pairsReference(t, old, nw), diffPairs(t, d))
	})
}
