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

// levelOf is DEF-PL-1 with DEF-PL-4 parsing: the power level of user from
// the power-levels content plC (when pl is non-nil) or, without a
// power-levels event, 100 for the creator and 0 for everyone else. ok is
// false when a value it needs is not a number (D11). A null users entry or
// users_default is read as absent (EDGE-P8).
func levelOf(pl *event.Event, plC gjson.Result, creator string, hasCreator bool, user string, stringy, floaty bool) (int64, bool) {
	if pl == nil {
		if hasCreator && creator == user {
			return creatorLevelNoPL, true
		}
		return everyoneLevelNoPL, true
	}
	users := plC.Get("users")
	if users.Exists() {
		if !users.IsObject() {
			return 0, false
		}
		if v := objectGet(users, user); v.Exists() && v.Type != gjson.Null {
			return parseLevel(v, stringy, floaty)
		}
	}
	if d := plC.Get("users_default"); d.Exists() && d.Type != gjson.Null {
		return parseLevel(d, stringy, floaty)
	}
	return defaultUsersDefault, true
}

// userLevel returns the power level of user in the auth state.
func (c *checker) userLevel(user string) (int64, bool) {
	if user == c.ev.Sender() && c.hasSenderLevel {
		return c.senderLevel, true
	}
	cr, ok := c.creator()
	n, ok := levelOf(c.pl, c.plC, cr, ok, user, c.rs.stringy, c.rs.floaty)
	if ok && user == c.ev.Sender() {
		c.senderLevel, c.hasSenderLevel = n, true
	}
	return n, ok
}

// namedLevel is DEF-PL-2: a named level (invite, kick, ban, redact) with
// its default when the key is missing, null or there is no power-levels
// event.
func (c *checker) namedLevel(name string, def int64) (int64, bool) {
	if c.pl == nil {
		return def, true
	}
	v := c.plC.Get(name)
	if !v.Exists() || v.Type == gjson.Null {
		return def, true
	}
	return parseLevel(v, c.rs.stringy, c.rs.floaty)
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
	if evs := c.plC.Get("events"); evs.Exists() {
		if !evs.IsObject() {
			return 0, false
		}
		if v := objectGet(evs, c.ev.Type()); v.Exists() && v.Type != gjson.Null {
			return parseLevel(v, c.rs.stringy, c.rs.floaty)
		}
	}
	name, def := "events_default", int64(defaultEventsLevel)
	if isState {
		name, def = "state_default", defaultStateLevel
	}
	v := c.plC.Get(name)
	if !v.Exists() {
		return def, true
	}
	return parseLevel(v, c.rs.stringy, c.rs.floaty)
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
		plC   gjson.Result
	)
	stringy, floaty := true, false
	if pl != nil {
		plC = pl.Content()
		v := pl.Version()
		stringy, floaty = v.StringyPowerLevels, v.FloatyPowerLevels
	} else if create := state.StateEvent(event.TypeCreate, ""); create != nil {
		if c := gjson.Get(create.ContentJSON(), "creator"); c.Type == gjson.String {
			cr, hasCr = c.Str, true
		}
	}
	n, ok := levelOf(pl, plC, cr, hasCr, userID, stringy, floaty)
	if !ok {
		return 0, &Rejection{Rule: RuleDefPL4, EventID: pl.ID(), Reason: "power level of " + userID + " is not a number"}
	}
	return n, nil
}
