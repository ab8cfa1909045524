package auth

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// TestPLMemoMatchesScan checks the memoised power-levels fields against
// reading the content directly: every field equals what a lookup of that
// key in the content gives, and every users lookup (for present and
// absent users, in the memo's array, its index or by scanning) equals
// the users value's own lookup, on random contents with escaped keys,
// whitespace and users objects of 0 to 80 members. A check's own view
// (nothing cached) reads the same fields and users, and the events entry
// of the checked event's type it looks up in its pass equals the lookup.
func TestPLMemoMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewSource(14))
	rv := roomversion.V7()
	ws := func() string { return []string{"", " ", "\n  ", "\t"}[rng.Intn(4)] }
	key := func(k string) string {
		if rng.Intn(4) == 0 && len(k) > 2 {
			return `"` + k[:1] + fmt.Sprintf(`\u%04x`, k[1]) + k[2:] + `"`
		}
		return `"` + k + `"`
	}
	for n := 0; n < 300; n++ {
		nu := rng.Intn(81)
		var users []string
		var names []string
		for i := 0; i < nu; i++ {
			u := fmt.Sprintf("@u%d:a.test", i)
			names = append(names, u)
			users = append(users, ws()+key(u)+ws()+":"+ws()+fmt.Sprint(rng.Intn(100)))
		}
		rng.Shuffle(len(users), func(i, j int) { users[i], users[j] = users[j], users[i] })
		members := []string{key("users") + ":{" + strings.Join(users, ",") + ws() + "}"}
		for _, k := range []string{"ban", "kick", "events_default", "users_default", "state_default", "invite", "redact"} {
			if rng.Intn(2) == 0 {
				members = append(members, ws()+key(k)+":"+ws()+fmt.Sprint(rng.Intn(100)))
			}
		}
		members = append(members, `"events":{`+ws()+key("m.room.name")+`:`+ws()+fmt.Sprint(rng.Intn(100))+`,"m.room.topic":5}`, `"other":[1,{"users":2,"events":{"m.room.name":7}}]`)
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		content := "{" + strings.Join(members, ",") + "}"
		e, err := event.NewWithID([]byte(`{"type":"m.room.power_levels","state_key":"","sender":"@a:a.test","room_id":"!r:a.test","content":`+content+`,"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$pl", rv)
		if err != nil {
			t.Fatalf("%s: %v", content, err)
		}
		m := newPLMemo(e)
		c := jv(e.ContentJSON())
		for _, k := range []string{"users", "users_default", "events", "events_default", "state_default", "ban", "kick", "invite", "redact", "notifications"} {
			var got jv
			if p := m.slot(k); p != nil {
				got = *p
			}
			if want := c.Get(k); got != want {
				t.Fatalf("%s: field %s = %q, want %q", content, k, got, want)
			}
		}
		// A check's own view: the same fields, users and, for the
		// checked event's type, the events entry its pass looked up.
		for _, typ := range []string{"m.room.name", "m.room.other", ""} {
			v := plView{evType: typ}
			v.read(e)
			if v.plFields != m.plFields {
				t.Fatalf("%s: a check's view read %+v, the memo %+v", content, v.plFields, m.plFields)
			}
			if typ != "" && !v.evTypeRead {
				t.Fatalf("%s: events entry of %q not looked up in the pass", content, typ)
			}
			if got, want := v.eventsEntry(typ), v.events.Get(typ); got != want {
				t.Fatalf("%s: events[%q] = %q, want %q", content, typ, got, want)
			}
			for _, u := range append(names, "@absent:a.test") {
				if got, want := v.user(u), m.users.Get(u); got != want {
					t.Fatalf("%s: a check's view: user %q = %q, want %q", content, u, got, want)
				}
			}
		}
		for round := 0; round < 4; round++ {
			for _, u := range append(names, "@absent:a.test", "") {
				if got, want := m.user(u), m.users.Get(u); got != want {
					t.Fatalf("%s: round %d, user %q = %q, want %q", content, round, u, got, want)
				}
			}
		}
	}
}
