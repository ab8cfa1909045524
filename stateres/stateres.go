package stateres

import (
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// StateSet is one room state: each (type, state_key) mapped to the ID of the
// event that holds it.
type StateSet map[auth.StateKey]string

// DefaultMaxEvents is the number of distinct event IDs one [Resolve] call
// may look up when [Input.MaxEvents] is zero.
const DefaultMaxEvents = 500_000

// Input is everything [Resolve] needs. Only Version, StateSets and Fetch are
// required.
type Input struct {
	// Version is the room version; its StateRes field selects algorithm v1
	// or v2.
	Version roomversion.Version
	// StateSets are the states to merge, for example the states after each
	// of an event's prev_events (SR-DEF-2). They are only read.
	StateSets []StateSet
	// Fetch returns the event with the given ID, or false when the caller
	// does not have it. Missing events are treated as absent: they never
	// join the conflicted set, and auth-chain walks stop at them. An event
	// whose ID() differs from the ID asked for counts as missing.
	Fetch func(id string) (*event.Event, bool)
	// IsRejected reports whether the event was rejected when it was
	// received. Nil means no event is rejected. Rejected events never win a
	// conflicted key and are never used to fill gaps (D8, D9), but an
	// unconflicted entry is kept as it is.
	IsRejected func(id string) bool
	// AuthDifference, when non-nil, replaces the library's computation of
	// the auth difference of state resolution v2 (SR2-DEF-4). It must
	// return the IDs of the events that lie in some but not all of the
	// sets' auth chains, where the chain of a set includes the set's own
	// events (D13). A server holding an auth-chain index can use it; order
	// and duplicates do not matter. It is not used by algorithm v1.
	AuthDifference func(sets []StateSet) ([]string, error)
	// RoomID, when set, is the room every event must belong to. When empty,
	// the room of the first event fetched is used. A conflicted state event
	// of another room makes Resolve fail with a *[RoomMismatchError]; an
	// auth event of another room, reached while walking auth chains, is
	// treated as missing.
	RoomID string
	// MaxEvents bounds the number of distinct event IDs looked up in one
	// call (default [DefaultMaxEvents]); beyond it Resolve fails with
	// [ErrTooManyEvents]. It keeps a hostile or endless event source from
	// making resolution run forever.
	MaxEvents int
	// ExactAuthDifference computes the auth difference of algorithm v2 by
	// walking every set's whole auth chain, instead of the depth-ordered
	// marking that stops near the fork (authdiff.go), and follows the
	// mainline of SR2-5 to its end instead of only as deep as the sorted
	// events (mainline.go). The fast walks trust that auth events have
	// smaller depths than the events citing them below the point where they
	// stop; an honest server's graph always does, a forged one need not.
	// Set it when the graph comes from untrusted hand-made input and
	// exactness matters more than speed, as in conformance runs. The cost
	// then grows with the room's history.
	ExactAuthDifference bool
}

// Error is the type of the package's sentinel errors. They are constants,
// so no caller can replace them; compare with errors.Is.
type Error string

// Error implements error.
func (e Error) Error() string { return string(e) }

const (
	// ErrNoFetch is returned when [Input.Fetch] is nil.
	ErrNoFetch Error = "stateres: Input.Fetch is nil"
	// ErrTooManyEvents is returned when resolution would look up more
	// events than [Input.MaxEvents] allows.
	ErrTooManyEvents Error = "stateres: too many events looked up"
)

// RoomMismatchError reports an event that belongs to another room than the
// one being resolved. Synapse aborts resolution in this case too.
type RoomMismatchError struct {
	// EventID is the offending event.
	EventID string
	// RoomID is the room it names.
	RoomID string
	// Want is the room being resolved.
	Want string
}

// Error implements error.
func (e *RoomMismatchError) Error() string {
	return fmt.Sprintf("stateres: event %s belongs to room %s, not %s", e.EventID, e.RoomID, e.Want)
}

// Resolve merges the input's state sets with the state-resolution algorithm
// of its room version and returns the resolved state as a new map. Zero
// sets give an empty state; one set is returned as a copy (SR1-1, SR2-1).
// Resolve is safe for concurrent use as long as Fetch and IsRejected are.
func Resolve(in Input) (StateSet, error) {
	return resolveWith(&in, authRules{})
}

// resolveWith is Resolve with the authorization rules made replaceable, so
// that tests can exercise orderings in isolation.
func resolveWith(in *Input, rl rules) (StateSet, error) {
	if err := in.Version.Valid(); err != nil {
		return nil, fmt.Errorf("stateres: %w", err)
	}
	if in.Fetch == nil {
		return nil, ErrNoFetch
	}
	switch len(in.StateSets) {
	case 0:
		return StateSet{}, nil
	case 1: // SR1-1, SR2-1
		return copySet(in.StateSets[0]), nil
	}
	r := newResolver(in, rl)
	if in.Version.StateRes == roomversion.StateResV1 {
		return r.resolveV1()
	}
	return r.resolveV2()
}

// roomOfSets names the room being resolved when the caller did not: the
// room of the create event the sets name (the smallest ID, should they
// name several), else of the event at the smallest key. Deciding it up
// front, and from the sets as a whole, keeps the answer independent of
// the order of the sets and of the order walks fetch events in.
func roomOfSets(in *Input) string {
	fetch := func(id string) *event.Event {
		if ev, ok := in.Fetch(id); ok && ev != nil && ev.ID() == id {
			return ev
		}
		return nil
	}
	create := auth.StateKey{Type: event.TypeCreate}
	var room, bestID string
	for _, s := range in.StateSets {
		if id, ok := s[create]; ok && (bestID == "" || id < bestID) {
			if ev := fetch(id); ev != nil {
				room, bestID = ev.RoomID(), id
			}
		}
	}
	if bestID != "" {
		return room
	}
	var best auth.StateKey
	for _, s := range in.StateSets {
		for k, id := range s {
			less := bestID == "" || k.Type < best.Type ||
				(k.Type == best.Type && (k.StateKey < best.StateKey || (k.StateKey == best.StateKey && id < bestID)))
			if less {
				if ev := fetch(id); ev != nil {
					room, best, bestID = ev.RoomID(), k, id
				}
			}
		}
	}
	return room
}

func copySet(s StateSet) StateSet {
	out := make(StateSet, len(s))
	for k, v := range s {
		out[k] = v
	}
	return out
}
