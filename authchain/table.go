package authchain

import "hash/maphash"

// evEntry is one event of the index: its ID (the caller's string, not a
// copy) and its place.
type evEntry struct {
	id string
	p  pos
}

// The lookup table is open addressing with linear probing over event
// numbers (index into Index.evs, plus one; 0 is an empty slot), with 8
// bits of each slot's ID hash kept beside it in tags, so that a probe past
// another event reads that event's ID only once in 256 times. It is kept
// at most four fifths full, about six and a half bytes per event, where a
// map[string]pos would hold a string header and a position per entry. The
// hash seed is random per index, so hostile IDs cannot be chosen to
// collide; the table is never iterated, so the seed reaches no result.

// lookup returns the place of the event id.
func (x *Index) lookup(id string) (pos, bool) {
	i, ok := x.find(id)
	if !ok {
		return pos{}, false
	}
	return x.evs[i].p, true
}

// find returns the event number of id, or the slot where it would go.
func (x *Index) find(id string) (uint32, bool) {
	if x == nil || len(x.slots) == 0 {
		return 0, false
	}
	return x.findHash(id, maphash.String(x.hseed, id))
}

// tagOf is the part of an ID's hash kept in tags: bits the slot index
// (the low bits) does not use.
func tagOf(hash uint64) uint8 { return uint8(hash >> 56) }

// findHash is find with the ID's hash already computed.
func (x *Index) findHash(id string, hash uint64) (uint32, bool) {
	mask := uint64(len(x.slots) - 1)
	tag := tagOf(hash)
	h := hash & mask
	for {
		num := x.slots[h]
		if num == 0 {
			return uint32(h), false
		}
		if x.tags[h] == tag && x.evs[num-1].id == id {
			return num - 1, true
		}
		h = (h + 1) & mask
	}
}

// reserve makes room in the table for n events in all.
func (x *Index) reserve(n int) {
	if n*5 <= len(x.slots)*4 {
		return
	}
	if len(x.slots) == 0 {
		x.hseed = maphash.MakeSeed()
	}
	size := tableSize(n)
	x.slots = make([]uint32, size)
	x.tags = make([]uint8, size)
	mask := uint64(size - 1)
	for i := range x.evs {
		hash := maphash.String(x.hseed, x.evs[i].id)
		h := hash & mask
		for x.slots[h] != 0 {
			h = (h + 1) & mask
		}
		x.slots[h] = uint32(i + 1)
		x.tags[h] = tagOf(hash)
	}
}

// insert adds id at p; id must not be in the index.
func (x *Index) insert(id string, p pos) {
	if (len(x.evs)+1)*5 > len(x.slots)*4 {
		x.reserve(2 * (len(x.evs) + 1))
	}
	hash := maphash.String(x.hseed, id)
	slot, _ := x.findHash(id, hash)
	x.evs = append(x.evs, evEntry{id: id, p: p})
	x.inHead = append(x.inHead, 0)
	x.slots[slot] = uint32(len(x.evs))
	x.tags[slot] = tagOf(hash)
}

// tableSize is the smallest table that keeps n events at most four fifths
// full.
func tableSize(n int) int {
	size := 8
	for size*4 < n*5 {
		size *= 2
	}
	return size
}
