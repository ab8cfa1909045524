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
// table is kept at most half full while events are added (reserve) and
// four fifths full once frozen (Compact): five bytes per event, where a
// map[string]pos would hold a string header and a position per entry. The hash seed is random per index
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
		if v&^m == tag && x.idOf(v&m-1) == id {
			return v&m - 1, true
		}
		if h++; h == n {
			h = 0
		}
	}
}

// lookupAll finds, for add, the slot of the new event id (which must be
// absent: otherwise it returns -1, false) and the places of its auth
// events into auths and their numbers into numsOut (the index of the
// first unknown one, false).
//
// Most events cite the same few (the create event, the current power
// levels and join rules), so the last few IDs found are remembered with
// their event numbers (recent) and compared first, which costs less
// than hashing them. For the rest it starts every table read, then
// every ID read, before using any: the reads of old events miss the
// caches, and issued together they overlap instead of waiting one after
// another. It then touches the chains of the auth events and their
// lists, which add reads next, for the same reason.
func (x *Index) lookupAll(id string, authEvents []string, auths []pos, numsOut []uint32, slot *uint32, hash *uint64) (int, bool) {
	var (
		hs   [maxBatch]uint64
		nums [maxBatch]uint32
		hit  uint32 // bit i: authEvents[i] found in recent
		sink uint32
	)
	batch := len(authEvents) <= maxBatch
	if batch {
		m := x.numMask()
		for i, a := range authEvents {
			if num, ok := x.recentFind(a); ok {
				nums[i], hit = num, hit|1<<i
				continue
			}
			hs[i] = maphash.String(x.hseed, a)
			sink += x.slots[x.home(hs[i])]
		}
		for i := range authEvents {
			// Touch the ID the home slot names, so that its cache line
			// is on its way (the probe below reads it when tags agree).
			if hit&(1<<i) != 0 {
				continue
			}
			if v := x.slots[x.home(hs[i])]; v != 0 {
				if s := x.evs[v&m-1].id; len(s) > 0 {
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
		var num uint32
		if batch && hit&(1<<i) != 0 {
			num = nums[i]
		} else {
			var hi uint64
			if batch {
				hi = hs[i]
			} else {
				hi = maphash.String(x.hseed, a)
			}
			var ok bool
			if num, ok = x.findHash(a, hi); !ok {
				return i, false
			}
			x.remember(a, num)
		}
		p := x.evs[num].p
		auths[i], numsOut[i] = p, num
		g := &x.gch[p.chain]
		sink += uint32(len(g.sk))
	}
	for _, p := range auths {
		g := &x.gch[p.chain]
		if len(g.sk) > 0 {
			sink += uint32(g.sk[0])
		}
		if len(g.targets) > 0 {
			sink += g.targets[0].chain
		}
	}
	x.sink = sink
	return 0, true
}

// recentSize is the number of IDs recent remembers.
const recentSize = 8

// recentIDs are the IDs add found lately: for each, its first bytes and
// its event number (1 + it; 0 for none), and whether it was found again
// since the clock hand last passed. It holds no string, so that
// remembering writes no pointer.
type recentIDs struct {
	pre  [recentSize]uint64
	num  [recentSize]uint32
	ref  [recentSize]bool
	hand uint8
}

// prefix returns up to the first 8 bytes of s as a number.
func prefix(s string) uint64 {
	if len(s) >= 8 {
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		v |= uint64(s[i]) << (8 * i)
	}
	return v
}

// recentFind returns the event number of id if recent remembers it.
func (x *Index) recentFind(id string) (uint32, bool) {
	r := &x.recent
	pre := prefix(id)
	for i, p := range r.pre {
		if p == pre && r.num[i] != 0 && x.evs[r.num[i]-1].id == id {
			r.ref[i] = true
			return r.num[i] - 1, true
		}
	}
	return 0, false
}

// remember makes recent remember id at event number num, in place of
// the first entry, from the hand on, not found again since the hand
// last passed it (the clock policy: the IDs most events cite stay).
func (x *Index) remember(id string, num uint32) {
	r := &x.recent
	for range recentSize {
		if !r.ref[r.hand%recentSize] {
			break
		}
		r.ref[r.hand%recentSize] = false
		r.hand++
	}
	i := r.hand % recentSize
	r.pre[i], r.num[i], r.ref[i] = prefix(id), num+1, false
	r.hand++
}

// reserve makes room in the table for n events in all, at most half
// full (a growable index's table: short probes while IDs are added).
func (x *Index) reserve(n int) {
	if n*2 <= len(x.slots) && len(x.slots) > 0 {
		return
	}
	if len(x.slots) == 0 {
		x.hseed = maphash.MakeSeed()
	}
	x.rebuild(2*n + 8)
}

// rebuild builds the table anew with size slots (more than the events).
func (x *Index) rebuild(size int) {
	x.slots = make([]uint32, size)
	x.nbits = uint8(min(32, bits.Len64(uint64(size))))
	m := x.numMask()
	for i := range x.count() {
		hash := maphash.String(x.hseed, x.idOf(uint32(i)))
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
// full, with a free slot always left: a frozen index's table.
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
	num := uint32(len(x.evs))
	x.evs = append(x.evs, evEntry{id, p})
	x.inHead = append(x.inHead, 0)
	x.slots[slot] = x.slotValue(num, hash)
	return true
}
