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
