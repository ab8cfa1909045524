package auth_test

import (
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Judging a knock: allowed in a version 7 room whose join rule is knock,
// rejected in a version 6 room, where knock is not a membership.
func Example_knock() {
	for _, v := range []roomversion.Version{roomversion.V7(), roomversion.V6()} {
		mk := func(id, typ, sender, stateKey, content string) *event.Event {
			pdu := `{"type":"` + typ + `","sender":"` + sender + `","room_id":"!room:example.org",` +
				`"state_key":"` + stateKey + `","content":` + content + `,"depth":1,` +
				`"origin_server_ts":0,"hashes":{"sha256":"x"},"signatures":{},` +
				`"auth_events":[],"prev_events":[]}`
			ev, err := event.NewWithID([]byte(pdu), id, v)
			if err != nil {
				panic(err)
			}
			return ev
		}
		state := auth.StateMap{}
		for _, ev := range []*event.Event{
			mk("$create", "m.room.create", "@alice:example.org", "", `{"creator":"@alice:example.org"}`),
			mk("$join", "m.room.member", "@alice:example.org", "@alice:example.org", `{"membership":"join"}`),
			mk("$rules", "m.room.join_rules", "@alice:example.org", "", `{"join_rule":"knock"}`),
		} {
			sk, _ := ev.StateKey()
			state[auth.StateKey{Type: ev.Type(), StateKey: sk}] = ev
		}
		knock := mk("$knock", "m.room.member", "@bob:example.org", "@bob:example.org", `{"membership":"knock"}`)

		err := auth.Check(knock, state)
		var rej *auth.Rejection
		switch {
		case err == nil:
			fmt.Printf("v%s: allowed\n", v.ID)
		case errors.As(err, &rej):
			fmt.Printf("v%s: rejected by %s\n", v.ID, rej.Rule)
		}
	}
	// Output:
	// v7: allowed
	// v6: rejected by MEMBER-UNKNOWN-1
}
