package stateres

// conflictedSubgraph is SR21-DEF-1 computed as D36 says, without reading
// depth: A, the ancestors-or-self of the conflicted events along auth
// edges (the implied create event included, D29), then D, the events of A
// from which some conflicted event is reachable, found by walking the
// reversed edges up from the conflicted events inside A. The subgraph is
// D (a subset of A). Every walk is bounded by marks, so auth cycles end
// it. The cost grows with the auth history below the conflicted events.
func (r *resolver) conflictedSubgraph(conflicted []*node) ([]*node, error) {
	if si, ok := r.in.AuthChains.(SubgraphIndex); ok {
		if out, ok, err := r.subgraphIndexed(si, conflicted); err != nil || ok {
			return out, err
		}
	}
	var a []*node
	stack := make([]*node, 0, len(conflicted))
	ancestor := func(n *node) {
		if !n.anc {
			n.anc = true
			a = append(a, n)
			stack = append(stack, n)
		}
	}
	for _, n := range conflicted {
		ancestor(n)
	}
	if err := r.drainAuth(&stack, ancestor); err != nil {
		return nil, err
	}
	// Reversed edges inside A, in compressed form.
	idx := make(map[*node]int32, len(a))
	for i, n := range a {
		idx[n] = int32(i)
	}
	start := make([]int32, len(a)+1)
	for _, n := range a {
		for _, x := range n.auth {
			start[idx[x]+1]++
		}
	}
	for i := 1; i <= len(a); i++ {
		start[i] += start[i-1]
	}
	up := make([]int32, start[len(a)])
	fill := make([]int32, len(a))
	for i, n := range a {
		for _, x := range n.auth {
			j := idx[x]
			up[start[j]+fill[j]] = int32(i)
			fill[j]++
		}
	}
	var out []*node
	for _, n := range conflicted {
		if !n.desc {
			n.desc = true
			out = append(out, n)
			stack = append(stack, n)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		j := idx[n]
		for _, p := range up[start[j]:start[j+1]] {
			if m := a[p]; !m.desc {
				m.desc = true
				out = append(out, m)
				stack = append(stack, m)
			}
		}
	}
	return out, nil
}

// subgraphIndexed is conflictedSubgraph computed by the index: only the
// subgraph's events are looked up. It returns false, leaving the plain
// walk to decide, when the index does not know an event.
func (r *resolver) subgraphIndexed(si SubgraphIndex, conflicted []*node) ([]*node, bool, error) {
	ids := make([]string, 0, len(conflicted))
	for _, n := range conflicted {
		ids = append(ids, n.id)
	}
	sub, err := si.Subgraph(ids)
	if err != nil {
		return nil, false, nil
	}
	out := make([]*node, 0, len(sub))
	for _, id := range sub {
		n, err := r.get(id)
		if err != nil {
			return nil, false, err
		}
		if n != nil {
			out = append(out, n)
		}
	}
	return out, true, nil
}
