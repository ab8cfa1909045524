package stateres

import "github.com/mxauth/mxauth/auth"

// resolveV2 is state resolution v2 (SR2-1..7) for two or more sets.
func (r *resolver) resolveV2() (StateSet, error) {
	// SR2-1, SR2-DEF-2.
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
	for _, ids := range conf {
		for _, id := range ids {
			n, err := r.member(id)
			if err != nil {
				return nil, err
			}
			add(n)
		}
	}
	for _, n := range diff {
		add(n)
	}
	// SR2-3: power events and their auth chains within the set, sorted.
	x, err := r.powerOrder(fcs)
	if err != nil {
		return nil, err
	}
	// SR2-4: iterative checks over X from the unconflicted map.
	t := unconf
	orig := make(map[auth.StateKey]origEntry, len(fcs))
	if err := r.iterate(t, x, orig); err != nil {
		return nil, err
	}
	// SR2-5: the rest, by mainline ordering of the resolved power levels.
	rest := make([]*node, 0, len(fcs)-len(x))
	for _, n := range fcs {
		if n.xIdx < 0 {
			rest = append(rest, n)
		}
	}
	if err := r.mainlineSort(rest, t[auth.StateKey{Type: "m.room.power_levels"}]); err != nil {
		return nil, err
	}
	// SR2-6.
	if err := r.iterate(t, rest, orig); err != nil {
		return nil, err
	}
	// SR2-7: the unconflicted entries win.
	for k, o := range orig {
		if o.had {
			if _, wasConf := conf[k]; !wasConf {
				t[k] = o.id
			}
		}
	}
	return t, nil
}
