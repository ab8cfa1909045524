package auth

import (
	"strconv"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
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
	scanPL(content, &f, nil)
	return f
}

// scanPL reads the fields of the power-levels content s into f. With a
// memo m it also records, in the same pass, the members of a small users
// object (collectUsers).
func scanPL(s string, f *plFields, m *plView) {
	i := jsonread.ObjectBody(s)
	if i < 0 {
		return
	}
	// One pass over the members: each key is read in place and matched by
	// length and text, and each value is skipped without being decoded.
	for {
		i = jsonread.SkipSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i = jsonread.SkipSpace(s, i+1)
		}
		if i >= len(s) || s[i] != '"' {
			return
		}
		kend, esc := jsonread.SkipString(s, i)
		if kend < 0 {
			return
		}
		key := s[i+1 : kend-1]
		j := jsonread.ValueAfterKey(s, kend)
		if j < 0 {
			return
		}
		if esc {
			k := objMember{Key: key, Escaped: true}
			key = k.UnescapedKey()
		}
		var vend int
		switch {
		case m != nil && key == "users" && j < len(s) && s[j] == '{':
			vend = m.collectUsers(s, j)
		case m != nil && key == "users":
			m.nSmall = 0 // not an object: no members
			vend = jsonread.SkipValue(s, j)
		case m != nil && m.evType != "" && key == "events" && j < len(s) && s[j] == '{':
			vend = m.readEvents(s, j)
		default:
			vend = jsonread.SkipValue(s, j)
		}
		if vend < 0 {
			return
		}
		if dst := f.slot(key); dst != nil {
			*dst = jv(s[j:vend])
		}
		i = vend
	}
}

// slot returns the field a top-level key fills, nil for any other key.
func (f *plFields) slot(key string) *jv {
	switch len(key) {
	case 3:
		if key == levelBan {
			return &f.ban
		}
	case 4:
		if key == levelKick {
			return &f.kick
		}
	case 5:
		if key == "users" {
			return &f.users
		}
	case 6:
		switch key {
		case "events":
			return &f.events
		case levelInvite:
			return &f.invite
		case levelRedact:
			return &f.redact
		}
	case 13:
		switch key {
		case "users_default":
			return &f.usersDefault
		case "state_default":
			return &f.stateDefault
		case "notifications":
			return &f.notifications
		}
	case 14:
		if key == "events_default" {
			return &f.eventsDefault
		}
	}
	return nil
}

// levelIn is DEF-PL-1 in room version rv, with DEF-PL-4 parsing: the power
// level of user given the room's create event and power-levels fields (f
// nil without a power-levels event).
//
//   - v12 (PrivilegedCreators): a creator (DEF-CREATORS-1) is infinite,
//     whatever the power levels say; anyone else has users[user], else
//     users_default, else 0, and 0 without a power-levels event.
//   - v1–11: with a power-levels event as above; without one, 100 for the
//     creator (content.creator in v1–10, the create event's sender in v11,
//     D30) and 0 for everyone else.
//
// ok is false when a value it needs is not a number, or, without a
// power-levels event in v1–10, when the create event has no creator (D11).
// A null users entry or users_default is read as absent (EDGE-P8).
func levelIn(rv *roomversion.Version, create *createRead, f *plView, user string) (Level, bool) {
	if rv.PrivilegedCreators && isCreatorOf(create, user) {
		return InfiniteLevel(), true
	}
	if f == nil {
		if rv.PrivilegedCreators {
			return IntLevel(everyoneLevelNoPL), true
		}
		cr, isString, present := creatorOf(rv, create)
		if !present {
			return Level{}, false
		}
		if isString && cr == user {
			return IntLevel(creatorLevelNoPL), true
		}
		return IntLevel(everyoneLevelNoPL), true
	}
	if f.users.Exists() {
		if !f.users.IsObject() {
			return Level{}, false
		}
		if v := f.user(user); v.Exists() && !v.IsNull() {
			n, ok := levelOf(v, rv)
			return IntLevel(n), ok
		}
	}
	if d := f.usersDefault; d.Exists() && !d.IsNull() {
		n, ok := levelOf(d, rv)
		return IntLevel(n), ok
	}
	return IntLevel(defaultUsersDefault), true
}

// fields returns the current power-levels fields, nil without a
// power-levels event, read once per check.
func (c *checker) fields() *plView {
	switch {
	case c.plf != nil:
		return c.plf
	case c.pl == nil:
		return nil
	case c.plTmp.ev != nil:
		return &c.plTmp
	}
	c.plTmp.evType = c.ev.Type()
	if c.plf = reusedPowerLevels(c.pl, &c.plTmp); c.plf != nil {
		return c.plf
	}
	return &c.plTmp
}

// userLevel returns the power level of user in the auth state.
func (c *checker) userLevel(user string) (Level, bool) {
	if user == c.ev.Sender() && c.hasSenderLevel {
		return c.senderLevel, true
	}
	l, ok := levelIn(&c.v, c.creation(), c.fields(), user)
	if ok && user == c.ev.Sender() {
		c.senderLevel, c.hasSenderLevel = l, true
	}
	return l, ok
}

// levelRejection rejects when a user's level cannot be read: with a PL
// event a value it needs is not a number (DEF-PL-4); without one the create
// event has no creator (DEF-PL-1, D11).
func (c *checker) levelRejection(whose, user string) verdict {
	if c.pl == nil {
		return c.rejectKey(RuleDefPL1, "content.creator of the create event", "", "create event has no creator, so "+whose+" power level cannot be read")
	}
	f := c.fields()
	if v := f.user(user); f.users.IsObject() && v.Exists() && !v.IsNull() {
		return c.rejectKey(RuleDefPL4, "users["+user+"]", string(v), whose+" power level is not a number")
	}
	if !f.users.IsObject() {
		return c.rejectKey(RuleDefPL4, "users", string(f.users), whose+" power level is not a number")
	}
	return c.rejectKey(RuleDefPL4, "users_default", string(f.usersDefault), whose+" power level is not a number")
}

// namedLevelRejection is DEF-PL-4 for a named level that is not a number.
func (c *checker) namedLevelRejection(name string) verdict {
	return c.rejectKey(RuleDefPL4, name, string(c.fields().named(name)), name+" level is not a number")
}

// namedLevel is DEF-PL-2: a named level (invite, kick, ban, redact) with
// its default when the key is missing, null or there is no power-levels
// event.
func (c *checker) namedLevel(name string, def int64) (int64, bool) {
	f := c.fields()
	if f == nil {
		return def, true
	}
	v := f.named(name)
	if !v.Exists() || v.IsNull() {
		return def, true
	}
	return levelOf(v, &c.v)
}

// sendLevel is DEF-PL-3: the level required to send an event of the
// checked event's type. A null events entry counts as absent; a null
// state_default or events_default is not a number (EDGE-P8).
func (c *checker) sendLevel() (int64, bool) {
	_, isState := c.ev.StateKey()
	f := c.fields()
	if f == nil {
		if isState {
			return defaultStateLevel, true
		}
		return defaultEventsLevel, true
	}
	if evs := f.events; evs.Exists() {
		if !evs.IsObject() {
			return 0, false
		}
		if v := f.eventsEntry(c.ev.Type()); v.Exists() && !v.IsNull() {
			return levelOf(v, &c.v)
		}
	}
	v, def := f.eventsDefault, int64(defaultEventsLevel)
	if isState {
		v, def = f.stateDefault, defaultStateLevel
	}
	if !v.Exists() {
		return def, true
	}
	return levelOf(v, &c.v)
}

// sendLevelRejection is DEF-PL-4 for the level DEF-PL-3 reads: the key
// whose value is not a number.
func (c *checker) sendLevelRejection() verdict {
	f := c.fields()
	const reason = "required power level for the event type is not a number"
	if evs := f.events; evs.Exists() {
		if !evs.IsObject() {
			return c.rejectKey(RuleDefPL4, "events", string(evs), reason)
		}
		if v := evs.Get(c.ev.Type()); v.Exists() && !v.IsNull() {
			return c.rejectKey(RuleDefPL4, "events["+c.ev.Type()+"]", string(v), reason)
		}
	}
	if c.ev.IsState() {
		return c.rejectKey(RuleDefPL4, "state_default", string(f.stateDefault), reason)
	}
	return c.rejectKey(RuleDefPL4, "events_default", string(f.eventsDefault), reason)
}

// itoa formats an integer level for a rejection reason.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// UserPowerLevel returns the power level of userID in state (DEF-PL-1),
// as state resolution needs it (SR2-DEF-6, DECISIONS D6): it is
// [PowerLevelFromEvents] with the state's (m.room.create, "") and
// (m.room.power_levels, "") events.
func UserPowerLevel(state State, userID string) (Level, error) {
	if state == nil {
		return IntLevel(everyoneLevelNoPL), nil
	}
	create := state.StateEvent(event.TypeCreate, "")
	if create != nil && (create.Type() != event.TypeCreate || !create.StateKeyEquals("")) {
		create = nil
	}
	pl := state.StateEvent(event.TypePowerLevels, "")
	if pl != nil && (pl.Type() != event.TypePowerLevels || !pl.StateKeyEquals("")) {
		pl = nil
	}
	return PowerLevelFromEvents(create, pl, userID)
}

// PowerLevelFromEvents returns the power level of userID given a room's
// create event and its (m.room.power_levels, "") event (either may be nil),
// under the room version of those events: the "sender power" of the reverse
// topological power ordering, computed from an event's own auth events
// (SR2-DEF-6, SR21-DEF-3, DECISIONS D6, D27, D29, D30).
//
//   - Room version 12 (PrivilegedCreators): a creator, the create event's
//     sender or a string of its content.additional_creators
//     (DEF-CREATORS-1), has [InfiniteLevel], even when powerLevels names
//     a level; everyone else has users[userID], else users_default, else 0,
//     and 0 without powerLevels. In v12 pass the implied create event C of
//     the event (its room_id's create event), which is never listed.
//   - Room versions 1–11: with powerLevels, users[userID], else
//     users_default, else 0; without it, 100 for the creator (v1–10
//     content.creator, only when it is a string; v11 the create event's
//     sender) and 0 for everyone else.
//
// Values are read with [ParsePowerLevel] under the room version; a value
// that is not a number gives a *[Rejection] naming DEF-PL-4. Without
// either event the level is 0. Two infinite levels compare equal.
func PowerLevelFromEvents(create, powerLevels *event.Event, userID string) (Level, error) {
	var rv roomversion.Version
	switch {
	case create != nil:
		rv = create.Version()
	case powerLevels != nil:
		rv = powerLevels.Version()
	default:
		return IntLevel(everyoneLevelNoPL), nil
	}
	var f *plView
	var tmp plView
	if powerLevels != nil {
		if f = reusedPowerLevels(powerLevels, &tmp); f == nil {
			f = &tmp
		}
	}
	cr := createRead{ev: create}
	l, ok := levelIn(&rv, &cr, f, userID)
	if !ok {
		if f == nil {
			// No creator in a v1–10 create event: nobody is the creator.
			return IntLevel(everyoneLevelNoPL), nil
		}
		key, val := "users_default", string(f.usersDefault)
		if !f.users.IsObject() {
			key, val = "users", string(f.users)
		} else if v := f.user(userID); v.Exists() && !v.IsNull() {
			key, val = "users["+userID+"]", string(v)
		}
		return Level{}, &Rejection{Rule: RuleDefPL4, EventID: powerLevels.ID(), Reason: "power level of " + userID + " is not a number",
			Details: Details{Set: DetailKey, Key: key, Value: clip(val)}}
	}
	return l, nil
}
