package auth_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// TestDefPL1UsersReadInOnePass checks DEF-PL-1 reads of users as the
// memoised one-pass read records them: a users key written with escapes,
// small and larger users objects (kept in the memo's array, or indexed),
// a repeated user entry (the last counts), an escaped user key, and
// users values that are not objects. Each level is read from a fresh event
// and again from the memoised one, and must be the same both times.
func TestDefPL1UsersReadInOnePass(t *testing.T) {
	v := versions("7")[0]
	create := build(t, v, spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `"}`})
	many := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, `,"@u%03d:a.test":%d`, i, i%90)
		}
		return b.String()
	}
	cases := []struct {
		name, content, user string
		want                int64
	}{
		{"DEF-PL-1 escaped users key", `{"us\u0065rs":{"@bob:a.test":60}}`, bob, 60},
		{"DEF-PL-1 escaped user key", `{"users":{"@b\u006fb:a.test":61}}`, bob, 61},
		{"DEF-PL-1 users_default after users", `{"users":{"@x:a.test":1},"users_default":7}`, bob, 7},
		{"DEF-PL-1 small users", `{"users":{"@a:a.test":1,"@bob:a.test":62,"@c:a.test":3}}`, bob, 62},
		{"DEF-PL-1 eight users", `{"users":{"@bob:a.test":63` + many(7) + `}}`, bob, 63},
		{"DEF-PL-1 nine users", `{"users":{"@bob:a.test":64` + many(8) + `}}`, bob, 64},
		{"DEF-PL-1 many users", `{"users":{"@bob:a.test":65` + many(100) + `}}`, bob, 65},
		{"DEF-PL-1 many users, last one", `{"users":{` + many(100)[1:] + `,"@bob:a.test":66}}`, bob, 66},
		{"DEF-PL-1 absent user", `{"users":{"@a:a.test":1},"users_default":"5"}`, bob, 5},
		{"DEF-PL-1 users not an object", `{"users":[],"users_default":3}`, bob, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl, err := event.NewWithID([]byte(`{"type":"m.room.power_levels","state_key":"","sender":"`+alice+`","room_id":"!r:a.test","content":`+c.content+`,"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$pl", v)
			if err != nil {
				t.Fatal(err)
			}
			for round := 0; round < 4; round++ { // fresh, then memoised (and past the scans before an index)
				l, err := auth.PowerLevelFromEvents(create, pl, c.user)
				if c.want < 0 {
					if err == nil {
						t.Fatalf("round %d: want a DEF-PL-4 error, got level %v", round, l)
					}
					continue
				}
				if err != nil || l != auth.IntLevel(c.want) {
					t.Fatalf("round %d: level %v (%v), want %d", round, l, err, c.want)
				}
			}
		})
	}
}
