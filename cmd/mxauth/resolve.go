package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/internal/conformance"
)

const resolveUsage = `
Usage: mxauth resolve [--case NAME] FILE

Resolves state sets with the algorithm of the file's room version (v1 for
room version 1, v2 otherwise) and prints the resolved state of each as JSON,
type -> state_key -> event ID. FILE is a fixture, whose resolve cases are
run (each with its own rejected list; "matches" compares with the
fixture's expectation), or a plain graph file
  {"room_version": "6", "events": [...], "state_sets": [["$a", ...], ...],
   "rejected": ["$x", ...]}
whose rejected member is optional: without it the events that "mxauth
check" rejects count as rejected. "-" reads stdin.

Example:
  mxauth resolve testdata/conformance/resolve-v2/synapse-topic-basic-v4.json
`

// resolveOutput is one resolved case.
type resolveOutput struct {
	Name     string            `json:"name"`
	State    conformance.State `json:"state"`
	Error    string            `json:"error,omitempty"`
	Matches  *bool             `json:"matches,omitempty"`
	Expected conformance.State `json:"expected,omitempty"`
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
		o.State, err = conformance.Resolve(g.Fixture, c.sets, c.rejected)
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
