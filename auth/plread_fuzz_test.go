package auth

import (
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// FuzzReadPowerLevels checks the one-pass read of a power-levels content
// against encoding/json on any content a parsed event can hold: every
// field the rules read is the raw text of that key (absent when missing),
// every users member's value is found by user, and the events entry of
// the checked type that a check's own read looks up in its pass equals the
// raw text of that entry. Both a check's own view and the memo are read.
func FuzzReadPowerLevels(f *testing.F) {
	f.Add(`{"users":{"@a:a.test":100,"@b:a.test":"50"},"events":{"m.room.name":50},"ban":1}`, "m.room.name")
	f.Add("{\n \"users\": {\n  \"@a:a.test\" : 100\n },\n \"events\" :{\"m.room.x\": [1, {\"}\": \"\\\"\"}]},\n \"kick\":\t50\n}", "m.room.x")
	f.Add(`{"us\u0065rs":{"@\u0061:a.test":1},"events":{"m.r\u006fom.name":2,"x":null},"notifications":{"room":0}}`, "m.room.name")
	f.Add(`{"users":[],"events":"x","state_default":null,"other":{"users":{"@a:a.test":9}}}`, "")
	fields := []string{"users", "users_default", "events", "events_default", "state_default", "ban", "kick", "invite", "redact", "notifications"}
	f.Fuzz(func(t *testing.T, content, typ string) {
		e, err := event.NewWithID([]byte(`{"type":"m.room.power_levels","state_key":"","sender":"@a:a.test","room_id":"!r:a.test","content":`+content+`,"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$pl", roomversion.V7())
		if err != nil {
			return
		}
		var top map[string]json.RawMessage
		if json.Unmarshal([]byte(e.ContentJSON()), &top) != nil {
			t.Fatalf("parsed content %q is not a JSON object", e.ContentJSON())
		}
		view := plView{evType: typ}
		view.read(e)
		memo := newPLMemo(e)
		for _, v := range []*plView{&view, &memo.plView} {
			for _, k := range fields {
				if got, want := *v.slot(k), jv(top[k]); got != want {
					t.Fatalf("%s: field %s = %q, want %q", content, k, got, want)
				}
			}
			var users map[string]json.RawMessage
			if json.Unmarshal(top["users"], &users) == nil && v.users.IsObject() {
				for u, raw := range users {
					if got := v.user(u); got != jv(raw) {
						t.Fatalf("%s: user %q = %q, want %q", content, u, got, raw)
					}
				}
			}
		}
		var evs map[string]json.RawMessage
		if typ != "" && json.Unmarshal(top["events"], &evs) == nil && view.events.IsObject() {
			if !view.evTypeRead {
				t.Fatalf("%s: the events entry of %q was not looked up in the pass", content, typ)
			}
			if got, want := view.eventsEntry(typ), jv(evs[typ]); got != want {
				t.Fatalf("%s: events[%q] = %q, want %q", content, typ, got, want)
			}
		}
	})
}
