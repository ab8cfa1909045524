package authchain

import (
	"fmt"
	"sort"

	"github.com/mxauth/mxauth/event"
)

// Index is a chain-cover index of one room's auth graph. The zero value is
// an empty index ready for use.
type Index struct {
	byID   map[string]pos
	chains []chain
	n      int
}

// pos is an event's place in the index: its chain and sequence number
// (from 1).
type pos struct {
	chain, seq uint32
}

// chain is one chain: the IDs of its events by sequence number, its key,
// and its links grouped by target chain.
type chain struct {
	key     string
	members []string // members[seq-1]
	targets []target
	// jumps records, for the chain's first event and for every later one
	// whose first same-key auth event is not its chain predecessor, that
	// first same-key auth event (see KeyChainDistance). Sorted by seq.
	jumps []jump
}

// jump: the first auth event with the chain's key of the event at seq is
// next (valid when has is set).
type jump struct {
	seq  uint32
	next pos
	has  bool
}

// target holds the links of one chain into one target chain, in order of
// origin seq; target seqs increase along with them (smaller ones would be
// redundant).
type target struct {
	chain uint32
	last  linkPair   // the last link, kept inline for locality
	links []linkPair // every link, or nil while last is the only one
}

// all returns every link of t.
func (t *target) all() []linkPair {
	if t.links == nil {
		return []linkPair{t.last}
	}
	return t.links
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

// New returns an empty index with room for about capacity events before
// its lookup table grows.
func New(capacity int) *Index {
	if capacity < 0 {
		capacity = 0
	}
	return &Index{byID: make(map[string]pos, capacity)}
}

// Len returns the number of events in the index.
func (x *Index) Len() int { return x.n }

// Has reports whether the event is in the index.
func (x *Index) Has(id string) bool {
	_, ok := x.byID[id]
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
	auth := ev.AuthEventIDs()
	if c, ok := ev.ImpliedCreateEventID(); ok {
		auth = append(auth[:len(auth):len(auth)], c)
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

func (k keyOf) String() string {
	if !k.state {
		return k.typ
	}
	return k.typ + "\x00" + k.sk
}

func (x *Index) add(id string, key keyOf, authEvents []string) error {
	if x.byID == nil {
		x.byID = map[string]pos{}
	}
	if _, dup := x.byID[id]; dup {
		return &DuplicateEventError{ID: id}
	}
	if x.n >= maxEvents || len(x.chains) >= maxEvents {
		return errFull
	}
	var (
		ext       = -1
		scratch   [8]pos
		auths     = scratch[:0]
		firstSame pos
		hasSame   bool
	)
	for _, a := range authEvents {
		p, ok := x.byID[a]
		if !ok {
			return &UnknownEventError{ID: a}
		}
		auths = append(auths, p)
		c := &x.chains[p.chain]
		if !hasSame && key.matches(c.key) {
			firstSame, hasSame = p, true
		}
		if ext < 0 && int(p.seq) == len(c.members) && key.matches(c.key) {
			ext = int(p.chain)
		}
	}
	var p pos
	if ext >= 0 {
		c := &x.chains[ext]
		c.members = append(c.members, id)
		p = pos{uint32(ext), uint32(len(c.members))}
		if firstSame != (pos{p.chain, p.seq - 1}) {
			c.jumps = append(c.jumps, jump{seq: p.seq, next: firstSame, has: hasSame})
		}
	} else {
		x.chains = append(x.chains, chain{key: key.String(), members: []string{id}, jumps: []jump{{seq: 1, next: firstSame, has: hasSame}}})
		p = pos{uint32(len(x.chains) - 1), 1}
	}
	c := &x.chains[p.chain]
	for _, a := range auths {
		if a.chain != p.chain {
			c.link(p.seq, a)
		}
	}
	x.byID[id] = p
	x.n++
	return nil
}

// link records that origin seq of c reaches a, unless an earlier link
// already reaches as far into a's chain.
func (c *chain) link(origin uint32, a pos) {
	for i := range c.targets {
		t := &c.targets[i]
		if t.chain != a.chain {
			continue
		}
		switch {
		case t.last.seq >= a.seq:
		case t.last.origin == origin:
			t.last.seq = a.seq
			if t.links != nil {
				t.links[len(t.links)-1].seq = a.seq
			}
		default:
			if t.links == nil {
				t.links = make([]linkPair, 1, 2)
				t.links[0] = t.last
			}
			t.last = linkPair{origin, a.seq}
			t.links = append(t.links, t.last)
		}
		return
	}
	c.targets = append(c.targets, target{chain: a.chain, last: linkPair{origin, a.seq}})
}

// reachAt returns the largest seq of t reachable from seq s of its chain,
// or 0.
func (t *target) reachAt(s uint32) uint32 {
	if t.last.origin <= s {
		return t.last.seq // the usual case: s is at or past the last link
	}
	ls := t.links
	if ls == nil {
		return 0 // the only link starts after s
	}
	i := sort.Search(len(ls), func(i int) bool { return ls[i].origin > s })
	if i == 0 {
		return 0
	}
	return ls[i-1].seq
}
