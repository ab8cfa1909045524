package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/stateres"
)

const resolveUsage = `
Usage: mxauth resolve [--case NAME] [--explain] FILE

Resolves state sets with the algorithm of the file's room version (v1 for
room version 1, v2 otherwise) and prints the resolved state of each as JSON,
type -> state_key -> event ID. FILE is a fixture, whose resolve cases are
run (each with its own rejected list; "matches" compares with the
fixture's expectation), or a plain graph file
  {"room_version": "6", "events": [...], "state_sets": [["$a", ...], ...],
   "rejected": ["$x", ...]}
whose rejected member is optional: without it the events that "mxauth
check" rejects count as rejected. "-" reads stdin.

With --explain each case also says, for every conflicted key (and every
other key where the algorithm checked an event), which event won and at
which step of the algorithm: in v2 and v2.1 the power events sorted and
authorised (SR2-4, SR21-4), the other events in mainline order (SR2-6,
SR21-6) or the unconflicted entry laid over (SR2-7, SR21-7); in v1 the
auth-type phases (SR1-5.1 power levels, SR1-5.2 join rules, SR1-5.3
members), the other keys (SR1-6, EDGE-SR1-1) or the only usable
candidate (SR1-8). Every other event at the key is listed with its fate:
superseded, failed auth at a step (with the rule ID, reason and values),
rejected on receipt, missing, on an auth cycle, or not tried.

Example:
  mxauth resolve testdata/conformance/resolve-v2/synapse-topic-basic-v4.json
  mxauth resolve --explain testdata/conformance/resolve-v2/synapse-topic-basic-v4.json
`

// resolveOutput is one resolved case.
type resolveOutput struct {
	Name     string            `json:"name"`
	State    conformance.State `json:"state"`
	Error    string            `json:"error,omitempty"`
	Matches  *bool             `json:"matches,omitempty"`
	Expected conformance.State `json:"expected,omitempty"`
	// Explanation is the --explain output, one entry per key.
	Explanation []keyExplanationJSON `json:"explanation,omitempty"`
}

// resolveCase is a set of state sets to resolve.
type resolveCase struct {
	name     string
	sets     [][]string
	rejected []string
	expected conformance.State
}

func runResolve(args []string, e env) int {
	fs := flagSet("resolve", resolveUsage)
	only := fs.String("case", "", "resolve only the fixture's case of this name")
	explain := fs.Bool("explain", false, "say for each conflicted key which event won and at which step")
	g, status, done := parseGraphArgs(fs, args, e)
	if done {
		return status
	}
	cases, err := resolveCases(g, *only)
	if err != nil {
		return fail(e, "resolve", err)
	}
	out := make([]resolveOutput, 0, len(cases))
	failed := false
	for _, c := range cases {
		o := resolveOutput{Name: c.name}
		if *explain {
			var ex []stateres.KeyExplanation
			o.State, ex, err = conformance.ResolveExplained(g.Fixture, c.sets, c.rejected)
			o.Explanation = explanationJSON(ex)
		} else {
			o.State, err = conformance.Resolve(g.Fixture, c.sets, c.rejected)
		}
		if err != nil {
			o.Error, failed = err.Error(), true
		}
		if c.expected != nil {
			m := err == nil && o.State.Equal(c.expected)
			o.Matches, o.Expected = &m, c.expected
		}
		out = append(out, o)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fail(e, "resolve", err)
	}
	if failed {
		return exitFail
	}
	return exitOK
}

// resolveCases lists what to resolve in g: the fixture's resolve cases, or
// the plain file's state sets.
func resolveCases(g *graphFile, only string) ([]resolveCase, error) {
	var cases []resolveCase
	for _, rc := range g.Resolve {
		if only == "" || rc.Name == only {
			cases = append(cases, resolveCase{rc.Name, rc.StateSets, rc.Rejected, rc.Expected})
		}
	}
	if len(g.StateSets) > 0 && only == "" {
		rejected := g.Rejected
		if !g.HasRejected {
			rejected = judgedRejected(g)
		}
		cases = append(cases, resolveCase{name: "state_sets", sets: g.StateSets, rejected: rejected})
	}
	switch {
	case only != "" && len(cases) == 0:
		return nil, fmt.Errorf("no resolve case named %q", only)
	case len(cases) == 0:
		return nil, errors.New("nothing to resolve: give a fixture with resolve cases or a graph file with state_sets")
	}
	return cases, nil
}

// judgedRejected lists the events of g that the judge rejects.
func judgedRejected(g *graphFile) []string {
	var ids []string
	for _, v := range conformance.Judge(g.Fixture) {
		if !v.Allowed {
			ids = append(ids, v.ID)
		}
	}
	return ids
}

// keyExplanationJSON is one key of resolve --explain.
type keyExplanationJSON struct {
	Type       string `json:"type"`
	StateKey   string `json:"state_key"`
	Conflicted bool   `json:"conflicted"`
	// Winner is the resolved event, absent when the key is not in the
	// resolved state.
	Winner string `json:"winner,omitempty"`
	// Step is the rule ID of the step that decided, StepSays it in words.
	Step     string `json:"step,omitempty"`
	StepSays string `json:"step_says,omitempty"`
	// Says is the whole explanation in one sentence.
	Says   string             `json:"says"`
	Events []eventOutcomeJSON `json:"events"`
}

// eventOutcomeJSON is one event's fate at a key.
type eventOutcomeJSON struct {
	ID        string       `json:"event_id"`
	Candidate bool         `json:"candidate"`
	Outcome   string       `json:"outcome"`
	Step      string       `json:"step,omitempty"`
	Rule      string       `json:"rule,omitempty"`
	Reason    string       `json:"reason,omitempty"`
	Details   *detailsJSON `json:"details,omitempty"`
}

func explanationJSON(ex []stateres.KeyExplanation) []keyExplanationJSON {
	out := make([]keyExplanationJSON, 0, len(ex))
	for _, k := range ex {
		j := keyExplanationJSON{Type: k.Key.Type, StateKey: k.Key.StateKey, Conflicted: k.Conflicted,
			Winner: k.Winner, Step: string(k.Step), Events: []eventOutcomeJSON{}}
		if k.Step != "" {
			j.StepSays = k.Step.Describe()
		}
		var parts []string
		for _, e := range k.Events {
			o := eventOutcomeJSON{ID: e.EventID, Candidate: e.Candidate, Outcome: string(e.Outcome), Step: string(e.Step)}
			part := e.EventID + " " + string(e.Outcome)
			if e.Step != "" {
				part += " at " + string(e.Step)
			}
			var rej *auth.Rejection
			if errors.As(e.Err, &rej) {
				o.Rule, o.Reason = string(rej.Rule), rej.Reason
				o.Details = newDetailsJSON(rejectionDetails(e.Err))
				part += " (" + o.Rule + ": " + o.Reason + ")"
			} else if e.Err != nil {
				o.Reason = e.Err.Error()
				part += " (" + o.Reason + ")"
			}
			if !e.Candidate {
				part += " [no state set holds it here: it joined from the auth difference or the conflicted subgraph]"
			}
			j.Events = append(j.Events, o)
			if e.Outcome != stateres.OutcomeWon {
				parts = append(parts, part)
			}
		}
		key := fmt.Sprintf("(%s, %q)", k.Key.Type, k.Key.StateKey)
		switch {
		case k.Winner != "":
			j.Says = fmt.Sprintf("%s: %s won at %s (%s)", key, k.Winner, k.Step, k.Step.Describe())
		default:
			j.Says = key + ": no event won, the key is not in the resolved state"
		}
		if len(parts) > 0 {
			j.Says += "; " + strings.Join(parts, "; ")
		}
		out = append(out, j)
	}
	return out
}
