package event

import "sync/atomic"

// Values derived from an event, cached on it through typed slots that a
// package allocates for itself with [NewMemoSlot]. Each slot holds one value
// per event and no other slot can evict it, so a caller's own caching never
// undoes the authorization rules' (issue 12, 14).

// MemoSlot names one kind of value of type T derived from an event and
// cached on it. A slot is made by [NewMemoSlot]; its identity is the
// allocation, so only code holding the slot value can read or fill it.
// The package that derives the value keeps its slot in an unexported
// variable, and no other package can reach, evict or overwrite what is
// cached under it. Every slot is independent: each holds at most one value
// per event, computed on first use and kept as long as the event.
//
// The zero MemoSlot caches nothing: [MemoSlot.Get] then computes the value
// on every call.
type MemoSlot[T any] struct{ key *memoKey }

// memoKey is the identity of a slot. It has a non-zero size so that every
// allocation has its own address.
type memoKey struct{ _ byte }

// memoNode is one cached value in an event's list of slots. Nodes are
// never modified after they are published.
type memoNode struct {
	key  *memoKey
	val  any
	next *memoNode
}

// NewMemoSlot allocates a new slot for values of type T. Allocate it once,
// in a package-level variable, not per event or per call: every slot used
// on an event adds an entry to that event for as long as it lives.
func NewMemoSlot[T any]() MemoSlot[T] { return MemoSlot[T]{key: new(memoKey)} }

// Get returns the value cached on e under s, or else computes it with
// compute, caches it under s and returns it. compute must be a pure
// function of the event: when goroutines race on the first use, each may
// compute, one result is kept and every call returns that kept one. Get is
// safe for concurrent use. With a nil event it returns the zero T without
// calling compute; with the zero MemoSlot it calls compute every time. A
// nil compute computes nothing: Get then returns the cached value if there
// is one, else the zero T, and caches nothing.
func (s MemoSlot[T]) Get(e *Event, compute func(*Event) T) T {
	var zero T
	if e == nil {
		return zero
	}
	if s.key == nil {
		if compute == nil {
			return zero
		}
		return compute(e)
	}
	head := e.slots.Load()
	if n := findMemo(head, s.key); n != nil {
		return n.val.(T)
	}
	if compute == nil {
		return zero
	}
	v := compute(e)
	node := &memoNode{key: s.key, val: v}
	for {
		node.next = head
		if e.slots.CompareAndSwap(head, node) {
			return v
		}
		// Another slot, or this one, was filled meanwhile: look again
		// among the nodes added since.
		newHead := e.slots.Load()
		if n := findMemoUntil(newHead, head, s.key); n != nil {
			return n.val.(T)
		}
		head = newHead
	}
}

// Cached reports whether a value is cached on e under s, without
// computing one.
func (s MemoSlot[T]) Cached(e *Event) bool {
	return e != nil && s.key != nil && findMemo(e.slots.Load(), s.key) != nil
}

func findMemo(n *memoNode, key *memoKey) *memoNode { return findMemoUntil(n, nil, key) }

// findMemoUntil looks for key among the nodes from n up to, not including,
// stop.
func findMemoUntil(n, stop *memoNode, key *memoKey) *memoNode {
	for ; n != stop; n = n.next {
		if n.key == key {
			return n
		}
	}
	return nil
}

// memoSlots is the part of Event that holds cached values.
type memoSlots struct {
	slots atomic.Pointer[memoNode] // see MemoSlot
}
