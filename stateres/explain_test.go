package stateres

import (
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// explainOf resolves with Explain and returns the explanation of k.
func explainOf(t *testing.T, in Input, k auth.StateKey) (Result, KeyExplanation) {
	t.Helper()
	in.Explain = true
	res, err := ResolveReport(in)
	require.NoError(t, err)
	for _, e := range res.Explanations {
		if e.Key == k {
			return res, e
		}
	}
	t.Fatalf("no explanation of %v in %+v", k, res.Explanations)
	return res, KeyExplanation{}
}

func outcomeOf(t *testing.T, e KeyExplanation, id string) EventOutcome {
	t.Helper()
	for _, o := range e.Events {
		if o.EventID == id {
			return o
		}
	}
	t.Fatalf("no outcome for %s in %+v", id, e.Events)
	return EventOutcome{}
}

func ruleOf(err error) auth.RuleID {
	var rej *auth.Rejection
	if errors.As(err, &rej) {
		return rej.Rule
	}
	return ""
}

// SR2-4 and SR2-6 (EDGE-SR2-11): the ban is a power event, applied first;
// the banned user's topic is then checked in mainline order and fails.
// The explanation names both steps and the rejecting rule.
func TestExplainV2PowerThenMainline(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(map[string]any{bob: 50})
	g.join("$jb", bob, 5, 5000)
	g.add(spec{ID: "$t0", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "0"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 6, TS: 5500})
	g.add(spec{ID: "$ban", Type: "m.room.member", Sender: alice, StateKey: sk(bob), Content: map[string]any{"membership": "ban"}, Auth: []string{"$create", "$pl", "$ja", "$jb"}, Depth: 7, TS: 6000})
	g.add(spec{ID: "$tb", Type: "m.room.topic", Sender: bob, StateKey: sk(""), Content: map[string]any{"topic": "b"}, Auth: []string{"$create", "$pl", "$jb"}, Depth: 7, TS: 6500})
	a := g.set(append([]string{"$ban", "$t0"}, baseIDs...)...)
	b := g.set(append([]string{"$jb", "$tb"}, baseIDs...)...)
	in := g.input(a, b)

	res, member := explainOf(t, in, key("m.room.member", bob))
	require.True(t, member.Conflicted)
	require.Equal(t, "$ban", member.Winner)
	require.Equal(t, StepV2Power, member.Step)
	require.Equal(t, OutcomeWon, outcomeOf(t, member, "$ban").Outcome)
	jb := outcomeOf(t, member, "$jb")
	require.True(t, jb.Candidate)
	require.Equal(t, OutcomeSuperseded, jb.Outcome, "bob's join passes in the mainline pass, then the ban is put back")

	topic := explainOf2(t, res, key("m.room.topic", ""))
	require.Equal(t, "$t0", topic.Winner)
	require.Equal(t, StepV2Mainline, topic.Step)
	tb := outcomeOf(t, topic, "$tb")
	require.Equal(t, OutcomeFailedAuth, tb.Outcome)
	require.Equal(t, StepV2Mainline, tb.Step)
	require.NotEmpty(t, ruleOf(tb.Err), "the rejection names its rule: %v", tb.Err)

	// The explanation changes nothing: same state, and the same
	// explanation whatever the order of the sets.
	plain, err := Resolve(in)
	require.NoError(t, err)
	require.Equal(t, plain, res.State)
	rev, _ := explainOf(t, g.input(b, a), key("m.room.topic", ""))
	require.Equal(t, res.Explanations, rev.Explanations)
}

func explainOf2(t *testing.T, res Result, k auth.StateKey) KeyExplanation {
	t.Helper()
	for _, e := range res.Explanations {
		if e.Key == k {
			return e
		}
	}
	t.Fatalf("no explanation of %v", k)
	return KeyExplanation{}
}

// SR2-REJ-1 (D8) and missing events: a rejected candidate and a missing
// one are reported as such, never as checked.
func TestExplainV2RejectedAndMissing(t *testing.T) {
	g := newGraph(t, roomversion.V6())
	g.room(nil)
	g.add(spec{ID: "$t1", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "1"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 5000})
	g.add(spec{ID: "$t2", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "2"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 5001})
	g.rej["$t2"] = true
	a, b, c := g.set(append([]string{"$t1"}, baseIDs...)...), g.set(append([]string{"$t2"}, baseIDs...)...), g.set(baseIDs...)
	c[key("m.room.topic", "")] = "$gone"
	_, e := explainOf(t, g.input(a, b, c), key("m.room.topic", ""))
	require.Equal(t, "$t1", e.Winner)
	require.Equal(t, OutcomeRejected, outcomeOf(t, e, "$t2").Outcome)
	require.Equal(t, OutcomeMissing, outcomeOf(t, e, "$gone").Outcome)
	require.Equal(t, []string{"$t1", "$gone", "$t2"}, eventIDs(e.Events), "checked first, then by ID")
}

func eventIDs(evs []EventOutcome) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.EventID
	}
	return out
}

// SR21-4 (MSC4297 problem A, as TestSR21_4_ReplayFromEmptyMap): in v2.1
// bob's join rules win at the power step, replayed from an empty map,
// after alice's; in v2 they fail against the unconflicted map.
func TestExplainV21(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V11(), roomversion.V12()} {
		g, cite := room12(t, v)
		g.add(spec{ID: "$jr2", Type: "m.room.join_rules", Sender: bob, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"}, Auth: cite("$pl0", "$jb"), Depth: 7, TS: 1600})
		g.add(spec{ID: "$lb", Type: "m.room.member", Sender: bob, StateKey: sk(bob), Content: map[string]any{"membership": "leave"}, Auth: cite("$pl0", "$jb"), Depth: 8, TS: 1700})
		in := g.input(
			g.set("$create", "$ja", "$pl0", "$jr2", "$lb", "$jc"),
			g.set("$create", "$ja", "$pl0", "$jr1", "$lb", "$jc"),
		)
		_, e := explainOf(t, in, key("m.room.join_rules", ""))
		if v.StateRes == roomversion.StateResV21 {
			require.Equal(t, "$jr2", e.Winner)
			require.Equal(t, StepV21Power, e.Step)
			require.Equal(t, OutcomeSuperseded, outcomeOf(t, e, "$jr1").Outcome)
			require.Equal(t, []string{"$jr1", "$jr2"}, eventIDs(e.Events), "alice's first: she outranks bob")
		} else {
			require.Equal(t, "$jr1", e.Winner)
			require.Equal(t, StepV2Power, e.Step)
			o := outcomeOf(t, e, "$jr2")
			require.Equal(t, OutcomeFailedAuth, o.Outcome)
			require.Equal(t, StepV2Power, o.Step)
		}
	}
}

// SR1-4, SR1-6, EDGE-SR1-1 and SR1-8 in v1: the auth-type phase takes
// the lowest depth unchecked and stops at the first failure; the other
// keys take the first that passes, or the last when none does.
func TestExplainV1(t *testing.T) {
	g := newGraph(t, roomversion.V1())
	g.room(nil)
	g.join("$jb", bob, 5, 5000)
	base := append([]string{"$jb"}, baseIDs...)
	// Power levels: alice's p1 (depth 5) then bob's p2 (depth 6) that bob
	// may not send: the chain stops, p1 wins.
	g.add(spec{ID: "$p1", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{alice: 100}}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 5000})
	g.add(spec{ID: "$p2", Type: "m.room.power_levels", Sender: bob, StateKey: sk(""), Content: map[string]any{"users": map[string]any{bob: 100}}, Auth: []string{"$create", "$pl", "$jb"}, Depth: 6, TS: 6000})
	// Topics by bob only, who may not set it: none passes.
	g.topic("$ta", bob, 7, "$pl", "$jb")
	g.topic("$tb", bob, 7, "$pl", "$jb")
	// A name whose other candidate is rejected: SR1-8.
	g.add(spec{ID: "$n1", Type: "m.room.name", Sender: alice, StateKey: sk(""), Content: map[string]any{"name": "1"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 8, TS: 8000})
	g.add(spec{ID: "$n2", Type: "m.room.name", Sender: alice, StateKey: sk(""), Content: map[string]any{"name": "2"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 8, TS: 8001})
	g.rej["$n2"] = true
	a := g.set(append(base, "$p1", "$ta", "$n1")...)
	b := g.set(append(base, "$p2", "$tb", "$n2")...)
	in := g.input(a, b)

	res, pl := explainOf(t, in, key("m.room.power_levels", ""))
	require.Equal(t, "$p1", pl.Winner)
	require.Equal(t, StepV1PowerLevels, pl.Step)
	require.Equal(t, []string{"$p1", "$p2"}, eventIDs(pl.Events))
	require.Equal(t, OutcomeWon, pl.Events[0].Outcome)
	require.Nil(t, pl.Events[0].Err, "taken unchecked")
	require.Equal(t, OutcomeFailedAuth, pl.Events[1].Outcome)
	require.NotEmpty(t, ruleOf(pl.Events[1].Err))

	topic := explainOf2(t, res, key("m.room.topic", ""))
	lo, hi := lowerSHA1("$ta", "$tb")
	require.Equal(t, hi, topic.Winner, "EDGE-SR1-1: the last in (depth desc, sha1 asc) order")
	require.Equal(t, StepV1NonePassed, topic.Step)
	require.Equal(t, []string{lo, hi}, eventIDs(topic.Events))
	require.Equal(t, OutcomeFailedAuth, topic.Events[0].Outcome)
	require.Equal(t, OutcomeWon, topic.Events[1].Outcome)

	name := explainOf2(t, res, key("m.room.name", ""))
	require.Equal(t, "$n1", name.Winner)
	require.Equal(t, StepV1Single, name.Step)
	require.Equal(t, OutcomeRejected, outcomeOf(t, name, "$n2").Outcome)

	plain, err := Resolve(in)
	require.NoError(t, err)
	require.Equal(t, plain, res.State)
	require.Len(t, res.Explanations, 3, "one per conflicted key")
}

// Property (issue 13): on random graphs, explaining never changes the
// state, every conflicted key is explained once with its winner as the
// state has it, every winner is marked won, and keys are sorted. Without
// Explain nothing is reported.
func TestExplainProperties(t *testing.T) {
	for seed := range 300 {
		data := make([]byte, 160)
		for j := range data {
			data[j] = byte((seed*131 + j*17 + seed*j*j) % 251)
		}
		g, in := randomGraph(t, data)
		plain, err := ResolveReport(in)
		in.Explain = true
		ex, err2 := ResolveReport(in)
		require.Equal(t, err == nil, err2 == nil)
		if err != nil {
			continue
		}
		require.Nil(t, plain.Explanations)
		require.Equal(t, plain.State, ex.State, "seed %d", seed)
		require.Equal(t, plain.Missing, ex.Missing)
		var conflicted int
		for i, e := range ex.Explanations {
			if i > 0 {
				p := ex.Explanations[i-1].Key
				require.True(t, p.Type < e.Key.Type || (p.Type == e.Key.Type && p.StateKey < e.Key.StateKey), "sorted, unique")
			}
			require.Equal(t, ex.State[e.Key], e.Winner, "seed %d key %v", seed, e.Key)
			if e.Conflicted {
				conflicted++
			}
			won := 0
			for _, o := range e.Events {
				if o.Outcome == OutcomeWon {
					won++
					require.Equal(t, e.Winner, o.EventID)
				}
			}
			if e.Winner != "" {
				require.Equal(t, 1, won, "seed %d key %v: %+v", seed, e.Key, e.Events)
			} else {
				require.Zero(t, won)
			}
		}
		if len(in.StateSets) > 1 {
			var want int
			if isV2(in.Version) {
				want = len(splitV2(in.StateSets).conf)
			} else {
				_, c := splitV1(in.StateSets)
				want = len(c)
			}
			require.Equal(t, want, conflicted, "seed %d", seed)
		}
		_ = g
	}
}

// EDGE-SR2-8 (D12), as TestEdgeSR2_8_AuthCycle: the events on auth cycles
// are reported as such, and the old power levels, which joined from the
// auth difference, win the key without being a candidate.
func TestExplainAuthCycle(t *testing.T) {
	g := newGraph(t, roomversion.V2())
	g.room(nil)
	g.add(spec{ID: "$pa", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{alice: 100}}, Auth: []string{"$create", "$ja", "$pb"}, Depth: 5, TS: 5000})
	g.add(spec{ID: "$pb", Type: "m.room.power_levels", Sender: alice, StateKey: sk(""), Content: map[string]any{"users": map[string]any{alice: 100}}, Auth: []string{"$create", "$ja", "$pa"}, Depth: 5, TS: 5001})
	g.add(spec{ID: "$self", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"}, Auth: []string{"$create", "$ja", "$self"}, Depth: 6, TS: 5002})
	in := g.input(g.set("$create", "$ja", "$jr", "$pa", "$self"), g.set("$create", "$ja", "$jr", "$pb"))
	res, pl := explainOf(t, in, key("m.room.power_levels", ""))
	require.Equal(t, "$pl", pl.Winner)
	require.Equal(t, StepV2Power, pl.Step)
	require.Equal(t, OutcomeCycle, outcomeOf(t, pl, "$pa").Outcome)
	require.Equal(t, OutcomeCycle, outcomeOf(t, pl, "$pb").Outcome)
	won := outcomeOf(t, pl, "$pl")
	require.False(t, won.Candidate, "from the auth difference")
	require.Equal(t, OutcomeWon, won.Outcome)
	jr := explainOf2(t, res, key("m.room.join_rules", ""))
	require.Equal(t, OutcomeCycle, outcomeOf(t, jr, "$self").Outcome)
	require.Equal(t, "$jr", jr.Winner)
}
