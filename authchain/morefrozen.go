package authchain

import "encoding/binary"

// Frozen link lists: Compact codes the link list of every target with
// several links into Index.moreFz as a uvarint count followed by, for
// each link in order, the uvarint differences (mod 2^32) of its origin
// and its seq from the previous link's (from 0 for the first). Origins
// and seqs grow along a list, so most differences take one byte, where
// a slice of linkPair takes 8 bytes a link and a 24-byte header. Reading
// a list decodes it from its start; lists are as long as the links of
// one chain into one other, and the usual read (reachAt at or past the
// last link, kept inline) does not decode at all.

// maxFrozenMore bounds moreFz so that offsets fit in target.more.
const maxFrozenMore = 1<<32 - 2

// freezeMore codes x.more into x.moreFz (for the targets in x.tgtFz); when the coded lists would not
// fit in 32-bit offsets it leaves them as they are (exactly sized).
func (x *Index) freezeMore() {
	if x.moreFz != nil || len(x.more) == 0 {
		return // already frozen, or no lists
	}
	var pool []byte
	offs := make([]uint32, len(x.more))
	for i, ls := range x.more {
		if len(pool) > maxFrozenMore-binary.MaxVarintLen64*(2*len(ls)+1) {
			x.more = exact(x.more)
			for j, m := range x.more {
				x.more[j] = exact(m)
			}
			return
		}
		offs[i] = uint32(len(pool))
		pool = binary.AppendUvarint(pool, uint64(len(ls)))
		var prev linkPair
		for _, l := range ls {
			pool = binary.AppendUvarint(pool, uint64(l.origin-prev.origin))
			pool = binary.AppendUvarint(pool, uint64(l.seq-prev.seq))
			prev = l
		}
	}
	for k := range x.tgtFz {
		if t := &x.tgtFz[k]; t.more != 0 {
			t.more = 1 + offs[t.more-1]
		}
	}
	x.moreFz, x.more = exact(pool), nil
}

// thawMore turns frozen link lists back into slices, so that links can
// be added.
func (x *Index) thawMore() {
	if x.moreFz == nil {
		return
	}
	var more [][]linkPair
	for k := range x.tgtFz {
		if t := &x.tgtFz[k]; t.more != 0 {
			more = append(more, x.decodeMore(t.more-1, nil))
			t.more = uint32(len(more))
		}
	}
	x.more, x.moreFz = more, nil
}

// moreReader reads one frozen list.
type moreReader struct {
	b    []byte
	n    uint64
	prev linkPair
}

func (x *Index) openMore(off uint32) moreReader {
	b := x.moreFz[off:]
	n, k := binary.Uvarint(b)
	return moreReader{b: b[k:], n: n}
}

// next returns the next link of the list, or false at its end.
func (r *moreReader) next() (linkPair, bool) {
	if r.n == 0 {
		return linkPair{}, false
	}
	r.n--
	do, k := binary.Uvarint(r.b)
	ds, k2 := binary.Uvarint(r.b[k:])
	r.b = r.b[k+k2:]
	r.prev = linkPair{r.prev.origin + uint32(do), r.prev.seq + uint32(ds)}
	return r.prev, true
}

// decodeMore appends the frozen list at off to out.
func (x *Index) decodeMore(off uint32, out []linkPair) []linkPair {
	r := x.openMore(off)
	for l, ok := r.next(); ok; l, ok = r.next() {
		out = append(out, l)
	}
	return out
}

// frozenReachAt is reachAt for the frozen list at off: the seq of the
// last link whose origin is at most s, or 0.
func (x *Index) frozenReachAt(off, s uint32) uint32 {
	r := x.openMore(off)
	var v uint32
	for l, ok := r.next(); ok && l.origin <= s; l, ok = r.next() {
		v = l.seq
	}
	return v
}

// frozenMinOrigin is minOrigin's search in the frozen list at off: the
// origin of the first link whose seq is at least t, or 0.
func (x *Index) frozenMinOrigin(off, t uint32) uint32 {
	r := x.openMore(off)
	for l, ok := r.next(); ok; l, ok = r.next() {
		if l.seq >= t {
			return l.origin
		}
	}
	return 0
}
