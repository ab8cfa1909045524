package stateres

import "github.com/mxauth/mxauth/auth"

// authDifference returns the auth difference of SR2-DEF-4 with D13: the
// events that lie in some but not all of the sets' chains, where the chain
// C_i of set i is the set's own events plus their auth chains. Only events
// the caller has are returned. The source is, in this order of preference,
// Input.AuthDifference, Input.AuthChains, or a plain closure walk
// (authDiffWalk). None of them reads depth.
func (r *resolver) authDifference(sp *splitResult) ([]*node, error) {
	var ids []string
	switch {
	case r.in.AuthDifference != nil:
		var err error
		if ids, err = r.in.AuthDifference(r.in.StateSets); err != nil {
			return nil, err
		}
	case r.in.AuthChains != nil:
		var err error
		if si, ok := r.in.AuthChains.(StateDifferenceIndex); ok {
			unconf := sp.unconf
			ids, err = si.StateDifference(func(typ, sk string) (string, bool) {
				id, ok := unconf[auth.StateKey{Type: typ, StateKey: sk}]
				return id, ok
			}, sp.perSet)
			if err == nil {
				break
			}
		}
		if ids, err = r.indexDifference(sp); err != nil {
			// The index does not hold every event (say, one rejected and
			// never indexed): the exact walk answers instead.
			return r.authDiffWalk(sp)
		}
	default:
		return r.authDiffWalk(sp)
	}
	out := make([]*node, 0, len(ids))
	for _, id := range ids {
		n, err := r.get(id)
		if err != nil {
			return nil, err
		}
		if n != nil {
			out = append(out, n)
		}
	}
	return out, nil
}

// indexDifference asks the caller's auth-chain index. The events common
// to every set are the unconflicted ones; each set's own others are its
// events at conflicted keys.
func (r *resolver) indexDifference(sp *splitResult) ([]string, error) {
	common := make([]string, 0, len(sp.unconf))
	for _, id := range sp.unconf {
		common = append(common, id)
	}
	return r.in.AuthChains.Difference(common, sp.perSet)
}

// authDiffWalk computes the auth difference by plain closure, with no
// assumption on depths. Write U for the unconflicted events (the same event
// in every set). Every C_i holds U and U's auth chains, B, so no event of B
// is in the difference; the walk first marks B, then, for each set, walks
// the chain of the set's events at conflicted keys down to B. An event
// outside B that some but not all sets reach is in the difference. Every
// walk is bounded by per-walk marks, so auth cycles (D12) cannot make it
// loop.
//
// Cost: B is the auth chain of the whole current state, so this walk
// fetches every event of the room's auth history once; the time and
// memory grow with that history. Input.AuthChains avoids it.
func (r *resolver) authDiffWalk(sp *splitResult) ([]*node, error) {
	var stack []*node
	markB := func(n *node) {
		if n != nil && !n.inB {
			n.inB = true
			stack = append(stack, n)
		}
	}
	for _, id := range sp.unconf {
		n, err := r.get(id)
		if err != nil {
			return nil, err
		}
		markB(n)
	}
	if err := r.drainAuth(&stack, markB); err != nil {
		return nil, err
	}
	var touched []*node
	sets := int32(len(sp.perSet))
	for i, ids := range sp.perSet {
		st := int32(i + 1)
		visit := func(n *node) {
			if n == nil || n.inB || n.stamp == st {
				return
			}
			n.stamp = st
			n.count++
			if n.count == 1 {
				touched = append(touched, n)
			}
			stack = append(stack, n)
		}
		for _, id := range ids {
			n, err := r.get(id)
			if err != nil {
				return nil, err
			}
			visit(n)
		}
		if err := r.drainAuth(&stack, visit); err != nil {
			return nil, err
		}
	}
	diff := touched[:0]
	for _, n := range touched {
		if n.count < sets {
			diff = append(diff, n)
		}
	}
	return diff, nil
}

// drainAuth pops events off the stack until it is empty, calling visit on
// each one's auth events; visit decides what to push.
func (r *resolver) drainAuth(stack *[]*node, visit func(*node)) error {
	for len(*stack) > 0 {
		n := (*stack)[len(*stack)-1]
		*stack = (*stack)[:len(*stack)-1]
		auths, err := r.authOf(n)
		if err != nil {
			return err
		}
		for _, a := range auths {
			visit(a)
		}
	}
	return nil
}
