package authchain

import (
	"fmt"
	"hash/maphash"
	"math/bits"
	"sort"
	"strings"
	"sync"

	"github.com/mxauth/mxauth/event"
)

// Index is a chain-cover index of one room's auth graph. The zero value is
// an empty index ready for use. A nil *Index reads as an empty index and
// refuses additions.
//
// An index is in one of two layouts. While events are added it is
// growable: every event number has its place in place, and each chain
// its later events and its targets in grow. [Index.Compact] freezes it:
// events are renumbered chain by chain in sequence order, so that a
// chain's events are the numbers start..start+size−1 and an event's
// place is read off a bit per event (chainOf); the targets of all chains
// sit in one array, the reversed links in another, and the lists of
// several links are varint-coded. The next addition thaws it back
// (thaw), keeping the frozen numbering.
type Index struct {
	hseed maphash.Seed
	slots []uint32 // lookup table, see table.go
	nbits uint8    // low bits of a slot that hold its event number

	// types holds the chain keys' types (or whole keys, see keyOf), once
	// each; typeNum finds them while growable (nil when frozen).
	types   []string
	typeNum map[string]uint32

	frozen bool
	// Growable layout only (nil when frozen): evs holds each event's ID
	// (the caller's string) and place by event number, gch each chain
	// with its lists, so that looking an event up, or a chain, reads one
	// place in memory.
	evs  []evEntry
	gch  []gchain
	more [][]linkPair
	// inHead and inPool are the links reversed, for the queries that
	// walk up from an event (see inlinks.go): inHead[num] is 0 or 1 + the
	// index in inPool of the last link recorded into event num.
	inHead []uint32
	inPool []inLink

	// Frozen layout only (nil while growable): event IDs by event
	// number (the caller's strings), and the chains.
	ids    []string
	chains []chain
	// cbits has bit num set when event num is the first of its chain;
	// crank[w] counts the bits set in cbits[:w] (see chainOf).
	cbits []uint64
	crank []uint32
	tgtFz []target // every chain's targets, chain by chain (chain.tgt)
	// moreFz holds the link lists, delta- and varint-coded (see
	// morefrozen.go); target.more is 1 + an offset in it.
	moreFz []byte
	// inFrozen lists the origin chains of the links into event num at
	// inStart[num] up to inStart[num+1] (4 bytes a link).
	inStart  []uint32
	inFrozen []uint32

	jumps [][]jump // jump lists of chains with jumps (chain.jumps)
	// recent remembers the event numbers of IDs add found lately (see
	// lookupAll); Compact empties it, as it renumbers the events. No
	// answer depends on it.
	recent recentIDs
	// sink receives the loads lookupAll issues early; nothing reads it.
	sink uint32
	// thawedN is the number of events when the index last thawed: from
	// it on, event numbers are in the order events were added.
	thawedN uint32
	// reaches keeps released reach vectors for later queries (see
	// newReach); it holds no state that a query result depends on.
	reaches sync.Pool
}

// pos is an event's place in the index: its chain and sequence number
// (from 1).
type pos struct {
	chain, seq uint32
}

// chain is one chain: its key, its first event and its jumps; the rest
// lives in chainGrow while the index is growable and in the frozen
// arrays after Compact. It takes 32 bytes.
type chain struct {
	// sk is the key's state_key; typ is the index in Index.types of the
	// key's type, with stateBit set for a state key (see keyOf). sk
	// shares the string of the event that started the chain.
	sk  string
	typ uint32
	// start is the event number at seq 1; when frozen, the chain's
	// events are start, start+1, … up to the next chain's start.
	start uint32
	// tgt is, when frozen, the offset of the chain's targets in
	// Index.tgtFz (they end at the next chain's).
	tgt uint32
	// jumps is 0 for none, else 1 + an index in Index.jumps of the list
	// that records, for every event whose first same-key auth event is
	// not its chain predecessor (sorted by seq), that first same-key auth
	// event (see KeyChainDistance). An event at seq 1 without one needs
	// no entry; most chains need no list.
	jumps uint32
}

// gchain is a chain with its growable part.
type gchain struct {
	chain
	rest    []uint32 // the events at seq 2, 3, …; nil for a chain of one
	targets []target
}

// evEntry is one event of a growable index: its ID and place.
type evEntry struct {
	id string
	p  pos
}

// count returns the number of events.
func (x *Index) count() int {
	if x.frozen {
		return len(x.ids)
	}
	return len(x.evs)
}

// nchains returns the number of chains.
func (x *Index) nchains() int {
	if x.frozen {
		return len(x.chains)
	}
	return len(x.gch)
}

// idOf returns the ID of event number num.
func (x *Index) idOf(num uint32) string {
	if x.frozen {
		return x.ids[num]
	}
	return x.evs[num].id
}

// ch returns chain c.
func (x *Index) ch(c uint32) *chain {
	if x.frozen {
		return &x.chains[c]
	}
	return &x.gch[c].chain
}

// stateBit is the bit of chain.typ that holds keyOf.state; the number of
// chains, and so of types, stays below it (maxChains).
const stateBit = 1 << 31

// maxChains is the largest number of chains an index holds.
const maxChains = stateBit - 1

// key returns chain c's key.
func (x *Index) key(c uint32) keyOf {
	ch := x.ch(c)
	return keyOf{x.types[ch.typ&^stateBit], ch.sk, ch.typ&stateBit != 0}
}

// newChain appends a chain with key k starting at event number first.
func (x *Index) newChain(k keyOf, first uint32) {
	if x.typeNum == nil {
		x.typeNum = make(map[string]uint32)
	}
	t, ok := x.typeNum[k.typ]
	if !ok {
		t = uint32(len(x.types))
		x.types = append(x.types, k.typ)
		x.typeNum[k.typ] = t
	}
	if k.state {
		t |= stateBit
	}
	x.gch = append(x.gch, gchain{chain: chain{sk: k.sk, typ: t, start: first}})
}

// size returns the number of events of chain c.
func (x *Index) size(c uint32) uint32 {
	if x.frozen {
		return x.chainEnd(c) - x.chains[c].start
	}
	return 1 + uint32(len(x.gch[c].rest))
}

// chainEnd is, when frozen, one past chain c's last event number.
func (x *Index) chainEnd(c uint32) uint32 {
	if int(c)+1 < len(x.chains) {
		return x.chains[c+1].start
	}
	return uint32(len(x.ids))
}

// eventAt returns the event number at seq s of chain c (1 ≤ s ≤ size).
func (x *Index) eventAt(c, s uint32) uint32 {
	if x.frozen {
		return x.chains[c].start + s - 1
	}
	if s == 1 {
		return x.gch[c].start
	}
	return x.gch[c].rest[s-2]
}

// targetsOf returns chain c's targets; only a growable index may change
// them.
func (x *Index) targetsOf(c uint32) []target {
	if x.frozen {
		end := uint32(len(x.tgtFz))
		if int(c)+1 < len(x.chains) {
			end = x.chains[c+1].tgt
		}
		return x.tgtFz[x.chains[c].tgt:end]
	}
	return x.gch[c].targets
}

// placeOf returns the place of event number num.
func (x *Index) placeOf(num uint32) pos {
	if !x.frozen {
		return x.evs[num].p
	}
	c := x.chainOf(num)
	return pos{c, num - x.chains[c].start + 1}
}

// chainOf returns, when frozen, the chain of event number num: the
// number of chain starts at or below num, less one.
func (x *Index) chainOf(num uint32) uint32 {
	w, b := num>>6, num&63
	return x.crank[w] + uint32(bits.OnesCount64(x.cbits[w]&(2<<b-1))) - 1
}

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
// link also lists them all in Index.more (or moreFz), so that the common
// target of a single link costs 16 bytes and no allocation.
type target struct {
	chain uint32
	last  linkPair // the last link
	more  uint32   // 0, or 1 + the index in Index.more (offset in moreFz)
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
	return x.count()
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

// maxBatch is the most auth events whose lookups add overlaps (see
// lookupAll); more are looked up one by one.
const maxBatch = 16

func (x *Index) add(id string, key keyOf, authEvents []string) error {
	if x == nil {
		return errNilIndex
	}
	if id == "" {
		return errNoID
	}
	if x.count() >= maxEvents || x.nchains() >= maxChains {
		return errFull
	}
	x.thaw()
	if (len(x.evs)+1)*2 > len(x.slots) {
		x.reserve(2 * (len(x.evs) + 1))
	}
	var (
		scratch [maxBatch]pos
		numsBuf [maxBatch]uint32
		auths   []pos
		nums    []uint32 // the auth events' numbers
		slot    uint32
		hash    uint64
	)
	if len(authEvents) <= maxBatch {
		auths, nums = scratch[:len(authEvents)], numsBuf[:len(authEvents)]
	} else {
		auths, nums = make([]pos, len(authEvents)), make([]uint32, len(authEvents))
	}
	if bad, ok := x.lookupAll(id, authEvents, auths, nums, &slot, &hash); !ok {
		if bad < 0 {
			return &DuplicateEventError{ID: id}
		}
		return &UnknownEventError{ID: authEvents[bad]}
	}
	var (
		ext       = -1
		firstSame pos
		hasSame   bool
	)
	for _, p := range auths {
		if hasSame && ext >= 0 {
			break
		}
		if !x.sameKey(key, p.chain) {
			continue
		}
		if !hasSame {
			firstSame, hasSame = p, true
		}
		if ext < 0 && p.seq == x.size(p.chain) {
			ext = int(p.chain)
		}
	}
	var p pos
	num := uint32(len(x.evs))
	if ext >= 0 {
		g := &x.gch[ext]
		g.rest = append(g.rest, num)
		p = pos{uint32(ext), 1 + uint32(len(g.rest))}
		if firstSame != (pos{p.chain, p.seq - 1}) {
			x.addJump(p.chain, jump{seq: p.seq, next: firstSame}) // zero when !hasSame
		}
	} else {
		x.newChain(key, num)
		p = pos{uint32(len(x.gch) - 1), 1}
		if hasSame {
			x.addJump(p.chain, jump{seq: 1, next: firstSame})
		}
	}
	x.evs = append(x.evs, evEntry{id, p})
	x.inHead = append(x.inHead, 0)
	x.slots[slot] = x.slotValue(num, hash)
	var implied uint64 // bit i: auths[i] is reached by another auth event
	if len(auths) > 1 && len(auths) <= maxImpliedAuths {
		implied = x.implied(auths, nums, p.chain)
	}
	for i, a := range auths {
		if a.chain != p.chain && implied&(1<<i) == 0 {
			x.link(p.chain, p.seq, a)
		}
	}
	return nil
}

// sameKey reports whether chain c's key is k.
func (x *Index) sameKey(k keyOf, c uint32) bool {
	ch := &x.gch[c]
	if k.state && ch.typ&stateBit != 0 {
		// The usual case, both state keys: compare the parts, type first
		// (the types table is small and cached).
		return x.types[ch.typ&^stateBit] == k.typ && ch.sk == k.sk
	}
	return k.eq(x.key(c))
}

// implied returns the set of auth events (bit i for auths[i]) that
// another auth event of the new event (one at another position) already
// reaches, through its own chain or a link of its chain (or two): the
// new event then reaches them without a link of its own, and the link
// would only add to the index's size. Reaching is a strict order between
// distinct positions, so an auth event that no other one reaches is
// always linked (or reached along the new event's own chain), and the
// links kept have the same closure as all of them: every query answers
// as before. This keeps the index close to the transitive reduction
// Synapse's chain cover stores. Auth events on the new event's own
// chain (own) are never linked and not looked at, and an auth event
// added before another (nums are their event numbers) cannot reach it,
// so is not scanned for it.
func (x *Index) implied(auths []pos, nums []uint32, own uint32) uint64 {
	var out uint64
	for i, a := range auths {
		if a.chain == own {
			continue // on the new event's own chain: never linked
		}
		for j, q := range auths {
			if j == i || q == a || x.before(nums[j], nums[i]) {
				continue
			}
			if q.chain == a.chain {
				if q.seq > a.seq {
					out |= 1 << i
					break
				}
				continue
			}
			if x.reaches2(q, a) {
				out |= 1 << i
				break
			}
		}
	}
	return out
}

// reaches2 reports whether q reaches a (on another chain) through one
// link of q's chain, or through one link of q's chain followed by one
// link of the chain it lands on.
func (x *Index) reaches2(q, a pos) bool {
	ts := x.targetsOf(q.chain)
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
		us := x.targetsOf(ts[k].chain)
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

// before reports whether event number q was certainly added before event
// number a: both were added since the index last thawed (numbers grow in
// the order of addition from thawedN on), or only a was.
func (x *Index) before(q, a uint32) bool {
	t := x.thawedN
	return a >= t && (q < t || q < a)
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

// link records that origin seq of chain ci reaches a, unless an earlier
// link already reaches as far into a's chain.
func (x *Index) link(ci, origin uint32, a pos) {
	g := &x.gch[ci]
	for i := range g.targets {
		t := &g.targets[i]
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
	g.targets = append(g.targets, target{chain: a.chain, last: linkPair{origin, a.seq}})
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

// appendIDs appends the IDs of the events of chain c at seqs lo+1..hi.
func (x *Index) appendIDs(out []string, c, lo, hi uint32) []string {
	if x.frozen {
		st := x.chains[c].start
		return append(out, x.ids[st+lo:st+hi]...)
	}
	for s := lo + 1; s <= hi; s++ {
		out = append(out, x.evs[x.eventAt(c, s)].id)
	}
	return out
}

// addJump appends j, whose seq is larger than every jump of chain c so
// far.
func (x *Index) addJump(c uint32, j jump) {
	ch := x.ch(c)
	if ch.jumps == 0 {
		x.jumps = append(x.jumps, nil)
		ch.jumps = uint32(len(x.jumps)) // at most the number of chains
	}
	l := ch.jumps - 1
	x.jumps[l] = append(x.jumps[l], j)
}

// jumpAt returns the last jump of chain c at or below seq s ≥ 1 (one
// without next at seq 1 when none is recorded there).
func (x *Index) jumpAt(c, s uint32) jump {
	if l := x.ch(c).jumps; l != 0 {
		js := x.jumps[l-1]
		if i := sort.Search(len(js), func(i int) bool { return js[i].seq > s }); i > 0 {
			return js[i-1]
		}
	}
	return jump{seq: 1}
}

// allJumps returns every jump of chain c in order of seq, the one at seq
// 1 always first.
func (x *Index) allJumps(c uint32) []jump {
	var js []jump
	if l := x.ch(c).jumps; l != 0 {
		js = x.jumps[l-1]
	}
	if len(js) > 0 && js[0].seq == 1 {
		return js
	}
	return append([]jump{{seq: 1}}, js...)
}
