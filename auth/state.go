package auth

import "github.com/mxauth/mxauth/event"

// StateKey identifies a state entry by event type and state key.
type StateKey struct {
	Type     string
	StateKey string
}

// State is a read-only view of room state that the rules run against: the
// event's own auth events, the state before it, or the current state
// (DIGEST §6.9). The caller owns storage; the rules only look entries up.
type State interface {
	// StateEvent returns the event at (eventType, stateKey), or nil.
	StateEvent(eventType, stateKey string) *event.Event
}

// StateMap is a [State] backed by a map.
type StateMap map[StateKey]*event.Event

// StateEvent implements [State].
func (m StateMap) StateEvent(eventType, stateKey string) *event.Event {
	return m[StateKey{eventType, stateKey}]
}
