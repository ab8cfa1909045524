package auth

import "github.com/mxauth/mxauth/event"

// Check applies the state-dependent authorization rules of the event's room
// version (SR-DEF-3) against state: CREATE-1..5 for an m.room.create event,
// otherwise FED-1 and the rules after it (ALIAS, MEMBER, SENDER, TPI,
// POWER, STATEKEY, PL, REDACT, DEFAULT), chosen from the flags of
// ev.Version(). State is the event's own auth events, the state before it
// or the current state (DIGEST §6.9); a nil State is empty.
//
// Check returns nil when the event is allowed and a *[Rejection] otherwise.
// It never panics and does not allocate for allowed events.
func Check(ev *event.Event, state State) error {
	if ev == nil {
		return &Rejection{Rule: RuleDefOrder, Reason: "nil event"}
	}
	c := checker{ev: ev, st: lookup{state: state}}
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
// that each entry (create, power levels, sender level) is read once.
type checker struct {
	ev *event.Event
	st lookup
	rs ruleset

	create *event.Event // (m.room.create, "")
	pl     *event.Event // (m.room.power_levels, "")
	plf    *plFields    // pl's fields, once read

	senderLevel    int64
	hasSenderLevel bool

	err *Rejection
}

// run evaluates the rules in order (DEF-ORDER).
func (c *checker) run() error {
	c.rs = rulesFor(c.ev.Version())
	if c.ev.Type() == event.TypeCreate {
		if c.createRules() == reject {
			return c.err
		}
		return nil
	}
	c.create = c.st.get(event.TypeCreate, "")
	c.pl = c.st.get(event.TypePowerLevels, "")
	for _, s := range c.rs.steps {
		var v verdict
		switch s {
		case stepFederate:
			v = c.federate()
		case stepAliases:
			v = c.aliases()
		case stepMember:
			v = c.member()
		case stepSender:
			v = c.senderMembership()
		case stepThirdParty:
			v = c.thirdPartyInviteEvent()
		case stepPower:
			v = c.requiredPower()
		case stepStateKey:
			v = c.userStateKey()
		case stepPowerLevels:
			v = c.powerLevels()
		case stepRedaction:
			v = c.redaction()
		case stepDefault:
			v = allow
		}
		switch v {
		case allow:
			return nil
		case reject:
			return c.err
		}
	}
	return nil
}

// rejectf records a rejection by rule and returns reject. Only the
// rejection path allocates.
func (c *checker) rejectf(rule RuleID, reason string) verdict {
	c.err = &Rejection{Rule: rule, EventID: c.ev.ID(), Reason: reason}
	return reject
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
