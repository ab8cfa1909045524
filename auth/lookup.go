package auth

import "github.com/mxauth/mxauth/event"

// maxAuthEntries is how many auth events a lookup holds inline: every
// entry [CheckAuthEvents] accepts is a distinct pair auth-event selection
// picks (at most 6, [SelectAuthEvents]) or the implied create event.
const maxAuthEntries = 8

// lookup is the auth state one check runs against: either a caller's
// [State] or an event's own auth events. It is a concrete type so that a
// check never boxes it into an interface (which would allocate).
//
// The auth events are copied into list rather than referenced as the
// caller's slice: escape analysis does not tell a checker's fields apart,
// and its event pointers (and State) reach the heap, so a slice header
// held here would move the caller's backing array to the heap too. The
// copy holds only the event pointers, which are already there.
type lookup struct {
	state  State
	list   [maxAuthEntries]*event.Event
	n      uint8 // entries of list in use
	isList bool
}

// add appends e to the auth events; it reports false when list is full.
func (l *lookup) add(e *event.Event) bool {
	if int(l.n) == len(l.list) {
		return false
	}
	l.list[l.n] = e
	l.n++
	return true
}

// get returns the state entry at (typ, stateKey), or nil. An entry a
// caller's State holds under a key other than its own (type, state_key) is
// not found: Synapse keys the state by each event's own pair.
func (l *lookup) get(typ, stateKey string) *event.Event {
	if l.isList {
		for _, e := range l.list[:l.n] {
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
