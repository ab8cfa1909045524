package authchain

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// graph is a random auth DAG in topological order: event i cites only
// events before it.
type graph struct {
	ids  []string
	keys []string
	auth [][]string
}

func randomDAG(rng *rand.Rand, n, keys, maxAuth int) *graph {
	g := &graph{}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("$e%d", i)
		var auth []string
		if i > 0 {
			for j, k := 0, rng.IntN(maxAuth+1); j < k; j++ {
				// Mostly recent events, sometimes old ones (as an old power
				// levels event cited again).
				back := 1 + rng.IntN(min(i, 8))
				if rng.IntN(5) == 0 {
					back = 1 + rng.IntN(i)
				}
				auth = append(auth, g.ids[i-back])
			}
		}
		g.ids = append(g.ids, id)
		g.keys = append(g.keys, fmt.Sprintf("k%d", rng.IntN(keys)))
		g.auth = append(g.auth, auth)
	}
	return g
}

func (g *graph) index(t testing.TB) *Index {
	x := New(len(g.ids))
	for i, id := range g.ids {
		require.NoError(t, x.Add(id, g.keys[i], g.auth[i]))
	}
	return x
}

// closure is the reference: the plain auth chain of ids, ids included.
func (g *graph) closure(ids []string) map[string]bool {
	at := map[string]int{}
	for i, id := range g.ids {
		at[id] = i
	}
	seen := map[string]bool{}
	stack := append([]string(nil), ids...)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !seen[id] {
			seen[id] = true
			stack = append(stack, g.auth[at[id]]...)
		}
	}
	return seen
}

// refDifference is SR2-DEF-4 with D13 by plain closures.
func (g *graph) refDifference(common []string, sets [][]string) []string {
	count := map[string]int{}
	for _, s := range sets {
		for id := range g.closure(append(append([]string(nil), common...), s...)) {
			count[id]++
		}
	}
	out := []string{}
	for id, c := range count {
		if c < len(sets) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func pick(rng *rand.Rand, g *graph, k int) []string {
	var out []string
	for i := 0; i < k; i++ {
		out = append(out, g.ids[len(g.ids)-1-rng.IntN(min(len(g.ids), 40))])
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// The index's auth difference and auth chains equal the plain closures on
// random DAGs, before and after a round trip through rows.
func TestDifferenceMatchesClosure(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for round := 0; round < 60; round++ {
		g := randomDAG(rng, 20+rng.IntN(200), 1+rng.IntN(12), 1+rng.IntN(5))
		x := g.index(t)
		y, err := Load(x.Rows())
		require.NoError(t, err)
		require.Equal(t, x.Rows(), y.Rows())
		for q := 0; q < 10; q++ {
			common := pick(rng, g, rng.IntN(4))
			sets := make([][]string, 2+rng.IntN(3))
			for i := range sets {
				sets[i] = pick(rng, g, rng.IntN(4))
			}
			want := g.refDifference(common, sets)
			for _, ix := range []*Index{x, y} {
				got, err := ix.Difference(common, sets)
				require.NoError(t, err)
				require.Equal(t, want, orEmpty(got), "round %d query %d", round, q)
			}
			ids := sets[0]
			var wantChain []string
			for id := range g.closure(ids) {
				wantChain = append(wantChain, id)
			}
			sort.Strings(wantChain)
			got, err := x.AuthChain(ids)
			require.NoError(t, err)
			require.Equal(t, orEmpty(wantChain), orEmpty(got))
			if len(ids) > 0 {
				to := g.ids[rng.IntN(len(g.ids))]
				ok, err := x.Reaches(ids[0], to)
				require.NoError(t, err)
				require.Equal(t, g.closure(ids[:1])[to], ok)
				any, err := x.ReachesAny(ids[0], sets[1])
				require.NoError(t, err)
				want := false
				for _, y := range sets[1] {
					want = want || g.closure(ids[:1])[y]
				}
				require.Equal(t, want, any)
			}
		}
	}
}

// Within a chain, a smaller sequence number is always in the auth chain of
// a larger one, and every link says something true.
func TestChainInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	g := randomDAG(rng, 300, 5, 4)
	x := g.index(t)
	rows := x.Rows()
	byPos := map[[2]uint32]string{}
	for _, e := range rows.Events {
		byPos[[2]uint32{e.Chain, e.Seq}] = e.ID
	}
	for _, e := range rows.Events {
		if e.Seq > 1 {
			require.True(t, g.closure([]string{e.ID})[byPos[[2]uint32{e.Chain, e.Seq - 1}]])
		}
	}
	for _, l := range rows.Links {
		from, to := byPos[[2]uint32{l.OriginChain, l.OriginSeq}], byPos[[2]uint32{l.TargetChain, l.TargetSeq}]
		require.True(t, g.closure([]string{from})[to], "link %v", l)
	}
	// Chains do their job: far fewer chains than events with few keys.
	require.Less(t, len(rows.Chains), 300)
}

// The index answers the same whatever topological order the events were
// added in (servers accept events in different orders).
func TestInsertionOrderIndependence(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for round := 0; round < 30; round++ {
		g := randomDAG(rng, 20+rng.IntN(150), 1+rng.IntN(6), 1+rng.IntN(4))
		at := map[string]int{}
		for i, id := range g.ids {
			at[id] = i
		}
		// A random topological order: repeatedly add a random event whose
		// auth events are all in.
		in := map[string]bool{}
		y := New(0)
		for len(in) < len(g.ids) {
			var ready []int
			for i, id := range g.ids {
				if in[id] {
					continue
				}
				ok := true
				for _, a := range g.auth[i] {
					ok = ok && in[a]
				}
				if ok {
					ready = append(ready, i)
				}
			}
			i := ready[rng.IntN(len(ready))]
			require.NoError(t, y.Add(g.ids[i], g.keys[i], g.auth[i]))
			in[g.ids[i]] = true
		}
		x := g.index(t)
		for q := 0; q < 10; q++ {
			common := pick(rng, g, rng.IntN(4))
			sets := [][]string{pick(rng, g, 1+rng.IntN(3)), pick(rng, g, rng.IntN(3))}
			a, err := x.Difference(common, sets)
			require.NoError(t, err)
			b, err := y.Difference(common, sets)
			require.NoError(t, err)
			require.Equal(t, orEmpty(a), orEmpty(b))
			require.Equal(t, g.refDifference(common, sets), orEmpty(b))
			from, to := g.ids[len(g.ids)-1-rng.IntN(len(g.ids))], g.ids[rng.IntN(len(g.ids))]
			d1, ok1, err := x.KeyChainDistance(from, to)
			require.NoError(t, err)
			d2, ok2, err := y.KeyChainDistance(from, to)
			require.NoError(t, err)
			require.Equal(t, ok1, ok2)
			require.Equal(t, d1, d2)
		}
	}
}

func TestErrors(t *testing.T) {
	x := New(0)
	require.NoError(t, x.Add("$a", "k", nil))
	var dup *DuplicateEventError
	require.True(t, errors.As(x.Add("$a", "k", nil), &dup))
	var unk *UnknownEventError
	require.True(t, errors.As(x.Add("$b", "k", []string{"$nope"}), &unk))
	require.Equal(t, "$nope", unk.ID)
	require.False(t, x.Has("$b"), "a failed Add leaves no trace")
	_, err := x.Difference([]string{"$a"}, [][]string{{"$x"}, {}})
	require.True(t, errors.As(err, &unk))
	_, err = x.Difference(nil, [][]string{{"$x"}})
	require.True(t, errors.As(err, &unk))
	var zero Index
	require.NoError(t, zero.Add("$z", "k", nil), "the zero Index is usable")
	bad := []Rows{
		{Chains: []ChainRow{{Chain: 1}}},
		{Chains: []ChainRow{{Chain: 0}}, Events: []EventRow{{ID: "$a", Chain: 0, Seq: 2}}},
		{Chains: []ChainRow{{Chain: 0}}, Events: []EventRow{{ID: "$a", Chain: 0, Seq: 1}, {ID: "$a", Chain: 0, Seq: 2}}},
		{Chains: []ChainRow{{Chain: 0}}, Events: []EventRow{{ID: "$a", Chain: 0, Seq: 1}}, Links: []LinkRow{{0, 1, 0, 1}}},
		{Chains: []ChainRow{{Chain: 0}, {Chain: 1}}, Events: []EventRow{{ID: "$a", Chain: 0, Seq: 1}, {ID: "$b", Chain: 1, Seq: 1}}, Links: []LinkRow{{0, 1, 1, 5}}},
		{Chains: []ChainRow{{Chain: 0}}, Events: []EventRow{{ID: "$a", Chain: 7, Seq: 1}}},
		{Chains: []ChainRow{{Chain: 0}}, Events: []EventRow{{ID: "$a", Chain: 0, Seq: 1}}},
		{Chains: []ChainRow{{Chain: 0}}, Events: []EventRow{{ID: "$a", Chain: 0, Seq: 1}}, Jumps: []JumpRow{{Chain: 0, Seq: 1, NextChain: 3, NextSeq: 1, HasNext: true}}},
	}
	for i, r := range bad {
		_, err := Load(r)
		require.Error(t, err, "rows %d", i)
	}
}

// KeyChainDistance equals walking "first auth event with the same key"
// one event at a time (the mainline of state resolution).
func TestKeyChainDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := 0; round < 40; round++ {
		g := randomDAG(rng, 30+rng.IntN(200), 1+rng.IntN(3), 1+rng.IntN(4))
		x := g.index(t)
		y, err := Load(x.Rows())
		require.NoError(t, err)
		at := map[string]int{}
		for i, id := range g.ids {
			at[id] = i
		}
		next := func(i int) int {
			for _, a := range g.auth[i] {
				if g.keys[at[a]] == g.keys[i] {
					return at[a]
				}
			}
			return -1
		}
		for q := 0; q < 30; q++ {
			from := rng.IntN(len(g.ids))
			dist := map[int]int{}
			for i, d := from, 0; i >= 0; i, d = next(i), d+1 {
				dist[i] = d
			}
			to := rng.IntN(len(g.ids))
			if rng.IntN(2) == 0 && len(dist) > 1 { // pick one on the path
				for i := range dist {
					to = i
					break
				}
			}
			want, onPath := dist[to]
			for _, ix := range []*Index{x, y} {
				got, ok, err := ix.KeyChainDistance(g.ids[from], g.ids[to])
				require.NoError(t, err)
				require.Equal(t, onPath, ok, "round %d", round)
				if ok {
					require.Equal(t, want, got)
				}
			}
		}
	}
}

func FuzzDifference(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte("the quick brown fox jumps over the lazy dog"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := rand.New(rand.NewPCG(uint64(len(data)), 1))
		for _, b := range data {
			src = rand.New(rand.NewPCG(src.Uint64()^uint64(b), uint64(b)))
		}
		g := randomDAG(src, 2+int(src.IntN(60)), 1+src.IntN(6), 1+src.IntN(4))
		stateKeyed(g)
		x := New(0)
		cut := -1 // where the index is compacted, then thawed by more events
		if src.IntN(3) == 0 {
			cut = src.IntN(len(g.ids))
		}
		for i, id := range g.ids {
			if i == cut {
				x.Compact()
			}
			require.NoError(t, x.Add(id, g.keys[i], g.auth[i]))
		}
		if src.IntN(2) == 0 {
			x.Compact() // the frozen layout answers alike
		}
		common := pick(src, g, src.IntN(3))
		sets := [][]string{pick(src, g, src.IntN(3)), pick(src, g, src.IntN(3)), pick(src, g, src.IntN(3))}
		got, err := x.Difference(common, sets)
		require.NoError(t, err)
		require.Equal(t, g.refDifference(common, sets), orEmpty(got))
		// The same through the state-keyed query, and the subgraph
		// against brute force.
		st, stIDs := pickState(src, g, src.IntN(12))
		byState, err := x.StateDifference(func(typ, sk string) (string, bool) {
			id, ok := st[typ+"\x00"+sk]
			return id, ok
		}, sets)
		require.NoError(t, err)
		require.Equal(t, g.refDifference(stIDs, sets), orEmpty(byState))
		conf := append(append([]string(nil), sets[0]...), sets[1]...)
		var want []string
		for e := range g.closure(conf) {
			for _, c := range conf {
				if g.closure([]string{e})[c] {
					want = append(want, e)
					break
				}
			}
		}
		sort.Strings(want)
		sub, err := x.Subgraph(conf)
		require.NoError(t, err)
		require.Equal(t, orEmpty(want), orEmpty(sub))
	})
}

// Queries reuse reach vectors (newReach, release): a query that fails half
// way (an unknown event after others were seeded), and events added
// between queries (more chains), must leave no trace on later answers.
func TestReusedReachVectorsStayClean(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 7))
	for round := 0; round < 30; round++ {
		g := randomDAG(rng, 40+rng.IntN(160), 1+rng.IntN(8), 1+rng.IntN(4))
		half := len(g.ids) / 2
		x := New(0)
		for i := 0; i < half; i++ {
			require.NoError(t, x.Add(g.ids[i], g.keys[i], g.auth[i]))
		}
		sub := &graph{ids: g.ids[:half], keys: g.keys[:half], auth: g.auth[:half]}
		for q := 0; q < 20; q++ {
			if q == 10 { // grow the index between queries
				for i := half; i < len(g.ids); i++ {
					require.NoError(t, x.Add(g.ids[i], g.keys[i], g.auth[i]))
				}
				sub = g
			}
			common := pick(rng, sub, rng.IntN(5))
			sets := [][]string{pick(rng, sub, 1+rng.IntN(4)), pick(rng, sub, rng.IntN(4))}
			// A failing query first: the last set names an unknown event
			// after every other event was seeded and propagated.
			bad := append(append([][]string(nil), sets...), append(pick(rng, sub, 2), "$unknown"))
			_, err := x.Difference(common, bad)
			var unknown *UnknownEventError
			require.ErrorAs(t, err, &unknown)
			_, err = x.AuthChain(append(pick(rng, sub, 3), "$unknown"))
			require.ErrorAs(t, err, &unknown)
			got, err := x.Difference(common, sets)
			require.NoError(t, err)
			require.Equal(t, sub.refDifference(common, sets), orEmpty(got), "round %d query %d", round, q)
			chain, err := x.AuthChain(sets[0])
			require.NoError(t, err)
			var want []string
			for id := range sub.closure(sets[0]) {
				want = append(want, id)
			}
			sort.Strings(want)
			require.Equal(t, want, chain)
		}
	}
}

// stateKeyed turns g's keys into state keys ("t" NUL key), as AddEvent
// keys state events, and picks a common state: at most one event per key,
// each at its own key.
func stateKeyed(g *graph) {
	for i, k := range g.keys {
		g.keys[i] = "t\x00" + k
	}
}

func pickState(rng *rand.Rand, g *graph, k int) (map[string]string, []string) {
	at := map[string]int{}
	for i, id := range g.ids {
		at[id] = i
	}
	st := map[string]string{}
	var ids []string
	cands := pick(rng, g, k)
	for i := 0; i < k; i++ { // old events too, as a state has
		cands = append(cands, g.ids[rng.IntN(len(g.ids))])
	}
	for _, id := range cands {
		if _, taken := st[g.keys[at[id]]]; !taken {
			st[g.keys[at[id]]] = id
			ids = append(ids, id)
		}
	}
	return st, ids
}

// StateDifference, given the common events as a state, equals the plain
// closure difference (and Difference) on random DAGs, on the index as
// built and as loaded from rows; Subgraph equals the brute-force
// conflicted state subgraph.
func TestStateDifferenceAndSubgraphMatchClosure(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for round := 0; round < 80; round++ {
		g := randomDAG(rng, 20+rng.IntN(250), 1+rng.IntN(12), 1+rng.IntN(5))
		stateKeyed(g)
		x := g.index(t)
		y, err := Load(x.Rows())
		require.NoError(t, err)
		for q := 0; q < 10; q++ {
			st, common := pickState(rng, g, rng.IntN(30))
			lookup := func(typ, sk string) (string, bool) {
				id, ok := st[typ+"\x00"+sk]
				return id, ok
			}
			sets := make([][]string, 2+rng.IntN(3))
			for i := range sets {
				sets[i] = pick(rng, g, rng.IntN(4))
				if rng.IntN(3) == 0 {
					sets[i] = append(sets[i], g.ids[rng.IntN(len(g.ids))])
				}
			}
			want := g.refDifference(common, sets)
			for _, ix := range []*Index{x, y} {
				got, err := ix.StateDifference(lookup, sets)
				require.NoError(t, err)
				require.Equal(t, want, orEmpty(got), "round %d query %d", round, q)
			}
			conf := pick(rng, g, 1+rng.IntN(6))
			var wantSub []string
			for e := range g.closure(conf) {
				for _, c := range conf {
					if g.closure([]string{e})[c] {
						wantSub = append(wantSub, e)
						break
					}
				}
			}
			sort.Strings(wantSub)
			for _, ix := range []*Index{x, y} {
				got, err := ix.Subgraph(conf)
				require.NoError(t, err)
				require.Equal(t, orEmpty(wantSub), orEmpty(got), "round %d query %d", round, q)
			}
		}
	}
}

// A common "state" that holds, at some key, an event the index keys
// otherwise is refused rather than answered wrongly; an unknown event in
// it is reported.
func TestStateDifferenceRefusesWhatIsNotAState(t *testing.T) {
	x := New(0)
	require.NoError(t, x.Add("$pl", "p\x00", nil))
	require.NoError(t, x.Add("$m", "m\x00u", []string{"$pl"}))
	require.NoError(t, x.Add("$a", "a\x00", []string{"$m"}))
	require.NoError(t, x.Add("$b", "b\x00", []string{"$pl"}))
	sets := [][]string{{"$a"}, {"$b"}}
	// "$a" held at the key of "$m": its reach would be looked for on m's
	// chain and missed.
	_, err := x.StateDifference(func(typ, sk string) (string, bool) {
		if typ == "m" && sk == "u" {
			return "$a", true
		}
		return "", false
	}, sets)
	require.ErrorIs(t, err, errNotAState)
	_, err = x.StateDifference(func(typ, sk string) (string, bool) {
		return "$nope", typ == "m"
	}, sets)
	var unk *UnknownEventError
	require.ErrorAs(t, err, &unk)
	got, err := x.StateDifference(func(typ, sk string) (string, bool) {
		return "$m", typ == "m" && sk == "u"
	}, sets)
	require.NoError(t, err)
	want, err := x.Difference([]string{"$m"}, sets)
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// Chain keys in parts compare as their joined forms do, NULs in types
// included, and without building strings for the usual keys.
func TestKeyOfEq(t *testing.T) {
	keys := []keyOf{
		{"m.room.member", "@a", true}, {"m.room.member", "@b", true},
		{"m.room.power_levels", "", true}, {"m.room.topic", "", true},
		{"a\x00b", "c", true}, {"a", "b\x00c", true}, {"a\x00b\x00c", "", false},
		{"m.room.member\x00@a", "", false}, {"m.room.message", "", false}, {"ab", "c", true}, {"a", "bc", true},
	}
	for _, k := range keys {
		for _, o := range keys {
			require.Equal(t, k.String() == o.String(), k.eq(o), "%q vs %q", k.String(), o.String())
		}
	}
	k, o := keyOf{"m.room.member", "@a", true}, keyOf{"m.room.topic", "", true}
	require.Zero(t, testing.AllocsPerRun(10, func() { _ = k.eq(o) }))
}

// Compact changes no answer, before or after more events are added, and
// leaves no list with spare capacity.
func TestCompactChangesNoAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for round := 0; round < 30; round++ {
		g := randomDAG(rng, 20+rng.IntN(200), 1+rng.IntN(8), 1+rng.IntN(4))
		stateKeyed(g)
		plain := g.index(t)
		x := New(0)
		half := len(g.ids) / 2
		for i := range g.ids {
			if i == half {
				x.Compact()
			}
			require.NoError(t, x.Add(g.ids[i], g.keys[i], g.auth[i]))
		}
		x.Compact()
		require.True(t, x.frozen)
		require.Nil(t, x.inPool)
		require.Nil(t, x.gch)
		require.Nil(t, x.evs)
		require.Equal(t, len(x.inFrozen), cap(x.inFrozen))
		require.Equal(t, len(x.tgtFz), cap(x.tgtFz))
		require.Equal(t, len(x.chains), cap(x.chains))
		require.LessOrEqual(t, len(x.slots), tableSize(len(x.ids)))
		require.Equal(t, plain.Rows(), x.Rows())
		for q := 0; q < 10; q++ {
			st, common := pickState(rng, g, rng.IntN(20))
			lookup := func(typ, sk string) (string, bool) {
				id, ok := st[typ+"\x00"+sk]
				return id, ok
			}
			sets := [][]string{pick(rng, g, 1+rng.IntN(3)), pick(rng, g, rng.IntN(3))}
			for _, ix := range []*Index{plain, x} {
				a, err := ix.Difference(common, sets)
				require.NoError(t, err)
				b, err := ix.StateDifference(lookup, sets)
				require.NoError(t, err)
				require.Equal(t, orEmpty(a), orEmpty(b))
				require.Equal(t, g.refDifference(common, sets), orEmpty(b))
			}
			s1, err := plain.Subgraph(sets[0])
			require.NoError(t, err)
			s2, err := x.Subgraph(sets[0])
			require.NoError(t, err)
			require.Equal(t, s1, s2)
			from, to := g.ids[rng.IntN(len(g.ids))], g.ids[rng.IntN(len(g.ids))]
			d1, ok1, err := plain.KeyChainDistance(from, to)
			require.NoError(t, err)
			d2, ok2, err := x.KeyChainDistance(from, to)
			require.NoError(t, err)
			require.Equal(t, ok1, ok2)
			require.Equal(t, d1, d2)
		}
	}
	var zero Index
	zero.Compact() // an empty index stays usable
	require.NoError(t, zero.Add("$a", "k", nil))
	require.True(t, zero.Has("$a"))
}

// An index loaded from rows (frozen) takes more events as a growable one
// does: the thawed index keeps the loaded numbering, and its rows,
// answers and places equal those of an index built in one go, before
// and after compacting again. Every event's place and the event at
// that place agree in both layouts.
func TestLoadThenAddMatchesBuilt(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for round := 0; round < 40; round++ {
		g := randomDAG(rng, 10+rng.IntN(200), 1+rng.IntN(8), 1+rng.IntN(5))
		stateKeyed(g)
		plain := g.index(t)
		cut := rng.IntN(len(g.ids) + 1)
		part := New(0)
		for i := range g.ids[:cut] {
			require.NoError(t, part.Add(g.ids[i], g.keys[i], g.auth[i]))
		}
		y, err := Load(part.Rows())
		require.NoError(t, err)
		for i := cut; i < len(g.ids); i++ {
			require.NoError(t, y.Add(g.ids[i], g.keys[i], g.auth[i]))
		}
		for pass := 0; pass < 2; pass++ {
			require.Equal(t, plain.Rows(), y.Rows(), "round %d pass %d", round, pass)
			require.Equal(t, len(g.ids), y.Len())
			for num := range uint32(y.count()) {
				p := y.placeOf(num)
				require.Equal(t, num, y.eventAt(p.chain, p.seq))
				q, ok := y.lookup(y.idOf(num))
				require.True(t, ok)
				require.Equal(t, p, q)
			}
			common := pick(rng, g, rng.IntN(4))
			sets := [][]string{pick(rng, g, 1+rng.IntN(3)), pick(rng, g, rng.IntN(3))}
			got, err := y.Difference(common, sets)
			require.NoError(t, err)
			require.Equal(t, g.refDifference(common, sets), orEmpty(got))
			y.Compact()
		}
	}
}
