package stateres

// authDiffExact computes the auth difference (SR2-DEF-4 with D13) by plain
// closure, with no assumption on depths. It first walks the chain B of the
// unconflicted events, which lies in every set's chain, then, for each set,
// the chain of the set's other events down to B; an event outside B that
// some but not all sets reach is in the difference. Every walk is bounded
// by per-walk marks, so auth cycles (D12) cannot make it loop.
func (r *resolver) authDiffExact(sets []StateSet, unconf StateSet) ([]*node, error) {
	var stack []*node
	markB := func(n *node) {
		if n != nil && !n.inB {
			n.inB = true
			stack = append(stack, n)
		}
	}
	for _, id := range unconf {
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
	for i, s := range sets {
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
		for _, id := range s {
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
		if int(n.count) < len(sets) {
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
