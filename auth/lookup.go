package auth

import "github.com/mxauth/mxauth/event"

// lookup is the auth state one check runs against: either a caller's
// [State] or an event's own auth events. It is a concrete type so that a
// check never boxes it into an interface (which would allocate).
type lookup struct {
	state  State
	list   []*event.Event
	isList bool
}

// get returns the state entry at (typ, stateKey), or nil. An entry a
// caller's State holds under a key other than its own (type, state_key) is
// not found: Synapse keys the state by each event's own pair.
func (l *lookup) get(typ, stateKey string) *event.Event {
	if l.isList {
		for _, e := range l.list {
			if e != nil && e.Type() == typ && e.StateKeyEquals(stateKey) {
				return e
			}
		}
		return nil
	}
	if l.state == nil {
		return nil
	}
	e := l.state.StateEvent(typ, stateKey)
	if e == nil || e.Type() != typ || !e.StateKeyEquals(stateKey) {
		return nil
	}
	return e
}
