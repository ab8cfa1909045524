package auth

import "github.com/mxauth/mxauth/event"

// CheckAuthEvents judges ev against its own auth events (PDU-4). For an
// m.room.create event it is [Check] alone (auth_events are not examined,
// DECISIONS D10).
//
// Room versions 1–11: authEvents are the events ev.AuthEventIDs() lists.
// CheckAuthEvents applies, per entry, AUTHEV-5 (another room), AUTHEV-1 (a
// (type, state_key) listed twice, the same event twice included) and
// AUTHEV-2 (a pair auth-event selection does not pick for ev), then AUTHEV-4
// (no create event), then [Check] against the state the entries form.
//
// Room version 12 (RoomIDFromCreateEvent): authEvents are the events
// ev.AuthEventIDs() lists PLUS the implied create event C, the event whose
// ID is ev.ImpliedCreateEventID(), appended by the caller (C is never
// listed). CheckAuthEvents then:
//   - rejects naming AUTHEV-2 when the listed IDs hold C's ID, or an entry
//     other than C is an m.room.create event (the selection never holds the
//     create event; DECISIONS D24);
//   - rejects naming ROOMID-1 when no entry has C's ID, or that entry is not
//     an m.room.create event with state_key "";
//   - applies AUTHEV-5, AUTHEV-1 and AUTHEV-2 to the other entries, with C
//     taking the (m.room.create, "") place; AUTHEV-4 does not apply;
//   - then [Check] against the state the entries and C form.
//
// AUTHEV-3 (an auth event that is missing or was rejected, C included)
// needs verdicts this package does not keep: the caller decides it before
// calling, and can report it as a *[Rejection] with [RuleAuthEv3]. A nil
// entry is treated as missing and rejected by AUTHEV-3.
func CheckAuthEvents(ev *event.Event, authEvents []*event.Event) error {
	if ev == nil {
		return &Rejection{Rule: RuleDefOrder, Reason: "nil event", Details: Details{Set: DetailKey, Key: "event"}}
	}
	if ev.Type() == event.TypeCreate {
		return Check(ev, nil)
	}
	// The checker holds copies of the entries it accepts, never
	// authEvents itself, so that a caller's stack array stays there
	// (lookup).
	var c checker // filled in place, not copied from a literal (Check)
	c.ev, c.v, c.st.isList = ev, ev.Version(), true
	implied := -1 // index of C in authEvents (v12)
	if c.v.RoomIDFromCreateEvent {
		var ok bool
		if implied, ok = c.impliedCreate(authEvents); !ok {
			return c.err
		}
		c.st.add(authEvents[implied])
	}
	var buf [8]StateKey
	selected := SelectAuthEvents(ev, buf[:0])
	hasCreate := false
	for i, ae := range authEvents {
		if ae == nil {
			c.rejectKey(RuleAuthEv3, "auth event", "", "an auth event is missing")
			return c.err
		}
		if i == implied {
			continue
		}
		// AUTHEV-2 (v12): a listed create event is never selected (D24).
		if c.v.RoomIDFromCreateEvent && ae.Type() == event.TypeCreate {
			c.rejectKey(RuleAuthEv2, "auth event "+ae.ID(), "", "auth events list the create event "+ae.ID()+"; in this room version it is implied by room_id")
			return c.err
		}
		// AUTHEV-5.
		if ae.RoomID() != ev.RoomID() {
			c.rejectKey(RuleAuthEv5, "room_id of auth event "+ae.ID(), quoted(ae.RoomID(), true), "auth event "+ae.ID()+" is from another room")
			return c.err
		}
		sk, isState := ae.StateKey()
		// AUTHEV-1.
		for j, prev := range authEvents[:i] {
			if j != implied && prev != nil && prev.Type() == ae.Type() && isState && prev.StateKeyEquals(sk) {
				c.rejectKey(RuleAuthEv1, "auth event "+ae.ID(), "", "auth events list ("+ae.Type()+", "+sk+") twice")
				return c.err
			}
		}
		// AUTHEV-2.
		if !isState || !containsKey(selected, ae.Type(), sk) {
			c.rejectKey(RuleAuthEv2, "auth event "+ae.ID(), "", "auth event "+ae.ID()+" ("+ae.Type()+", "+sk+") is not one selection picks")
			return c.err
		}
		if ae.Type() == event.TypeCreate && sk == "" {
			hasCreate = true
		}
		// Accepted entries are distinct selected pairs (AUTHEV-1, AUTHEV-2),
		// so they fit the lookup; a full one would mean more than selection
		// picks.
		if !c.st.add(ae) {
			c.rejectKey(RuleAuthEv2, "auth event "+ae.ID(), "", "auth events list more entries than selection picks")
			return c.err
		}
	}
	// AUTHEV-4 (v1–11).
	if !c.v.RoomIDFromCreateEvent && !hasCreate {
		c.rejectKey(RuleAuthEv4, "m.room.create", "", "auth events hold no create event")
		return c.err
	}
	return c.run()
}

// impliedCreate finds the implied create event C among authEvents (v12)
// and returns its index: AUTHEV-2 when the event lists C itself (D24),
// ROOMID-1 when C is absent or is not (m.room.create, "").
func (c *checker) impliedCreate(authEvents []*event.Event) (int, bool) {
	room := c.ev.RoomID()
	if !namesRoom(room) {
		c.rejectKey(RuleRoomID1, "room_id", quoted(room, true), "room_id "+room+" names no create event")
		return -1, false
	}
	for listed := range c.ev.AuthEventIDsSeq() {
		if isImpliedCreateID(room, listed) {
			c.rejectKey(RuleAuthEv2, "auth event "+listed, "", "auth_events list the create event "+listed+"; in this room version it is implied by room_id")
			return -1, false
		}
	}
	for i, ae := range authEvents {
		if ae == nil || !isImpliedCreateID(room, ae.ID()) {
			continue
		}
		if ae.Type() != event.TypeCreate || !ae.StateKeyEquals("") {
			c.rejectKey(RuleRoomID1, "create event "+ae.ID(), "", "room_id names "+ae.ID()+", which is a "+ae.Type()+" event, not the create event")
			return -1, false
		}
		return i, true
	}
	id, _ := c.ev.ImpliedCreateEventID()
	c.rejectKey(RuleRoomID1, "create event "+id, "", "the create event "+id+" that room_id names is not among the auth events")
	return -1, false
}

func containsKey(keys []StateKey, typ, sk string) bool {
	for _, k := range keys {
		if k.Type == typ && k.StateKey == sk {
			return true
		}
	}
	return false
}
