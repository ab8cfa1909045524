package stateres

import (
	"fmt"
	"github.com/mxauth/mxauth/authchain"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// byteSource reads fuzz input as a stream of small numbers.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) n(k int) int {
	if k <= 1 {
		return 0
	}
	if s.i >= len(s.b) {
		return 0
	}
	v := int(s.b[s.i])
	s.i++
	return v % k
}

// randomGraph builds a hostile little room from fuzz bytes: arbitrary
// auth references (including later events, so cycles, and missing IDs),
// depths that may break order, events of another room, rejected events and
// 2–4 state sets.
func randomGraph(t testing.TB, data []byte) (*testGraph, Input) {
	src := &byteSource{b: data}
	versions := []roomversion.Version{roomversion.V1(), roomversion.V2(), roomversion.V6(), roomversion.V11(), roomversion.V12()}
	g := newGraph(t, versions[src.n(len(versions))])
	users := []string{alice, bob, "@carol:y.example"}
	count := 2 + src.n(30)
	idOf := func(i int) string { return fmt.Sprintf("$e%d:x.example", i) }
	type kind struct {
		typ, sk, membership string
	}
	kinds := []kind{
		{"m.room.power_levels", "", ""}, {"m.room.join_rules", "", ""}, {"m.room.topic", "", ""},
		{"m.room.member", alice, "join"}, {"m.room.member", bob, "join"}, {"m.room.member", bob, "leave"},
		{"m.room.member", bob, "ban"}, {"m.room.member", "@carol:y.example", "invite"}, {"m.room.create", "", ""},
		{"m.room.power_levels", "x", ""},
	}
	for i := 0; i < count; i++ {
		k := kinds[src.n(len(kinds))]
		if i == 0 {
			k = kind{"m.room.create", "", ""}
		}
		s := spec{ID: idOf(i), Type: k.typ, Sender: users[src.n(len(users))], StateKey: sk(k.sk),
			Depth: int64(i + 1), TS: int64(src.n(4) * 1000)}
		switch src.n(4) {
		case 0:
			s.Depth = int64(src.n(count + 2)) // any order
		case 1:
			s.Depth = int64(count - i) // against the auth edges
		}
		switch k.typ {
		case "m.room.create":
			s.Content = map[string]any{"creator": users[src.n(len(users))]}
		case "m.room.member":
			s.Content = map[string]any{"membership": k.membership}
		case "m.room.power_levels":
			s.Content = map[string]any{"users": map[string]any{users[src.n(3)]: 100, users[src.n(3)]: src.n(101)}}
		case "m.room.join_rules":
			s.Content = map[string]any{"join_rule": []string{"public", "invite"}[src.n(2)]}
		}
		if i > 0 {
			if !g.v.RoomIDFromCreateEvent { // v12 implies it instead
				s.Auth = append(s.Auth, idOf(0))
			}
			for j, na := 0, src.n(4); j < na; j++ {
				switch src.n(10) {
				case 0:
					s.Auth = append(s.Auth, idOf(src.n(count))) // maybe later: cycles
				case 1:
					s.Auth = append(s.Auth, "$missing:x.example")
				default:
					s.Auth = append(s.Auth, idOf(src.n(i)))
				}
			}
		}
		if src.n(40) == 0 {
			s.Room = "!other:x.example"
		}
		if g.v.RoomIDFromCreateEvent {
			// v12: never list the implied create event (FMT-12-3).
			kept := s.Auth[:0]
			for _, a := range s.Auth {
				if a != idOf(0) {
					kept = append(kept, a)
				}
			}
			s.Auth = kept
		}
		g.add(s)
		if src.n(6) == 0 {
			g.rej[s.ID] = true
		}
	}
	nsets := 2 + src.n(3)
	sets := make([]StateSet, nsets)
	for i := range sets {
		sets[i] = StateSet{}
		for j := 0; j < count; j++ {
			if src.n(3) == 0 {
				continue
			}
			ev := g.evs[idOf(j)]
			k, _ := keyOf(ev)
			sets[i][k] = ev.ID()
		}
		if src.n(5) == 0 {
			sets[i][key("m.room.name", "")] = "$missing:x.example"
		}
	}
	return g, g.input(sets...)
}

// withDepths rebuilds the graph of in with every event's depth replaced by
// depth(i, old): the same graph otherwise, same IDs.
func withDepths(t testing.TB, g *testGraph, depth func(i int, old int64) int64) *testGraph {
	g2 := newGraph(t, g.v)
	for i, s := range g.specs {
		s.Depth = depth(i, s.Depth)
		g2.add(s)
	}
	g2.rej = g.rej
	return g2
}

// checkGraph asserts the properties of issue 9 on one graph: Resolve equals
// the slow reference (v2), and does not change when depths are permuted or
// reversed, when the sets are reversed or repeated, or when it is called
// again.
func checkGraph(t *testing.T, g *testGraph, in Input) {
	got, err := Resolve(in)
	again, err2 := Resolve(in)
	require.Equal(t, err == nil, err2 == nil, "%v / %v", err, err2)
	require.Equal(t, got, again, "a second call differs")
	rev := in
	rev.StateSets = make([]StateSet, len(in.StateSets))
	for i, s := range in.StateSets {
		rev.StateSets[len(in.StateSets)-1-i] = s
	}
	got2, err2 := Resolve(rev)
	require.Equal(t, err == nil, err2 == nil, "%v / %v", err, err2)
	require.Equal(t, got, got2, "reversed sets differ")
	dup := in
	dup.StateSets = append(append([]StateSet(nil), in.StateSets...), in.StateSets...)
	got3, err3 := Resolve(dup)
	require.Equal(t, err == nil, err3 == nil, "%v / %v", err, err3)
	require.Equal(t, got, got3, "repeated sets differ")
	if !isV2(in.Version) {
		return // algorithm v1 orders by depth by definition (SR1-3)
	}
	n := int64(len(g.specs))
	for _, perm := range []func(i int, d int64) int64{
		func(i int, d int64) int64 { return n - int64(i) },         // reversed
		func(i int, d int64) int64 { return (int64(i)*7 + 3) % n }, // scrambled
		func(i int, d int64) int64 { return 5 },                    // all equal
	} {
		g2 := withDepths(t, g, perm)
		in2 := in
		in2.Fetch = g2.fetch
		got4, err4 := Resolve(in2)
		require.Equal(t, err == nil, err4 == nil, "%v / %v", err, err4)
		require.Equal(t, got, got4, "other depths give another result")
	}
	if err != nil {
		return
	}
	want, ok := referenceResolveV2(in)
	if ok {
		require.Equal(t, want, got, "Resolve differs from the reference")
	}
	// The index paths (StateDifference, Subgraph, KeyChainDistance) give
	// the same state, whatever the index's layout: as built, compacted,
	// and compacted part way and then added to (thawed).
	for _, layout := range []struct {
		name      string
		compactAt int
		compact   bool
	}{{"as built", -1, false}, {"compacted", -1, true}, {"thawed", 1 + len(g.specs)/2, false}} {
		if x, ok := indexGraph(in, layout.compactAt); ok {
			if layout.compact {
				x.Compact()
			}
			withIdx := in
			withIdx.AuthChains = x
			got6, err6 := Resolve(withIdx)
			require.NoError(t, err6, layout.name)
			require.Equal(t, got, got6, "resolution with the %s auth-chain index gives another result", layout.name)
		}
	}
	slow := in
	room := in.RoomID
	if room == "" {
		room = roomOfSets(&in)
	}
	slow.AuthDifference = slowAuthDifferenceIn(in.Fetch, room)
	got5, err5 := Resolve(slow)
	require.NoError(t, err5)
	require.Equal(t, got, got5, "closure auth difference gives another result")
}

func FuzzResolve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x10abcdefghijklmnopqrstuvwxyz0123456789"))
	f.Add([]byte("\x02\x1d\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x00\x00\x07\x07\x07\x01\x02\x03"))
	for i := 0; i < 20; i++ {
		b := make([]byte, 200)
		for j := range b {
			b[j] = byte((i*131 + j*17 + j*j) % 251)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, in := randomGraph(t, data)
		checkGraph(t, g, in)
	})
}

// indexGraph indexes every event reachable from the input's sets, auth
// events first, as a server would have (missing events and events of
// another room left out, as resolution treats them); ok is false when an
// auth cycle makes that impossible. With compactAt > 0 the index is
// compacted once it holds that many events, and the rest is added to the
// compacted index.
func indexGraph(in Input, compactAt int) (*authchain.Index, bool) {
	room := in.RoomID
	if room == "" {
		room = roomOfSets(&in)
	}
	f := refFetcher{fetch: in.Fetch, room: room}
	x := authchain.New(0)
	state := map[string]int8{} // 1 visiting, 2 indexed, 3 absent
	var visit func(id string) bool
	visit = func(id string) bool {
		switch state[id] {
		case 1:
			return false
		case 2:
			return true
		case 3:
			return false
		}
		ev := f.get(id)
		if ev == nil {
			state[id] = 3
			return false
		}
		state[id] = 1
		var auth []string
		for _, a := range authIDs(ev) {
			if visit(a) {
				auth = append(auth, a)
			} else if state[a] == 1 {
				return false // a cycle
			}
		}
		key := ev.Type()
		if sk, ok := ev.StateKey(); ok {
			key += "\x00" + sk
		}
		if err := x.Add(id, key, auth); err != nil {
			return false
		}
		if x.Len() == compactAt {
			x.Compact()
		}
		state[id] = 2
		return true
	}
	for _, s := range in.StateSets {
		for _, id := range s {
			visit(id)
			if state[id] == 1 {
				return nil, false
			}
		}
	}
	return x, true
}
