package stateres

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

const carol = "@carol:x.example"

// room12 starts a room of version v (11 or 12) created by alice, with bob
// at level 100 and carol joined. In v12 the create event is "$create",
// implied by room_id and never listed; in v11 it is listed.
func room12(t *testing.T, v roomversion.Version) (*testGraph, func(ids ...string) []string) {
	g := newGraph(t, v)
	cite := func(ids ...string) []string {
		if v.RoomIDFromCreateEvent {
			return ids
		}
		return append([]string{"$create"}, ids...)
	}
	content := map[string]any{"room_version": v.ID}
	g.add(spec{ID: "$create", Type: "m.room.create", Sender: alice, StateKey: sk(""), Content: content, Depth: 1, TS: 1000})
	g.add(spec{ID: "$ja", Type: "m.room.member", Sender: alice, StateKey: sk(alice), Content: map[string]any{"membership": "join"}, Auth: cite(), Depth: 2, TS: 1100})
	users := map[string]any{bob: 100}
	if !v.PrivilegedCreators {
		users[alice] = 100
	}
	g.add(spec{ID: "$pl0", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": users}, Auth: cite("$ja"), Depth: 3, TS: 1200})
	g.add(spec{ID: "$jr1", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "public"}, Auth: cite("$pl0", "$ja"), Depth: 4, TS: 1300})
	g.add(spec{ID: "$jb", Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "join"}, Auth: cite("$pl0", "$jr1"), Depth: 5, TS: 1400})
	g.add(spec{ID: "$jc", Type: "m.room.member", Sender: carol, StateKey: sk(carol), Content: map[string]any{"membership": "join"}, Auth: cite("$pl0", "$jr1"), Depth: 6, TS: 1500})
	return g, cite
}

// SR21-4 (MSC4297 problem A): bob changes the join rules, then leaves;
// his leave is unconflicted. v2 replays his change from the unconflicted
// map, where he is no longer joined, and drops it; v2.1 replays from an
// empty map, so his own auth events admit it, and alice's original join
// rules, applied first (she outranks him), lose.
func TestSR21_4_ReplayFromEmptyMap(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V11(), roomversion.V12()} {
		g, cite := room12(t, v)
		g.add(spec{ID: "$jr2", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"}, Auth: cite("$pl0", "$jb"), Depth: 7, TS: 1600})
		g.add(spec{ID: "$lb", Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "leave"}, Auth: cite("$pl0", "$jb"), Depth: 8, TS: 1700})
		out := g.resolve(
			g.set("$create", "$ja", "$pl0", "$jr2", "$lb", "$jc"),
			g.set("$create", "$ja", "$pl0", "$jr1", "$lb", "$jc"),
		)
		want := "$jr1"
		if v.StateRes == roomversion.StateResV21 {
			want = "$jr2"
		}
		require.Equal(t, want, out[key("m.room.join_rules", "")], "v%s", v.ID)
		require.Equal(t, "$lb", out[key("m.room.member", bob)], "SR21-7: unconflicted entries win")
	}
}

// SR21-DEF-1, SR21-DEF-2 (MSC4297 problem B): pl1 (alice promotes carol)
// → pl2 (carol changes the levels); one set still holds pl0. pl1 is in
// both sets' auth chains (an unconflicted topic cites it), so it is not in
// the auth difference; in v2.1 it lies on the path pl2 → pl1 → pl0 between
// two conflicted events, so the subgraph brings it in and pl2 passes.
func TestSR21_DEF1_SubgraphBringsIntermediatePL(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V11(), roomversion.V12()} {
		g, cite := room12(t, v)
		users := map[string]any{bob: 100, carol: 100}
		if !v.PrivilegedCreators {
			users[alice] = 100
		}
		g.add(spec{ID: "$pl1", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": users}, Auth: cite("$pl0", "$ja"), Depth: 7, TS: 1600})
		users2 := map[string]any{bob: 100, carol: 100, "@dave:x.example": 50}
		if !v.PrivilegedCreators {
			users2[alice] = 100
		}
		g.add(spec{ID: "$pl2", Type: "m.room.power_levels", Sender: carol, StateKey: sk(""), Content: map[string]any{"users": users2}, Auth: cite("$pl1", "$jc"), Depth: 8, TS: 1700})
		g.add(spec{ID: "$topic", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "t"}, Auth: cite("$pl1", "$ja"), Depth: 9, TS: 1800})
		out := g.resolve(
			g.set("$create", "$ja", "$pl0", "$jr1", "$jb", "$jc", "$topic"),
			g.set("$create", "$ja", "$pl2", "$jr1", "$jb", "$jc", "$topic"),
		)
		want := "$pl0"
		if v.StateRes == roomversion.StateResV21 {
			want = "$pl2"
		}
		require.Equal(t, want, out[key("m.room.power_levels", "")], "v%s", v.ID)
	}
}

// SR21-5: in v2.1 the mainline comes from T after the power events only.
// The unconflicted pl1 is not in the full conflicted set, so T has no
// power levels, the mainline is empty and the topics are ordered by
// timestamp: ta (later) wins. In v2 the unconflicted pl1 gives the
// mainline; tb cites pl1, ta the older pl0, so tb is applied last.
func TestSR21_5_MainlineFromTOnly(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V11(), roomversion.V12()} {
		g, cite := room12(t, v)
		users := map[string]any{bob: 100, carol: 10}
		if !v.PrivilegedCreators {
			users[alice] = 100
		}
		g.add(spec{ID: "$pl1", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": users}, Auth: cite("$pl0", "$ja"), Depth: 7, TS: 1600})
		g.add(spec{ID: "$ta", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "a"}, Auth: cite("$pl0", "$ja"), Depth: 8, TS: 3000})
		g.add(spec{ID: "$tb", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "b"}, Auth: cite("$pl1", "$ja"), Depth: 9, TS: 2000})
		out := g.resolve(
			g.set("$create", "$ja", "$pl1", "$jr1", "$jb", "$jc", "$ta"),
			g.set("$create", "$ja", "$pl1", "$jr1", "$jb", "$jc", "$tb"),
		)
		want := "$tb"
		if v.StateRes == roomversion.StateResV21 {
			want = "$ta"
		}
		require.Equal(t, want, out[key("m.room.topic", "")], "v%s", v.ID)
	}
}

// SR21-DEF-3: two creators have the same (infinite) power, even with a
// power-levels event among their auth events, so their join-rules changes
// are ordered by timestamp, then ID; the later one is applied last and wins.
// A non-creator at 100 sorts after both.
func TestSR21_DEF3_CreatorsTie(t *testing.T) {
	v := roomversion.V12()
	g := newGraph(t, v)
	g.add(spec{ID: "$create", Type: "m.room.create", Sender: alice, StateKey: sk(""), Content: map[string]any{"room_version": "12", "additional_creators": []any{bob}}, Depth: 1, TS: 1000})
	g.add(spec{ID: "$ja", Type: "m.room.member", Sender: alice, StateKey: sk(alice), Content: map[string]any{"membership": "join"}, Depth: 2, TS: 1100})
	g.add(spec{ID: "$pl0", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{carol: 100}}, Auth: []string{"$ja"}, Depth: 3, TS: 1200})
	g.add(spec{ID: "$jr1", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "public"}, Auth: []string{"$pl0", "$ja"}, Depth: 4, TS: 1300})
	g.add(spec{ID: "$jb", Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "join"}, Auth: []string{"$pl0", "$jr1"}, Depth: 5, TS: 1400})
	g.add(spec{ID: "$jc", Type: "m.room.member", Sender: carol, StateKey: sk(carol), Content: map[string]any{"membership": "join"}, Auth: []string{"$pl0", "$jr1"}, Depth: 6, TS: 1500})
	g.add(spec{ID: "$jrA", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"}, Auth: []string{"$pl0", "$ja"}, Depth: 7, TS: 5000})
	g.add(spec{ID: "$jrB", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""), Content: map[string]any{"join_rule": "knock"}, Auth: []string{"$pl0", "$jb"}, Depth: 7, TS: 6000})
	g.add(spec{ID: "$jrC", Type: "m.room.join_rules", Sender: carol, StateKey: sk(""), Content: map[string]any{"join_rule": "public"}, Auth: []string{"$pl0", "$jc"}, Depth: 7, TS: 100})
	base := []string{"$create", "$ja", "$pl0", "$jb", "$jc"}
	sets := func(jrs ...string) []StateSet {
		var out []StateSet
		for _, jr := range jrs {
			out = append(out, g.set(append([]string{jr}, base...)...))
		}
		return out
	}
	out := g.resolve(sets("$jrA", "$jrB", "$jrC")...)
	// Order: jrA (creator, ts 5000), jrB (creator, ts 6000), jrC (100).
	require.Equal(t, "$jrC", out[key("m.room.join_rules", "")])
	out = g.resolve(sets("$jrA", "$jrB")...)
	require.Equal(t, "$jrB", out[key("m.room.join_rules", "")])
	r := g.resolver(authRules{})
	for _, id := range []string{"$jrA", "$jrB"} {
		pl, err := r.senderPower(g.nodes(r, id)[0])
		require.NoError(t, err)
		require.True(t, pl.Infinite(), "%s: a creator's power is infinite despite pl0", id)
	}
	pl, err := r.senderPower(g.nodes(r, "$jrC")[0])
	require.NoError(t, err)
	require.Equal(t, "100", pl.String())
}
