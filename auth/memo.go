package auth

import (
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
)

// The room's create and power-levels events are read by nearly every
// check. What the rules derive from them is cached on the event itself,
// in typed slots of this package ([event.MemoSlot]), so a server judging
// thousands of events against the same state parses each of those two
// events once.
//
// What is stored is cheap to compute, so that a check against events
// loaded afresh (nothing cached) costs little more than a check against
// cached ones: one pass over the content. An event seen once caches
// nothing: the first check reads what it needs into its own stack and
// only marks the event ([event.MemoSlot.GetReused]); the check after it
// caches. A server that loads the auth events of each check from its
// store so never allocates for them, and one that holds them pays one
// more pass per event. The costly parts of a
// large power-levels event (a users index, the member tables a change is
// compared against) are built lazily, only once a memoised value has shown
// it is reused; until then a lookup scans the text, which costs less than
// building an index it would use once.

// plSlot and createSlot are this package's memo slots: no other package
// can reach them, so no caller's caching evicts what the rules cached.
// They are assigned once, here, and never changed.
var (
	plSlot     = event.NewMemoSlot[*plMemo]()
	createSlot = event.NewMemoSlot[*createInfo]()
)

// scansBeforeIndex is how many users lookups a memoised power-levels event
// answers by scanning the text before it builds an index.
const scansBeforeIndex = 2

// smallUsers is the member count up to which a users object is kept in
// an array of the memo and searched linearly.
const smallUsers = 8

// userEntry is one users member: decoded key and raw value.
type userEntry struct {
	key string
	val jv
}

// smallUser is one member of a small users object: the offsets and
// lengths of its key (without quotes, unescaped) and of its value in the
// users text. A PDU is at most 64 KiB, so they fit in 16 bits.
type smallUser struct{ k, kn, v, vn uint16 }

// plView is what the rules read of a power-levels event: its fields,
// read in one pass, and the members of a small users object. A check
// against an event seen once holds it on its stack (checker.plTmp);
// otherwise it is the view of the event's memo.
type plView struct {
	plFields
	ev *event.Event

	// small holds the users members when there are at most smallUsers,
	// none with an escaped key; nSmall is -1 otherwise.
	small  [smallUsers]smallUser
	nSmall int

	// memo is the memo this view belongs to, nil for a view of one check,
	// which scans a larger users object and indexes nothing.
	memo *plMemo

	// evType is, in a view of one check, the type of the checked event:
	// the read looks its events entry up while it passes the events
	// object (readEvents), so that DEF-PL-3 need not scan it again.
	// evTypeVal is that entry ("" when absent) once evTypeRead.
	evType     string
	evTypeVal  jv
	evTypeRead bool
}

// plMemo is what is memoised for a power-levels event: its view and the
// lazily built users index and member tables. (They are kept out of
// plView: the atomics would move a check's own view to the heap.)
type plMemo struct {
	plView

	scans  atomic.Int32
	index  atomic.Pointer[[]userEntry] // users members sorted by key
	tables atomic.Pointer[plTables]
}

// plTables index the large objects of a power-levels content (mapDiff).
type plTables struct{ users, events, notifications *objTable }

// powerLevelsOf returns the memoised fields of a power-levels event.
func powerLevelsOf(e *event.Event) *plView {
	return &plSlot.Get(e, newPLMemo).plView
}

// reusedPowerLevels returns the memoised fields of a power-levels event
// when e is reused; else (nil) it reads them into tmp, for this use
// only. (tmp is never returned: a pointer to it kept in the checker
// would move the checker to the heap.)
func reusedPowerLevels(e *event.Event, tmp *plView) *plView {
	if m, ok := plSlot.GetReused(e, newPLMemo); ok {
		return &m.plView
	}
	tmp.read(e)
	return nil
}

func newPLMemo(e *event.Event) *plMemo {
	m := &plMemo{}
	m.read(e)
	m.memo = m
	// A users object too large for the view's array, of up to
	// largeObject members, is indexed now, which is cheap; a larger one
	// lazily (user).
	if m.nSmall < 0 {
		if n, _ := regionShape(objectRegion(m.users)); n < largeObject {
			m.buildIndex()
		}
	}
	return m
}

// read fills v from e's content (v is zero but for evType). One pass
// reads the fields
// and, while it skips the users object, up to smallUsers of its members,
// so that a check against a memoised event never allocates.
func (v *plView) read(e *event.Event) {
	v.ev = e
	scanPL(e.ContentJSON(), &v.plFields, v)
}

// collectUsers skips the users object starting at s[start] == '{' and
// returns the index after it (-1 when malformed), recording its members
// in m.small while there are at most smallUsers with unescaped keys
// (m.nSmall -1 otherwise). A repeated users key (scanPL keeps the last)
// resets the record.
func (m *plView) collectUsers(s string, start int) int {
	m.nSmall = 0
	i := start + 1
	first := true
	for {
		i = jsonread.SkipSpace(s, i)
		if i < len(s) && s[i] == ',' && !first {
			i = jsonread.SkipSpace(s, i+1)
		}
		first = false
		if i < len(s) && s[i] == '}' {
			if i+1-start > 1<<16-1 {
				m.nSmall = -1
			}
			return i + 1
		}
		if i >= len(s) || s[i] != '"' {
			return m.malformedUsers()
		}
		kend, esc := jsonread.SkipString(s, i)
		if kend < 0 {
			return m.malformedUsers()
		}
		j := jsonread.ValueAfterKey(s, kend)
		if j < 0 {
			return m.malformedUsers()
		}
		vend := jsonread.SkipValue(s, j)
		if vend < 0 {
			return m.malformedUsers()
		}
		switch {
		case m.nSmall < 0:
		case m.nSmall == smallUsers || esc || vend-start > 1<<16-1:
			m.nSmall = -1
		default:
			m.small[m.nSmall] = smallUser{uint16(i + 1 - start), uint16(kend - 2 - i), uint16(j - start), uint16(vend - j)}
			m.nSmall++
		}
		i = vend
	}
}

// readEvents skips the events object starting at s[start] == '{' and
// returns the index after it (-1 when malformed), recording its member
// evType in evTypeVal (the last, should it repeat, as get does).
func (m *plView) readEvents(s string, start int) int {
	i := start + 1
	first := true
	for {
		i = jsonread.SkipSpace(s, i)
		if i < len(s) && s[i] == ',' && !first {
			i = jsonread.SkipSpace(s, i+1)
		}
		first = false
		if i < len(s) && s[i] == '}' {
			m.evTypeRead = true
			return i + 1
		}
		if i >= len(s) || s[i] != '"' {
			return -1
		}
		kend, esc := jsonread.SkipString(s, i)
		if kend < 0 {
			return -1
		}
		j := jsonread.ValueAfterKey(s, kend)
		if j < 0 {
			return -1
		}
		vend := jsonread.SkipValue(s, j)
		if vend < 0 {
			return -1
		}
		if k := (objMember{Key: s[i+1 : kend-1], Escaped: esc}); k.KeyEquals(m.evType) {
			m.evTypeVal = jv(s[j:vend])
		}
		i = vend
	}
}

// eventsEntry returns events[typ] (events must be an object): the entry
// the view's own read looked up when typ is its evType, else a scan.
func (m *plView) eventsEntry(typ string) jv {
	if m.evTypeRead && m.evType == typ {
		return m.evTypeVal
	}
	return m.events.Get(typ)
}

// malformedUsers forgets what collectUsers recorded of a users object it
// could not read to the end (scanPL then keeps no users field), and
// returns -1.
func (m *plView) malformedUsers() int {
	m.nSmall = 0
	return -1
}

// user returns the users value of key ("" when absent); users must be an
// object.
func (m *plView) user(key string) jv {
	if m.nSmall >= 0 {
		var v jv
		u := string(m.users)
		for _, e := range m.small[:m.nSmall] {
			if int(e.kn) == len(key) && u[e.k:e.k+e.kn] == key {
				v = jv(u[e.v : e.v+e.vn]) // the last of a repeated key wins
			}
		}
		return v
	}
	if m.memo == nil {
		return m.users.Get(key)
	}
	return m.memo.indexedUser(key)
}

// indexedUser is user for a users object too large for the array: it
// scans the text the first scansBeforeIndex times, then builds an index.
func (m *plMemo) indexedUser(key string) jv {
	idx := m.index.Load()
	if idx == nil {
		if m.scans.Add(1) <= scansBeforeIndex {
			return m.users.Get(key)
		}
		idx = m.buildIndex()
	}
	s := *idx
	i := sort.Search(len(s), func(i int) bool { return s[i].key >= key })
	if i < len(s) && s[i].key == key {
		return s[i].val
	}
	return ""
}

// hasUser reports whether key is a member of users.
func (m *plView) hasUser(key string) bool { return m.user(key).Exists() }

// buildIndex sorts the users members by key (the last of a repeated key
// wins, as in Synapse; parsed events have none).
func (m *plMemo) buildIndex() *[]userEntry {
	n, _ := regionShape(objectRegion(m.users))
	s := make([]userEntry, 0, n)
	r := objectRegion(m.users)
	for mem, i, ok := r.first(); ok; mem, i, ok = r.next(i) {
		s = append(s, userEntry{mem.UnescapedKey(), jv(mem.Raw)})
	}
	slices.SortStableFunc(s, func(a, b userEntry) int { return strings.Compare(a.key, b.key) })
	out := s[:0]
	for i := range s {
		if len(out) > 0 && out[len(out)-1].key == s[i].key {
			out[len(out)-1] = s[i]
			continue
		}
		out = append(out, s[i])
	}
	m.index.CompareAndSwap(nil, &out)
	return m.index.Load()
}

// objTables returns the member tables of the large objects, built on
// first use (a power-levels change compared against this event) and
// kept in the memo, if the view has one.
func (v *plView) objTables() *plTables {
	if v.memo != nil {
		if t := v.memo.tables.Load(); t != nil {
			return t
		}
	}
	rv := v.ev.Version()
	t := &plTables{
		users:         newObjTable(v.users, &rv),
		events:        newObjTable(v.events, &rv),
		notifications: newObjTable(v.notifications, &rv),
	}
	if v.memo == nil {
		return t
	}
	v.memo.tables.CompareAndSwap(nil, t)
	return v.memo.tables.Load()
}

// createInfo is what the rules read from the create event.
type createInfo struct {
	creator         string
	creatorIsString bool // content.creator is a string
	creatorPresent  bool // content has a creator key (D11 when not)
	federates       bool // m.federate is absent or exactly true (D4)
	// additional is content.additional_creators when it is an array, read
	// in room versions with PrivilegedCreators only (DEF-CREATORS-1);
	// decoded marks additionalCreators as holding its strings (a memo
	// decodes them once; a check's own read scans the text).
	additional         jv
	additionalCreators []string
	decoded            bool
}

func newCreateInfo(e *event.Event) *createInfo {
	info := readCreateInfo(e)
	for u := range info.additionalIDs {
		info.additionalCreators = append(info.additionalCreators, u)
	}
	info.decoded = true
	return &info
}

// readCreateInfo reads the create event e's content in one pass.
func readCreateInfo(e *event.Event) createInfo {
	c := e.ContentJSON()
	var info createInfo
	var ac jv
	federateSet := false
	for it := jsonread.ScanMembers(c, jsonread.ObjectBody(c)); it.Next(); {
		switch v := jv(it.Val); {
		case it.KeyIs("creator"):
			info.creatorPresent = true
			info.creator, info.creatorIsString = "", false
			if v[0] == '"' {
				info.creator, info.creatorIsString = v.Str(), true
			}
		case it.KeyIs("m.federate"):
			info.federates, federateSet = v == "true", true
		case it.KeyIs("additional_creators"):
			ac = v
		}
	}
	if !federateSet {
		info.federates = true
	}
	if e.Version().PrivilegedCreators && ac.IsArray() {
		info.additional = ac
	}
	return info
}

// additionalIDs yields the strings of content.additional_creators (v12).
func (i *createInfo) additionalIDs(yield func(string) bool) {
	if i.decoded {
		for _, u := range i.additionalCreators {
			if !yield(u) {
				return
			}
		}
		return
	}
	ac := string(i.additional)
	for u, j, ok := jsonread.NextElement(ac, 1); ok; u, j, ok = jsonread.NextElement(ac, j) {
		if u[0] == '"' && !yield(jv(u).Str()) {
			return
		}
	}
}

// createRead is the room's create event as one check (or one level
// read) reads it: its content's fields are memoised on the event when it
// is reused, else read into tmp for this check only (GetReused).
type createRead struct {
	ev   *event.Event
	memo *createInfo
	tmp  createInfo
	read bool // tmp holds the fields
}

// info returns the create event's fields, nil without a create event.
func (r *createRead) info() *createInfo {
	switch {
	case r.memo != nil:
		return r.memo
	case r.read:
		return &r.tmp
	case r.ev == nil:
		return nil
	}
	if m, ok := createSlot.GetReused(r.ev, newCreateInfo); ok {
		r.memo = m
		return m
	}
	r.tmp, r.read = readCreateInfo(r.ev), true
	return &r.tmp
}
