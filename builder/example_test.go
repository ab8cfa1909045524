package builder_test

import (
	"crypto/ed25519"
	"fmt"
	"regexp"
	"strings"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Example builds a small room of version 12 (create, the creator's join,
// power levels, join rules, a message) with the public API only, judging
// each event against its own auth events before applying it.
func Example() {
	seed := make([]byte, ed25519.SeedSize) // a fixed, public test seed
	copy(seed, "builder example seed")
	key := builder.SigningKey{ServerName: "example.org", KeyID: "ed25519:1", PrivateKey: ed25519.NewKeyFromSeed(seed)}
	v := roomversion.V12()
	const creator = "@alice:example.org"

	state := auth.StateMap{}
	var roomID string
	var last *event.Event
	send := func(p builder.Proto) {
		p.Sender, p.RoomID = creator, roomID
		p.Depth, p.OriginServerTS = 1, 1_750_000_000_000
		if last != nil {
			p.PrevEvents = []string{last.ID()}
			p.Depth = last.Depth() + 1
			p.OriginServerTS = last.OriginServerTS() + 1
		}
		res, err := builder.Build(p, v, state, key)
		if err != nil {
			fmt.Println(err)
			return
		}
		ev := res.Event
		// Judge the event as a receiver does: against its auth events,
		// with the create event its room_id implies (v12).
		authEvents := res.AuthEvents
		var listed []string
		for _, ae := range authEvents {
			sk, _ := ae.StateKey()
			listed = append(listed, ae.Type()+"/"+sk)
		}
		if res.ImpliedCreate != nil {
			authEvents = append(authEvents, res.ImpliedCreate)
		}
		verdict := "allowed"
		if err := auth.CheckAuthEvents(ev, authEvents); err != nil {
			verdict = err.Error()
		}
		fmt.Printf("%-19s %s auth_events [%s]: %s\n", ev.Type(), shape(ev.ID()), strings.Join(listed, " "), verdict)
		if res.RoomID != "" && roomID == "" {
			roomID = res.RoomID
			fmt.Printf("room %s, named by the create event: %v\n", shape(roomID), roomID == "!"+ev.ID()[1:])
		}
		if sk, ok := ev.StateKey(); ok && verdict == "allowed" {
			state[auth.StateKey{Type: ev.Type(), StateKey: sk}] = ev
		}
		last = ev
	}

	send(builder.Proto{Type: event.TypeCreate, StateKey: builder.StateKey(""), ContentMap: map[string]any{"room_version": v.ID}})
	send(builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(creator), ContentMap: map[string]any{"membership": "join"}})
	send(builder.Proto{Type: event.TypePowerLevels, StateKey: builder.StateKey(""), ContentMap: map[string]any{"users": map[string]any{}}})
	send(builder.Proto{Type: event.TypeJoinRules, StateKey: builder.StateKey(""), Content: []byte(`{"join_rule":"invite"}`)})
	send(builder.Proto{Type: "m.room.message", Content: []byte(`{"msgtype":"m.text","body":"hello"}`)})

	// Output:
	// m.room.create       $ + 43 URL-safe base64 auth_events []: allowed
	// room ! + 43 URL-safe base64, named by the create event: true
	// m.room.member       $ + 43 URL-safe base64 auth_events []: allowed
	// m.room.power_levels $ + 43 URL-safe base64 auth_events [m.room.member/@alice:example.org]: allowed
	// m.room.join_rules   $ + 43 URL-safe base64 auth_events [m.room.power_levels/ m.room.member/@alice:example.org]: allowed
	// m.room.message      $ + 43 URL-safe base64 auth_events [m.room.power_levels/ m.room.member/@alice:example.org]: allowed
}

var urlSafe43 = regexp.MustCompile(`^[$!][A-Za-z0-9_-]{43}$`)

// shape describes an ID without printing it.
func shape(id string) string {
	if urlSafe43.MatchString(id) {
		return id[:1] + " + 43 URL-safe base64"
	}
	return "unexpected ID " + id
}
