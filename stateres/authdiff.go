package stateres

import (
	"errors"
	"math"
)

// errDepthOrder reports that the marking walk met an auth edge that does
// not go to a strictly smaller depth, so its result cannot be trusted and
// the exact walk must be used.
var errDepthOrder = errors.New("stateres: auth edge against depth order")

// authDifference returns the auth difference of SR2-DEF-4 with D13: the
// events that lie in some but not all of the sets' chains, where the chain
// C_i of set i is the set's own events plus their auth chains. Only events
// the caller has are returned.
func (r *resolver) authDifference(sets []StateSet, unconf StateSet, conf conflicts) ([]*node, error) {
	if r.in.AuthDifference != nil {
		ids, err := r.in.AuthDifference(sets)
		if err != nil {
			return nil, err
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
	if len(sets) <= 64 && !r.in.ExactAuthDifference {
		d, err := r.authDiffMarked(sets, unconf, conf)
		if err != errDepthOrder {
			return d, err
		}
	}
	return r.authDiffExact(sets, unconf)
}

// authDiffMarked computes the auth difference by marking, for each event,
// the bit set of the sets whose chain reaches it.
//
// Reasoning. Write U for the unconflicted events (the same event in every
// set). Each C_i contains U and U's auth chains, so those lie in the
// intersection and can never be in the difference; only the events that
// differ between sets (the conflicted candidates, seeded with the bits of
// the sets holding them) need walking. But an event reached from some
// differing events can also lie in U's chains (an old power-levels event
// cited both by a differing event and by the unconflicted current one), and
// then it is in every C_i. So U's events take part as well, marked with
// every bit.
//
// Marks only flow from an event to its auth events, and in any graph built
// by honest servers an auth event has a strictly smaller depth than the
// events citing it (it is among their prev_events ancestors). Processing
// events deepest first, an event's mark is therefore final when it is
// popped. The walk stops as soon as no partially marked event remains to be
// popped (and nothing at or above the last one's depth): everything below is
// reached only through fully marked events and lies in the intersection. So
// U's chains are walked only down to the lowest event in doubt, which after
// a recent fork is just above the fork point, whatever the room's age.
//
// Every auth edge the walk follows, and every auth edge of an event it
// reached but did not need to follow, is checked; one that does not descend
// in depth (a hostile graph, or an auth cycle, D12) returns errDepthOrder and
// the caller falls back to the exact walk. Edges of the events left below
// the stopping depth (unconflicted events not popped, and events never
// reached) are assumed to respect depth: in a hostile graph where one of
// them does not, the result can differ from the exact one (it is still a
// defined, deterministic result). The fuzz test checks that the two agree
// on every graph whose depths are ordered.
func (r *resolver) authDiffMarked(sets []StateSet, unconf StateSet, conf conflicts) ([]*node, error) {
	full := ^uint64(0) >> (64 - uint(len(sets)))
	isU := func(n *node) bool {
		k, ok := keyOf(n.ev)
		return ok && unconf[k] == n.id
	}
	h := nodeHeap{items: make([]*node, 0, 4*len(conf)+16), less: deeper}
	partial := 0
	touch := func(n *node) {
		n.queued = true
		if isU(n) {
			n.mask = full
		}
		h.push(n)
	}
	// Seeds: each conflicted candidate carries the bits of the sets that
	// hold it (D13: a set's own events are in its chain).
	for k := range conf {
		for i, s := range sets {
			id, ok := s[k]
			if !ok {
				continue
			}
			n, err := r.get(id)
			if err != nil {
				return nil, err
			}
			if n == nil {
				continue
			}
			if !n.queued {
				touch(n)
			}
			n.mask |= 1 << uint(i)
		}
	}
	for _, n := range h.items {
		if n.mask != full {
			partial++
		}
	}
	// U, deepest first, popped lazily.
	u := nodeHeap{items: make([]*node, 0, len(unconf)), less: deeper}
	for _, id := range unconf {
		n, err := r.get(id)
		if err != nil {
			return nil, err
		}
		if n != nil {
			u.items = append(u.items, n)
		}
	}
	u.init()

	var diff []*node
	last := int64(math.MaxInt64) // depth of the last partial event popped
	for {
		var n *node
		hd, ud := int64(-1), int64(-1)
		if h.len() > 0 {
			hd = h.top().ev.Depth()
		}
		if u.len() > 0 {
			ud = u.top().ev.Depth()
		}
		if partial == 0 && hd < last && ud < last {
			break
		}
		if hd < 0 && ud < 0 {
			break
		}
		if ud >= hd { // on a tie, the fully marked one first
			n = u.pop()
			if n.queued && !n.done && n.mask != full {
				partial-- // held at an unexpected key: it is in every set all the same
			}
			n.mask = full
		} else {
			n = h.pop()
		}
		if n.done {
			continue
		}
		n.done = true
		if n.mask != full {
			partial--
			last = n.ev.Depth()
			diff = append(diff, n)
		}
		d := n.ev.Depth()
		auths, err := r.authOf(n)
		if err != nil {
			return nil, err
		}
		for _, a := range auths {
			if a.ev.Depth() >= d || a.done {
				return nil, errDepthOrder
			}
			if !a.queued {
				touch(a)
				if a.mask|n.mask != full {
					partial++
				}
				a.mask |= n.mask
				continue
			}
			old := a.mask
			a.mask |= n.mask
			if old != full && a.mask == full {
				partial--
			}
		}
	}
	// Events still queued were reached but not needed. Their own auth
	// edges are checked too, as a cheap guard: one that points at an event
	// already decided breaks the depth order the result relies on.
	for _, n := range h.items {
		if n.done {
			continue
		}
		auths, err := r.authOf(n)
		if err != nil {
			return nil, err
		}
		for _, a := range auths {
			if a.done || a.ev.Depth() >= n.ev.Depth() {
				return nil, errDepthOrder
			}
		}
	}
	return diff, nil
}
