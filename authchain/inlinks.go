package authchain

import (
	"fmt"
	"sort"
	"strings"
)

// inLink is one link seen from its target event: the origin chain (the
// origin seq is read off the origin chain's own links, see minOrigin),
// and the previous in-link of the same target event.
type inLink struct {
	chain, next uint32
}

// inIter walks the origin chains of the links into one event, frozen or
// linked.
type inIter struct {
	fz []uint32
	l  uint32
}

// ins starts a walk over the links into event num.
func (x *Index) ins(num uint32) inIter {
	if x.inStart != nil {
		return inIter{fz: x.inFrozen[x.inStart[num]:x.inStart[num+1]]}
	}
	return inIter{l: x.inHead[num]}
}

// next returns the next origin chain, or false at the end.
func (it *inIter) next(x *Index) (uint32, bool) {
	if len(it.fz) > 0 {
		e := it.fz[0]
		it.fz = it.fz[1:]
		return e, true
	}
	if it.l == 0 {
		return 0, false
	}
	in := x.inPool[it.l-1]
	it.l = in.next
	return in.chain, true
}

// addIn records that chain ci links to the event at a.
func (x *Index) addIn(a pos, ci uint32) {
	num := x.eventAt(a.chain, a.seq)
	x.inPool = append(x.inPool, inLink{chain: ci, next: x.inHead[num]})
	x.inHead[num] = uint32(len(x.inPool))
}

// minOrigin returns the smallest seq of chain d whose event reaches seq t
// of chain c through d's own links into c, or 0 when none does.
func (x *Index) minOrigin(d, c, t uint32) uint32 {
	ts := x.targetsOf(d)
	for i := range ts {
		if ts[i].chain != c {
			continue
		}
		if ts[i].last.seq < t {
			return 0 // target seqs grow with origins: no link reaches t
		}
		switch {
		case ts[i].more == 0:
			return ts[i].last.origin // the only link, which reaches t
		case x.moreFz != nil:
			return x.frozenMinOrigin(ts[i].more-1, t)
		}
		ls := x.more[ts[i].more-1]
		j := sort.Search(len(ls), func(j int) bool { return ls[j].seq >= t })
		if j == len(ls) {
			return 0
		}
		return ls[j].origin
	}
	return 0
}

// up is a reverse reach under construction: for each chain touched, the
// smallest seq known to reach the query's target (every later event of
// the chain does too), and a work list of chains whose floor dropped.
type up struct {
	x     *Index
	floor map[uint32]uint32 // chain → smallest seq reaching the target
	done  map[uint32]uint32 // chain → floor whose events were expanded
	work  []uint32
	// chains lists the keys of floor, so that reset costs the chains
	// touched rather than the map's capacity.
	chains []uint32
}

func newUp(x *Index) *up {
	return &up{x: x, floor: map[uint32]uint32{}, done: map[uint32]uint32{}}
}

func (u *up) reset() {
	for _, d := range u.chains {
		delete(u.floor, d)
		delete(u.done, d)
	}
	u.chains, u.work = u.chains[:0], u.work[:0]
}

// lower records that seq s of chain d reaches the target; it reports
// whether the floor dropped.
func (u *up) lower(d, s uint32) bool {
	f, ok := u.floor[d]
	if ok && f <= s {
		return false
	}
	if !ok {
		u.chains = append(u.chains, d)
	}
	u.floor[d] = s
	u.work = append(u.work, d)
	return true
}

// expand takes chain d's events from its floor up to (not including) the
// part already expanded, capped at top, and lowers the chains that link
// into them. keep decides whether an origin (chain, seq) is followed.
func (u *up) expand(d, top uint32, keep func(e, o uint32) bool) {
	f := u.floor[d]
	hi, seen := u.done[d]
	if !seen {
		hi = top + 1
	}
	if f >= hi {
		return
	}
	u.done[d] = f
	x := u.x
	for s := f; s < hi; s++ {
		for it := x.ins(x.eventAt(d, s)); ; {
			e, ok := it.next(x)
			if !ok {
				break
			}
			o := x.minOrigin(e, d, s)
			if o != 0 && keep(e, o) {
				u.lower(e, o)
			}
		}
	}
}

// StateDifference is [Index.Difference] with the common events given as a
// state: common(typ, stateKey) returns the ID of the event the common
// state holds at that key, if any. It answers without touching the common
// state as a whole: it computes, chain by chain, the range of sequence
// numbers that some but not all of the sets reach (from the sets' own
// events, forward along links), and then removes from each range the
// part the common state reaches, found by walking the links backwards up
// from the range and asking common only for the keys of the chains met.
// Its cost grows with the chains the sets' events reach and with the
// events that descend from the difference, not with the size of the
// common state or of the room's history.
//
// It requires an index keyed as [Index.AddEvent] keys events (a chain's
// key is its events' type and state_key) and a common state whose every
// event sits at its own type and state_key, as a room state does; for
// such an index and state it returns exactly what Difference returns for
// the common state's events. Every event of the sets must be in the
// index, otherwise it returns an *UnknownEventError; so must every event
// of the common state (one that is not is not detected).
func (x *Index) StateDifference(common func(typ, stateKey string) (string, bool), sets [][]string) ([]string, error) {
	if x == nil {
		x = New(0) // a nil index is an empty one
	}
	if common == nil {
		common = func(string, string) (string, bool) { return "", false } // no common state
	}
	if len(sets) < 2 {
		for _, ids := range sets {
			for _, id := range ids {
				if !x.Has(id) {
					return nil, &UnknownEventError{ID: id}
				}
			}
		}
		return nil, nil
	}
	type bound struct{ chain, lo, hi, n uint32 }
	at := map[uint32]int{} // chain → index in bounds
	var bounds []bound
	w := newReach(x)
	defer w.release()
	for _, ids := range sets {
		if err := x.seed(w, ids, false); err != nil {
			return nil, err
		}
		w.propagate(false)
		for _, c := range w.touched {
			v := w.r[c]
			i, ok := at[c]
			if !ok {
				i = len(bounds)
				at[c] = i
				bounds = append(bounds, bound{chain: c, lo: v, hi: v})
			}
			b := &bounds[i]
			b.n++
			b.lo, b.hi = min(b.lo, v), max(b.hi, v)
			w.r[c] = 0
		}
		w.touched = w.touched[:0]
	}
	cs := commonSeqs{x: x, common: common, seq: map[uint32]uint32{}, free: map[uint32]uint32{}}
	u := newUp(x)
	var out []string
	for i := range bounds {
		b := &bounds[i]
		c := b.chain
		lo := b.lo
		if int(b.n) < len(sets) {
			lo = 0
		}
		if lo >= b.hi {
			continue
		}
		m, err := x.commonReach(u, &cs, c, lo, b.hi)
		if err != nil {
			return nil, err
		}
		out = x.appendIDs(out, c, max(lo, m), b.hi)
	}
	sort.Strings(out)
	return out, nil
}

// commonSeqs finds, per chain, the seq of the common state's event on it.
type commonSeqs struct {
	x      *Index
	common func(typ, stateKey string) (string, bool)
	seq    map[uint32]uint32 // chain → 1 + seq of the common event on it, or 1 for none
	// free maps a chain to a seq from which no event of the common state
	// descends (found by a walk that met no common event).
	free map[uint32]uint32
}

// errAmbiguousKey reports a chain key loaded from rows whose split into
// type and state_key is ambiguous (a type with a NUL in it).
var errAmbiguousKey = fmt.Errorf("authchain: a chain key names no single type and state_key")

// errNotAState reports a common state holding, at some key, an event
// the index keys otherwise.
var errNotAState = fmt.Errorf("authchain: the common state holds an event at another key than the index gives it")

// at returns the seq on chain d of the common state's event at d's key,
// or 0 when that event is elsewhere or the state has none.
func (cs *commonSeqs) at(d uint32) (uint32, error) {
	if v, ok := cs.seq[d]; ok {
		return v - 1, nil
	}
	k := cs.x.key(d)
	typ, sk, state := k.typ, k.sk, k.state
	if !state {
		// A key loaded from rows: type NUL state_key, or a type alone for
		// events without a state_key, which no state holds.
		i := strings.IndexByte(typ, 0)
		if i >= 0 && strings.IndexByte(typ[i+1:], 0) >= 0 {
			return 0, errAmbiguousKey
		}
		if i >= 0 {
			typ, sk, state = typ[:i], typ[i+1:], true
		}
	}
	var s uint32
	if state {
		if id, ok := cs.common(typ, sk); ok {
			p, found := cs.x.lookup(id)
			if !found {
				return 0, &UnknownEventError{ID: id}
			}
			switch {
			case p.chain == d:
				s = p.seq
			case !cs.x.key(p.chain).eq(cs.x.key(d)):
				// The state holds at d's key an event of another key:
				// not a room state, or not an index keyed by type and
				// state_key. Difference must answer instead.
				return 0, errNotAState
			}
		}
	}
	cs.seq[d] = s + 1
	return s, nil
}

// commonReach returns the largest seq in (lo, hi] of chain c that the
// common state reaches, or lo when it reaches none. The common event on c
// itself decides at once when it is at or past hi; otherwise the links
// are walked backwards from the top of c down, and the first seq t whose
// ancestors-by-reversed-links include a chain holding its common event
// at or past the floor found is the answer.
func (x *Index) commonReach(u *up, cs *commonSeqs, c, lo, hi uint32) (uint32, error) {
	own, err := cs.at(c)
	if err != nil {
		return 0, err
	}
	if own >= hi {
		return hi, nil
	}
	floor := max(lo, own)
	u.reset()
	// A walk that found nothing proved, for every chain it met, that no
	// common event descends from the chain's floor: later walks stop
	// there, so failed walks cost the index at most once in all.
	keep := func(e, o uint32) bool {
		f, ok := cs.free[e]
		return !ok || o < f
	}
	for t := x.size(c); t > floor; t-- {
		// Chains linking into (c, t) reach it from their origin on.
		num := x.eventAt(c, t)
		for it := x.ins(num); ; {
			e, ok := it.next(x)
			if !ok {
				break
			}
			if o := x.minOrigin(e, c, t); o != 0 && keep(e, o) {
				u.lower(e, o)
			}
		}
		for len(u.work) > 0 {
			d := u.work[len(u.work)-1]
			u.work = u.work[:len(u.work)-1]
			s, err := cs.at(d)
			if err != nil {
				return 0, err
			}
			if s != 0 && s >= u.floor[d] {
				// d's common event reaches (c, t), and nothing the
				// common state holds reached a later seq of c.
				return min(t, hi), nil
			}
			u.expand(d, x.size(d), keep)
		}
	}
	for _, d := range u.chains {
		if f, ok := cs.free[d]; !ok || u.floor[d] < f {
			cs.free[d] = u.floor[d]
		}
	}
	if f, ok := cs.free[c]; !ok || floor+1 < f {
		cs.free[c] = floor + 1
	}
	return floor, nil
}

// Subgraph returns the conflicted state subgraph of state resolution
// v2.1 (SR21-DEF-1, DECISIONS D36) of the given events: every event that
// some of them reaches along auth edges and that reaches some of them,
// the events themselves included, sorted. It computes, chain by chain,
// the events the given ones reach (forward along links) and, among those,
// the ones that reach a given event (walking the links backwards up from
// them, staying inside the first set), so its cost grows with the
// subgraph, the chains the events reach and the links into the subgraph,
// not with the room's history. Every event must be in the index,
// otherwise it returns an *UnknownEventError.
func (x *Index) Subgraph(conflicted []string) ([]string, error) {
	if x == nil {
		x = New(0) // a nil index is an empty one
	}
	w := newReach(x)
	defer w.release()
	if err := x.seed(w, conflicted, false); err != nil {
		return nil, err
	}
	w.propagate(false)
	reach := func(d uint32) uint32 { return w.r[d] }
	u := newUp(x)
	for _, id := range conflicted {
		p, _ := x.lookup(id)
		u.lower(p.chain, p.seq)
	}
	keep := func(e, o uint32) bool { return o <= reach(e) }
	for len(u.work) > 0 {
		d := u.work[len(u.work)-1]
		u.work = u.work[:len(u.work)-1]
		u.expand(d, reach(d), keep)
	}
	chains := make([]uint32, 0, len(u.floor))
	for d := range u.floor {
		chains = append(chains, d)
	}
	sort.Slice(chains, func(i, j int) bool { return chains[i] < chains[j] })
	var out []string
	for _, d := range chains {
		if f := u.floor[d]; f <= reach(d) {
			out = x.appendIDs(out, d, f-1, reach(d))
		}
	}
	sort.Strings(out)
	return out, nil
}
