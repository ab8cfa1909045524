package stateres

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// smallState is an auth map of a handful of entries, searched linearly. A
// later entry for the same key shadows an earlier one, so callers can layer
// sources by appending. It is used through a pointer so that passing it as
// an auth.State does not allocate.
type smallState struct {
	entries []stateEntry
}

type stateEntry struct {
	key auth.StateKey
	ev  *event.Event
}

// StateEvent implements auth.State.
func (s *smallState) StateEvent(typ, stateKey string) *event.Event {
	for i := len(s.entries) - 1; i >= 0; i-- {
		if e := &s.entries[i]; e.key.Type == typ && e.key.StateKey == stateKey {
			return e.ev
		}
	}
	return nil
}

func (s *smallState) reset() { s.entries = s.entries[:0] }

// set adds or shadows the entry at k.
func (s *smallState) set(k auth.StateKey, ev *event.Event) {
	s.entries = append(s.entries, stateEntry{k, ev})
}

// setFirst adds the entry at k unless k already has one.
func (s *smallState) setFirst(k auth.StateKey, ev *event.Event) {
	if s.StateEvent(k.Type, k.StateKey) == nil {
		s.set(k, ev)
	}
}

// keyOf returns the state key of a state event.
func keyOf(ev *event.Event) (auth.StateKey, bool) {
	sk, ok := ev.StateKey()
	return auth.StateKey{Type: ev.Type(), StateKey: sk}, ok
}
