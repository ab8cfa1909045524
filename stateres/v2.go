package stateres

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
)

// resolveV2 is state resolution v2 (SR2-1..7) and, for room version 12,
// v2.1 (SR21-1..7), for two or more sets. v2.1 differs in three places,
// each marked below: the conflicted state subgraph joins the full
// conflicted set, the power events are replayed from an empty map, and the
// unconflicted map is laid over the result at the end only. The implied
// create event of v12 (SR21-DEF-0) is an auth event throughout (authOf).
func (r *resolver) resolveV2() (StateSet, error) {
	v21 := r.in.Version.StateRes == roomversion.StateResV21
	// SR2-1, SR2-DEF-2, SR21-1.
	sp := splitV2(r.in.StateSets)
	unconf, conf := sp.unconf, sp.conf
	if len(conf) == 0 {
		return unconf, nil
	}
	// SR2-2: conflicted set ∪ auth difference, keeping only events the
	// caller has (as Synapse drops the ones it cannot load).
	diff, err := r.authDifference(sp)
	if err != nil {
		return nil, err
	}
	fcs := make([]*node, 0, 2*len(conf)+len(diff))
	add := func(n *node) {
		if n != nil && !n.fcs {
			n.fcs = true
			fcs = append(fcs, n)
		}
	}
	if err := r.checkMembers(conf); err != nil {
		return nil, err
	}
	var conflicted []*node
	for _, ids := range conf {
		for _, id := range ids {
			n, err := r.member(id)
			if err != nil {
				return nil, err
			}
			if n != nil && !n.fcs {
				conflicted = append(conflicted, n)
			}
			add(n)
		}
	}
	for _, n := range diff {
		add(n)
	}
	if v21 {
		// SR21-DEF-1, SR21-DEF-2: the conflicted state subgraph.
		sub, err := r.conflictedSubgraph(conflicted)
		if err != nil {
			return nil, err
		}
		for _, n := range sub {
			add(n)
		}
	}
	// SR2-3, SR21-3: power events and their auth chains within the set,
	// sorted.
	x, err := r.powerOrder(fcs)
	if err != nil {
		return nil, err
	}
	// SR2-4: iterative checks over X from the unconflicted map; SR21-4:
	// from an empty map.
	t := unconf
	if v21 {
		t = StateSet{}
	}
	orig := make(map[auth.StateKey]origEntry, len(fcs))
	if err := r.iterate(t, x, orig); err != nil {
		return nil, err
	}
	// SR2-5, SR21-5: the rest, by mainline ordering of the power levels
	// resolved so far (in v2.1 only those of X admitted into T).
	rest := make([]*node, 0, len(fcs)-len(x))
	for _, n := range fcs {
		if n.xIdx < 0 {
			rest = append(rest, n)
		}
	}
	if err := r.mainlineSort(rest, t[auth.StateKey{Type: "m.room.power_levels"}]); err != nil {
		return nil, err
	}
	// SR2-6, SR21-6.
	if err := r.iterate(t, rest, orig); err != nil {
		return nil, err
	}
	// SR21-7: every unconflicted entry overwrites T.
	if v21 {
		if r.explaining() != nil {
			// The explanation tells unconflicted entries from T's own, so
			// it is given both maps unmerged.
			for k, id := range unconf {
				t[k] = id
			}
			r.explainV2(conf, unconf, t, orig, true)
			return t, nil
		}
		// The same as writing every unconflicted entry into T, without
		// growing T to the size of the state: unconf is this call's own
		// map, and T's entries go where unconf has none.
		for k, id := range t {
			if _, ok := unconf[k]; !ok {
				unconf[k] = id
			}
		}
		return unconf, nil
	}
	// SR2-7: the unconflicted entries win.
	for k, o := range orig {
		if o.had {
			if _, wasConf := conf[k]; !wasConf {
				t[k] = o.id
			}
		}
	}
	if r.explaining() != nil {
		r.explainV2(conf, unconf, t, orig, false)
	}
	return t, nil
}
