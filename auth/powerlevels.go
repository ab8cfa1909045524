package auth

import (
	"strings"

	"github.com/mxauth/mxauth/event"
)

// namedLevels are the top-level levels PL-3 compares.
var namedLevels = [...]string{"users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"}

// powerLevels implements PL-0a, PL-0b (v10+), PL-1, PL-1b (v12) and
// PL-2..8 for an m.room.power_levels event, with DECISIONS D2 (absent and
// present compare literally), D3 (no users key is fine), D5 (the previous
// event is the one at the same state key), D18 (user IDs), D19 (every
// compared value present on either side must be a number), D23 and D35
// (the type checks cover every power-levels event, the first one and any
// state_key included). "Sender level" is read from the current
// (m.room.power_levels, "") event; a v12 creator's is infinite.
func (c *checker) powerLevels() verdict {
	if c.ev.Type() != event.TypePowerLevels {
		return next
	}
	nf := readPLFields(c.ev.ContentJSON())
	if c.v.IntegerPowerLevels {
		if v := c.integerLevels(&nf); v != next {
			return v
		}
	}
	if v := c.usersRule(nf.users); v != next {
		return v
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
	var of *plFields
	if old == c.pl {
		of = c.fields()
	} else {
		f := readPLFields(old.ContentJSON())
		of = &f
	}
	// PL-3: named levels.
	for _, name := range namedLevels {
		if v := c.compareLevel(RulePL3, RulePL3, name, "", of.named(name), nf.named(name), ul, false); v != next {
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
	if c.v.NotificationsPowerLevels {
		if v := c.compareMap(RulePL4, RulePL5, "notifications", of.notifications, nf.notifications, ul, false); v != next {
			return v
		}
	}
	// PL-8.
	return allow
}

// integerLevels is PL-0a and PL-0b (v10+): the named levels, when present
// (null included), are JSON integers; events and notifications, when
// present, are objects of JSON integers (any keys).
func (c *checker) integerLevels(f *plFields) verdict {
	// PL-0a.
	for _, name := range namedLevels {
		if v := f.named(name); v.exists() && !v.isInteger() {
			return c.rejectf(RulePL0a, name+" is "+clip(string(v))+", not an integer")
		}
	}
	// PL-0b.
	for _, m := range [...]struct {
		name string
		v    jv
	}{{"events", f.events}, {"notifications", f.notifications}} {
		if !m.v.exists() {
			continue
		}
		if !m.v.isObject() {
			return c.rejectf(RulePL0b, m.name+" is not an object")
		}
		s := string(m.v)
		for e, i, ok := nextMember(s, 1); ok; e, i, ok = nextMember(s, i) {
			if !jv(e.raw).isInteger() {
				return c.rejectf(RulePL0b, m.name+"["+clip(e.unescapedKey())+"] is "+clip(e.raw)+", not an integer")
			}
		}
	}
	return next
}

// usersRule is PL-1 (users, when present, maps user IDs to numbers; v10+
// JSON integers only) and PL-1b (v12: no key names a creator).
func (c *checker) usersRule(users jv) verdict {
	if !users.exists() {
		return next
	}
	if !users.isObject() {
		return c.rejectf(RulePL1, "users is not an object")
	}
	u := string(users)
	for m, i, ok := nextMember(u, 1); ok; m, i, ok = nextMember(u, i) {
		k := m.unescapedKey()
		if !isUserIDForPL(k) {
			return c.rejectf(RulePL1, "users key "+clip(k)+" is not a user ID")
		}
		if _, ok := jv(m.raw).level(&c.v); !ok {
			return c.rejectf(RulePL1, "users value of "+clip(k)+" is "+clip(m.raw)+", not a number")
		}
	}
	if !c.v.PrivilegedCreators {
		return next
	}
	// PL-1b.
	for m, i, ok := nextMember(u, 1); ok; m, i, ok = nextMember(u, i) {
		if k := m.unescapedKey(); isCreatorOf(c.create, k) {
			return c.rejectf(RulePL1b, "users names the creator "+clip(k))
		}
	}
	return next
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
//
// what and key name the value in a rejection reason (key "" for a named
// level); the text is built only when rejecting.
func (c *checker) compareLevel(oldRule, newRule RuleID, what, key string, oldV, newV jv, ul Level, peer bool) verdict {
	name := func() string {
		if key == "" {
			return what
		}
		return what + "[" + clip(key) + "]"
	}
	var o, n int64
	var ok bool
	if oldV.exists() {
		if o, ok = oldV.level(&c.v); !ok {
			return c.rejectf(RuleDefPL4, "the old "+name()+" is not a number")
		}
	}
	if newV.exists() {
		if n, ok = newV.level(&c.v); !ok {
			return c.rejectf(RuleDefPL4, "the new "+name()+" is not a number")
		}
	}
	if oldV.exists() && newV.exists() && o == n {
		return next
	}
	if peer && oldV.exists() && IntLevel(o).AtLeast(ul) {
		return c.rejectf(oldRule, "cannot change "+name()+": its level "+itoa(o)+" is not below the sender's "+ul.String())
	}
	if oldV.exists() && ul.Less(IntLevel(o)) {
		return c.rejectf(oldRule, "the old "+name()+" "+itoa(o)+" is above the sender's level "+ul.String())
	}
	if newV.exists() && ul.Less(IntLevel(n)) {
		return c.rejectf(newRule, "the new "+name()+" "+itoa(n)+" is above the sender's level "+ul.String())
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
func (c *checker) compareMap(oldRule, newRule RuleID, name string, oldM, newM jv, ul Level, users bool) verdict {
	if classify(oldM) == containerBad || classify(newM) == containerBad {
		return c.rejectf(RuleDefPL4, name+" is not an object")
	}
	sender := c.ev.Sender()
	result := next
	mapPairs(oldM, newM, func(k string, o, n jv) bool {
		result = c.compareLevel(oldRule, newRule, name, k, o, n, ul, users && k != sender)
		return result == next
	})
	return result
}
