package stateres

import (
	"crypto/sha1"
	"encoding/hex"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

func sha1hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// lowerSHA1 returns a and b ordered by the hex SHA-1 of their IDs.
func lowerSHA1(a, b string) (lo, hi string) {
	if sha1hex(a) < sha1hex(b) {
		return a, b
	}
	return b, a
}

func (g *testGraph) topic(id, sender string, depth int64, auth ...string) {
	g.add(spec{ID: id, Type: "m.room.topic", Sender: sender, StateKey: sk(""), Content: map[string]any{"topic": id},
		Auth: append([]string{"$create"}, auth...), Depth: depth, TS: depth * 1000})
}

// EDGE-SR1-4 and SR1-1: a key present in one set only is kept; one set is
// returned unchanged.
func TestEdgeSR1_4_OneSidedKeyKept(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	g.room(nil)
	g.join("$jb", bob, 5, 5000)
	g.topic("$tb", bob, 6, "$pl", "$jb") // bob may not set the topic
	a := g.set(append([]string{"$tb", "$jb"}, baseIDs...)...)
	out := g.resolve(a, g.set(baseIDs...))
	require.Equal(t, a, out)
	require.Equal(t, a, g.resolve(a))
}

// EDGE-SR1-1 and EDGE-SR1-5 (other events): the first candidate that passes
// in (depth desc, sha1 asc) order wins; if none passes, the last one.
func TestEdgeSR1_1_5_OtherEvents(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	g.room(nil)
	g.join("$jb", bob, 5, 5000)
	base := append([]string{"$jb"}, baseIDs...)
	with := func(id string) StateSet { return g.set(append([]string{id}, base...)...) }

	// Both pass at equal depth: the lower sha1 wins.
	g.topic("$ta", alice, 7, "$pl", "$ja")
	g.topic("$tb", alice, 7, "$pl", "$ja")
	lo, _ := lowerSHA1("$ta", "$tb")
	require.Equal(t, lo, g.resolve(with("$ta"), with("$tb"))[key("m.room.topic", "")])

	// Neither passes (bob has level 0): the lowest depth wins, and at equal
	// depth the higher sha1.
	g.topic("$b6", bob, 6, "$pl", "$jb")
	g.topic("$b8", bob, 8, "$pl", "$jb")
	require.Equal(t, "$b6", g.resolve(with("$b6"), with("$b8"))[key("m.room.topic", "")])
	g.topic("$bx", bob, 8, "$pl", "$jb")
	_, hi := lowerSHA1("$bx", "$b8")
	require.Equal(t, hi, g.resolve(with("$bx"), with("$b8"))[key("m.room.topic", "")])

	// The deeper one passes: it wins over a shallower failing one.
	g.topic("$a9", alice, 9, "$pl", "$ja")
	require.Equal(t, "$a9", g.resolve(with("$b6"), with("$a9"))[key("m.room.topic", "")])
}

// EDGE-SR1-3 and EDGE-SR1-5 (auth phase): the first power-levels candidate
// (lowest depth) is taken unchecked; the chain stops at the first failure.
func TestEdgeSR1_3_PowerLevelsChain(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	g.room(map[string]any{bob: 50})
	g.join("$jb", bob, 5, 5000)
	base := []string{"$create", "$ja", "$jr", "$jb"}
	pl := func(id, sender string, depth int64, users map[string]any) {
		g.add(spec{ID: id, Type: "m.room.power_levels", Sender: sender, StateKey: sk(""), Content: map[string]any{"users": users},
			Auth: []string{"$create", "$pl", "$ja"}, Depth: depth, TS: depth})
	}
	with := func(id string) StateSet { return g.set(append([]string{id}, base...)...) }
	// Each one passes with the previous in place: the last wins.
	pl("$first", bob, 6, map[string]any{alice: 100, bob: 50, "@c:x": 50})
	pl("$second", alice, 7, map[string]any{alice: 100, bob: 0})
	pl("$third", alice, 8, map[string]any{alice: 100, bob: 0, "@d:x": 1})
	out := g.resolve(with("$first"), with("$second"), with("$third"))
	require.Equal(t, "$third", out[key("m.room.power_levels", "")], "all pass: last wins")

	pl("$demote", alice, 7, map[string]any{alice: 100, bob: 0})
	pl("$bobup", bob, 8, map[string]any{alice: 100, bob: 100}) // fails after $demote
	pl("$later", alice, 9, map[string]any{alice: 100})         // would pass, never reached
	out = g.resolve(with("$demote"), with("$bobup"), with("$later"))
	require.Equal(t, "$demote", out[key("m.room.power_levels", "")])

	// An invalid first candidate is taken unchecked and beats a later one
	// that fails against it.
	pl("$coup", bob, 6, map[string]any{alice: 0, bob: 100})
	pl("$undo", alice, 7, map[string]any{alice: 100, bob: 50})
	out = g.resolve(with("$coup"), with("$undo"))
	require.Equal(t, "$coup", out[key("m.room.power_levels", "")])

	// Equal depth, both pass: higher sha1 goes in unchecked, the lower
	// replaces it.
	pl("$x1", alice, 10, map[string]any{alice: 100, "@e:x": 1})
	pl("$x2", alice, 10, map[string]any{alice: 100, "@e:x": 2})
	lo, _ := lowerSHA1("$x1", "$x2")
	require.Equal(t, lo, g.resolve(with("$x1"), with("$x2"))[key("m.room.power_levels", "")])
}

// EDGE-SR1-6 (D9): rejected candidates are invisible. Two rejected topics
// drop the key; a PL left with one candidate is kept unchecked but is not
// in R, so a topic relying on it fails and the other one wins.
func TestEdgeSR1_6_Rejected(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	g.room(nil)
	g.join("$jb", bob, 5, 5000)
	g.topic("$t1", alice, 6, "$pl", "$ja")
	g.topic("$t2", alice, 6, "$pl", "$ja")
	base := append([]string{"$jb"}, baseIDs...)
	a := g.set(append([]string{"$t1"}, base...)...)
	b := g.set(append([]string{"$t2"}, base...)...)
	g.rej["$t1"], g.rej["$t2"] = true, true
	require.NotContains(t, g.resolve(a, b), key("m.room.topic", ""))

	g.add(spec{ID: "$plb", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{alice: 100, bob: 100}},
		Auth: []string{"$create", "$pl", "$ja"}, Depth: 6, TS: 6000})
	g.add(spec{ID: "$plr", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{alice: 100}},
		Auth: []string{"$create", "$pl", "$ja"}, Depth: 6, TS: 6001})
	g.rej["$plr"] = true
	g.topic("$byBob", bob, 9, "$plb", "$jb")
	g.topic("$byAlice", alice, 7, "$pl", "$ja")
	base = []string{"$create", "$ja", "$jr", "$jb"}
	a = g.set(append([]string{"$plb", "$byBob"}, base...)...)
	b = g.set(append([]string{"$plr", "$byAlice"}, base...)...)
	out := g.resolve(a, b)
	require.Equal(t, "$plb", out[key("m.room.power_levels", "")])
	require.Equal(t, "$byAlice", out[key("m.room.topic", "")])
}

// EDGE-SR1-2: within the member phase, one key's winner is not visible to
// another key's checks. Carol's join needs bob's invite; bob's membership is
// conflicted between join and a kick, so R has no bob when carol's key is
// resolved: the first carol candidate (invite by bob, unchecked) is kept
// because her join fails against R.
func TestEdgeSR1_2_PhaseIsolation(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	const carol = "@carol:x.example"
	g.room(nil)
	g.add(spec{ID: "$jrInv", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"},
		Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 5000})
	g.add(spec{ID: "$ib", Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": "invite"},
		Auth: []string{"$create", "$pl", "$ja", "$jrInv"}, Depth: 6, TS: 6000})
	g.add(spec{ID: "$jb", Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "join"},
		Auth: []string{"$create", "$pl", "$jrInv", "$ib"}, Depth: 7, TS: 7000})
	g.add(spec{ID: "$ic", Type: "m.room.member", Sender: bob, StateKey: sk(carol), Content: map[string]any{"membership": "invite"},
		Auth: []string{"$create", "$pl", "$jrInv", "$jb"}, Depth: 8, TS: 8000})
	g.add(spec{ID: "$jc", Type: "m.room.member", Sender: carol, StateKey: sk(carol), Content: map[string]any{"membership": "join"},
		Auth: []string{"$create", "$pl", "$jrInv", "$ic"}, Depth: 9, TS: 9000})
	base := []string{"$create", "$ja", "$pl", "$jrInv"}
	a := g.set(append([]string{"$jb", "$ic"}, base...)...)
	b := g.set(append([]string{"$ib", "$jc"}, base...)...)
	out := g.resolve(a, b)
	// Bob: $ib first (depth 6, unchecked), then $jb passes against R (the
	// invite in place).
	require.Equal(t, "$jb", out[key("m.room.member", bob)])
	// Carol: $ic first (unchecked); $jc is checked against R, where bob's
	// key is absent and carol's key holds $ic: carol was invited, so she may
	// join. Isolation shows in bob's invite of carol never being checked.
	require.Equal(t, "$jc", out[key("m.room.member", carol)])
}

// EDGE-SR2-11 in room version 1: with no earlier topic the banned user's
// topic is in one set only, hence unconflicted and kept; with an earlier
// topic in both sets it is conflicted, fails against R, and the earlier
// topic stays.
func TestEdgeSR2_11_V1(t *testing.T) {
	for _, earlier := range []bool{false, true} {
		g := newGraph(t, roomversion.V1())
		g.room(map[string]any{bob: 50})
		g.join("$jb", bob, 5, 5000)
		base := append([]string{"$jb"}, baseIDs...)
		if earlier {
			g.topic("$t0", alice, 6, "$pl", "$ja")
			base = append(base, "$t0")
		}
		g.add(spec{ID: "$ban", Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": "ban"}, Auth: []string{"$create", "$pl", "$ja", "$jb"}, Depth: 7, TS: 6000})
		g.topic("$tb", bob, 7, "$pl", "$jb")
		out := g.resolve(g.set(append([]string{"$ban"}, base[1:]...)...), g.set(append([]string{"$tb"}, base...)...))
		require.Equal(t, "$ban", out[key("m.room.member", bob)])
		if earlier {
			require.Equal(t, "$t0", out[key("m.room.topic", "")])
		} else {
			require.Equal(t, "$tb", out[key("m.room.topic", "")])
		}
	}
}
