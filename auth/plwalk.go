package auth

import (
	"github.com/mxauth/mxauth/internal/jsonread"
	"strings"
)

// The fused walk of a power-levels change (issue 14, rules PL-1, PL-1b,
// PL-0b, PL-4..7 and DECISIONS D19 over a changed region of users, events
// or notifications). aligned and pairShaped read a changed region twice:
// once to align it and find its shape and first bad member, once to pair
// it with the old region and judge the pairs. When the old object's keys
// are unescaped and strictly increasing (objTable.sorted, as canonical
// JSON writes them), walk does all of it in one pass over the new members,
// merging with the old members of the table as it goes: each key and each
// level is read once. Anything it cannot merge (an escaped or
// out-of-order new key) ends the walk, and the caller takes the two-pass
// path; its results are the same either way (FuzzFusedWalk).

// pairJudge is what judging one changed users, events or notifications
// entry needs (levelFailure): the sender's level and ID, and the map's
// place in plOrder. For users it also carries the creators PL-1b looks for.
type pairJudge struct {
	ul       Level
	sender   string
	users    bool // a users map: PL-6's peer test applies
	group    int
	rules    [2]RuleID
	name     string
	creators creatorSet
	// best is the first failure in plOrder recorded so far.
	best failure
}

// creatorSet holds the creators of a v12 room (DEF-CREATORS-1) for PL-1b:
// the create event's sender and up to len(extra) additional creators.
// With more (overflow) the walk leaves the region to the two-pass path.
type creatorSet struct {
	on       bool
	sender   string
	extra    [3]string
	n        int
	overflow bool
}

// creatorsOf reads the creators of cr (none without a create event).
func creatorsOf(cr *createRead) creatorSet {
	var s creatorSet
	if cr.ev == nil {
		return s
	}
	s.on, s.sender = true, cr.ev.Sender()
	for u := range cr.info().additionalIDs {
		if s.n == len(s.extra) {
			s.overflow = true
			break
		}
		s.extra[s.n] = u
		s.n++
	}
	return s
}

// has is isCreatorOf for a set without overflow.
func (s *creatorSet) has(k string) bool {
	if k == s.sender {
		return true
	}
	for _, u := range s.extra[:s.n] {
		if u == k {
			return true
		}
	}
	return false
}

// walkEnd is how a fused walk ended, or (walkOn) that it goes on.
type walkEnd uint8

const (
	walkOn         walkEnd = iota
	walkAligned            // the region aligned; d holds its results
	walkMisaligned         // it does not align: read every member
	walkUnmerged           // a key the walk cannot merge: pair another way
)

// walker is the state of a walk that its slower steps read and update.
type walker struct {
	g      grammar
	suffix bool
	s, a   string // the new text and the old
	to     int    // the end of the new region
	// The old members of the region: where each key starts and each
	// value ends in a.
	starts, ends []int32
	badUser      int
	badValue     int
	creatorAt    int
	pks, pke     int // the previous new key is s[pks:pke]
}

// walk is aligned and the pairing of considerMap in one pass over the new
// region of d (see the top of this file). On walkAligned it sets
// d.newShape, d.badUser, d.badValue, d.creatorAt (when pj has creators)
// and d.pf, the first failure in plOrder of the changed pairs under pj.
//
// A member is read by two small leaf functions, newMember and sameOld,
// which keep their work in registers; the loop itself holds little. (One
// loop doing everything inline spills its state in the inner loops: the
// registers do not hold it all.) Anything unusual takes a slower step,
// with the same results.
func (d *mapDiff) walk(suffix bool, g grammar, pj *pairJudge) walkEnd {
	t := d.t
	if !t.sorted || t.g != g || pj.creators.overflow || d.k1 > d.k2 || d.k2 > len(t.start) || len(t.end) != len(t.start) {
		return walkUnmerged
	}
	pj.best = failure{}
	w := walker{g: g, suffix: suffix, s: d.nw.s, a: t.text, to: d.nw.to,
		starts: t.start[d.k1:d.k2], ends: t.end[d.k1:d.k2], badUser: -1, badValue: -1, creatorAt: -1}
	s := w.s
	// Every new key read so far is below the old member oi: the merge
	// has consumed the others.
	oi, n := 0, 0
	for i := d.nw.from; ; {
		ks, ke, v, vend, lvl, fl := newMember(s, i, w.to)
		if fl&memberRead == 0 {
			var e walkEnd
			if ks, ke, v, vend, lvl, fl, e = w.slowMember(i, g); e == walkAligned {
				break
			} else if e != walkOn {
				return e
			}
		}
		isLevel := fl&memberLevel != 0
		// PL-1: the key is a user ID (D18, isUserIDForPL) and the value a
		// level; PL-1b: the key is not a creator.
		if fl&memberUser == 0 || !isLevel {
			w.bad(ks-1, isLevel)
		}
		if pj.creators.on && w.creatorAt < 0 && pj.creators.has(s[ks:ke]) {
			w.creatorAt = ks - 1
		}
		paired := false
		if oi < len(w.starts) {
			if ov, olvl, oOK, same := sameOld(w.a, int(w.starts[oi]), int(w.ends[oi]), s, ks, ke); same {
				if !oOK || !isLevel || olvl != lvl {
					w.pairOld(pj, oi, ov, olvl, oOK, ks, ke, v, vend, lvl, isLevel)
				}
				oi++
				paired = true
			}
		}
		if !paired {
			var e walkEnd
			if oi, e = w.merge(pj, oi, n == 0, ks, ke, v, vend, lvl, isLevel); e != walkOn {
				return e
			}
		}
		w.pks, w.pke = ks, ke
		n++
		i = vend
	}
	for oi := oi; oi < len(w.starts); oi++ {
		key, val, lvl, lvlOK, ok := w.old(oi)
		if !ok {
			return walkUnmerged
		}
		if k := pj.kind(true, false, lvl, 0, lvlOK, false, key); k != failNone {
			pj.record(k, key, val, "")
		}
	}
	d.newShape = shape{n: n, sorted: true, known: true}
	d.oldShape = shape{n: d.k2 - d.k1, sorted: true, known: true}
	d.badUser, d.badValue, d.creatorAt = w.badUser, w.badValue, w.creatorAt
	d.pf, d.fused = pj.best, true
	return walkAligned
}

// Flags of a member newMember reads.
const (
	memberRead  = 1 << iota // read; else the caller reads it the slow way
	memberLevel             // the value is a level
	memberUser              // the key is a user ID (isUserIDForPL)
)

// newMember reads the member after s[i] when it is a usual one: a ','
// (at s[i]; whitespace around it is fine), a key without escapes whose
// quote is before to, ':' and an integer level of up to 18 digits. It
// returns the key s[ks:ke], the value s[v:vend] and its level lvl, with
// fl memberRead|memberLevel and memberUser when the key is a user ID; fl
// 0 for any other member, or none, which walker.slowMember reads.
//
//go:noinline
func newMember(s string, i, to int) (ks, ke, v, vend int, lvl int64, fl int) {
	if i >= len(s) || s[i] != ',' {
		return
	}
	j := i + 1
	if j < len(s) && s[j] != '"' {
		j = jsonread.SkipSpace(s, j)
	}
	if j >= to || s[j] != '"' {
		return 0, 0, 0, 0, 0, 0
	}
	// The key, a word at a time; colon reports a ':' in it.
	ks, ke = j+1, -1
	colon := false
	for p := ks; p+8 <= len(s); p += 8 {
		x := jsonread.Word(s, p)
		c := jsonread.BytesOf(x, ':')
		if m := jsonread.BytesOf(x, '"') | jsonread.BytesOf(x, '\\'); m != 0 {
			b := jsonread.FirstByte(m)
			// A ':' marked below the first quote or backslash is exact
			// (only bytes after a real match are marked falsely).
			colon = colon || c&(1<<(8*b)-1) != 0
			if p += b; s[p] != '"' {
				return 0, 0, 0, 0, 0, 0 // an escaped key
			}
			ke = p
			break
		}
		colon = colon || c != 0
	}
	if ke < 0 {
		return 0, 0, 0, 0, 0, 0
	}
	if v = jsonread.ValueAfterKey(s, ke+1); v < 0 || v >= len(s) {
		return 0, 0, 0, 0, 0, 0
	}
	neg := s[v] == '-'
	d0 := v + btoi(neg)
	vend = d0
	for vend < len(s) && vend-d0 < 19 && s[vend]-'0' <= 9 {
		lvl = lvl*10 + int64(s[vend]-'0')
		vend++
	}
	if nd := vend - d0; nd == 0 || nd > 18 || (nd > 1 && s[d0] == '0') || (vend < len(s) && !endsNumber(s[vend])) {
		return 0, 0, 0, 0, 0, 0
	}
	if neg {
		lvl = -lvl
	}
	fl = memberRead | memberLevel
	if colon && s[ks] == '@' {
		fl |= memberUser
	}
	return ks, ke, v, vend, lvl, fl
}

// slowMember reads the member at or after s[i] as aligned does, for what
// newMember leaves: its key s[ks:ke], value s[v:vend] and flags, with
// walkOn; or how the walk ends there (walkUnmerged at an escaped key).
func (w *walker) slowMember(i int, g grammar) (ks, ke, v, vend int, lvl int64, fl int, e walkEnd) {
	j, e := w.memberStart(i)
	if e != walkOn {
		return 0, 0, 0, 0, 0, 0, e
	}
	s := w.s
	kend, esc, colon := scanKey(s, j)
	switch {
	case kend < 0:
		return 0, 0, 0, 0, 0, 0, walkMisaligned
	case esc:
		return 0, 0, 0, 0, 0, 0, walkUnmerged
	}
	if v = jsonread.ValueAfterKey(s, kend); v < 0 {
		return 0, 0, 0, 0, 0, 0, walkMisaligned
	}
	lvl, vend, isLevel := levelAt(s, v, g)
	if vend < 0 {
		return 0, 0, 0, 0, 0, 0, walkMisaligned
	}
	fl = memberRead
	if isLevel {
		fl |= memberLevel
	}
	if colon && s[j+1] == '@' {
		fl |= memberUser
	}
	return j + 1, kend - 1, v, vend, lvl, fl, walkOn
}

// sameOld reports whether the old member a[st:en] (st its key's quote, en
// its value's end; a sorted table's, so the key has no escape) has the
// key s[ks:ke], and then returns its value and the value's level when
// it is an integer of up to 18 digits (else oOK false, which the caller
// reads again with levelIn). The old key ends where the new one does and
// is compared a word at a time.
//
//go:noinline
func sameOld(a string, st, en int, s string, ks, ke int) (ov string, olvl int64, oOK, same bool) {
	st++
	oq := st + ke - ks
	if st <= 0 || oq >= en || en > len(a) || a[oq] != '"' {
		return "", 0, false, false
	}
	for p := 0; p < ke-ks; p += 8 {
		if st+p+8 > len(a) || ks+p+8 > len(s) {
			if a[st+p:oq] != s[ks+p:ke] {
				return "", 0, false, false
			}
			break
		}
		x := jsonread.Word(a, st+p) ^ jsonread.Word(s, ks+p)
		if rem := ke - ks - p; rem < 8 {
			x &= 1<<(8*rem) - 1
		}
		if x != 0 {
			return "", 0, false, false
		}
	}
	ow := oq + 1
	if ow+1 < en && a[ow] == ':' && a[ow+1] > ' ' {
		ow++
	} else if ow = jsonread.ValueAfterKey(a, ow); ow < 0 || ow > en {
		return "", 0, false, false
	}
	ov = a[ow:en]
	if len(ov) == 0 || len(ov) > 18 || (len(ov) > 1 && ov[0] == '0') {
		return ov, 0, false, true
	}
	for q := 0; q < len(ov); q++ {
		dg := ov[q] - '0'
		if dg > 9 {
			return ov, 0, false, true
		}
		olvl = olvl*10 + int64(dg)
	}
	return ov, olvl, true, true
}

// pairOld judges a new member (key s[ks:ke], value s[v:vend]) paired with
// old member oi (value ov), whose levels differ or do not both read:
// sameOld's oOK false is read again under the walk's grammar.
func (w *walker) pairOld(pj *pairJudge, oi int, ov string, olvl int64, oOK bool, ks, ke, v, vend int, lvl int64, isLevel bool) {
	if !oOK {
		olvl, oOK = levelUnder(jv(ov), w.g)
		if oOK && isLevel && olvl == lvl {
			return
		}
	}
	key := w.s[ks:ke]
	if k := pj.kind(true, true, olvl, lvl, oOK, isLevel, key); k != failNone {
		pj.record(k, key, ov, w.s[v:vend])
	}
}

// memberStart finds the key of the member at or after s[i] (past a ','),
// as aligned does: walkOn with its index, or how the walk ends there.
func (w *walker) memberStart(i int) (int, walkEnd) {
	s := w.s
	j := jsonread.SkipSpace(s, i)
	if j < len(s) && s[j] == ',' {
		j = jsonread.SkipSpace(s, j+1)
	}
	switch {
	case j == w.to && w.suffix:
		return j, walkAligned
	case j >= w.to:
		return j, walkMisaligned
	case s[j] != '"':
		if !w.suffix && j == len(s)-1 && s[j] == '}' {
			return j, walkAligned
		}
		return j, walkMisaligned
	}
	return j, walkOn
}

// bad records, as aligned does, a new member at s[j] whose key is not a
// user ID or whose value is not a level.
func (w *walker) bad(j int, isLevel bool) {
	if !isLevel && w.badValue < 0 {
		w.badValue = j
	}
	if w.badUser < 0 {
		w.badUser = j
	}
}

// merge is the walk's step for a new member (key s[ks:ke], value
// s[v:vend]) that is not paired with the old member oi: the old members
// below it are removed, an equal one is paired, else the member is added.
// It returns the next old member, or walkUnmerged when the new keys are
// not increasing.
func (w *walker) merge(pj *pairJudge, oi int, first bool, ks, ke, v, vend int, lvl int64, isLevel bool) (int, walkEnd) {
	key, val := w.s[ks:ke], w.s[v:vend]
	c := 1
	for oi < len(w.starts) {
		okey, oval, olvl, oOK, ok := w.old(oi)
		if !ok {
			return oi, walkUnmerged
		}
		if c = strings.Compare(okey, key); c > 0 {
			break
		}
		if c == 0 {
			if k := pj.kind(true, true, olvl, lvl, oOK, isLevel, key); k != failNone {
				pj.record(k, key, oval, val)
			}
			return oi + 1, walkOn
		}
		// An old entry the new object lacks.
		if k := pj.kind(true, false, olvl, 0, oOK, false, okey); k != failNone {
			pj.record(k, okey, oval, "")
		}
		oi++
	}
	// key is below every old member left, which are above the keys
	// before it; whether it is above the previous new key is compared.
	if !first && key <= w.s[w.pks:w.pke] {
		return oi, walkUnmerged
	}
	if k := pj.kind(false, true, 0, lvl, false, isLevel, key); k != failNone {
		pj.record(k, key, "", val)
	}
	return oi, walkOn
}

// old reads old member oi (a sorted table: no escaped keys): its key, its
// value and the value's level; ok is false on text the table does not
// describe, which the walk leaves to the two-pass path.
func (w *walker) old(oi int) (key, val string, lvl int64, lvlOK, ok bool) {
	a := w.a
	st, en := int(w.starts[oi]), int(w.ends[oi])
	if st < 0 || en > len(a) {
		return "", "", 0, false, false
	}
	kend, _, _ := scanKey(a, st)
	if kend < 0 || kend > en {
		return "", "", 0, false, false
	}
	v := jsonread.ValueAfterKey(a, kend)
	if v < 0 || v > en {
		return "", "", 0, false, false
	}
	lvl, _, lvlOK = levelAt(a[:en], v, w.g)
	return a[st+1 : kend-1], a[v:en], lvl, lvlOK, true
}

// kind is levelFailure for one changed entry whose levels the walk read:
// o and n where present (oEx, nEx), oOK and nOK false for a value that is
// not a level.
func (pj *pairJudge) kind(oEx, nEx bool, o, n int64, oOK, nOK bool, key string) failKind {
	ul := pj.ul
	switch {
	case oEx && !oOK:
		return failOldUnreadable
	case nEx && !nOK:
		return failNewUnreadable
	case oEx && nEx && o == n:
		return failNone
	case oEx && pj.users && !ul.inf && o >= ul.n && key != pj.sender:
		return failOldPeer // IntLevel(o).AtLeast(ul)
	case oEx && !ul.inf && ul.n < o:
		return failOldAbove // ul.Less(IntLevel(o))
	case nEx && !ul.inf && ul.n < n:
		return failNew
	}
	return failNone
}

// record keeps a failing entry in pj.best as considerMap does.
func (pj *pairJudge) record(k failKind, key, ov, nv string) {
	pj.best.consider(k, pj.group, 0, key, pj.rules, pj.name, jv(ov), jv(nv))
}

// levelAt reads the value at s[v]: its end (-1 when malformed) and its
// level under g (levelUnder). A JSON integer of up to 18 digits is read
// as the scan passes it; anything else is skipped and then read.
func levelAt(s string, v int, g grammar) (lvl int64, vend int, ok bool) {
	p := v
	neg := p < len(s) && s[p] == '-'
	if neg {
		p++
	}
	d0 := p
	var n int64
	for p < len(s) && p-d0 < 19 && s[p]-'0' <= 9 {
		n = n*10 + int64(s[p]-'0')
		p++
	}
	if nd := p - d0; nd > 0 && nd <= 18 && (nd == 1 || s[d0] != '0') && (p == len(s) || endsNumber(s[p])) {
		if neg {
			n = -n
		}
		return n, p, true
	}
	vend = jsonread.SkipValue(s, v)
	if vend < 0 {
		return 0, -1, false
	}
	lvl, ok = levelUnder(jv(s[v:vend]), g)
	return lvl, vend, ok
}

// endsNumber reports a byte at which jsonread.SkipValue ends a number.
func endsNumber(c byte) bool { return c <= ' ' || c == ',' || c|0x20 == '}' }

// scanKey returns the index after the string starting at s[i] == '"'
// (-1 when unterminated) and whether it holds a backslash, as
// jsonread.SkipString does; for a string without one, colon reports a ':'
// in it. The text is searched a word at a time.
func scanKey(s string, i int) (end int, esc, colon bool) {
	j := i + 1
	for ; j+8 <= len(s); j += 8 {
		w := jsonread.Word(s, j)
		c := jsonread.BytesOf(w, ':')
		if m := jsonread.BytesOf(w, '"') | jsonread.BytesOf(w, '\\'); m != 0 {
			b := jsonread.FirstByte(m)
			// A ':' marked below the first quote or backslash is exact
			// (only bytes after a real match can be marked falsely).
			colon = colon || c&(1<<(8*b)-1) != 0
			j += b
			if s[j] == '"' {
				return j + 1, false, colon
			}
			end, _ = jsonread.SkipString(s, i)
			return end, true, false
		}
		colon = colon || c != 0
	}
	for ; j < len(s); j++ {
		switch s[j] {
		case '"':
			return j + 1, false, colon
		case '\\':
			end, _ = jsonread.SkipString(s, i)
			return end, true, false
		case ':':
			colon = true
		}
	}
	return -1, false, false
}

// btoi is 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
