package event

import (
	"reflect"
	"sync/atomic"
	"unsafe"
)

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
// allocation has its own address. direct is set when T is a pointer type:
// its values are then stored in an inline entry as they are, other values
// in a box of their own.
type memoKey struct{ direct bool }

// memoInline is how many slots an event holds inline, without an
// allocation of their own; further slots go to its list of nodes. The
// rules use one or two per event.
const memoInline = 2

// memoEntry is one inline slot of an event. key is claimed once, nil to a
// slot's key, and never changes after; val is then filled once, nil to the
// value (see memoKey.direct; a nil pointer value is stored as the key's
// own address). Entries are claimed in order: a goroutine claims an entry
// only after it saw every earlier one claimed, so one slot never has two.
type memoEntry struct {
	key atomic.Pointer[memoKey]
	val unsafe.Pointer // read and written atomically
}

// memoNode is one cached value in an event's list of slots, once the
// inline entries are taken. Nodes are never modified after they are
// published.
type memoNode struct {
	key  *memoKey
	val  any
	next *memoNode
}

// NewMemoSlot allocates a new slot for values of type T. Allocate it once,
// in a package-level variable, not per event or per call: every slot used
// on an event adds an entry to that event for as long as it lives.
func NewMemoSlot[T any]() MemoSlot[T] {
	k := reflect.TypeFor[T]().Kind()
	return MemoSlot[T]{key: &memoKey{direct: k == reflect.Pointer || k == reflect.UnsafePointer}}
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
	if v, ok := s.load(e); ok {
		return v
	}
	if compute == nil {
		return zero
	}
	return s.store(e, compute(e))
}

// load returns the value cached on e under s, if there is one.
func (s MemoSlot[T]) load(e *Event) (T, bool) {
	var zero T
	for i := range e.inline {
		en := &e.inline[i]
		switch en.key.Load() {
		case nil:
			return zero, false // later entries are unclaimed too
		case s.key:
			p := atomic.LoadPointer(&en.val)
			if p == nil {
				return zero, false // claimed, being filled
			}
			return s.decode(p), true
		}
	}
	if n := findMemo(e.slots.Load(), s.key); n != nil {
		return n.val.(T), true
	}
	return zero, false
}

// store caches v on e under s unless a value is cached already, and
// returns the cached value.
func (s MemoSlot[T]) store(e *Event, v T) T {
	for i := range e.inline {
		en := &e.inline[i]
		k := en.key.Load()
		if k == nil && en.key.CompareAndSwap(nil, s.key) {
			k = s.key
		} else if k == nil {
			k = en.key.Load() // claimed meanwhile
		}
		if k != s.key {
			continue
		}
		if atomic.CompareAndSwapPointer(&en.val, nil, s.encode(v)) {
			return v
		}
		return s.decode(atomic.LoadPointer(&en.val))
	}
	// Every inline entry holds another slot: the list of nodes.
	head := e.slots.Load()
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

// encode returns what an inline entry stores for v: the pointer itself
// when T is a pointer type (the key's address for nil), else a box.
func (s MemoSlot[T]) encode(v T) unsafe.Pointer {
	if s.key.direct {
		p := *(*unsafe.Pointer)(unsafe.Pointer(&v))
		if p == nil {
			p = unsafe.Pointer(s.key)
		}
		return p
	}
	b := new(T)
	*b = v
	return unsafe.Pointer(b)
}

// decode is the inverse of encode.
func (s MemoSlot[T]) decode(p unsafe.Pointer) T {
	if s.key.direct {
		if p == unsafe.Pointer(s.key) {
			var zero T
			return zero
		}
		return *(*T)(unsafe.Pointer(&p))
	}
	return *(*T)(p)
}

// Cached reports whether a value is cached on e under s, without
// computing one.
func (s MemoSlot[T]) Cached(e *Event) bool {
	if e == nil || s.key == nil {
		return false
	}
	_, ok := s.load(e)
	return ok
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
	inline [memoInline]memoEntry    // see MemoSlot
	slots  atomic.Pointer[memoNode] // further slots
}
