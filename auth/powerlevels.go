package auth

import (
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
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
	sk, isState := c.ev.StateKey()
	// The previous event at this state key (D5), and how its large objects
	// align with the new ones.
	var old *event.Event
	if isState {
		old = c.pl
		if sk != "" {
			old = c.st.get(event.TypePowerLevels, sk)
		}
	}
	var of *plView
	var du, de, dn mapDiff
	var hasDU, hasDE, hasDN bool
	if old != nil {
		if old == c.pl {
			of = c.fields()
		} else {
			of = powerLevelsOf(old)
		}
		// Large objects are compared by what differs from the old event's
		// member tables, which its memo keeps; a check that sees the old
		// event for the first time pairs every member instead, as building
		// the tables would read them all anyway (and allocate).
		g := grammarOf(&c.v)
		if !c.readAll && of.memo != nil && (isLarge(nf.users) || isLarge(nf.events) || isLarge(nf.notifications)) {
			t := of.objTables()
			// The changed pairs are judged as the changed members are
			// read (diffJudged), so PL-4..7 need the sender's level now;
			// without one PL-3..7 are never reached, and the pairs are
			// left unjudged (diffObjects).
			if ul, ok := c.userLevel(c.ev.Sender()); ok {
				pj := pairJudge{ul: ul, sender: c.ev.Sender(), group: groupEvents, rules: [2]RuleID{RulePL4, RulePL5}, name: "events"}
				de, hasDE = diffJudged(t.events, nf.events, g, &pj)
				pj.group, pj.name = groupNotifications, "notifications"
				dn, hasDN = diffJudged(t.notifications, nf.notifications, g, &pj)
				pj.users, pj.group, pj.rules, pj.name = true, groupUsers, [2]RuleID{RulePL6, RulePL7}, "users"
				if c.v.PrivilegedCreators {
					pj.creators = creatorsOf(c.creation())
				}
				du, hasDU = diffJudged(t.users, nf.users, g, &pj)
			} else {
				du, hasDU = diffObjects(t.users, nf.users, g)
				de, hasDE = diffObjects(t.events, nf.events, g)
				dn, hasDN = diffObjects(t.notifications, nf.notifications, g)
			}
		}
	}
	if c.v.IntegerPowerLevels {
		if v := c.integerLevels(&nf, optDiff(&de, hasDE), optDiff(&dn, hasDN)); v != next {
			return v
		}
	}
	if v := c.usersRule(nf.users, optDiff(&du, hasDU), of); v != next {
		return v
	}
	if !isState {
		return c.rejectKey(RulePL1, "state_key", "", "power-levels event has no state_key") // D11
	}
	// PL-2: the first power-levels event (at this state key) is allowed.
	if old == nil {
		return allow
	}
	ul, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's", c.ev.Sender())
	}
	// PL-3..7. Every compared value is judged; when several fail, the
	// rejection names the first in plOrder (failure.less), whatever order
	// the pairing visits them in.
	var f failure
	for i, name := range namedLevels {
		f.consider(c.levelFailure(of.named(name), nf.named(name), ul, false), groupNamed, i, "", pl3, name, of.named(name), nf.named(name))
	}
	c.considerMap(&f, groupEvents, RulePL4, RulePL5, "events", of.events, nf.events, optDiff(&de, hasDE), ul, false)
	if c.v.NotificationsPowerLevels {
		c.considerMap(&f, groupNotifications, RulePL4, RulePL5, "notifications", of.notifications, nf.notifications, optDiff(&dn, hasDN), ul, false)
	}
	c.considerMap(&f, groupUsers, RulePL6, RulePL7, "users", of.users, nf.users, optDiff(&du, hasDU), ul, true)
	if f.kind != failNone {
		return c.rejectFailure(&f, ul)
	}
	// PL-8.
	return allow
}

// optDiff returns d when ok, else nil.
func optDiff(d *mapDiff, ok bool) *mapDiff {
	if !ok {
		return nil
	}
	return d
}

// changed returns the region of v that a check must read: with a diff
// against the old object, the members that differ; otherwise all of them.
func changed(v jv, d *mapDiff) region {
	if d != nil {
		return d.nw
	}
	return objectRegion(v)
}

// integerLevels is PL-0a and PL-0b (v10+): the named levels, when present
// (null included), are JSON integers; events and notifications, when
// present, are objects of JSON integers (any keys). With a diff, members
// common to the old object are known from its index (in v10+ a level is
// a JSON integer, so its bad values are exactly the non-integers).
func (c *checker) integerLevels(f *plFields, de, dn *mapDiff) verdict {
	// PL-0a.
	for _, name := range namedLevels {
		if v := f.named(name); v.Exists() && !isIntegerValue(v) {
			return c.rejectKey(RulePL0a, name, string(v), name+" is "+clip(string(v))+", not an integer")
		}
	}
	// PL-0b.
	if v := c.integerMap("events", f.events, de); v != next {
		return v
	}
	return c.integerMap("notifications", f.notifications, dn)
}

// integerMap is PL-0b for one of events and notifications.
func (c *checker) integerMap(name string, v jv, d *mapDiff) verdict {
	if !v.Exists() {
		return next
	}
	if !v.IsObject() {
		return c.rejectKey(RulePL0b, name, string(v), name+" is not an object")
	}
	if d != nil {
		for _, i := range d.t.badValue {
			if d.common(i) {
				e, _, _ := jsonread.NextMember(d.t.text, int(d.t.start[i]))
				return c.integerRejection(name, e)
			}
		}
	}
	if d != nil {
		// aligned read the changed members under this version's grammar,
		// which in v10+ is JSON integers only.
		if d.badValue >= 0 {
			e, _, _ := jsonread.MemberAt(d.nw.s, d.badValue)
			return c.integerRejection(name, e)
		}
		return next
	}
	r := objectRegion(v)
	for e, i, ok := r.first(); ok; e, i, ok = r.next(i) {
		if !isIntegerValue(jv(e.Raw)) {
			return c.integerRejection(name, e)
		}
	}
	return next
}

// integerRejection is PL-0b for member e of events or notifications.
func (c *checker) integerRejection(name string, e objMember) verdict {
	k := name + "[" + clip(e.UnescapedKey()) + "]"
	return c.rejectKey(RulePL0b, k, e.Raw, k+" is "+clip(e.Raw)+", not an integer")
}

// usersRule is PL-1 (users, when present, maps user IDs to numbers; v10+
// JSON integers only) and PL-1b (v12: no key names a creator). With a
// diff d against the old users (whose fields are of), members common to
// both are judged from the old index, and only the changed ones are read.
func (c *checker) usersRule(users jv, d *mapDiff, of *plView) verdict {
	if !users.Exists() {
		return next
	}
	if !users.IsObject() {
		return c.rejectKey(RulePL1, "users", string(users), "users is not an object")
	}
	if d != nil {
		for _, bad := range [...][]int32{d.t.badKey, d.t.badValue} {
			for _, i := range bad {
				if d.common(i) {
					m, _, _ := jsonread.NextMember(d.t.text, int(d.t.start[i]))
					return c.usersEntryRejection(m)
				}
			}
		}
	}
	r := changed(users, d)
	if d != nil && d.badUser >= 0 {
		m, _, _ := jsonread.MemberAt(d.nw.s, d.badUser)
		return c.usersEntryRejection(m)
	}
	for m, i, ok := r.first(); ok && d == nil; m, i, ok = r.next(i) {
		if _, isLevel := levelOf(jv(m.Raw), &c.v); !isLevel || !isUserIDForPL(m.UnescapedKey()) {
			return c.usersEntryRejection(m)
		}
	}
	if !c.v.PrivilegedCreators {
		return next
	}
	// PL-1b: a creator among the changed members, or else among the
	// common members (in the old users and not among its changed ones).
	k, found := c.changedCreator(r, d)
	if !found && d != nil && c.create != nil {
		k, found = c.commonCreator(d, of)
	}
	if found {
		return c.rejectKey(RulePL1b, "users["+clip(k)+"]", "", "users names the creator "+clip(k))
	}
	return next
}

// usersEntryRejection is PL-1 for a users member m.
func (c *checker) usersEntryRejection(m objMember) verdict {
	k := m.UnescapedKey()
	if !isUserIDForPL(k) {
		return c.rejectKey(RulePL1, "users["+clip(k)+"]", m.Raw, "users key "+clip(k)+" is not a user ID")
	}
	return c.rejectKey(RulePL1, "users["+clip(k)+"]", m.Raw, "users value of "+clip(k)+" is "+clip(m.Raw)+", not a number")
}

// changedCreator returns the first key among the changed members r of
// users that names a creator (PL-1b): the one the fused walk found when it
// read them (d.fused), else read from r.
func (c *checker) changedCreator(r region, d *mapDiff) (string, bool) {
	if d != nil && d.fused {
		if d.creatorAt < 0 {
			return "", false
		}
		m, _, _ := jsonread.MemberAt(d.nw.s, d.creatorAt)
		return m.UnescapedKey(), true
	}
	for m, i, ok := r.first(); ok; m, i, ok = r.next(i) {
		if k := m.UnescapedKey(); isCreatorOf(c.creation(), k) {
			return k, true
		}
	}
	return "", false
}

// commonCreator finds a creator (DEF-CREATORS-1) that is a key of the old
// users outside the changed region of d, and so a key of the new users.
func (c *checker) commonCreator(d *mapDiff, of *plView) (string, bool) {
	inCommon := func(u string) bool {
		if !of.hasUser(u) {
			return false
		}
		for m, i, ok := d.old.first(); ok; m, i, ok = d.old.next(i) {
			if m.KeyEquals(u) {
				return false
			}
		}
		return true
	}
	if u := c.create.Sender(); inCommon(u) {
		return u, true
	}
	for u := range c.creation().info().additionalIDs {
		if inCommon(u) {
			return u, true
		}
	}
	return "", false
}

// isUserIDForPL is D18: a string that starts with '@' and contains ':'.
func isUserIDForPL(s string) bool {
	return strings.HasPrefix(s, "@") && strings.IndexByte(s, ':') >= 0
}

// rejectLevel builds the rejection for one value levelFailure judged to
// fail with f.kind: what and key name the value in the reason (key "" for
// a named level). The text is built only here, on the rejection path.
func (c *checker) rejectLevel(f *failure, ul Level) verdict {
	name := f.what
	if f.key != "" {
		name = f.what + "[" + clip(f.key) + "]"
	}
	var o, n int64
	if f.oldV.Exists() {
		o, _ = levelOf(f.oldV, &c.v)
	}
	if f.newV.Exists() {
		n, _ = levelOf(f.newV, &c.v)
	}
	switch f.kind {
	case failOldUnreadable:
		return c.rejectKey(RuleDefPL4, name, string(f.oldV), "the old "+name+" is not a number")
	case failNewUnreadable:
		return c.rejectKey(RuleDefPL4, name, string(f.newV), "the new "+name+" is not a number")
	case failOldPeer:
		c.explainChange(name, f.oldV, f.newV, o, n, ul)
		c.d().TargetLevel = IntLevel(o)
		c.d().Set |= DetailTargetLevel
		return c.rejectf(f.rules[0], "cannot change "+name+": its level "+itoa(o)+" is not below the sender's "+ul.String())
	case failOldAbove:
		c.explainChange(name, f.oldV, f.newV, o, n, ul)
		return c.rejectf(f.rules[0], "the old "+name+" "+itoa(o)+" is above the sender's level "+ul.String())
	}
	c.explainChange(name, f.oldV, f.newV, o, n, ul)
	return c.rejectf(f.rules[1], "the new "+name+" "+itoa(n)+" is above the sender's level "+ul.String())
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

// explainChange records the values a PL-3..7 rejection compared.
func (c *checker) explainChange(key string, oldV, newV jv, o, n int64, ul Level) {
	*c.d() = Details{Set: DetailSenderLevel | DetailKey, SenderLevel: ul, Key: key, Value: clip(string(newV))}
	c.need("sender", ul)
	if oldV.Exists() {
		c.d().OldLevel = IntLevel(o)
		c.d().Set |= DetailOldLevel
	}
	if newV.Exists() {
		c.d().NewLevel = IntLevel(n)
		c.d().Set |= DetailNewLevel
	}
}

// badContainer returns the text of whichever of a and b is not an object
// container, for a rejection.
func badContainer(a, b jv) string {
	if classify(a) == containerBad {
		return string(a)
	}
	return string(b)
}

func classify(v jv) container {
	switch {
	case !v.Exists() || v.IsObject():
		return containerObject
	case v.IsArray() && v.IsEmptyContainer(), v == `""`:
		return containerEmptyOther
	}
	return containerBad
}

// The order in which a power-levels change names one failure when
// several values fail PL-3..7 at once (plOrder):
//
//  1. by rule, in DIGEST order: DEF-PL-4 (a compared value, or a whole
//     users, events or notifications value, that cannot be read, D19),
//     then PL-3, PL-4, PL-5, PL-6, PL-7;
//  2. then by where the value is: the named levels (in the order PL-3
//     lists them), events, notifications (v6+), users;
//  3. then by key, in byte order (a whole map's value first).
//
// Within one entry the first failure of levelFailure is the one of
// lowest rule rank, so each entry is ranked by that failure. The
// choice depends only on the two contents, never on how the members were
// paired (sorted merge, index or diff).

// failKind is how one compared value fails, before it is ranked.
type failKind uint8

const (
	failNone          failKind = iota
	failOldUnreadable          // the old value is not a level (D19)
	failNewUnreadable          // the new value is not a level (D19)
	failOldPeer                // another user's old level is not below the sender's (PL-6)
	failOldAbove               // the old value is above the sender's level
	failNew                    // the new value is above the sender's level
)

// groups of compared values, in plOrder.
const (
	groupNamed = iota
	groupEvents
	groupNotifications
	groupUsers
)

// pl3 marks the named levels' rules (both PL-3).
var pl3 = [2]RuleID{RulePL3, RulePL3}

// failure is the first failing value in plOrder seen so far, with what a
// rejection needs to describe it.
type failure struct {
	kind     failKind
	rank     int // rule rank in plOrder
	group    int
	index    int    // a named level's position in namedLevels
	key      string // a map entry's key; "" with whole for a map's value
	whole    bool   // the map's value itself is not an object
	rules    [2]RuleID
	what     string
	oldV     jv
	newV     jv
	wholeTxt string
}

// rankOf places a failure kind of the given rules in plOrder's rule
// order.
func rankOf(k failKind, rules [2]RuleID) int {
	switch k {
	case failOldUnreadable, failNewUnreadable:
		return 0
	case failOldPeer, failOldAbove:
		return ruleRank(rules[0])
	}
	return ruleRank(rules[1])
}

func ruleRank(r RuleID) int {
	switch r {
	case RulePL3:
		return 1
	case RulePL4:
		return 2
	case RulePL5:
		return 3
	case RulePL6:
		return 4
	}
	return 5 // PL-7
}

// less reports whether failure g comes before f in plOrder.
func (g *failure) less(f *failure) bool {
	if f.kind == failNone {
		return true
	}
	if g.rank != f.rank {
		return g.rank < f.rank
	}
	if g.group != f.group {
		return g.group < f.group
	}
	if g.group == groupNamed {
		return g.index < f.index
	}
	if g.whole != f.whole {
		return g.whole
	}
	return g.key < f.key
}

// consider records a failing value when it comes before the one kept.
func (f *failure) consider(k failKind, group, index int, key string, rules [2]RuleID, what string, oldV, newV jv) {
	if k == failNone {
		return
	}
	g := failure{kind: k, rank: rankOf(k, rules), group: group, index: index, key: key, rules: rules, what: what, oldV: oldV, newV: newV}
	if g.less(f) {
		*f = g
	}
}

// rejectFailure builds the rejection of the failure kept.
func (c *checker) rejectFailure(f *failure, ul Level) verdict {
	if f.whole {
		return c.rejectKey(RuleDefPL4, f.what, f.wholeTxt, f.what+" is not an object")
	}
	return c.rejectLevel(f, ul)
}

// levelFailure judges one value present in the old or new content, the
// first failure it meets or failNone: both sides must parse when present
// (D19); an unchanged value passes; a changed, added or removed one must
// not exceed the sender's level on either side, and for another user's
// entry (peer) the old value must be below it (PL-6). It builds nothing;
// rejectLevel words the failure.
func (c *checker) levelFailure(oldV, newV jv, ul Level, peer bool) failKind {
	var o, n int64
	var ok bool
	if oldV.Exists() {
		if o, ok = levelOf(oldV, &c.v); !ok {
			return failOldUnreadable
		}
	}
	if newV.Exists() {
		if n, ok = levelOf(newV, &c.v); !ok {
			return failNewUnreadable
		}
	}
	switch {
	case oldV.Exists() && newV.Exists() && o == n:
		return failNone
	case peer && oldV.Exists() && IntLevel(o).AtLeast(ul):
		return failOldPeer
	case oldV.Exists() && ul.Less(IntLevel(o)):
		return failOldAbove
	case newV.Exists() && ul.Less(IntLevel(n)):
		return failNew
	}
	return failNone
}

// considerMap judges every entry of content[name] present in the old or
// the new content (PL-4..7) and records the first failure in plOrder in
// f. An empty list or string on one side is an empty map there, so the
// other side's entries count as added or removed. Entries are paired by
// key with pairShaped, whose cost is linear in the two maps when their
// keys are sorted, as canonical JSON writes them. With a diff d, the
// common members are the same text on both sides, so they pass unless
// their value is not a number (D19), which the old index knows; only the
// changed regions are paired.
func (c *checker) considerMap(f *failure, group int, oldRule, newRule RuleID, name string, oldM, newM jv, d *mapDiff, ul Level, users bool) {
	rules := [2]RuleID{oldRule, newRule}
	if classify(oldM) == containerBad || classify(newM) == containerBad {
		// Ranked as unreadable (DEF-PL-4); rejectFailure words a whole value.
		g := failure{kind: failOldUnreadable, rank: 0, group: group, whole: true, what: name, wholeTxt: badContainer(oldM, newM)}
		if g.less(f) {
			*f = g
		}
		return
	}
	if f.kind != failNone && f.rank == 0 && f.group < group {
		return // nothing here can come first
	}
	a, b := objectRegion(oldM), objectRegion(newM)
	sa, sb := shapeUnknown, shapeUnknown
	if d != nil {
		for _, i := range d.t.badValue {
			if d.common(i) {
				m, _, _ := jsonread.NextMember(d.t.text, int(d.t.start[i]))
				k := m.UnescapedKey()
				f.consider(failOldUnreadable, group, 0, k, rules, name, jv(m.Raw), jv(m.Raw))
			}
		}
		if d.fused {
			// The walk judged the changed pairs (diffJudged).
			if d.pf.kind != failNone && d.pf.less(f) {
				*f = d.pf
			}
			return
		}
		a, b = d.old, d.nw
		sa, sb = d.oldShape, d.newShape
	}
	sender := c.ev.Sender()
	pairShaped(a, b, sa, sb, func(k string, o, n jv) bool {
		peer := users && k != sender
		if kind := c.levelFailure(o, n, ul, peer); kind != failNone {
			f.consider(kind, group, 0, k, rules, name, o, n)
		}
		return true
	})
}
