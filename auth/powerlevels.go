package auth

import (
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/tidwall/gjson"
)

// namedLevels are the top-level levels PL-3 compares.
var namedLevels = [...]string{"users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"}

// powerLevels implements PL-1..8 for an m.room.power_levels event, with
// DECISIONS D2 (absent and present compare literally), D3 (no users key is
// fine), D5 (the previous event is the one at the same state key), D18
// (user IDs) and D19 (every compared value present on either side must be
// a number). "Sender level" is read from the current (m.room.power_levels,
// "") event.
func (c *checker) powerLevels() verdict {
	if c.ev.Type() != event.TypePowerLevels {
		return next
	}
	content := c.ev.Content()
	// PL-1: users must map user IDs to numbers.
	if users := content.Get("users"); users.Exists() {
		if !users.IsObject() {
			return c.rejectf(RulePL1, "users is not an object")
		}
		u := users.Raw
		for m, i, ok := nextMember(u, objectBody(u)); ok; m, i, ok = nextMember(u, i) {
			if !isUserIDForPL(m.unescapedKey()) {
				return c.rejectf(RulePL1, "users key is not a user ID")
			}
			if _, ok := parseLevel(m.value(), c.rs.stringy, c.rs.floaty); !ok {
				return c.rejectf(RulePL1, "users value is not a number")
			}
		}
	}
	sk, isState := c.ev.StateKey()
	if !isState {
		return c.rejectf(RulePL1, "power-levels event has no state_key") // D11
	}
	// PL-2: the first power-levels event (at this state key) is allowed.
	old := c.pl
	if sk != "" {
		old = c.st.get(event.TypePowerLevels, sk)
	}
	if old == nil {
		return allow
	}
	ul, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's")
	}
	oldC := old.Content()
	// PL-3: named levels.
	for _, name := range namedLevels {
		if v := c.compareLevel(RulePL3, RulePL3, oldC.Get(name), content.Get(name), ul, false); v != next {
			return v
		}
	}
	// PL-6, PL-7: users entries.
	if v := c.compareMap(RulePL6, RulePL7, oldC, content, "users", ul, true); v != next {
		return v
	}
	// PL-4, PL-5: events entries (v6+: also notifications).
	if v := c.compareMap(RulePL4, RulePL5, oldC, content, "events", ul, false); v != next {
		return v
	}
	if c.rs.notifications {
		if v := c.compareMap(RulePL4, RulePL5, oldC, content, "notifications", ul, false); v != next {
			return v
		}
	}
	// PL-8.
	return allow
}

// isUserIDForPL is D18: a string that starts with '@' and contains ':'.
func isUserIDForPL(s string) bool {
	return strings.HasPrefix(s, "@") && strings.IndexByte(s, ':') >= 0
}

// compareLevel checks one value present in the old or new content: both
// sides must parse when present (D19); an unchanged value passes; a
// changed, added or removed one must not exceed the sender's level on
// either side, and for another user's entry (peer) the old value must be
// below it (PL-6).
func (c *checker) compareLevel(oldRule, newRule RuleID, oldV, newV gjson.Result, ul int64, peer bool) verdict {
	var o, n int64
	var ok bool
	if oldV.Exists() {
		if o, ok = parseLevel(oldV, c.rs.stringy, c.rs.floaty); !ok {
			return c.rejectf(RuleDefPL4, "an old power level is not a number")
		}
	}
	if newV.Exists() {
		if n, ok = parseLevel(newV, c.rs.stringy, c.rs.floaty); !ok {
			return c.rejectf(RuleDefPL4, "a new power level is not a number")
		}
	}
	if oldV.Exists() && newV.Exists() && o == n {
		return next
	}
	if peer && oldV.Exists() && o >= ul {
		return c.rejectf(oldRule, "cannot change a user whose level is not below the sender's")
	}
	if oldV.Exists() && o > ul {
		return c.rejectf(oldRule, "old level is above the sender's level")
	}
	if newV.Exists() && n > ul {
		return c.rejectf(newRule, "new level is above the sender's level")
	}
	return next
}

// container classifies a users/events/notifications value as Synapse's
// reads of it treat it (D19, D11): absent counts as an empty object; an
// empty list or empty string has no entries and matches no key of the other
// side; anything else that is not an object (null, a number, a non-empty
// list or string) fails.
type container uint8

const (
	containerObject container = iota
	containerEmptyOther
	containerBad
)

func classify(v gjson.Result) container {
	switch {
	case !v.Exists() || v.IsObject():
		return containerObject
	case v.IsArray():
		if countMembers(v) == 0 {
			return containerEmptyOther
		}
	case v.Type == gjson.String:
		if v.Str == "" {
			return containerEmptyOther
		}
	}
	return containerBad
}

// compareMap compares every entry of content[name] present in the old or
// the new content (PL-4..7). An empty list or string on one side is an
// empty map there, so the other side's entries count as added or removed.
func (c *checker) compareMap(oldRule, newRule RuleID, oldC, newC gjson.Result, name string, ul int64, users bool) verdict {
	oldM, newM := objectGet(oldC, name), objectGet(newC, name)
	if classify(oldM) == containerBad || classify(newM) == containerBad {
		return c.rejectf(RuleDefPL4, name+" is not an object")
	}
	sender := c.ev.Sender()
	o, n := oldM.Raw, newM.Raw
	if oldM.IsObject() {
		for m, i, ok := nextMember(o, objectBody(o)); ok; m, i, ok = nextMember(o, i) {
			k := m.unescapedKey()
			if v := c.compareLevel(oldRule, newRule, m.value(), objectGet(newM, k), ul, users && k != sender); v != next {
				return v
			}
		}
	}
	if newM.IsObject() {
		for m, i, ok := nextMember(n, objectBody(n)); ok; m, i, ok = nextMember(n, i) {
			k := m.unescapedKey()
			if objectGet(oldM, k).Exists() {
				continue
			}
			if v := c.compareLevel(oldRule, newRule, gjson.Result{}, m.value(), ul, users && k != sender); v != next {
				return v
			}
		}
	}
	return next
}
