package auth

import (
	"sort"

	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// A power-levels change must read every users, events and notifications
// entry present in the old or the new content (DECISIONS D19), but in a
// large room nearly all of them are the same text on both sides. The old
// event's large objects are indexed once (objTable, memoised with its
// fields); a check then finds the common prefix and suffix of the old and
// new object texts at memory-compare speed, inherits what is known of the
// members inside them from the old event's index, and reads only the
// members between them. The cost is one compare of the texts plus the
// changed members, and the verdict is the one reading every member gives.

// largeObject is the member count from which an object of a power-levels
// content is indexed.
const largeObject = 64

// isLarge reports whether v is an object text long enough to hold
// largeObject members, so that diffing against an old index can pay off.
// The test is on length only: a short object is read whole.
func isLarge(v jv) bool { return v.IsObject() && len(v) >= largeObject*4 }

// grammar is the power-level grammar of a room version (DEF-PL-4, X1):
// the flags levelOf reads.
type grammar struct{ stringy, floaty, integer bool }

func grammarOf(rv *roomversion.Version) grammar {
	return grammar{rv.StringyPowerLevels, rv.FloatyPowerLevels, rv.IntegerPowerLevels}
}

// objTable indexes the members of a large object of a power-levels
// content: where each starts and ends, and which fail a check that reads
// only the member itself, under the grammar of the event's room version.
type objTable struct {
	text     string
	start    []int32 // offset of each member's key
	end      []int32 // offset just after each member's value
	badValue []int32 // members whose value is not a level under g
	badKey   []int32 // members whose key is not a user ID (D18)
	g        grammar
	sorted   bool // keys unescaped and strictly increasing
}

// newObjTable indexes v, nil when it is not an object of at least
// largeObject members (or is too large to index with int32 offsets).
func newObjTable(v jv, rv *roomversion.Version) *objTable {
	if !v.IsObject() || len(v) > 1<<30 {
		return nil
	}
	r := objectRegion(v)
	n := 0
	for _, i, ok := r.first(); ok; _, i, ok = r.next(i) {
		n++
	}
	if n < largeObject {
		return nil
	}
	t := &objTable{text: string(v), start: make([]int32, 0, n), end: make([]int32, 0, n), g: grammarOf(rv)}
	_, t.sorted = regionShape(r)
	for m, i, ok := r.first(); ok; m, i, ok = r.next(i) {
		k := int32(len(t.start))
		t.start = append(t.start, int32(i-len(m.Raw)-len(m.Key)-2-gapBefore(t.text, i-len(m.Raw))))
		t.end = append(t.end, int32(i))
		if _, ok := levelOf(jv(m.Raw), rv); !ok {
			t.badValue = append(t.badValue, k)
		}
		if !isUserIDForPL(m.UnescapedKey()) {
			t.badKey = append(t.badKey, k)
		}
	}
	return t
}

// gapBefore is the length of the ':' and whitespace between a member's key
// and its value, which starts at s[v].
func gapBefore(s string, v int) int {
	n := 0
	for v-n-1 >= 0 && (jsonread.IsSpace(s[v-n-1]) || s[v-n-1] == ':') {
		n++
	}
	return n
}

// mapDiff is an old object (indexed by t) and a new object text that
// agree outside two regions: the old members [k1, k2) and the new members
// of region nw. Members outside them are the same text on both sides.
type mapDiff struct {
	t      *objTable
	k1, k2 int
	old    region
	nw     region
	// oldShape and newShape are the shapes of the two regions.
	oldShape, newShape shape
	// badUser and badValue are the offsets in nw.s of the first new
	// member whose key is not a user ID or whose value is not a level,
	// and of the first whose value is not a level, under the grammar of
	// the diff; -1 for none.
	badUser, badValue int
	// fused reports that the changed members were read by one walk
	// (walk), which also judged their pairs: pf is the first failure
	// among them in plOrder, and creatorAt the offset in nw.s of the
	// first new member whose key is a creator (PL-1b; -1 for none, or
	// when not looked for).
	fused     bool
	pf        failure
	creatorAt int
}

// common reports whether old member i is also, as the same text, a member
// of the new object.
func (d *mapDiff) common(i int32) bool { return int(i) < d.k1 || int(i) >= d.k2 }

// diffObjects aligns the new object text nt with the indexed old object.
// ok is false when t is nil, the grammar differs from g, or the texts do
// not align on member boundaries; the caller then reads every member.
func diffObjects(t *objTable, nt jv, g grammar) (d mapDiff, ok bool) {
	d, suffix, ok := diffRegions(t, nt, g)
	if !ok {
		return d, false
	}
	return d, d.alignTwoPass(suffix, g)
}

// diffJudged is diffObjects that also judges the changed pairs under pj,
// in one walk when it can (walk); otherwise as diffObjects, the pairs left
// to considerMap.
func diffJudged(t *objTable, nt jv, g grammar, pj *pairJudge) (d mapDiff, ok bool) {
	d, suffix, ok := diffRegions(t, nt, g)
	if !ok {
		return d, false
	}
	switch d.walk(suffix, g, pj) {
	case walkAligned:
		return d, true
	case walkMisaligned:
		return d, false
	}
	return d, d.alignTwoPass(suffix, g)
}

// alignTwoPass finishes d as aligned reads its new region, the pairs
// left to pairShaped.
func (d *mapDiff) alignTwoPass(suffix bool, g grammar) bool {
	var ok bool
	if d.newShape, d.badUser, d.badValue, ok = aligned(d.nw, suffix, g); !ok {
		return false
	}
	d.oldShape = shape{n: d.k2 - d.k1, sorted: d.t.sorted, known: true}
	d.creatorAt = -1
	return true
}

// diffRegions finds the changed regions of the old object indexed by t
// and the new object text nt: the common prefix and suffix of the texts,
// cut to the old members. suffix reports that the new region ends on a
// member start (the old members from k2 on are common), not at the end of
// the object; that is for the walk of the new region to confirm.
func diffRegions(t *objTable, nt jv, g grammar) (d mapDiff, suffix, ok bool) {
	if t == nil || t.g != g || !nt.IsObject() {
		return d, false, false
	}
	a, b := t.text, string(nt)
	p := commonPrefix(a, b)
	s := commonSuffix(a[p:], b[p:])
	n := len(t.start)
	// Members that end strictly inside the common prefix are common: the
	// character after each is common too, so the new value ends there.
	k1 := sort.Search(n, func(i int) bool { return int(t.end[i]) >= p })
	// Members that start inside the common suffix are common once the new
	// text is shown to have a member start at the same distance from its
	// end (checked while walking the new region).
	k2 := sort.Search(n, func(i int) bool { return int(t.start[i]) >= len(a)-s })
	if k2 < k1 {
		k2 = k1
	}
	d = mapDiff{t: t, k1: k1, k2: k2}
	from := 1
	if k1 > 0 {
		from = int(t.end[k1-1])
	}
	oldTo, newTo := len(a), len(b)
	if k2 < n {
		oldTo = int(t.start[k2])
		newTo = oldTo + len(b) - len(a)
	}
	if newTo < from {
		return d, false, false
	}
	d.old = region{s: a, from: from, to: oldTo}
	d.nw = region{s: b, from: from, to: newTo}
	return d, k2 < n, true
}

// aligned walks the members of r and reports whether the walk ends
// exactly at r.to: on a member start when suffix is true, at the object's
// end otherwise. It also returns the shape of r and, as mapDiff records
// them, the first members that fail PL-1 and a level read under g.
func aligned(r region, suffix bool, g grammar) (sh shape, badUser, badValue int, ok bool) {
	sh = shape{sorted: true, known: true}
	badUser, badValue = -1, -1
	prev := ""
	i := r.from
	for {
		j := jsonread.SkipSpace(r.s, i)
		if j < len(r.s) && r.s[j] == ',' {
			j = jsonread.SkipSpace(r.s, j+1)
		}
		switch {
		case j == r.to && suffix:
			return sh, badUser, badValue, true
		case j >= r.to:
			return sh, badUser, badValue, false
		}
		m, next, ok := jsonread.MemberAt(r.s, j)
		if !ok {
			return sh, badUser, badValue, !suffix && j == len(r.s)-1 && r.s[j] == '}'
		}
		if badUser < 0 || badValue < 0 {
			_, isLevel := levelUnder(jv(m.Raw), g)
			if !isLevel && badValue < 0 {
				badValue = j
			}
			if badUser < 0 && (!isLevel || !isUserIDForPL(m.UnescapedKey())) {
				badUser = j
			}
		}
		if m.Escaped || (sh.n > 0 && m.Key <= prev) {
			sh.sorted = false
		}
		prev = m.Key
		sh.n++
		i = next
	}
}

// commonPrefix returns the length of the longest common prefix of a and b.
func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+64 <= n && a[i:i+64] == b[i:i+64] {
		i += 64
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the longest common suffix of a and b.
func commonSuffix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+64 <= n && a[len(a)-i-64:len(a)-i] == b[len(b)-i-64:len(b)-i] {
		i += 64
	}
	for i < n && a[len(a)-i-1] == b[len(b)-i-1] {
		i++
	}
	return i
}
