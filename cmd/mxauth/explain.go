package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
)

// authRefIDs lists the auth events en names, with the implied create
// event of room version 12 last.
func authRefIDs(en *fixture.Entry) []string {
	if en.Event == nil {
		return nil
	}
	ids := en.Event.AppendAuthEventIDs(nil)
	if c, ok := en.Event.ImpliedCreateEventID(); ok {
		ids = append(ids, c)
	}
	return ids
}

// authCycles finds the cycles of auth references among the events of f
// (possible where IDs are given, not computed): each strongly connected
// component of two or more events, or of one event citing itself, as the
// event IDs along one cycle through it, starting at its earliest event.
// It returns them in file order, and for each event on one the cycle's
// index.
func authCycles(f *fixture.Fixture) ([][]string, map[int]int) {
	n := len(f.Events)
	edges := make([][]int, n)
	for i, en := range f.Events {
		for _, id := range authRefIDs(en) {
			if a := f.Lookup(id); a != nil {
				edges[i] = append(edges[i], a.Index)
			}
		}
	}
	// Tarjan's algorithm, iterative so that a long chain cannot exhaust
	// the stack.
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var comps [][]int
	next := 0
	type frame struct{ v, e int }
	for root := 0; root < n; root++ {
		if index[root] >= 0 {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			fr := &call[len(call)-1]
			if fr.e < len(edges[fr.v]) {
				w := edges[fr.v][fr.e]
				fr.e++
				switch {
				case index[w] < 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				case onStack[w]:
					low[fr.v] = min(low[fr.v], index[w])
				}
				continue
			}
			v := fr.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				comps = append(comps, comp)
			}
		}
	}
	var cycles [][]string
	on := map[int]int{}
	for _, comp := range comps {
		if len(comp) == 1 && !citesItself(edges[comp[0]], comp[0]) {
			continue
		}
		for _, v := range comp {
			on[v] = -1 // numbered below, in file order
		}
	}
	// Number the cycles by their earliest event and spell one cycle out
	// for each: follow, from that event, edges that stay in the component
	// until an event repeats.
	for i := 0; i < n; i++ {
		if k, ok := on[i]; !ok || k != -1 {
			continue
		}
		comp := componentOf(i, comps)
		in := map[int]bool{}
		for _, v := range comp {
			in[v] = true
		}
		path := []int{i}
		seen := map[int]int{i: 0}
		for cur := i; ; {
			nxt := -1
			for _, w := range edges[cur] {
				if in[w] {
					nxt = w
					break
				}
			}
			if at, ok := seen[nxt]; ok {
				path = append(path[at:], nxt)
				break
			}
			seen[nxt] = len(path)
			path = append(path, nxt)
			cur = nxt
		}
		ids := make([]string, len(path))
		for k, v := range path {
			ids[k] = f.Events[v].ID
		}
		for _, v := range comp {
			on[v] = len(cycles)
		}
		cycles = append(cycles, ids)
	}
	return cycles, on
}

func citesItself(edges []int, v int) bool {
	for _, w := range edges {
		if w == v {
			return true
		}
	}
	return false
}

func componentOf(v int, comps [][]int) []int {
	for _, c := range comps {
		for _, w := range c {
			if w == v {
				return c
			}
		}
	}
	return []int{v}
}

// cycleReasons rewrites the AUTHEV-3 reasons that an auth cycle explains:
// an event on cycle k says so, and an event rejected because an auth event
// of it was (on a cycle, or itself rejected because of one) names the
// cycle and that auth event, instead of each repeating the rejection
// before it.
func cycleReasons(f *fixture.Fixture, verdicts []conformance.Verdict, on map[int]int) map[int]string {
	out := map[int]string{}
	dependsOn := map[int]int{} // event index → cycle index
	for i, v := range verdicts {
		if v.Allowed || v.Rule != string(auth.RuleAuthEv3) {
			continue
		}
		if k, ok := on[i]; ok {
			out[i] = fmt.Sprintf("on auth cycle %d", k+1)
			dependsOn[i] = k
			continue
		}
		for _, id := range authRefIDs(f.Events[i]) {
			a := f.Lookup(id)
			if a == nil || a.Index >= i || verdicts[a.Index].Allowed {
				continue
			}
			if k, ok := dependsOn[a.Index]; ok {
				out[i] = fmt.Sprintf("depends on auth cycle %d (through %s)", k+1, id)
				dependsOn[i] = k
			}
			break
		}
	}
	return out
}

// cycleLine describes auth cycle k for check's report.
func cycleLine(k int, ids []string) string {
	return fmt.Sprintf("auth cycle %d: %s (every event on it is rejected, DECISIONS D12)", k+1, strings.Join(ids, " → "))
}

// rejectionDetails returns the values behind an authorization rejection
// (levels compared, memberships, join rule, the key read), or nil.
func rejectionDetails(err error) *auth.Details {
	var rej *auth.Rejection
	if !errors.As(err, &rej) || rej.Details.Set == 0 {
		return nil
	}
	return &rej.Details
}

// detailsJSON is the Details of a rejection in check's --json output:
// only the fields the rule set.
type detailsJSON struct {
	SenderLevel          string  `json:"sender_level,omitempty"`
	TargetLevel          string  `json:"target_level,omitempty"`
	RequiredLevel        string  `json:"required_level,omitempty"`
	Required             string  `json:"required,omitempty"`
	OldLevel             string  `json:"old_level,omitempty"`
	NewLevel             string  `json:"new_level,omitempty"`
	AuthoriserLevel      string  `json:"authoriser_level,omitempty"`
	AuthoriserMembership *string `json:"authoriser_membership,omitempty"`
	Membership           *string `json:"membership,omitempty"`
	SenderMembership     *string `json:"sender_membership,omitempty"`
	TargetMembership     *string `json:"target_membership,omitempty"`
	JoinRule             *string `json:"join_rule,omitempty"`
	Key                  string  `json:"key,omitempty"`
	Value                *string `json:"value,omitempty"`
}

// newDetailsJSON copies the fields d has; a membership or value that is
// set but empty ("none") stays visible as "".
func newDetailsJSON(d *auth.Details) *detailsJSON {
	if d == nil {
		return nil
	}
	out := &detailsJSON{}
	level := func(f auth.Detail, l auth.Level, dst *string) {
		if d.Has(f) {
			*dst = l.String()
		}
	}
	str := func(f auth.Detail, v string, dst **string) {
		if d.Has(f) {
			*dst = &v
		}
	}
	level(auth.DetailSenderLevel, d.SenderLevel, &out.SenderLevel)
	level(auth.DetailTargetLevel, d.TargetLevel, &out.TargetLevel)
	if d.Has(auth.DetailRequiredLevel) {
		out.RequiredLevel, out.Required = d.RequiredLevel.String(), d.Required
	}
	level(auth.DetailOldLevel, d.OldLevel, &out.OldLevel)
	level(auth.DetailNewLevel, d.NewLevel, &out.NewLevel)
	level(auth.DetailAuthoriserLevel, d.AuthoriserLevel, &out.AuthoriserLevel)
	str(auth.DetailAuthoriserMembership, d.AuthoriserMembership, &out.AuthoriserMembership)
	str(auth.DetailMembership, d.Membership, &out.Membership)
	str(auth.DetailSenderMembership, d.SenderMembership, &out.SenderMembership)
	str(auth.DetailTargetMembership, d.TargetMembership, &out.TargetMembership)
	str(auth.DetailJoinRule, d.JoinRule, &out.JoinRule)
	if d.Has(auth.DetailKey) {
		out.Key = d.Key
		v := d.Value
		out.Value = &v
	}
	return out
}
