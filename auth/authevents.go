package auth

import "github.com/mxauth/mxauth/event"

// CheckAuthEvents judges ev against its own auth events (PDU-4). For an
// m.room.create event it is [Check] alone (auth_events are not examined,
// DECISIONS D10). Otherwise it applies, per entry, AUTHEV-5 (another
// room), AUTHEV-1 (a (type, state_key) listed twice, the same event twice
// included) and AUTHEV-2 (a pair auth-event selection does not pick for
// ev), then AUTHEV-4 (no create event), then [Check] against the state the
// entries form.
//
// AUTHEV-3 (an auth event that is missing or was rejected) needs verdicts
// this package does not keep: the caller decides it before calling, and can
// report it as a *[Rejection] with [RuleAuthEv3]. A nil entry is treated as
// missing and rejected by AUTHEV-3.
func CheckAuthEvents(ev *event.Event, authEvents []*event.Event) error {
	if ev == nil {
		return &Rejection{Rule: RuleDefOrder, Reason: "nil event"}
	}
	if ev.Type() == event.TypeCreate {
		return Check(ev, nil)
	}
	c := checker{ev: ev, st: lookup{list: authEvents, isList: true}}
	var buf [8]StateKey
	selected := SelectAuthEvents(ev, buf[:0])
	hasCreate := false
	for i, ae := range authEvents {
		if ae == nil {
			c.rejectf(RuleAuthEv3, "an auth event is missing")
			return c.err
		}
		// AUTHEV-5.
		if ae.RoomID() != ev.RoomID() {
			c.rejectf(RuleAuthEv5, "auth event "+ae.ID()+" is from another room")
			return c.err
		}
		sk, isState := ae.StateKey()
		// AUTHEV-1.
		for _, prev := range authEvents[:i] {
			if prev != nil && prev.Type() == ae.Type() && isState && prev.StateKeyEquals(sk) {
				c.rejectf(RuleAuthEv1, "auth events list ("+ae.Type()+", "+sk+") twice")
				return c.err
			}
		}
		// AUTHEV-2.
		if !isState || !containsKey(selected, ae.Type(), sk) {
			c.rejectf(RuleAuthEv2, "auth event "+ae.ID()+" is not one selection picks")
			return c.err
		}
		if ae.Type() == event.TypeCreate && sk == "" {
			hasCreate = true
		}
	}
	// AUTHEV-4.
	if !hasCreate {
		c.rejectf(RuleAuthEv4, "auth events hold no create event")
		return c.err
	}
	return c.run()
}

func containsKey(keys []StateKey, typ, sk string) bool {
	for _, k := range keys {
		if k.Type == typ && k.StateKey == sk {
			return true
		}
	}
	return false
}
