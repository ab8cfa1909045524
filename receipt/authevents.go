package receipt

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// maxInlineAuthEvents is how many auth events fit the stack buffer of
// [checkAuthEvents]; a longer list (which the format rules refuse in
// practice) only costs an allocation.
const maxInlineAuthEvents = 16

// checkAuthEvents is step 4 (PDU-4): AUTHEV-3 for every event named in
// ev's auth_events and, in room versions whose room ID names the create
// event (v12, ROOMID-1), for the implied create event C; then the
// authorization rules against those events, C appended last, as
// auth.CheckAuthEvents takes them.
func checkAuthEvents(ev *event.Event, lookup AuthEventLookup) error {
	// auth.CheckAuthEvents keeps no reference to its argument (only its
	// event pointers), so the buffer stays on this stack frame.
	var buf [maxInlineAuthEvents]*event.Event
	list := buf[:0]
	for i := range ev.NumAuthEvents() {
		a, err := authEvent(ev, lookup, ev.AuthEventID(i))
		if err != nil {
			return err
		}
		list = append(list, a)
	}
	if c, ok := ev.ImpliedCreateEventID(); ok {
		a, err := authEvent(ev, lookup, c)
		if err != nil {
			return err
		}
		list = append(list, a)
	}
	return auth.CheckAuthEvents(ev, list)
}

// authEvent looks up one auth event of ev: AUTHEV-3 rejects ev when the
// event is unknown or was rejected. A lookup that answers with an event of
// another ID is treated as not knowing the event.
func authEvent(ev *event.Event, lookup AuthEventLookup, id string) (*event.Event, error) {
	var a *event.Event
	var rejected bool
	if lookup != nil {
		a, rejected = lookup(id)
	}
	switch {
	case rejected:
		return nil, authEv3(ev, "auth event "+id+" was rejected")
	case a == nil || a.ID() != id:
		return nil, authEv3(ev, "auth event "+id+" is not known")
	}
	return a, nil
}

// authEv3 builds the AUTHEV-3 rejection of ev.
func authEv3(ev *event.Event, reason string) *auth.Rejection {
	return &auth.Rejection{Rule: auth.RuleAuthEv3, EventID: ev.ID(), Reason: reason}
}
