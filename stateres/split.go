package stateres

import (
	"maps"

	"github.com/mxauth/mxauth/auth"
)

// conflicts maps each conflicted key to its distinct candidate event IDs.
type conflicts map[auth.StateKey][]string

// splitResult is the split of the state sets into unconflicted and
// conflicted state.
type splitResult struct {
	// unconf is the unconflicted map: new, owned by the resolver.
	unconf StateSet
	// conf holds every conflicted key's distinct candidates.
	conf conflicts
	// perSet[i] lists set i's events at conflicted keys (v2 only): with
	// the unconflicted events, they make up the set.
	perSet [][]string
}

// splitV2 is SR2-DEF-2: a key whose event is the same in every set is
// unconflicted; any other key, including one missing from some sets
// (EDGE-SR2-1), is conflicted and collects every event seen for it.
//
// It is linear in the total size of the sets: the unconflicted map starts
// as a copy of the first set; every entry of every other set is looked up
// once in it, and the copy is swept once per set only when that set lacks
// some of its keys. Candidates are gathered in a second pass that visits,
// per set, whichever is smaller: its entries or the conflicted keys.
func splitV2(sets []StateSet) *splitResult {
	out := maps.Clone(sets[0])
	if out == nil {
		out = StateSet{}
	}
	bad := map[auth.StateKey]struct{}{}
	for _, s := range sets[1:] {
		present := 0
		for k, id := range s {
			v, ok := out[k]
			if ok {
				present++
			}
			if !ok || v != id {
				bad[k] = struct{}{}
			}
		}
		if present < len(out) { // some key of the first set is missing here
			for k := range out {
				if _, ok := s[k]; !ok {
					bad[k] = struct{}{}
				}
			}
		}
	}
	for k := range bad {
		delete(out, k)
	}
	sp := &splitResult{unconf: out, conf: make(conflicts, len(bad)), perSet: make([][]string, len(sets))}
	var seen map[candKey]struct{} // for keys with many candidates only
	add := func(i int, k auth.StateKey, id string) {
		sp.perSet[i] = append(sp.perSet[i], id)
		sp.conf[k] = addCandidate(sp.conf[k], &seen, k, id)
	}
	for i, s := range sets {
		if len(s) < len(bad) {
			for k, id := range s {
				if _, ok := bad[k]; ok {
					add(i, k, id)
				}
			}
			continue
		}
		for k := range bad {
			if id, ok := s[k]; ok {
				add(i, k, id)
			}
		}
	}
	return sp
}

type candKey struct {
	k  auth.StateKey
	id string
}

// fewCandidates is how many candidates of one key are compared one by
// one; a key with more (many state sets disagreeing) is deduplicated
// through a map, so the split stays linear in the sets' total size.
const fewCandidates = 8

// addCandidate appends id to the candidates of k unless it is there.
func addCandidate(cands []string, seen *map[candKey]struct{}, k auth.StateKey, id string) []string {
	if len(cands) < fewCandidates {
		for _, c := range cands {
			if c == id {
				return cands
			}
		}
		return append(cands, id)
	}
	if *seen == nil {
		*seen = map[candKey]struct{}{}
	}
	if len(cands) == fewCandidates { // the map takes over this key
		for _, c := range cands {
			(*seen)[candKey{k, c}] = struct{}{}
		}
	}
	if _, dup := (*seen)[candKey{k, id}]; dup {
		return cands
	}
	(*seen)[candKey{k, id}] = struct{}{}
	return append(cands, id)
}

// splitV1 is SR1-2: a key is conflicted only when two different events
// appear for it among the sets that have it; a key missing from some sets
// is unconflicted when the others agree (EDGE-SR1-4). One pass over every
// entry of every set.
func splitV1(sets []StateSet) (StateSet, conflicts) {
	out := maps.Clone(sets[0])
	if out == nil {
		out = StateSet{}
	}
	conf := conflicts{}
	var seen map[candKey]struct{}
	add := func(k auth.StateKey, id string) {
		conf[k] = addCandidate(conf[k], &seen, k, id)
	}
	for _, s := range sets[1:] {
		for k, id := range s {
			if _, ok := conf[k]; ok {
				add(k, id)
				continue
			}
			v, ok := out[k]
			switch {
			case !ok:
				out[k] = id
			case v != id:
				delete(out, k)
				add(k, v)
				add(k, id)
			}
		}
	}
	return out, conf
}
