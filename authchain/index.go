package authchain

import (
	"fmt"
	"hash/maphash"
	"sort"
	"strings"
	"sync"

	"github.com/mxauth/mxauth/event"
)

// Index is a chain-cover index of one room's auth graph. The zero value is
// an empty index ready for use. A nil *Index reads as an empty index and
// refuses additions.
type Index struct {
	hseed  maphash.Seed
	slots  []uint32  // lookup table, see table.go
	tags   []uint8   // beside slots: 8 bits of each slot's ID hash
	evs    []evEntry // events in order of addition (or of load)
	chains []chain
	more   [][]linkPair // link lists of targets with several links
	// After Compact the link lists are frozen instead (see morefrozen.go):
	// moreFz holds them all, delta- and varint-coded, target.more is 1 +
	// an offset in it, and more is nil. The next addition thaws them.
	moreFz []byte
	jumps  [][]jump // jump lists of chains with jumps after seq 1
	// inHead and inPool are the links reversed, for the queries that
	// walk up from an event (see inlinks.go): inHead[num] is 0 or 1 + the
	// index in inPool of the last link recorded into event num.
	inHead []uint32
	inPool []inLink
	// After Compact the in-links are frozen instead: inFrozen lists the
	// origin chains of the links into event num at inStart[num] up to
	// inStart[num+1] (4 bytes a link, no next field), and inHead and
	// inPool are nil. The next addition thaws them back (see thaw).
	inStart  []uint32
	inFrozen []uint32
	// reaches keeps released reach vectors for later queries (see
	// newReach); it holds no state that a query result depends on.
	reaches sync.Pool
}

// pos is an event's place in the index: its chain and sequence number
// (from 1).
type pos struct {
	chain, seq uint32
}

// chain is one chain: its events by sequence number (as event numbers,
// indices into Index.evs), its key, and its links grouped by target chain.
type chain struct {
	// typ and sk are the key's parts (see keyOf; its state flag is the
	// top bit of jumps, so that a chain takes 96 bytes); they share the
	// strings of the event that started the chain.
	typ, sk string
	rest    []uint32 // the events at seq 2, 3, …; nil for a chain of one
	targets []target
	// next0 and the list jumps names (0 for none, else 1 + an index in
	// Index.jumps, in the low 31 bits) record, for the chain's first
	// event (next0, the jump at seq 1) and for every later one whose
	// first same-key auth event is not its chain predecessor (the list,
	// sorted by seq), that first same-key auth event (see
	// KeyChainDistance). Most chains need next0 alone.
	next0 pos
	first uint32 // the event at seq 1
	jumps uint32
}

// stateBit is the bit of chain.jumps that holds keyOf.state; the number
// of chains stays below it (maxChains).
const stateBit = 1 << 31

// maxChains is the largest number of chains an index holds.
const maxChains = stateBit - 1

// key returns c's key.
func (c *chain) key() keyOf { return keyOf{c.typ, c.sk, c.jumps&stateBit != 0} }

// setKey sets c's key.
func (c *chain) setKey(k keyOf) {
	c.typ, c.sk = k.typ, k.sk
	c.jumps &^= stateBit
	if k.state {
		c.jumps |= stateBit
	}
}

// jumpList returns 0, or 1 + the index in Index.jumps of c's jumps.
func (c *chain) jumpList() uint32 { return c.jumps &^ stateBit }

// jump0 returns c's jump at seq 1.
func (c *chain) jump0() jump { return jump{seq: 1, next: c.next0} }

// jump: the first auth event with the chain's key of the event at seq is
// next, or there is none when next.seq is 0 (seqs start at 1).
type jump struct {
	seq  uint32
	next pos
}

// has reports whether j names an event.
func (j jump) has() bool { return j.next.seq != 0 }

// target holds the links of one chain into one target chain, in order of
// origin seq; target seqs increase along with them (smaller ones would be
// redundant). The last link is kept inline; a target with more than one
// link also lists them all in Index.more, so that the common target of a
// single link costs 16 bytes and no allocation.
type target struct {
	chain uint32
	last  linkPair // the last link
	more  uint32   // 0, or 1 + the index in Index.more of every link
}

// all returns every link of t.
func (x *Index) all(t *target) []linkPair {
	if t.more == 0 {
		return []linkPair{t.last}
	}
	if x.moreFz != nil {
		return x.decodeMore(t.more-1, nil)
	}
	return x.more[t.more-1]
}

// linkPair is one link: from origin (a seq of the owning chain) to seq of
// the target chain.
type linkPair struct {
	origin, seq uint32
}

// UnknownEventError reports an event the index does not hold: an auth
// event added out of topological order, or an event of a query that was
// never added.
type UnknownEventError struct {
	// ID is the event.
	ID string
}

// Error implements error.
func (e *UnknownEventError) Error() string {
	return fmt.Sprintf("authchain: event %s is not in the index", e.ID)
}

// DuplicateEventError reports an event added twice.
type DuplicateEventError struct {
	// ID is the event.
	ID string
}

// Error implements error.
func (e *DuplicateEventError) Error() string {
	return fmt.Sprintf("authchain: event %s is already in the index", e.ID)
}

// maxEvents is the largest number of events or chains an index holds, so
// that positions fit in 32 bits.
const maxEvents = 1<<32 - 2

// ErrFull is returned when the index already holds 2^32−2 events.
var errFull = fmt.Errorf("authchain: index is full")

// errNilIndex refuses an addition to a nil *Index, which reads as empty.
var errNilIndex = fmt.Errorf("authchain: nil index")

// errNoID refuses an event without an ID, which no event of a room has.
var errNoID = fmt.Errorf("authchain: empty event ID")

// New returns an empty index with room for about capacity events before
// its lookup table grows.
func New(capacity int) *Index {
	if capacity < 0 {
		capacity = 0
	}
	if capacity > maxEvents {
		capacity = maxEvents
	}
	x := &Index{evs: make([]evEntry, 0, capacity), inHead: make([]uint32, 0, capacity)}
	x.reserve(capacity)
	return x
}

// Len returns the number of events in the index.
func (x *Index) Len() int {
	if x == nil {
		return 0
	}
	return len(x.evs)
}

// Has reports whether the event is in the index.
func (x *Index) Has(id string) bool {
	_, ok := x.find(id)
	return ok
}

// AddEvent adds an accepted event: its chain key is its type and
// state_key (non-state events all share the key of their type alone, and
// never extend a chain of state events), and its auth events are the ones
// it lists plus, in room version 12, the create event its room_id implies
// (SR21-DEF-0, DECISIONS D29). Its auth events must already be in the
// index.
func (x *Index) AddEvent(ev *event.Event) error {
	if ev == nil {
		return fmt.Errorf("authchain: nil event")
	}
	sk, isState := ev.StateKey()
	var buf [9]string // AuthEventIDs copies; this stays on the stack
	auth := ev.AppendAuthEventIDs(buf[:0])
	if c, ok := ev.ImpliedCreateEventID(); ok {
		auth = append(auth, c)
	}
	return x.add(ev.ID(), keyOf{ev.Type(), sk, isState}, auth)
}

// Add adds the event id with the given chain key and auth events, which
// must already be in the index (events are added in topological order).
// The event extends the chain of an auth event with the same key when that
// auth event is its chain's latest event; otherwise it starts a new chain.
// Duplicate auth event IDs are ignored. The index keeps the strings it is
// given.
func (x *Index) Add(id, key string, authEvents []string) error {
	return x.add(id, keyOf{typ: key}, authEvents)
}

// keyOf is a chain key in parts, so that AddEvent need not build a string
// for every event: typ, or typ + "\x00" + sk for a state event.
type keyOf struct {
	typ, sk string
	state   bool
}

func (k keyOf) matches(s string) bool {
	if !k.state {
		return s == k.typ
	}
	n := len(k.typ)
	return len(s) == n+1+len(k.sk) && s[:n] == k.typ && s[n] == 0 && s[n+1:] == k.sk
}

// eq reports whether k and o are the same key, as k.String() == o.String()
// would, without building the strings in the usual cases.
func (k keyOf) eq(o keyOf) bool {
	switch {
	case !o.state:
		return k.matches(o.typ)
	case !k.state:
		return o.matches(k.typ)
	case len(k.typ) == len(o.typ):
		return k.typ == o.typ && k.sk == o.sk
	case len(k.typ)+len(k.sk) != len(o.typ)+len(o.sk):
		return false
	case strings.IndexByte(k.typ, 0) < 0 && strings.IndexByte(o.typ, 0) < 0:
		// Types of different lengths without a NUL put the separator
		// at different places of equally long joined forms.
		return false
	default: // a NUL inside a type: compare the joined forms
		return k.String() == o.String()
	}
}

func (k keyOf) String() string {
	if !k.state {
		return k.typ
	}
	return k.typ + "\x00" + k.sk
}

func (x *Index) add(id string, key keyOf, authEvents []string) error {
	if x == nil {
		return errNilIndex
	}
	if id == "" {
		return errNoID
	}
	if _, dup := x.find(id); dup {
		return &DuplicateEventError{ID: id}
	}
	if len(x.evs) >= maxEvents || len(x.chains) >= maxChains {
		return errFull
	}
	x.thaw()
	x.thawMore()
	var (
		ext       = -1
		scratch   [8]pos
		auths     = scratch[:0]
		firstSame pos
		hasSame   bool
	)
	for _, a := range authEvents {
		p, ok := x.lookup(a)
		if !ok {
			return &UnknownEventError{ID: a}
		}
		auths = append(auths, p)
		c := &x.chains[p.chain]
		if !hasSame && key.eq(c.key()) {
			firstSame, hasSame = p, true
		}
		if ext < 0 && p.seq == c.size() && key.eq(c.key()) {
			ext = int(p.chain)
		}
	}
	var p pos
	num := uint32(len(x.evs))
	if ext >= 0 {
		c := &x.chains[ext]
		c.rest = append(c.rest, num)
		p = pos{uint32(ext), c.size()}
		if firstSame != (pos{p.chain, p.seq - 1}) {
			x.addJump(c, jump{seq: p.seq, next: firstSame}) // zero when !hasSame
		}
	} else {
		x.chains = append(x.chains, chain{first: num, next0: firstSame})
		x.chains[len(x.chains)-1].setKey(key)
		p = pos{uint32(len(x.chains) - 1), 1}
	}
	x.insert(id, p)
	for i, a := range auths {
		if a.chain != p.chain && (len(auths) > maxImpliedAuths || !x.implied(auths, i)) {
			x.link(p.chain, p.seq, a)
		}
	}
	return nil
}

// implied reports whether another auth event of the new event (one at
// another position) already reaches auths[i], through its own chain or a
// link of its chain: the new event then reaches auths[i] without a link
// of its own, and the link would only add to the index's size. Reaching
// is a strict order between distinct positions, so an auth event that
// no other one reaches is always linked (or reached along the new
// event's own chain), and the links kept have the same closure as all
// of them: every query answers as before. This keeps the index close to
// the transitive reduction Synapse's chain cover stores, at the cost of
// one scan of the targets of each other auth event's chain.
func (x *Index) implied(auths []pos, i int) bool {
	a := auths[i]
	for j, q := range auths {
		if j == i || q == a {
			continue
		}
		if q.chain == a.chain {
			if q.seq > a.seq {
				return true
			}
			continue
		}
		if x.reaches2(q, a) {
			return true
		}
	}
	return false
}

// maxImpliedAuths bounds the auth events for which implied runs (its
// cost is quadratic in them): an event with more keeps all its links.
const maxImpliedAuths = 16

// maxHopTargets bounds the scans of reaches2: a chain with more targets
// than this (a hub such as the power levels' chain, which links to the
// member chain of everyone who changed it) is not scanned, so that an
// insertion costs no more as the room grows. Skipping only keeps a link
// that could have been left out; no answer changes.
const maxHopTargets = 32

// reaches2 reports whether q reaches a (on another chain) through one
// link of q's chain, or through one link of q's chain followed by one
// link of the chain it lands on.
func (x *Index) reaches2(q, a pos) bool {
	ts := x.chains[q.chain].targets
	if len(ts) > maxHopTargets {
		return false // a hub (the power levels' chain): not worth the scan
	}
	for k := range ts {
		v := x.reachAt(&ts[k], q.seq)
		if v == 0 {
			continue
		}
		if ts[k].chain == a.chain {
			if v >= a.seq {
				return true
			}
			continue
		}
		us := x.chains[ts[k].chain].targets
		if len(us) > maxHopTargets {
			continue
		}
		for m := range us {
			if us[m].chain == a.chain {
				if x.reachAt(&us[m], v) >= a.seq {
					return true
				}
				break
			}
		}
	}
	return false
}

// link records that origin seq of chain ci reaches a, unless an earlier
// link already reaches as far into a's chain.
func (x *Index) link(ci, origin uint32, a pos) {
	c := &x.chains[ci]
	for i := range c.targets {
		t := &c.targets[i]
		if t.chain != a.chain {
			continue
		}
		switch {
		case t.last.seq >= a.seq:
		case t.last.origin == origin:
			t.last.seq = a.seq
			if t.more != 0 {
				ls := x.more[t.more-1]
				ls[len(ls)-1].seq = a.seq
			}
			x.addIn(a, ci)
		default:
			if t.more == 0 {
				x.more = append(x.more, append(make([]linkPair, 0, 2), t.last))
				t.more = uint32(len(x.more))
			}
			t.last = linkPair{origin, a.seq}
			x.more[t.more-1] = append(x.more[t.more-1], t.last)
			x.addIn(a, ci)
		}
		return
	}
	c.targets = append(c.targets, target{chain: a.chain, last: linkPair{origin, a.seq}})
	x.addIn(a, ci)
}

// reachAt returns the largest seq of t reachable from seq s of its chain,
// or 0.
func (x *Index) reachAt(t *target, s uint32) uint32 {
	if t.last.origin <= s {
		return t.last.seq // the usual case: s is at or past the last link
	}
	if t.more == 0 {
		return 0 // the only link starts after s
	}
	if x.moreFz != nil {
		return x.frozenReachAt(t.more-1, s)
	}
	ls := x.more[t.more-1]
	i := sort.Search(len(ls), func(i int) bool { return ls[i].origin > s })
	if i == 0 {
		return 0
	}
	return ls[i-1].seq
}

// size returns the number of events of c.
func (c *chain) size() uint32 { return 1 + uint32(len(c.rest)) }

// at returns the event number at seq s (1 ≤ s ≤ size).
func (c *chain) at(s uint32) uint32 {
	if s == 1 {
		return c.first
	}
	return c.rest[s-2]
}

// appendIDs appends the IDs of the events of c at seqs lo+1..hi.
func (x *Index) appendIDs(out []string, c *chain, lo, hi uint32) []string {
	for s := lo + 1; s <= hi; s++ {
		out = append(out, x.evs[c.at(s)].id)
	}
	return out
}

// addJump appends j, whose seq is larger than every jump of c so far.
func (x *Index) addJump(c *chain, j jump) {
	if c.jumpList() == 0 {
		x.jumps = append(x.jumps, nil)
		c.jumps |= uint32(len(x.jumps)) // at most the number of chains
	}
	l := c.jumpList() - 1
	x.jumps[l] = append(x.jumps[l], j)
}

// jumpAt returns the last jump of c at or below seq s.
func (x *Index) jumpAt(c *chain, s uint32) (jump, bool) {
	if l := c.jumpList(); l != 0 {
		js := x.jumps[l-1]
		if i := sort.Search(len(js), func(i int) bool { return js[i].seq > s }); i > 0 {
			return js[i-1], true
		}
	}
	if s >= 1 {
		return c.jump0(), true
	}
	return jump{}, false
}

// allJumps returns every jump of c in order of seq.
func (x *Index) allJumps(c *chain) []jump {
	out := []jump{c.jump0()}
	if l := c.jumpList(); l != 0 {
		out = append(out, x.jumps[l-1]...)
	}
	return out
}
