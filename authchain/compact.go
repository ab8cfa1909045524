package authchain

// Compact gives back the room the index keeps for growth: every list it
// holds is copied into one of exactly its length, the links reversed for
// the upward walks are frozen into one array (4 bytes a link instead of
// 8), the lists of targets with several links are varint-coded into one
// byte array (see morefrozen.go), and the lookup table is rebuilt at the
// smallest size that keeps it at most four fifths full. A server calls it
// once after loading or building a large index; adding events afterwards
// works as before (the first addition thaws the frozen parts, in time
// linear in the links, and the lists grow again as needed, so compact
// again after a batch rather than between single additions). It changes
// no answer. Like adding events, it must not run while the index is
// queried. On the realistic shape of stateres/synth it takes the
// retained size from about 100 to about 77 bytes per event.
func (x *Index) Compact() {
	if x == nil {
		return
	}
	x.evs = exact(x.evs)
	x.freeze()
	x.chains = exact(x.chains)
	for i := range x.chains {
		c := &x.chains[i]
		if c.rest != nil {
			c.rest = exact(c.rest)
		}
		if c.targets != nil {
			c.targets = exact(c.targets)
		}
	}
	x.freezeMore()
	x.jumps = exact(x.jumps)
	for i, j := range x.jumps {
		x.jumps[i] = exact(j)
	}
	if size := tableSize(len(x.evs)); len(x.evs) > 0 && len(x.slots) > size {
		x.slots, x.tags = nil, nil
		x.reserve(len(x.evs))
	}
}

// exact returns a copy of s whose capacity is its length.
func exact[T any](s []T) []T {
	if len(s) == cap(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
