package stateres

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// Tests in this file pin behaviours where an earlier version of the
// package differed from Synapse (DIGEST §5, DECISIONS D6–D13).

// SR-DEF-3: resolution runs only the state-dependent rules, and Synapse has
// none for m.room.create (check_state_dependent_auth_rules allows it at
// once). A second create event that fails CREATE-2 (room and sender on
// different servers) but was not rejected on receipt is therefore admitted
// during resolution: in v2 as the last power event applied, in v1 as the
// first "other" candidate tried.
func TestSRDEF3_CreateNotRecheckedV2(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(nil)
	g.add(spec{ID: "$c2", Type: "m.room.create", Sender: "@mallory:evil.example", StateKey: sk(""),
		Content: map[string]any{"creator": "@mallory:evil.example"}, Depth: 1, TS: 1500})
	out := g.resolve(
		g.set(baseIDs...),
		g.set("$c2", "$ja", "$pl", "$jr"),
	)
	require.Equal(t, "$c2", out[key("m.room.create", "")])
}

func TestSRDEF3_CreateNotRecheckedV1(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	g.room(nil)
	g.add(spec{ID: "$c2", Type: "m.room.create", Sender: "@mallory:evil.example", StateKey: sk(""),
		Content: map[string]any{"creator": "@mallory:evil.example"}, Depth: 5, TS: 1500})
	out := g.resolve(
		g.set(baseIDs...),
		g.set("$c2", "$ja", "$pl", "$jr"),
	)
	require.Equal(t, "$c2", out[key("m.room.create", "")])
}

// SR2-DEF-6 / EDGE-SR2-3: Synapse's _get_power_level_for_sender keeps the
// last power-levels event among the auth events (and the first create
// event for the creator check). jrA lists pl2 (bob 100) before pl (bob 50):
// its sender has 50, ties with jrB and, with the later timestamp, is
// applied last and wins.
func TestSR2DEF6_SenderPowerFromLastPLAuthEvent(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(map[string]any{bob: 50})
	g.join("$jb", bob, 5, 5000)
	g.add(spec{ID: "$pl2", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""),
		Content: map[string]any{"users": map[string]any{alice: 100, bob: 100}}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 6, TS: 5500})
	g.add(spec{ID: "$jrA", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""),
		Content: map[string]any{"join_rule": "invite"}, Auth: []string{"$create", "$pl2", "$pl", "$jb"}, Depth: 7, TS: 7000})
	g.add(spec{ID: "$jrB", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""),
		Content: map[string]any{"join_rule": "knock"}, Auth: []string{"$create", "$pl", "$jb"}, Depth: 6, TS: 6000})
	out := g.resolve(
		g.set("$create", "$ja", "$pl", "$jb", "$jrA"),
		g.set("$create", "$ja", "$pl", "$jb", "$jrB"),
	)
	require.Equal(t, "$jrA", out[key("m.room.join_rules", "")])
	require.Equal(t, "$pl", out[key("m.room.power_levels", "")])
}

// SR2-DEF-7/8 (EDGE-SR2-10 neighbourhood): Synapse builds the whole
// mainline before sorting. Here the mainline P0 → P1 → P2 has depths 10, 5,
// 8, so a walk that stops extending the mainline once it is below an
// event's depth misses P2. Topic e cites P2, so its mainline depth is 1
// (P2 is the oldest mainline event); topic f cites no power levels, depth
// 0. Synapse applies f first and e last, although e has the smaller
// timestamp. The default Input never reads depth, so the mainline is
// followed as far as the walks need.
func TestSR2DEF8_MainlineWithDepthsOutOfOrder(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.add(spec{ID: "$create", Type: "m.room.create", Sender: alice, StateKey: sk(""), Content: map[string]any{"creator": alice}, Depth: 1, TS: 1000})
	g.add(spec{ID: "$ja", Type: "m.room.member", Sender: alice, StateKey: sk(alice), Content: map[string]any{"membership": "join"}, Auth: []string{"$create"}, Depth: 2, TS: 1100})
	users := map[string]any{alice: 100}
	g.add(spec{ID: "$p2", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": users}, Auth: []string{"$create", "$ja"}, Depth: 8, TS: 1200})
	g.add(spec{ID: "$p1", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": users, "ban": 60}, Auth: []string{"$create", "$ja", "$p2"}, Depth: 5, TS: 1300})
	g.add(spec{ID: "$p0", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": users, "ban": 70}, Auth: []string{"$create", "$ja", "$p1"}, Depth: 10, TS: 1400})
	g.add(spec{ID: "$e", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "e"}, Auth: []string{"$create", "$p2", "$ja"}, Depth: 9, TS: 2000})
	g.add(spec{ID: "$f", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "f"}, Auth: []string{"$create", "$ja"}, Depth: 11, TS: 3000})
	in := g.input(
		g.set("$create", "$ja", "$p0", "$e"),
		g.set("$create", "$ja", "$p0", "$f"),
	)
	out, err := Resolve(in)
	require.NoError(t, err)
	require.Equal(t, "$e", out[key("m.room.topic", "")])
}

// EDGE-SR2-8 (D12): Synapse's lexicographical topological sort never emits
// the events of an auth cycle, nor any event that depends on one, so such
// an event is left to the mainline pass (SR2-5, SR2-6). jrD cites c1, which
// lies on a cycle with c2 (both rejected, D12); jrD itself is not listed as
// rejected. Synapse applies jrE among the power events and jrD afterwards,
// so jrD wins although its timestamp is earlier.
func TestEdgeSR2_8_CycleDependantsLeftToMainline(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.add(spec{ID: "$create", Type: "m.room.create", Sender: alice, StateKey: sk(""), Content: map[string]any{"creator": alice}, Depth: 1, TS: 1000})
	g.add(spec{ID: "$ja", Type: "m.room.member", Sender: alice, StateKey: sk(alice), Content: map[string]any{"membership": "join"}, Auth: []string{"$create"}, Depth: 2, TS: 1100})
	g.add(spec{ID: "$pl", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{alice: 100}}, Auth: []string{"$create", "$ja"}, Depth: 3, TS: 1200})
	g.add(spec{ID: "$c1", Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "join"}, Auth: []string{"$create", "$pl", "$c2"}, Depth: 4, TS: 1300})
	g.add(spec{ID: "$c2", Type: "m.room.member", Sender: alice, StateKey: sk("@carol:x.example"), Content: map[string]any{"membership": "invite"}, Auth: []string{"$create", "$pl", "$c1"}, Depth: 4, TS: 1300})
	g.rej["$c1"], g.rej["$c2"] = true, true
	g.add(spec{ID: "$jrD", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "public"}, Auth: []string{"$create", "$pl", "$ja", "$c1"}, Depth: 5, TS: 2000})
	g.add(spec{ID: "$jrE", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 3000})
	in := g.input(
		g.set("$create", "$ja", "$pl", "$jrD"),
		g.set("$create", "$ja", "$pl", "$jrE"),
	)
	for _, slow := range []bool{false, true} {
		if slow {
			in.AuthDifference = slowAuthDifference(in.Fetch)
		}
		out, err := Resolve(in)
		require.NoError(t, err)
		require.Equal(t, "$jrD", out[key("m.room.join_rules", "")], "slow=%v", slow)
		require.NotContains(t, out, key("m.room.member", bob))
	}
}
