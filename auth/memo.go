package auth

import (
	"github.com/mxauth/mxauth/event"
	"github.com/tidwall/gjson"
)

// The room's create and power-levels events are read by nearly every
// check. What the rules derive from them is cached on the event itself
// ([event.Event.Memo]), so a server judging thousands of events against
// the same state parses each of those two events once.

type plMemoKey struct{}
type createMemoKey struct{}

// usersIndexMin is the size from which a users map is indexed. The index
// is built once per power-levels event, and a map lookup beats scanning
// the text even for two or three entries (median check 430 → 300 ns).
const usersIndexMin = 1

// powerLevelsOf returns the fields of a power-levels event's content.
func powerLevelsOf(e *event.Event) *plFields {
	return e.Memo(plMemoKey{}, func(e *event.Event) any {
		f := readPLFields(e.ContentJSON())
		f.usersIndex = indexMembers(f.users, usersIndexMin)
		rv := e.Version()
		f.usersT = newObjTable(f.users, &rv)
		f.eventsT = newObjTable(f.events, &rv)
		f.notificationsT = newObjTable(f.notifications, &rv)
		return &f
	}).(*plFields)
}

// indexMembers maps the keys of an object with at least min members to
// their values (the last one, should a key repeat); nil otherwise.
func indexMembers(v jv, min int) map[string]jv {
	if !v.isObject() {
		return nil
	}
	s := string(v)
	n := 0
	for _, i, ok := nextMember(s, 1); ok; _, i, ok = nextMember(s, i) {
		n++
	}
	if n < min {
		return nil
	}
	idx := make(map[string]jv, n)
	for m, i, ok := nextMember(s, 1); ok; m, i, ok = nextMember(s, i) {
		idx[m.unescapedKey()] = jv(m.raw)
	}
	return idx
}

// createInfo is what the rules read from the create event.
type createInfo struct {
	creator         string
	creatorIsString bool // content.creator is a string
	creatorPresent  bool // content has a creator key (D11 when not)
	federates       bool // m.federate is absent or exactly true (D4)
	// additionalCreators are the strings of content.additional_creators,
	// read in room versions with PrivilegedCreators only (DEF-CREATORS-1).
	additionalCreators []string
}

func createInfoOf(e *event.Event) *createInfo {
	return e.Memo(createMemoKey{}, func(e *event.Event) any {
		c := e.Content()
		info := &createInfo{}
		if v := objectGet(c, "creator"); v.Exists() {
			info.creatorPresent = true
			if v.Type == gjson.String {
				info.creator, info.creatorIsString = v.Str, true
			}
		}
		f := objectGet(c, "m.federate")
		info.federates = !f.Exists() || f.Type == gjson.True
		if e.Version().PrivilegedCreators {
			if ac := objectGet(c, "additional_creators"); ac.IsArray() {
				ac.ForEach(func(_, u gjson.Result) bool {
					if u.Type == gjson.String {
						info.additionalCreators = append(info.additionalCreators, u.Str)
					}
					return true
				})
			}
		}
		return info
	}).(*createInfo)
}
