package authchain

import "sort"

// reach is a reach vector under construction: for each chain, the largest
// sequence number reachable, and a work list of chains whose reach grew.
type reach struct {
	x    *Index
	r    []uint32
	in   []bool // chain is on the work list
	work []uint32
	log  []change // when non-nil, records every change, to undo or report
	// touched lists the chains whose entry of r left 0, so that release
	// can clear the vectors in time proportional to the query, not to the
	// number of chains.
	touched []uint32
}

type change struct {
	chain, old uint32
}

// newReach returns a cleared reach vector over the chains of x, reusing
// one that an earlier query released when the index has not grown since.
func newReach(x *Index) *reach {
	if w, ok := x.reaches.Get().(*reach); ok && len(w.r) == x.nchains() {
		return w
	}
	return &reach{x: x, r: make([]uint32, x.nchains()), in: make([]bool, x.nchains())}
}

// release clears w and keeps it for the next query of its index.
func (w *reach) release() {
	for _, c := range w.touched {
		w.r[c] = 0
	}
	for _, c := range w.work {
		w.in[c] = false
	}
	w.touched, w.work, w.log = w.touched[:0], w.work[:0], w.log[:0]
	w.x.reaches.Put(w)
}

func (w *reach) raise(c, s uint32, record bool) {
	if s <= w.r[c] {
		return
	}
	if record {
		w.log = append(w.log, change{c, w.r[c]})
	}
	if w.r[c] == 0 {
		w.touched = append(w.touched, c)
	}
	w.r[c] = s
	if !w.in[c] {
		w.in[c] = true
		w.work = append(w.work, c)
	}
}

// propagate follows links until no reach grows. Each chain taken applies
// every one of its targets at its current reach (a binary search per
// target), so the cost grows with the chains reached and their targets,
// not with the number of links or events. The work list is first in,
// first out: a chain raised by many others (the power-levels chain by
// every member's chain) waits for all of them and is processed once.
func (w *reach) propagate(record bool) {
	for head := 0; head < len(w.work); head++ {
		c := w.work[head]
		w.in[c] = false
		s := w.r[c]
		ts := w.x.targetsOf(c)
		for i := range ts {
			if v := w.x.reachAt(&ts[i], s); v > 0 {
				w.raise(ts[i].chain, v, record)
			}
		}
	}
	w.work = w.work[:0]
}

func (x *Index) seed(w *reach, ids []string, record bool) error {
	for _, id := range ids {
		p, ok := x.lookup(id)
		if !ok {
			return &UnknownEventError{ID: id}
		}
		w.raise(p.chain, p.seq, record)
	}
	return nil
}

// Difference returns the auth difference of the state sets common ∪
// sets[i] (SR2-DEF-4 with DECISIONS D13): the IDs of the events in the
// auth chain of some set but not of all, where each set's chain includes
// the set's own events. common holds the events every set has (the
// unconflicted state), sets[i] the rest of set i; an event may appear in
// both. The result is sorted. Every event named must be in the index,
// otherwise Difference returns an *UnknownEventError.
//
// Cost: one lookup per event of common and the sets, plus the chains
// their auth chains reach (each processed with one binary search per
// target chain), plus the size of the difference. With a whole room state
// as common that is most of the room's chains; [Index.StateDifference]
// avoids it.
func (x *Index) Difference(common []string, sets [][]string) ([]string, error) {
	if x == nil {
		x = New(0) // a nil index is an empty one
	}
	if len(sets) < 2 {
		// With one set (or none) nothing lies in some sets but not all;
		// unknown events are still reported.
		for _, ids := range append(sets, common) {
			for _, id := range ids {
				if !x.Has(id) {
					return nil, &UnknownEventError{ID: id}
				}
			}
		}
		return nil, nil
	}
	base := newReach(x)
	defer base.release()
	if err := x.seed(base, common, false); err != nil {
		return nil, err
	}
	base.propagate(false)
	// Each set in turn raises the common reach; its changes are kept and
	// then undone, so the vector is shared.
	type bound struct{ lo, hi, n uint32 }
	bounds := map[uint32]*bound{}
	var order []uint32
	for _, ids := range sets {
		base.log = base.log[:0]
		if err := x.seed(base, ids, true); err != nil {
			return nil, err
		}
		base.propagate(true)
		// A chain may change several times: the first record holds the
		// common value, r the set's final one. Each chain is counted once
		// per set (its entry in r is zeroed once counted, then restored).
		for _, ch := range base.log {
			if bounds[ch.chain] == nil {
				bounds[ch.chain] = &bound{lo: ^uint32(0)}
				order = append(order, ch.chain)
			}
		}
		for _, ch := range base.log {
			v := base.r[ch.chain]
			if v == 0 {
				continue // already counted for this set
			}
			b := bounds[ch.chain]
			b.n++
			if v > b.hi {
				b.hi = v
			}
			if v < b.lo {
				b.lo = v
			}
			base.r[ch.chain] = 0 // mark counted
		}
		for i := len(base.log) - 1; i >= 0; i-- {
			base.r[base.log[i].chain] = base.log[i].old
		}
	}
	var out []string
	for _, c := range order {
		b := bounds[c]
		lo := b.lo
		if int(b.n) < len(sets) { // some set stays at the common reach
			lo = base.r[c]
		}
		out = x.appendIDs(out, c, lo, b.hi)
	}
	sort.Strings(out)
	return out, nil
}

// AuthChain returns the auth chain of the events, the events included,
// sorted. It is the plain closure the index encodes, for checks and tools.
func (x *Index) AuthChain(ids []string) ([]string, error) {
	if x == nil {
		x = New(0) // a nil index is an empty one
	}
	w := newReach(x)
	defer w.release()
	if err := x.seed(w, ids, false); err != nil {
		return nil, err
	}
	w.propagate(false)
	var out []string
	for c, s := range w.r {
		out = x.appendIDs(out, uint32(c), 0, s)
	}
	sort.Strings(out)
	return out, nil
}

// Reaches reports whether to is in the auth chain of from (from itself
// included).
func (x *Index) Reaches(from, to string) (bool, error) {
	pt, ok := x.lookup(to)
	if !ok {
		return false, &UnknownEventError{ID: to}
	}
	w := newReach(x)
	defer w.release()
	if err := x.seed(w, []string{from}, false); err != nil {
		return false, err
	}
	w.propagate(false)
	return w.r[pt.chain] >= pt.seq, nil
}
