package authchain

import "math/bits"

// Compact freezes the index into its compact layout and gives back the
// room it keeps for growth: events are renumbered chain by chain in
// sequence order, so that a chain's events need no list and an event's
// place no entry (a bit per event finds its chain); every chain's
// targets go into one array, the links reversed for the upward walks
// into another (4 bytes a link), the lists of targets with several links
// are varint-coded into one byte array (see morefrozen.go), and the
// lookup table is rebuilt at the smallest size that keeps it at most
// four fifths full. A server calls it once after loading or building a
// large index; adding events afterwards works as before (the first
// addition thaws the index, in time linear in its size, and the lists
// grow again as needed, so compact again after a batch rather than
// between single additions). It changes no answer, nor the chains and
// sequence numbers [Index.Rows] exports. Like adding events, it must not
// run while the index is queried. On the realistic shape of
// stateres/synth it takes the retained size from about 99 to about 52
// bytes per event at 100k events (event ID bytes, which the index shares
// with the caller, not counted).
func (x *Index) Compact() {
	if x == nil || x.frozen || len(x.evs) == 0 {
		return
	}
	n := len(x.evs)
	// inv[new] = old event number, chain by chain in seq order.
	inv := make([]uint32, 0, n)
	ntg := 0
	for c := range x.gch {
		g := &x.gch[c]
		inv = append(inv, g.start)
		inv = append(inv, g.rest...)
		ntg += len(g.targets)
	}
	ids := make([]string, n)
	for i, old := range inv {
		ids[i] = x.evs[old].id
	}
	// The reversed links, grouped by new event number, each list in the
	// order it had (newest link first).
	start := make([]uint32, n+1)
	frozen := make([]uint32, 0, len(x.inPool))
	for num, old := range inv {
		start[num] = uint32(len(frozen))
		for l := x.inHead[old]; l != 0; l = x.inPool[l-1].next {
			frozen = append(frozen, x.inPool[l-1].chain)
		}
	}
	start[n] = uint32(len(frozen))
	chains := make([]chain, len(x.gch))
	tgt := make([]target, 0, ntg)
	cbits := make([]uint64, (n+63)/64)
	next := uint32(0)
	for c := range x.gch {
		g := &x.gch[c]
		chains[c] = g.chain
		chains[c].start, chains[c].tgt = next, uint32(len(tgt))
		cbits[next>>6] |= 1 << (next & 63)
		next += 1 + uint32(len(g.rest))
		tgt = append(tgt, g.targets...)
	}
	crank := make([]uint32, len(cbits))
	var r uint32
	for w, b := range cbits {
		crank[w] = r
		r += uint32(bits.OnesCount64(b))
	}
	x.ids, x.chains, x.evs, x.gch, x.typeNum = ids, chains, nil, nil, nil
	x.inStart, x.inFrozen, x.inHead, x.inPool = start, frozen, nil, nil
	x.tgtFz, x.cbits, x.crank = tgt, cbits, crank
	x.types = exact(x.types)
	x.freezeMore()
	x.jumps = exact(x.jumps)
	for i, j := range x.jumps {
		x.jumps[i] = exact(j)
	}
	x.frozen = true
	x.recent = recentIDs{}
	x.rebuild(tableSize(n))
}

// thaw turns a frozen index back into a growable one, so that events can
// be added; it keeps the frozen numbering of events and the order of
// every list.
func (x *Index) thaw() {
	if !x.frozen {
		return
	}
	x.thawMore()
	n := len(x.ids)
	evs := make([]evEntry, n, n+n/8+1)
	gch := make([]gchain, len(x.chains), len(x.chains)+len(x.chains)/8+1)
	typeNum := make(map[string]uint32, len(x.types))
	for i, t := range x.types {
		typeNum[t] = uint32(i)
	}
	for c := range x.chains {
		st, end := x.chains[c].start, x.chainEnd(uint32(c))
		for num := st; num < end; num++ {
			evs[num] = evEntry{x.ids[num], pos{uint32(c), num - st + 1}}
		}
		g := &gch[c]
		g.chain = x.chains[c]
		g.tgt = 0
		if end-st > 1 {
			g.rest = make([]uint32, 0, end-st-1)
			for num := st + 1; num < end; num++ {
				g.rest = append(g.rest, num)
			}
		}
		if ts := x.targetsOf(uint32(c)); len(ts) > 0 {
			g.targets = append([]target(nil), ts...)
		}
	}
	head := make([]uint32, n, cap(evs))
	pool := make([]inLink, 0, len(x.inFrozen))
	for num := range n {
		fz := x.inFrozen[x.inStart[num]:x.inStart[num+1]]
		for i := len(fz) - 1; i >= 0; i-- { // oldest first, so the newest ends up at the head
			pool = append(pool, inLink{chain: fz[i], next: head[num]})
			head[num] = uint32(len(pool))
		}
	}
	x.evs, x.gch, x.typeNum, x.ids, x.chains = evs, gch, typeNum, nil, nil
	x.inHead, x.inPool, x.inStart, x.inFrozen = head, pool, nil, nil
	x.tgtFz, x.cbits, x.crank = nil, nil, nil
	x.frozen, x.thawedN = false, uint32(n)
}

// exact returns a copy of s whose capacity is its length.
func exact[T any](s []T) []T {
	if len(s) == cap(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
