package auth

import (
	"github.com/mxauth/mxauth/event"
	"github.com/tidwall/gjson"
)

// Named power levels of DEF-PL-2 and their defaults.
const (
	levelInvite = "invite"
	levelKick   = "kick"
	levelBan    = "ban"
	levelRedact = "redact"

	defaultInvite       = 0
	defaultKick         = 50
	defaultBan          = 50
	defaultRedact       = 50
	defaultStateLevel   = 50 // state_default (DEF-PL-3)
	defaultEventsLevel  = 0  // events_default (DEF-PL-3)
	creatorLevelNoPL    = 100
	everyoneLevelNoPL   = 0
	defaultUsersDefault = 0
)

// plFields are the top-level members of a power-levels content the rules
// read, gathered in one pass (a later duplicate wins, as in Synapse).
type plFields struct {
	users, usersDefault, events, eventsDefault, stateDefault jv
	ban, kick, invite, redact, notifications                 jv

	// usersIndex maps the keys of a large users object to their values.
	usersIndex map[string]jv
}

// named returns the field of a level PL-3 compares.
func (f *plFields) named(name string) jv {
	switch name {
	case "users_default":
		return f.usersDefault
	case "events_default":
		return f.eventsDefault
	case "state_default":
		return f.stateDefault
	case levelBan:
		return f.ban
	case levelKick:
		return f.kick
	case levelInvite:
		return f.invite
	case levelRedact:
		return f.redact
	}
	return ""
}

func readPLFields(content string) plFields {
	var f plFields
	for m, i, ok := nextMember(content, objectBody(content)); ok; m, i, ok = nextMember(content, i) {
		var dst *jv
		switch m.unescapedKey() {
		case "users":
			dst = &f.users
		case "users_default":
			dst = &f.usersDefault
		case "events":
			dst = &f.events
		case "events_default":
			dst = &f.eventsDefault
		case "state_default":
			dst = &f.stateDefault
		case levelBan:
			dst = &f.ban
		case levelKick:
			dst = &f.kick
		case levelInvite:
			dst = &f.invite
		case levelRedact:
			dst = &f.redact
		case "notifications":
			dst = &f.notifications
		default:
			continue
		}
		*dst = jv(m.raw)
	}
	return f
}

// levelOf is DEF-PL-1 with DEF-PL-4 parsing: the power level of user from
// the power-levels fields (when hasPL) or, without a power-levels event,
// 100 for the creator and 0 for everyone else. ok is false when a value it
// needs is not a number (D11). A null users entry or users_default is read
// as absent (EDGE-P8).
func levelOf(hasPL bool, f *plFields, creator string, hasCreator bool, user string, stringy, floaty bool) (int64, bool) {
	if !hasPL {
		if hasCreator && creator == user {
			return creatorLevelNoPL, true
		}
		return everyoneLevelNoPL, true
	}
	if f.users.exists() {
		if !f.users.isObject() {
			return 0, false
		}
		v := f.usersIndex[user]
		if f.usersIndex == nil {
			v = f.users.get(user)
		}
		if v.exists() && !v.isNull() {
			return v.level(stringy, floaty)
		}
	}
	if d := f.usersDefault; d.exists() && !d.isNull() {
		return d.level(stringy, floaty)
	}
	return defaultUsersDefault, true
}

// noPowerLevels is the empty fields value read without a power-levels
// event. It is never written.
var noPowerLevels plFields

// fields returns the current power-levels fields (empty without a
// power-levels event), read once per event.
func (c *checker) fields() *plFields {
	if c.plf == nil {
		c.plf = &noPowerLevels
		if c.pl != nil {
			c.plf = powerLevelsOf(c.pl)
		}
	}
	return c.plf
}

// userLevel returns the power level of user in the auth state.
func (c *checker) userLevel(user string) (int64, bool) {
	if user == c.ev.Sender() && c.hasSenderLevel {
		return c.senderLevel, true
	}
	var cr string
	var hasCr bool
	if c.pl == nil {
		var present bool
		if cr, hasCr, present = c.creator(); !present {
			return 0, false // D11: see levelRejection
		}
	}
	n, ok := levelOf(c.pl != nil, c.fields(), cr, hasCr, user, c.rs.stringy, c.rs.floaty)
	if ok && user == c.ev.Sender() {
		c.senderLevel, c.hasSenderLevel = n, true
	}
	return n, ok
}

// levelRejection rejects when a user's level cannot be read: with a PL
// event a value it needs is not a number (DEF-PL-4); without one the create
// event has no creator (DEF-PL-1, D11).
func (c *checker) levelRejection(whose string) verdict {
	if c.pl == nil {
		return c.rejectf(RuleDefPL1, "create event has no creator, so "+whose+" power level cannot be read")
	}
	return c.rejectf(RuleDefPL4, whose+" power level is not a number")
}

// namedLevel is DEF-PL-2: a named level (invite, kick, ban, redact) with
// its default when the key is missing, null or there is no power-levels
// event.
func (c *checker) namedLevel(name string, def int64) (int64, bool) {
	if c.pl == nil {
		return def, true
	}
	v := c.fields().named(name)
	if !v.exists() || v.isNull() {
		return def, true
	}
	return v.level(c.rs.stringy, c.rs.floaty)
}

// sendLevel is DEF-PL-3: the level required to send an event of the
// checked event's type. A null events entry counts as absent; a null
// state_default or events_default is not a number (EDGE-P8).
func (c *checker) sendLevel() (int64, bool) {
	_, isState := c.ev.StateKey()
	if c.pl == nil {
		if isState {
			return defaultStateLevel, true
		}
		return defaultEventsLevel, true
	}
	f := c.fields()
	if evs := f.events; evs.exists() {
		if !evs.isObject() {
			return 0, false
		}
		if v := evs.get(c.ev.Type()); v.exists() && !v.isNull() {
			return v.level(c.rs.stringy, c.rs.floaty)
		}
	}
	v, def := f.eventsDefault, int64(defaultEventsLevel)
	if isState {
		v, def = f.stateDefault, defaultStateLevel
	}
	if !v.exists() {
		return def, true
	}
	return v.level(c.rs.stringy, c.rs.floaty)
}

// UserPowerLevel returns the power level of userID in state (DEF-PL-1):
// users[userID], else users_default, else 0 when there is an
// (m.room.power_levels, "") event; without one, 100 for the creator named
// by the create event's content.creator and 0 for everyone else (as state
// resolution v2 needs it, DECISIONS D6). Values are read with
// [ParsePowerLevel] under the power-levels event's room version; one that is
// not a number gives a *[Rejection] naming DEF-PL-4.
func UserPowerLevel(state State, userID string) (int64, error) {
	if state == nil {
		return everyoneLevelNoPL, nil
	}
	pl := state.StateEvent(event.TypePowerLevels, "")
	var (
		cr    string
		hasCr bool
		f     plFields
	)
	stringy, floaty := true, false
	if pl != nil {
		f = *powerLevelsOf(pl)
		v := pl.Version()
		stringy, floaty = v.StringyPowerLevels, v.FloatyPowerLevels
	} else if create := state.StateEvent(event.TypeCreate, ""); create != nil {
		if c := gjson.Get(create.ContentJSON(), "creator"); c.Type == gjson.String {
			cr, hasCr = c.Str, true
		}
	}
	n, ok := levelOf(pl != nil, &f, cr, hasCr, userID, stringy, floaty)
	if !ok {
		return 0, &Rejection{Rule: RuleDefPL4, EventID: pl.ID(), Reason: "power level of " + userID + " is not a number"}
	}
	return n, nil
}
