package stateres

import "github.com/mxauth/mxauth/auth"

// conflicts maps each conflicted key to its distinct candidate event IDs, in
// first-seen order.
type conflicts map[auth.StateKey][]string

// splitV2 is SR2-DEF-2: a key whose event is the same in every set is
// unconflicted; any other key, including one missing from some sets
// (EDGE-SR2-1), is conflicted and collects every event seen for it. The
// returned unconflicted map is new and owned by the caller.
func splitV2(sets []StateSet) (StateSet, conflicts) { return split(sets, true) }

// splitV1 is SR1-2: a key is conflicted only when two different events
// appear for it among the sets that have it; a key missing from some sets
// is unconflicted when the others agree (EDGE-SR1-4).
func splitV1(sets []StateSet) (StateSet, conflicts) { return split(sets, false) }

// split classifies every key of the sets; missingConflicts says whether a
// key absent from some set is conflicted (v2) or not (v1).
func split(sets []StateSet, missingConflicts bool) (StateSet, conflicts) {
	unconf := make(StateSet, len(sets[0]))
	conf := conflicts{}
	for i, s := range sets {
		for k, id := range s {
			if seenEarlier(sets[:i], k) {
				continue // already classified from an earlier set
			}
			// A key first seen after set 0 is missing from set 0.
			same := i == 0 || !missingConflicts
			for _, o := range sets[i+1:] {
				if !same {
					break
				}
				oid, ok := o[k]
				same = ok && oid == id || !ok && !missingConflicts
			}
			if same {
				unconf[k] = id
				continue
			}
			conf[k] = candidates(sets[i:], k)
		}
	}
	return unconf, conf
}

func seenEarlier(sets []StateSet, k auth.StateKey) bool {
	for _, s := range sets {
		if _, ok := s[k]; ok {
			return true
		}
	}
	return false
}

// candidates lists the distinct events the sets hold at k.
func candidates(sets []StateSet, k auth.StateKey) []string {
	var out []string
	for _, s := range sets {
		id, ok := s[k]
		if !ok {
			continue
		}
		dup := false
		for _, x := range out {
			if x == id {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out
}
