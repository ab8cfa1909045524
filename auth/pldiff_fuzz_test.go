package auth

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// FuzzPowerLevelsDiffVerdict splices arbitrary text into the users and
// events of a large power-levels content, old and new, and requires the
// verdict and rule of comparing by what differs to be those of reading
// every member, and for a PL-3..7 or DEF-PL-4 rejection also the key it
// names (plOrder: the first failure in a fixed order, whatever order the
// members are visited in).
func FuzzPowerLevelsDiffVerdict(f *testing.F) {
	f.Add(uint8(0), 40, 0, `"@x:y":1,`, 900, 3, `7`)
	f.Add(uint8(2), 300, 2, `"5"`, 300, 2, `"6"`)
	f.Add(uint8(3), 20, 0, `"@alice:a.test":1,`, 2000, 1, `true`)
	f.Add(uint8(1), 1500, 0, ` `, 1500, 0, `,"@z:a":50`)
	vers := []roomversion.Version{roomversion.V1(), roomversion.V7(), roomversion.V10(), roomversion.V12()}
	users := make([]string, 80)
	for i := range users {
		users[i] = fmt.Sprintf(`"@u%03d:a.test":%d`, i, i%40)
	}
	events := make([]string, 70)
	for i := range events {
		events[i] = fmt.Sprintf(`"t.%03d":%d`, i, i%30)
	}
	base := `{"events":{` + strings.Join(events, ",") + `},"users":{"@alice:a.test":60,` + strings.Join(users, ",") + `}}`
	f.Fuzz(func(t *testing.T, vi uint8, atOld, cutOld int, fragOld string, atNew, cutNew int, fragNew string) {
		v := vers[int(vi)%len(vers)]
		splice := func(at, cut int, frag string) (string, bool) {
			if at < 1 || cut < 0 || at+cut >= len(base) {
				return "", false
			}
			s := base[:at] + frag + base[at+cut:]
			var m map[string]any
			return s, utf8.ValidString(s) && json.Unmarshal([]byte(s), &m) == nil
		}
		oldC, ok1 := splice(atOld, cutOld, fragOld)
		newC, ok2 := splice(atNew, cutNew, fragNew)
		if !ok1 || !ok2 {
			return
		}
		sender := "@alice:a.test"
		if v.PrivilegedCreators {
			sender = "@bob:a.test" // not the creator, so levels matter
		}
		oldEv, newEv := fuzzPL(v, sender, "old", oldC), fuzzPL(v, sender, "new", newC)
		if oldEv == nil || newEv == nil {
			return
		}
		create := fuzzState(v, event.TypeCreate, "@alice:a.test", "c", `{"creator":"@alice:a.test"}`)
		state := StateMap{{Type: event.TypePowerLevels}: oldEv}
		if create == nil {
			t.Fatal("the create event does not parse")
		}
		state[StateKey{Type: event.TypeCreate}] = create
		verdict := func(readAll bool) string {
			c := checker{ev: newEv, v: v, st: lookup{state: state}, readAll: readAll}
			c.create = c.st.get(event.TypeCreate, "")
			c.pl = c.st.get(event.TypePowerLevels, "")
			if c.powerLevels() == reject {
				switch c.err.Rule {
				case RuleDefPL4, RulePL3, RulePL4, RulePL5, RulePL6, RulePL7:
					return string(c.err.Rule) + " " + c.err.Details.Key
				}
				return string(c.err.Rule)
			}
			return "allowed"
		}
		if got, want := verdict(false), verdict(true); got != want {
			t.Fatalf("v%s: by difference %s, reading all %s\nold %s\nnew %s", v.ID, got, want, oldC, newC)
		}
	})
}

// fuzzPL builds a power-levels event of room version v (nil when the
// content makes it invalid).
func fuzzPL(v roomversion.Version, sender, id, content string) *event.Event {
	return fuzzState(v, event.TypePowerLevels, sender, id, content)
}

// fuzzState builds a state event with state_key "" (nil when invalid).
func fuzzState(v roomversion.Version, typ, sender, id, content string) *event.Event {
	id = "$" + id
	room := `"room_id":"!c:a.test",`
	if v.RoomIDFromCreateEvent {
		room = `"room_id":"!c",`
		if typ == event.TypeCreate {
			room = ""
		}
	}
	extra := ""
	if v.EventIDFormat == roomversion.EventIDGiven {
		id += ":a.test"
		extra = `"event_id":"` + id + `",`
	}
	raw := `{` + extra + room + `"type":"` + typ + `","state_key":"","sender":"` + sender + `","content":` + content +
		`,"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`
	e, err := event.NewWithID([]byte(raw), id, v)
	if err != nil {
		return nil
	}
	return e
}

// TestFuzzPLBuildsEvents checks that the fuzz target's events parse and
// that its large objects are compared by difference, so that the target
// asserts something.
func TestFuzzPLBuildsEvents(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V1(), roomversion.V7(), roomversion.V10(), roomversion.V12()} {
		users := make([]string, 80)
		for i := range users {
			users[i] = fmt.Sprintf(`"@u%03d:a.test":%d`, i, i)
		}
		content := `{"users":{` + strings.Join(users, ",") + `}}`
		e := fuzzPL(v, "@alice:a.test", "x", content)
		if fuzzState(v, event.TypeCreate, "@alice:a.test", "c", `{}`) == nil || e == nil {
			t.Fatalf("v%s: the fuzz target's event does not parse", v.ID)
		}
		m := newPLMemo(e)
		if _, ok := diffObjects(m.objTables().users, m.users, grammarOf(&v)); !ok {
			t.Fatalf("v%s: the fuzz target's users are not compared by difference", v.ID)
		}
	}
}
