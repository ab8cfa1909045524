package stateres

// powerOrder is SR2-3: it collects X, the power events of the full conflicted
// set together with the events of their auth chains that are also in the
// full conflicted set, and returns X in reverse topological power order
// (SR2-DEF-6). As Synapse does (EDGE-SR2-9), the closure only follows auth
// edges into the full conflicted set, so it stops at any event outside it,
// and the graph has an edge only for a direct auth reference.
//
// Events on an auth cycle inside X can never be ordered; they are marked
// and left out of the result (D12, EDGE-SR2-8), and so are never applied.
// Events that depend on a cycle can never be ordered either; as in Synapse,
// they are handed back to the rest of the set (xIdx reset to -1) for the
// mainline pass. Every other event of X is marked with its index
// (xIdx >= 0) so the caller can tell X from the rest of the set.
func (r *resolver) powerOrder(fcs []*node) ([]*node, error) {
	var x []*node
	for _, n := range fcs {
		if n.xIdx < 0 && isPowerEvent(n.ev) {
			n.xIdx = int32(len(x))
			x = append(x, n)
		}
	}
	// Closure inside the full conflicted set; x grows as it is walked.
	for i := 0; i < len(x); i++ {
		auths, err := r.authOf(x[i])
		if err != nil {
			return nil, err
		}
		for _, a := range auths {
			if a.fcs && a.xIdx < 0 {
				a.xIdx = int32(len(x))
				x = append(x, a)
			}
		}
	}
	if len(x) == 0 {
		return nil, nil
	}
	g := buildGraph(x)
	g.markCycles(x)

	// Kahn's algorithm from the events with no outgoing edges left, always
	// taking the smallest: higher sender power first, then smaller
	// origin_server_ts, then smaller event ID (SR2-DEF-6, EDGE-SR2-4).
	for _, n := range x {
		pl, err := r.senderPower(n)
		if err != nil {
			return nil, err
		}
		n.pl = pl
	}
	if err := r.requireCreate(x); err != nil {
		return nil, err
	}
	outdeg := make([]int32, len(x))
	h := nodeHeap{less: powerLess}
	for i, n := range x {
		outdeg[i] = int32(len(g.out(i)))
		if outdeg[i] == 0 {
			h.push(n)
		}
	}
	out := make([]*node, 0, len(x))
	for h.len() > 0 {
		n := h.pop()
		out = append(out, n)
		for _, p := range g.in(int(n.xIdx)) {
			outdeg[p]--
			if outdeg[p] == 0 {
				h.push(x[p])
			}
		}
	}
	// As in Synapse's sort, an event that depends on a cycle is never
	// emitted. It is not a power event of the ordering, so it joins the
	// rest of the set for the mainline pass (SR2-5); the events on the
	// cycle themselves stay out of both passes (D12).
	if len(out) < len(x) {
		for _, n := range x {
			if outdeg[n.xIdx] > 0 && !n.cycle {
				n.xIdx = -1
			}
		}
	}
	return out, nil
}

// powerLess is the order of SR2-DEF-6.
func powerLess(a, b *node) bool {
	if c := a.pl.Compare(b.pl); c != 0 {
		return c > 0
	}
	if ta, tb := a.ev.OriginServerTS(), b.ev.OriginServerTS(); ta != tb {
		return ta < tb
	}
	return a.id < b.id
}
