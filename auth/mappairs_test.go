package auth

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// pairsReference pairs two objects with encoding/json, as a reference.
func pairsReference(t *testing.T, a, b string) map[string][2]string {
	var ma, mb map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(a), &ma))
	require.NoError(t, json.Unmarshal([]byte(b), &mb))
	out := map[string][2]string{}
	for k, v := range ma {
		out[k] = [2]string{string(v), string(mb[k])}
	}
	for k, v := range mb {
		if _, ok := ma[k]; !ok {
			out[k] = [2]string{"", string(v)}
		}
	}
	return out
}

func objectText(keys []string, val func(i int) string, shuffle *rand.Rand) string {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	if shuffle != nil {
		shuffle.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	}
	parts := make([]string, 0, len(keys))
	for _, i := range idx {
		k, _ := json.Marshal(keys[i])
		parts = append(parts, string(k)+":"+val(i))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// TestMapPairs checks every pairing strategy (merge, search, index)
// against encoding/json on sorted, shuffled and escaped keys.
func TestMapPairs(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 5, 40, 300} {
		for _, shuffled := range []bool{false, true} {
			for _, escaped := range []bool{false, true} {
				name := fmt.Sprintf("n=%d/shuffled=%v/escaped=%v", n, shuffled, escaped)
				t.Run(name, func(t *testing.T) {
					var ka, kb []string
					for i := 0; i < n; i++ {
						k := fmt.Sprintf("@u%04d:x", rng.Intn(2*n+1))
						if escaped && i%7 == 0 {
							k += "\u00e9\"" // written escaped by json.Marshal
						}
						if rng.Intn(3) > 0 {
							ka = append(ka, k)
						}
						if rng.Intn(3) > 0 {
							kb = append(kb, k)
						}
					}
					ka, kb = dedupSorted(ka), dedupSorted(kb)
					var sh *rand.Rand
					if shuffled {
						sh = rng
					}
					a := objectText(ka, func(i int) string { return fmt.Sprint(i) }, sh)
					b := objectText(kb, func(i int) string { return fmt.Sprint(i * 2) }, sh)
					got := map[string][2]string{}
					mapPairs(jv(a), jv(b), func(k string, av, bv jv) bool {
						_, dup := got[k]
						require.False(t, dup, "key %q visited twice", k)
						got[k] = [2]string{string(av), string(bv)}
						return true
					})
					require.Equal(t, pairsReference(t, a, b), got)
				})
			}
		}
	}
}

func dedupSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, k := range s {
		if i == 0 || k != s[i-1] {
			out = append(out, k)
		}
	}
	return out
}

func TestMapPairsStopsEarly(t *testing.T) {
	calls := 0
	mapPairs(`{"a":1,"b":2,"c":3}`, `{"a":1,"d":4}`, func(string, jv, jv) bool {
		calls++
		return calls < 2
	})
	require.Equal(t, 2, calls)
}

func TestMapPairsNonObjects(t *testing.T) {
	var keys []string
	mapPairs(`[]`, `{"a":1}`, func(k string, av, bv jv) bool {
		keys = append(keys, k)
		require.Equal(t, jv(""), av)
		return true
	})
	require.Equal(t, []string{"a"}, keys)
}
