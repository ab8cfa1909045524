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

// memoKey is the identity of a slot. It holds the slot's mark, the node
// that records on an event that the slot was asked for once and nothing
// was cached ([MemoSlot.GetReused]). The mark has no successor, so one
// mark serves every event whose list it ends.
type memoKey struct{ mark memoNode }

// memoNode is one cached value in an event's list of slots, or a slot's
// mark. Nodes are never modified after they are published.
type memoNode struct {
	key  *memoKey
	val  any
	next *memoNode
}

// isMark reports whether n is its slot's mark rather than a value.
func (n *memoNode) isMark() bool { return n == &n.key.mark }

// NewMemoSlot allocates a new slot for values of type T. Allocate it once,
// in a package-level variable, not per event or per call: every slot used
// on an event adds an entry to that event for as long as it lives.
func NewMemoSlot[T any]() MemoSlot[T] {
	k := new(memoKey)
	k.mark.key = k
	return MemoSlot[T]{key: k}
}

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
	if n := findMemo(head, s.key); n != nil && !n.isMark() {
		return n.val.(T)
	}
	if compute == nil {
		return zero
	}
	return s.store(e, head, compute(e))
}

// GetReused is [MemoSlot.Get] for a value worth caching only on an event
// that is used more than once, such as one a caller holds in memory
// rather than one loaded for a single use. When a value is cached on e
// under s it returns it and true. Otherwise, when e was asked for under
// s before, it computes the value with compute, caches it and returns it
// and true. On the first call for e it computes nothing: it records on e
// that the slot was asked for and returns the zero T and false, and the
// caller derives what it needs without caching it.
//
// Recording the first call does not allocate when nothing else is cached
// on e; when something is, e is evidently held, and GetReused computes
// and caches at once. With a nil event it returns the zero T and true
// without calling compute, as Get does; with the zero MemoSlot, or a nil
// compute and nothing cached, it returns the zero T and false and caches
// nothing. GetReused is safe for concurrent use.
func (s MemoSlot[T]) GetReused(e *Event, compute func(*Event) T) (T, bool) {
	// The value cached first on e heads its list: the common case, read
	// here without a call.
	if e != nil && s.key != nil {
		if n := e.slots.Load(); n != nil && n.key == s.key && n != &s.key.mark {
			return n.val.(T), true
		}
	}
	return s.getReused(e, compute)
}

// getReused is GetReused once the head of e's list is not s's value.
func (s MemoSlot[T]) getReused(e *Event, compute func(*Event) T) (T, bool) {
	var zero T
	if e == nil {
		return zero, true
	}
	if s.key == nil {
		return zero, false
	}
	for {
		head := e.slots.Load()
		n := findMemo(head, s.key)
		switch {
		case n != nil && !n.isMark():
			return n.val.(T), true
		case compute == nil:
			return zero, false
		case n != nil || head != nil:
			return s.store(e, head, compute(e)), true
		case e.slots.CompareAndSwap(nil, &s.key.mark):
			return zero, false
		}
		// A slot was filled meanwhile: look again.
	}
}

// store caches v on e under s, head being the list it was computed
// against, and returns the value cached: v, or the value another
// goroutine cached under s meanwhile.
func (s MemoSlot[T]) store(e *Event, head *memoNode, v T) T {
	node := &memoNode{key: s.key, val: v}
	for {
		node.next = head
		if e.slots.CompareAndSwap(head, node) {
			return v
		}
		// Another slot, or this one, was filled meanwhile: look again
		// among the nodes added since.
		newHead := e.slots.Load()
		if n := findMemoUntil(newHead, head, s.key); n != nil && !n.isMark() {
			return n.val.(T)
		}
		head = newHead
	}
}

// Cached reports whether a value is cached on e under s, without
// computing one.
func (s MemoSlot[T]) Cached(e *Event) bool {
	if e == nil || s.key == nil {
		return false
	}
	n := findMemo(e.slots.Load(), s.key)
	return n != nil && !n.isMark()
}

// findMemo returns the node of key in the list from n: its value, or its
// mark when nothing is cached under key; nil when neither is there.
func findMemo(n *memoNode, key *memoKey) *memoNode { return findMemoUntil(n, nil, key) }

// findMemoUntil looks for key among the nodes from n up to, not including,
// stop. A slot's value is always in front of its mark.
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
