package authchain

// KeyChainDistance follows, from the event from, the chain of "first auth
// event with the same chain key" (with [Index.AddEvent]'s keys, the first
// power-levels auth event of a power-levels event: state resolution's
// mainline, SR2-DEF-7) and returns how many steps it takes to reach to, or
// false when to is not on it. It answers in time that grows with the
// number of index chains that path crosses, not with its length: within a
// chain the path is the chain itself, read off sequence numbers, except
// at the recorded events whose first same-key auth event is elsewhere.
func (x *Index) KeyChainDistance(from, to string) (int, bool, error) {
	pf, ok := x.lookup(from)
	if !ok {
		return 0, false, &UnknownEventError{ID: from}
	}
	pt, ok := x.lookup(to)
	if !ok {
		return 0, false, &UnknownEventError{ID: to}
	}
	dist := 0
	cur := pf
	// Each segment ends at a jump; a path that comes back to a segment
	// already crossed loops (an auth cycle cannot be indexed, but stay
	// bounded regardless).
	for steps := 0; steps <= x.nchains()+x.count(); steps++ {
		// The last jump at or below cur.seq bounds this segment.
		j := x.jumpAt(cur.chain, cur.seq)
		if pt.chain == cur.chain && pt.seq <= cur.seq && pt.seq >= j.seq {
			return dist + int(cur.seq-pt.seq), true, nil
		}
		if !j.has() {
			return 0, false, nil
		}
		dist += int(cur.seq-j.seq) + 1
		cur = j.next
	}
	return 0, false, nil
}

// ReachesAny reports whether some event of to is in the auth chain of from
// (from itself included). See [Index.Reacher].
func (x *Index) ReachesAny(from string, to []string) (bool, error) {
	f, err := x.Reacher(to)
	if err != nil {
		return false, err
	}
	return f(from)
}

// Reacher prepares to and returns a function reporting whether some event
// of to is in the auth chain of its argument (the argument included). The
// function follows only the chains its argument's auth chain reaches, with
// a small map instead of a vector over all chains, and stops at the first
// event of to found, so it is cheap for a recent event however large the
// index. Its cost for an event that reaches none of to is that event's
// whole auth chain in chains; [Index.Subgraph] computes v2.1's conflicted
// state subgraph without asking it event by event.
func (x *Index) Reacher(to []string) (func(from string) (bool, error), error) {
	want := make(map[uint32]uint32, len(to)) // chain → smallest seq wanted
	for _, id := range to {
		p, ok := x.lookup(id)
		if !ok {
			return nil, &UnknownEventError{ID: id}
		}
		if s, seen := want[p.chain]; !seen || p.seq < s {
			want[p.chain] = p.seq
		}
	}
	return func(from string) (bool, error) {
		pf, ok := x.lookup(from)
		if !ok {
			return false, &UnknownEventError{ID: from}
		}
		r := map[uint32]uint32{pf.chain: pf.seq}
		work := []uint32{pf.chain}
		for len(work) > 0 {
			c := work[len(work)-1]
			work = work[:len(work)-1]
			s := r[c]
			if w, ok := want[c]; ok && s >= w {
				return true, nil
			}
			ts := x.targetsOf(c)
			for i := range ts {
				if v := x.reachAt(&ts[i], s); v > r[ts[i].chain] {
					r[ts[i].chain] = v
					work = append(work, ts[i].chain)
				}
			}
		}
		return false, nil
	}, nil
}
