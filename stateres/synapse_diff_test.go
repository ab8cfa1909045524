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
