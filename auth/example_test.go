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

// Judging events of a room version 12 room: the room ID names the create
// event, which every check receives as the implied auth event (never
// listed), and its creators have an infinite power level, so one creator
// cannot kick another.
func Example_creators() {
	v := roomversion.V12()
	mk := func(id, sender, stateKey, content string, authIDs string) *event.Event {
		room := `"room_id":"!create",`
		typ := "m.room.member"
		if id == "$create" {
			room, typ = "", "m.room.create"
		}
		pdu := `{"type":"` + typ + `","sender":"` + sender + `",` + room +
			`"state_key":"` + stateKey + `","content":` + content + `,"depth":1,` +
			`"origin_server_ts":0,"hashes":{"sha256":"x"},"signatures":{},` +
			`"auth_events":[` + authIDs + `],"prev_events":[]}`
		ev, err := event.NewWithID([]byte(pdu), id, v)
		if err != nil {
			panic(err)
		}
		return ev
	}
	const alice, bob = "@alice:example.org", "@bob:example.org"
	create := mk("$create", alice, "", `{"room_version":"12","additional_creators":["`+bob+`"]}`, "")
	aliceJoin := mk("$a", alice, alice, `{"membership":"join"}`, "")
	bobJoin := mk("$b", bob, bob, `{"membership":"join"}`, "")
	kick := mk("$kick", alice, bob, `{"membership":"leave"}`, `"$a","$b"`)

	lvl, _ := auth.PowerLevelFromEvents(create, nil, bob)
	fmt.Println("bob's level:", lvl)
	// The listed auth events, then the implied create event.
	err := auth.CheckAuthEvents(kick, []*event.Event{aliceJoin, bobJoin, create})
	var rej *auth.Rejection
	if errors.As(err, &rej) {
		fmt.Println("kick rejected by", rej.Rule)
	}
	// Without the implied create event the kick names no room.
	err = auth.CheckAuthEvents(kick, []*event.Event{aliceJoin, bobJoin})
	if errors.As(err, &rej) {
		fmt.Println("without it:", rej.Rule)
	}
	// Output:
	// bob's level: infinite
	// kick rejected by MEMBER-LEAVE-5
	// without it: ROOMID-1
}
