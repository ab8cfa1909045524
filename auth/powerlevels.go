package auth

import (
	"strings"

	"github.com/mxauth/mxauth/event"
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
	nf := readPLFields(c.ev.ContentJSON())
	// PL-1: users must map user IDs to numbers.
	if users := nf.users; users.exists() {
		if !users.isObject() {
			return c.rejectf(RulePL1, "users is not an object")
		}
		u := string(users)
		for m, i, ok := nextMember(u, 1); ok; m, i, ok = nextMember(u, i) {
			if !isUserIDForPL(m.unescapedKey()) {
				return c.rejectf(RulePL1, "users key is not a user ID")
			}
			if _, ok := jv(m.raw).level(c.rs.stringy, c.rs.floaty); !ok {
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
	of := c.fields()
	if old != c.pl {
		f := readPLFields(old.ContentJSON())
		of = &f
	}
	// PL-3: named levels.
	for _, name := range namedLevels {
		if v := c.compareLevel(RulePL3, RulePL3, of.named(name), nf.named(name), ul, false); v != next {
			return v
		}
	}
	// PL-6, PL-7: users entries.
	if v := c.compareMap(RulePL6, RulePL7, "users", of.users, nf.users, ul, true); v != next {
		return v
	}
	// PL-4, PL-5: events entries (v6+: also notifications).
	if v := c.compareMap(RulePL4, RulePL5, "events", of.events, nf.events, ul, false); v != next {
		return v
	}
	if c.rs.notifications {
		if v := c.compareMap(RulePL4, RulePL5, "notifications", of.notifications, nf.notifications, ul, false); v != next {
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
func (c *checker) compareLevel(oldRule, newRule RuleID, oldV, newV jv, ul int64, peer bool) verdict {
	var o, n int64
	var ok bool
	if oldV.exists() {
		if o, ok = oldV.level(c.rs.stringy, c.rs.floaty); !ok {
			return c.rejectf(RuleDefPL4, "an old power level is not a number")
		}
	}
	if newV.exists() {
		if n, ok = newV.level(c.rs.stringy, c.rs.floaty); !ok {
			return c.rejectf(RuleDefPL4, "a new power level is not a number")
		}
	}
	if oldV.exists() && newV.exists() && o == n {
		return next
	}
	if peer && oldV.exists() && o >= ul {
		return c.rejectf(oldRule, "cannot change a user whose level is not below the sender's")
	}
	if oldV.exists() && o > ul {
		return c.rejectf(oldRule, "old level is above the sender's level")
	}
	if newV.exists() && n > ul {
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

func classify(v jv) container {
	switch {
	case !v.exists() || v.isObject():
		return containerObject
	case v.isArray() && v.isEmptyContainer(), v == `""`:
		return containerEmptyOther
	}
	return containerBad
}

// compareMap compares every entry of content[name] present in the old or
// the new content (PL-4..7). An empty list or string on one side is an
// empty map there, so the other side's entries count as added or removed.
// Entries are paired by key with mapPairs, whose cost is linear in the two
// maps when their keys are sorted, as canonical JSON writes them.
func (c *checker) compareMap(oldRule, newRule RuleID, name string, oldM, newM jv, ul int64, users bool) verdict {
	if classify(oldM) == containerBad || classify(newM) == containerBad {
		return c.rejectf(RuleDefPL4, name+" is not an object")
	}
	sender := c.ev.Sender()
	result := next
	mapPairs(oldM, newM, func(k string, o, n jv) bool {
		result = c.compareLevel(oldRule, newRule, o, n, ul, users && k != sender)
		return result == next
	})
	return result
}
