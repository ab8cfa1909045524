package stateres

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/stretchr/testify/require"
)

// SR2-DEF-2: every key's candidates are its distinct events in order of
// first appearance, whether few (compared one by one) or many (through
// the map), keys interleaved.
func TestSplitCandidatesDistinctInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		conf := conflicts{}
		var seen map[candKey]struct{}
		want := map[auth.StateKey][]string{}
		have := map[candKey]bool{}
		for i := 0; i < 400; i++ {
			k := auth.StateKey{Type: "t", StateKey: fmt.Sprint(rng.IntN(3))}
			id := fmt.Sprintf("$%d", rng.IntN(1+rng.IntN(30)))
			conf[k] = addCandidate(conf[k], &seen, k, id)
			if !have[candKey{k, id}] {
				have[candKey{k, id}] = true
				want[k] = append(want[k], id)
			}
		}
		require.Equal(t, len(want), len(conf))
		for k, ids := range want {
			require.Equal(t, ids, conf[k], "round %d key %v", round, k)
		}
	}
}
