package authchain

import (
	"hash/maphash"
	"math/bits"
)

// The lookup table is open addressing with linear probing over event
// numbers. A slot is 0 when empty; otherwise its low nbits bits hold 1 +
// an event number and its high bits the same bits of the ID's hash (a
// tag), so that a probe past another event reads that event's ID only
// once in 2^(32−nbits) times (once in 2048 at a million events) and a
// probe costs one read of the table. The slot an ID starts at is its
// hash scaled to the table's length (no power of two needed), and the
// table is kept at most four fifths full: five bytes a slot, about six
// and a quarter per event, where a map[string]pos would hold a string
// header and a position per entry. The hash seed is random per index
// (kept in it, no global), so hostile IDs cannot be chosen to collide;
// the table is never iterated, so the seed reaches no result.

// lookup returns the place of the event id.
func (x *Index) lookup(id string) (pos, bool) {
	num, ok := x.find(id)
	if !ok {
		return pos{}, false
	}
	return x.placeOf(num), true
}

// find returns the event number of id, or false.
func (x *Index) find(id string) (uint32, bool) {
	if x == nil || len(x.slots) == 0 {
		return 0, false
	}
	return x.findHash(id, maphash.String(x.hseed, id))
}

// numMask returns the mask of a slot's event-number bits.
func (x *Index) numMask() uint32 { return uint32(1)<<x.nbits - 1 }

// slotValue returns the slot content for event number num of hash hash.
func (x *Index) slotValue(num uint32, hash uint64) uint32 {
	m := x.numMask()
	return uint32(hash)&^m | (num + 1)
}

// home returns the slot where the search for hash starts.
func (x *Index) home(hash uint64) uint64 {
	hi, _ := bits.Mul64(hash, uint64(len(x.slots)))
	return hi
}

// findHash returns the event number of id, whose hash is given, or
// (with false) the empty slot where it would go.
func (x *Index) findHash(id string, hash uint64) (uint32, bool) {
	m := x.numMask()
	tag := uint32(hash) &^ m
	n := uint64(len(x.slots))
	for h := x.home(hash); ; {
		v := x.slots[h]
		if v == 0 {
			return uint32(h), false
		}
		if v&^m == tag && x.ids[v&m-1] == id {
			return v&m - 1, true
		}
		if h++; h == n {
			h = 0
		}
	}
}

// lookupAll finds, for add, the slot of the new event id (which must be
// absent: otherwise it returns -1, false) and the places of its auth
// events into auths (the index of the first unknown one, false). It
// starts every auth event's table read, then its ID read, before using
// any: the reads of old events miss the caches, and issued together
// they overlap instead of waiting one after another.
func (x *Index) lookupAll(id string, authEvents []string, auths []pos, slot *uint32, hash *uint64) (int, bool) {
	var (
		hs   [maxBatch]uint64
		sink uint32
	)
	batch := len(authEvents) <= maxBatch
	if batch {
		m := x.numMask()
		for i, a := range authEvents {
			hs[i] = maphash.String(x.hseed, a)
			sink += x.slots[x.home(hs[i])]
		}
		for i := range authEvents {
			// Touch the ID the home slot names, so that its cache line
			// is on its way (the probe below reads it when tags agree).
			if v := x.slots[x.home(hs[i])]; v != 0 {
				if s := x.ids[v&m-1]; len(s) > 0 {
					sink += uint32(s[0])
				}
			}
		}
	}
	h := maphash.String(x.hseed, id)
	s, dup := x.findHash(id, h)
	if dup {
		return -1, false
	}
	*slot, *hash = s, h
	for i, a := range authEvents {
		var hi uint64
		if batch {
			hi = hs[i]
		} else {
			hi = maphash.String(x.hseed, a)
		}
		num, ok := x.findHash(a, hi)
		if !ok {
			return i, false
		}
		auths[i] = x.placeOf(num)
	}
	x.sink = sink
	return 0, true
}

// reserve makes room in the table for n events in all, rebuilding it
// at the size that keeps n events four fifths full.
func (x *Index) reserve(n int) {
	if n*5 <= len(x.slots)*4 && len(x.slots) > 0 {
		return
	}
	if len(x.slots) == 0 {
		x.hseed = maphash.MakeSeed()
	}
	x.rebuild(n)
}

// rebuild builds the table anew at the size for n ≥ len(ids) events.
func (x *Index) rebuild(n int) {
	size := tableSize(n)
	x.slots = make([]uint32, size)
	x.nbits = uint8(min(32, bits.Len64(uint64(size))))
	m := x.numMask()
	for i, id := range x.ids {
		hash := maphash.String(x.hseed, id)
		h := x.home(hash)
		for x.slots[h] != 0 {
			if h++; h == uint64(size) {
				h = 0
			}
		}
		x.slots[h] = uint32(hash)&^m | uint32(i+1)
	}
}

// tableSize is the smallest table that keeps n events at most four fifths
// full, with a free slot always left.
func tableSize(n int) int {
	return n + n/4 + 8
}

// insert adds id at p for Load, with room for it already reserved; it
// reports false when id is already in the index.
func (x *Index) insert(id string, p pos) bool {
	hash := maphash.String(x.hseed, id)
	slot, dup := x.findHash(id, hash)
	if dup {
		return false
	}
	num := uint32(len(x.ids))
	x.ids = append(x.ids, id)
	x.place = append(x.place, p)
	x.inHead = append(x.inHead, 0)
	x.slots[slot] = x.slotValue(num, hash)
	return true
}
