package stateres

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// allowAll is rules that allow every event and give power levels from a
// table, to test orderings alone.
type allowAll struct{ levels map[string]int64 }

func (allowAll) check(*event.Event, auth.State) error { return nil }

func (allowAll) selectKeys(ev *event.Event, dst []auth.StateKey) []auth.StateKey {
	return auth.SelectAuthEvents(ev, dst)
}

func (a allowAll) powerLevel(_ auth.State, u string) (auth.Level, error) {
	return auth.IntLevel(a.levels[u]), nil
}

func (g *testGraph) resolver(rl rules) *resolver {
	in := g.input(StateSet{}, StateSet{})
	return newResolver(&in, rl)
}

func (g *testGraph) nodes(r *resolver, ids ...string) []*node {
	var out []*node
	for _, id := range ids {
		n, err := r.get(id)
		require.NoError(g.t, err)
		require.NotNil(g.t, n, id)
		out = append(out, n)
	}
	return out
}

func ids(ns []*node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.id)
	}
	return out
}

// EDGE-SR2-2 (D7): Synapse's power events.
func TestIsPowerEvent(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	cases := []struct {
		s    spec
		want bool
	}{
		{spec{Type: "m.room.power_levels", Sender: alice, StateKey: sk("")}, true},
		{spec{Type: "m.room.power_levels", Sender: alice, StateKey: sk("x")}, false},
		{spec{Type: "m.room.join_rules", Sender: alice, StateKey: sk("")}, true},
		{spec{Type: "m.room.join_rules", Sender: alice, StateKey: sk("x")}, false},
		{spec{Type: "m.room.create", Sender: alice, StateKey: sk("")}, true},
		{spec{Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": "leave"}}, true},
		{spec{Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": "ban"}}, true},
		{spec{Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "leave"}}, false},
		{spec{Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": "invite"}}, false},
		{spec{Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": 5}}, false},
		{spec{Type: "m.room.topic", Sender: alice, StateKey: sk("")}, false},
		{spec{Type: "m.room.power_levels", Sender: alice}, false},
	}
	for i, c := range cases {
		c.s.ID = "$e" + string(rune('a'+i))
		c.s.Depth, c.s.TS = 1, 1
		require.Equal(t, c.want, isPowerEvent(g.add(c.s)), "case %d", i)
	}
}

// EDGE-SR2-3 (D6): with no power levels among an event's auth events, the
// creator has 100 and others 0; otherwise DEF-PL-1 over the first PL event.
func TestSenderPower(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(map[string]any{bob: 42})
	g.add(spec{ID: "$a1", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Auth: []string{"$create", "$ja"}, Depth: 5, TS: 1})
	g.add(spec{ID: "$b1", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""), Auth: []string{"$create", "$ja"}, Depth: 5, TS: 1})
	g.add(spec{ID: "$b2", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""), Auth: []string{"$create", "$pl", "$missing"}, Depth: 5, TS: 1})
	r := g.resolver(authRules{})
	for id, want := range map[string]int64{"$a1": 100, "$b1": 0, "$b2": 42} {
		n := g.nodes(r, id)[0]
		pl, err := r.senderPower(n)
		require.NoError(t, err)
		require.Equal(t, auth.IntLevel(want), pl, id)
	}
}

// SR2-DEF-6 and EDGE-SR2-4: auth events first, then higher power, then
// smaller ts, then smaller ID.
func TestPowerOrderTieBreaks(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(nil)
	mk := func(id, sender string, ts int64, auth ...string) {
		g.add(spec{ID: id, Type: "m.room.join_rules", Sender: sender, StateKey: sk(""), Auth: append([]string{"$create"}, auth...), Depth: 10, TS: ts})
	}
	mk("$hi", "@hi:x", 9000)
	mk("$lo-early", "@lo:x", 1000)
	mk("$lo-b", "@lo:x", 2000)
	mk("$lo-a", "@lo:x", 2000)
	mk("$child", "@hi:x", 1, "$lo-a") // cites $lo-a, so comes after it
	r := g.resolver(allowAll{levels: map[string]int64{"@hi:x": 100, "@lo:x": 10}})
	fcs := g.nodes(r, "$child", "$lo-b", "$hi", "$lo-a", "$lo-early")
	for _, n := range fcs {
		n.fcs = true
	}
	out, err := r.powerOrder(fcs)
	require.NoError(t, err)
	require.Equal(t, []string{"$hi", "$lo-early", "$lo-a", "$child", "$lo-b"}, ids(out))
}

// EDGE-SR2-9: the closure of SR2-3 stops at events outside the full
// conflicted set; $deep is reached only through $mid, which is not in it.
func TestPowerClosureStopsOutsideFCS(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(nil)
	g.add(spec{ID: "$deep", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Auth: []string{"$create"}, Depth: 5, TS: 1})
	g.add(spec{ID: "$mid", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Auth: []string{"$create", "$deep"}, Depth: 6, TS: 1})
	g.add(spec{ID: "$near", Type: "m.room.name", Sender: alice, StateKey: sk(""), Auth: []string{"$create"}, Depth: 6, TS: 1})
	g.add(spec{ID: "$p", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Auth: []string{"$create", "$mid", "$near"}, Depth: 7, TS: 1})
	r := g.resolver(allowAll{})
	fcs := g.nodes(r, "$p", "$deep", "$near")
	for _, n := range fcs {
		n.fcs = true
	}
	g.nodes(r, "$mid")
	out, err := r.powerOrder(fcs)
	require.NoError(t, err)
	require.Equal(t, []string{"$near", "$p"}, ids(out))
}

// SR2-DEF-9, EDGE-SR2-4, EDGE-SR2-10: mainline ordering, with ties by ts
// then ID; events reaching no mainline event come first; with no power
// levels the order is (ts, ID).
func TestMainlineSort(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(nil)
	g.add(spec{ID: "$p2", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 1})
	g.add(spec{ID: "$p3", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Auth: []string{"$create", "$p2", "$ja"}, Depth: 6, TS: 1})
	g.add(spec{ID: "$side", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Auth: []string{"$create", "$p2", "$ja"}, Depth: 6, TS: 1})
	ev := func(id string, ts int64, auth ...string) {
		g.add(spec{ID: id, Type: "m.room.topic", Sender: alice, StateKey: sk(""), Auth: append([]string{"$create"}, auth...), Depth: 9, TS: ts})
	}
	ev("$none", 9000)               // no PL: first
	ev("$onPL", 10, "$pl")          // oldest mainline event
	ev("$viaSide", 5, "$side")      // reaches the mainline at $p2
	ev("$onP2b", 20, "$p2")         // same position, later ts
	ev("$onP2a", 20, "$p2")         // same position and ts: ID decides
	ev("$onP3", 1, "$p3")           // newest
	ev("$offMain", 1, "$ja", "$p3") // first PL auth event is $p3

	r := g.resolver(allowAll{})
	evs := g.nodes(r, "$onP3", "$onP2b", "$viaSide", "$none", "$onP2a", "$onPL", "$offMain")
	require.NoError(t, r.mainlineSort(evs, "$p3"))
	require.Equal(t, []string{"$none", "$onPL", "$viaSide", "$onP2a", "$onP2b", "$offMain", "$onP3"}, ids(evs))

	r = g.resolver(allowAll{})
	evs = g.nodes(r, "$onP3", "$onP2b", "$viaSide", "$none", "$onP2a", "$onPL")
	require.NoError(t, r.mainlineSort(evs, ""))
	require.Equal(t, []string{"$onP3", "$viaSide", "$onPL", "$onP2a", "$onP2b", "$none"}, ids(evs))
}
