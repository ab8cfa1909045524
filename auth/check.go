package auth

import (
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Check applies the state-dependent authorization rules of the event's room
// version (SR-DEF-3) against state: CREATE-1..7 for an m.room.create event,
// otherwise ROOMID-1 (v12), FED-1 and the rules after it (ALIAS, MEMBER,
// SENDER, TPI, POWER, STATEKEY, PL, REDACT, DEFAULT), as the flags of
// ev.Version() select them. State is the event's own auth events, the state
// before it or the current state (DIGEST §6.9); a nil State is empty.
//
// In room version 12 (RoomIDFromCreateEvent) the create event of the state,
// its (m.room.create, "") entry, must be the event ev's room_id names (ID
// ev.ImpliedCreateEventID()); otherwise Check rejects naming [RuleRoomID1].
// That create event is also the one FED-1 and the creators (DEF-CREATORS-1)
// are read from.
//
// Check returns nil when the event is allowed and a *[Rejection] otherwise.
// It never panics and does not allocate for allowed events.
func Check(ev *event.Event, state State) error {
	if ev == nil {
		return &Rejection{Rule: RuleDefOrder, Reason: "nil event", Details: Details{Set: DetailKey, Key: "event"}}
	}
	// Filled in place: a composite literal would be built in a temporary
	// and copied, which costs as much as the rest of a small check.
	var c checker
	c.ev, c.v, c.st.state = ev, ev.Version(), state
	return c.run()
}

// verdict is the outcome of one rule: undecided, allowed or rejected.
type verdict uint8

const (
	next verdict = iota
	allow
	reject
)

// checker holds one check's inputs and the state reads it has cached, so
// that each entry (create, power levels, sender level) is read once. v is
// the event's room version: every rule reads its flags from there.
type checker struct {
	ev *event.Event
	v  roomversion.Version
	st lookup

	create *event.Event // (m.room.create, "")
	pl     *event.Event // (m.room.power_levels, "")
	plf    *plView      // pl's fields, once read: memoised on pl, or plTmp

	// plTmp holds pl's fields when pl is seen for the first time, read for
	// this check only (reusedPowerLevels).
	plTmp plView
	// cr reads create's content, once per check (creation).
	cr createRead

	senderLevel    Level
	hasSenderLevel bool

	err *Rejection // the rejection, allocated by the first rejecting rule

	// readAll makes power-levels changes read every member instead of
	// what differs (tests compare the two); false in every real check.
	readAll bool
}

// run evaluates the rules in order (DEF-ORDER).
func (c *checker) run() error {
	if c.ev.Type() == event.TypeCreate {
		if c.createRules() == reject {
			return c.err
		}
		return nil
	}
	c.create = c.st.get(event.TypeCreate, "")
	if c.v.RoomIDFromCreateEvent && c.roomIDRule() == reject {
		return c.err
	}
	c.pl = c.st.get(event.TypePowerLevels, "")
	if c.rules() == reject {
		return c.err
	}
	return nil
}

// rules runs the rule families after the create and room-ID rules, in
// DEF-ORDER, until one decides.
func (c *checker) rules() verdict {
	if v := c.federate(); v != next {
		return v
	}
	if c.v.SpecialCaseAliasesAuth {
		if v := c.aliases(); v != next {
			return v
		}
	}
	if v := c.member(); v != next {
		return v
	}
	if v := c.senderMembership(); v != next {
		return v
	}
	if v := c.thirdPartyInviteEvent(); v != next {
		return v
	}
	if v := c.requiredPower(); v != next {
		return v
	}
	if v := c.userStateKey(); v != next {
		return v
	}
	if v := c.powerLevels(); v != next {
		return v
	}
	if v := c.redaction(); v != next {
		return v
	}
	// DEFAULT-1.
	return allow
}

// roomIDRule is ROOMID-1 (v12): the state's create event must be the one
// the event's room_id names.
func (c *checker) roomIDRule() verdict {
	switch {
	case !namesRoom(c.ev.RoomID()):
		return c.rejectKey(RuleRoomID1, "room_id", `"`+c.ev.RoomID()+`"`, "room_id "+c.ev.RoomID()+" names no create event")
	case c.create == nil:
		id, _ := c.ev.ImpliedCreateEventID()
		return c.rejectKey(RuleRoomID1, "create event "+id, "", "the create event "+id+" that room_id names is not in the auth state")
	case !isImpliedCreateID(c.ev.RoomID(), c.create.ID()):
		id, _ := c.ev.ImpliedCreateEventID()
		return c.rejectKey(RuleRoomID1, "create event "+id, "", "room_id names "+id+" but the auth state's create event is "+c.create.ID())
	}
	return next
}

// namesRoom reports a room_id from which a create event ID can be derived
// ("!" and at least one character; event.CreateEventIDOfRoomID).
func namesRoom(roomID string) bool { return len(roomID) >= 2 && roomID[0] == '!' }

// isImpliedCreateID reports whether eventID is the create event ID roomID
// implies ("$" + roomID[1:], event.CreateEventIDOfRoomID), without building
// that string.
func isImpliedCreateID(roomID, eventID string) bool {
	return namesRoom(roomID) && len(eventID) == len(roomID) && eventID[0] == '$' && eventID[1:] == roomID[1:]
}

// rejectf records a rejection by rule and returns reject. Only the
// rejection path allocates.
func (c *checker) rejectf(rule RuleID, reason string) verdict {
	r := c.rejection()
	r.Rule, r.EventID, r.Reason = rule, c.ev.ID(), reason
	return reject
}

// rejection returns the rejection being built, allocating it: only a rule
// that is about to reject calls it, so allowed checks never do.
func (c *checker) rejection() *Rejection {
	if c.err == nil {
		c.err = &Rejection{}
	}
	return c.err
}

// d returns the details of the rejection being built.
func (c *checker) d() *Details { return &c.rejection().Details }

// rejectKey rejects naming the key the rule read and its JSON text (""
// when missing).
func (c *checker) rejectKey(rule RuleID, key, value, reason string) verdict {
	d := c.d()
	d.Key, d.Value = key, clip(value)
	c.d().Set |= DetailKey
	return c.rejectf(rule, reason)
}

// need records the level a rule requires.
func (c *checker) need(name string, l Level) {
	d := c.d()
	d.Required, d.RequiredLevel = name, l
	c.d().Set |= DetailRequiredLevel
}

// senderIs records the sender's level.
func (c *checker) senderIs(l Level) {
	c.d().SenderLevel = l
	c.d().Set |= DetailSenderLevel
}

// membershipOf is DEF-MEM-1: the membership of user in the auth state, ""
// for none (or a membership that is not a string, which matches nothing).
// ok is false when the user's member event has no membership at all:
// Synapse fails reading it (D11).
func (c *checker) membershipOf(user string) (membership string, ok bool) {
	m := c.st.get(event.TypeMember, user)
	if m == nil {
		return "", true
	}
	s, k := m.Membership()
	switch k {
	case event.String:
		return s, true
	case event.Absent:
		return "", false
	}
	return "", true
}
