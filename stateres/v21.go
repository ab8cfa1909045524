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
	for _, n := range conflicted {
		if !n.anc {
			n.anc = true
			a = append(a, n)
			stack = append(stack, n)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		auths, err := r.authOf(n)
		if err != nil {
			return nil, err
		}
		for _, x := range auths {
			if !x.anc {
				x.anc = true
				a = append(a, x)
				stack = append(stack, x)
			}
		}
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

// subgraphIndexed is conflictedSubgraph with an index: walking down from
// the conflicted events, an auth event is kept, and walked further, only
// when it is conflicted or reaches a conflicted event. Every event on a
// path from a conflicted event to the kept one also reaches a conflicted
// event through it, so the walk finds the whole subgraph and nothing
// else; it touches only the subgraph and its border. It returns false,
// leaving the plain walk to decide, when the index does not know an event.
func (r *resolver) subgraphIndexed(si SubgraphIndex, conflicted []*node) ([]*node, bool, error) {
	ids := make([]string, 0, len(conflicted))
	for _, n := range conflicted {
		ids = append(ids, n.id)
	}
	reaches, err := si.Reacher(ids)
	if err != nil {
		return nil, false, nil
	}
	var out, stack []*node
	for _, n := range conflicted {
		if !n.desc {
			n.desc = true
			out = append(out, n)
			stack = append(stack, n)
		}
	}
	reset := func() {
		for _, n := range out {
			n.desc, n.anc = false, false
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		auths, err := r.authOf(n)
		if err != nil {
			return nil, false, err
		}
		for _, a := range auths {
			if a.desc || a.anc { // kept, or already found not to reach
				continue
			}
			ok, err := reaches(a.id)
			if err != nil {
				reset()
				for _, m := range auths {
					m.anc = false
				}
				return nil, false, nil
			}
			if !ok {
				a.anc = true // marks "decided: outside"
				out = append(out, a)
				continue
			}
			a.desc = true
			out = append(out, a)
			stack = append(stack, a)
		}
	}
	kept := out[:0]
	for _, n := range out {
		if n.desc {
			kept = append(kept, n)
		}
		n.anc = false
	}
	return kept, true, nil
}
