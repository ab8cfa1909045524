package stateres

import (
	"fmt"

	"github.com/mxauth/mxauth/event"
)

// The kinds of input a resolution cannot be computed from. Compare with
// errors.Is; errors.As gives the typed error with the event it is about.
const (
	// ErrOtherRoom is the kind of a *[RoomMismatchError]: a state event of
	// the state sets belongs to another room than the one being resolved.
	ErrOtherRoom Error = "stateres: event of another room"
	// ErrNoCreateEvent is the kind of a *[NoCreateEventError]: a power
	// event that resolution must order has no create event among its auth
	// events.
	ErrNoCreateEvent Error = "stateres: no create event in an event's auth events"
)

// Is reports whether target is [ErrOtherRoom], so that
// errors.Is(err, ErrOtherRoom) matches a *RoomMismatchError.
func (e *RoomMismatchError) Is(target error) bool { return target == ErrOtherRoom }

// NoCreateEventError reports that state resolution v2 or v2.1 met a power
// event (one of X, SR2-3) with no m.room.create event among the auth
// events the caller has; in room version 12 the create event its room_id
// implies counts as one (D29). Its sender's power (SR2-DEF-6) cannot be
// read without the room's creator, and Synapse aborts the resolution at
// this point (the assertion in its _get_power_level_for_sender), so
// Resolve fails too rather than ordering events of an unknown room. Only
// algorithm v1 never needs it. When several events lack one, the
// smallest ID is named, so the error does not depend on map order.
type NoCreateEventError struct {
	// EventID is the power event without a create event.
	EventID string
	// Implied is the create event ID that the event's room_id implies in
	// room version 12 and that Fetch did not supply; empty otherwise.
	Implied string
}

// Error implements error.
func (e *NoCreateEventError) Error() string {
	if e.Implied != "" {
		return fmt.Sprintf("stateres: no create event in the auth events of %s: its room's create event %s is not available", e.EventID, e.Implied)
	}
	return fmt.Sprintf("stateres: no create event in the auth events of %s", e.EventID)
}

// Is reports whether target is [ErrNoCreateEvent].
func (e *NoCreateEventError) Is(target error) bool { return target == ErrNoCreateEvent }

// requireCreate returns a *NoCreateEventError for the smallest-ID event of
// x, other than a create event, none of whose auth events (as authOf
// found them) is a create event. It is called after the sender powers of
// x were read, so every auth list is already looked up.
func (r *resolver) requireCreate(x []*node) error {
	var bad *node
	for _, n := range x {
		if n.ev.Type() == event.TypeCreate || (bad != nil && n.id >= bad.id) {
			continue
		}
		auths, err := r.authOf(n)
		if err != nil {
			return err
		}
		found := false
		for _, a := range auths {
			if a.ev.Type() == event.TypeCreate && a.ev.StateKeyEquals("") {
				found = true
				break
			}
		}
		if !found {
			bad = n
		}
	}
	if bad == nil {
		return nil
	}
	out := &NoCreateEventError{EventID: bad.id}
	if c, implied := bad.ev.ImpliedCreateEventID(); implied {
		out.Implied = c
	}
	return out
}
