package receipt_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
)

// The receive path of a server: each PDU goes through receipt.Check with the
// keys the server knows and a lookup of the events it has already judged.
// The room is a room version 12 room, whose ID is derived from the create
// event, which every other event's room_id implies as an auth event.
func ExampleCheck() {
	v := roomversion.V12()
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)) // a throwaway key
	keys := event.KeyRing{"example.org": {"ed25519:1": {Key: priv.Public().(ed25519.PublicKey)}}}
	sign := func(pdu string) []byte {
		signed, err := event.Sign([]byte(pdu), v, "example.org", "ed25519:1", priv)
		if err != nil {
			panic(err)
		}
		return signed
	}

	// What the server has judged so far, and whether it rejected each event.
	judged := map[string]receipt.Result{}
	lookup := func(id string) (*event.Event, bool) {
		r, ok := judged[id]
		if !ok {
			return nil, false // unknown
		}
		return r.Event, !r.Accepted()
	}
	receive := func(pdu []byte) receipt.Result {
		r := receipt.Check(receipt.Input{PDU: pdu, Version: v, Keys: keys, AuthEvents: lookup}, receipt.Options{})
		if r.Event != nil {
			judged[r.Event.ID()] = r // store the form judged, redacted or not
		}
		return r
	}

	create := receive(sign(`{"type":"m.room.create","state_key":"","sender":"@alice:example.org",` +
		`"content":{"room_version":"12"},"depth":1,"origin_server_ts":1700000000000,` +
		`"auth_events":[],"prev_events":[],"hashes":{},"signatures":{}}`))
	fmt.Println("create accepted:", create.Accepted())
	roomID := event.RoomIDOfCreateEventID(create.Event.ID())

	// Alice's first join lists no auth events: the create event is implied.
	join := receive(sign(`{"type":"m.room.member","state_key":"@alice:example.org","sender":"@alice:example.org",` +
		`"room_id":"` + roomID + `","content":{"membership":"join"},"depth":2,"origin_server_ts":1700000000001,` +
		`"auth_events":[],"prev_events":["` + create.Event.ID() + `"],"hashes":{},"signatures":{}}`))
	fmt.Println("join accepted:", join.Accepted())

	// Bob never joined: his message fails the rules against its auth events.
	msg := receive(sign(`{"type":"m.room.message","sender":"@bob:example.org","room_id":"` + roomID + `",` +
		`"content":{"body":"hi"},"depth":3,"origin_server_ts":1700000000002,` +
		`"auth_events":[],"prev_events":["` + join.Event.ID() + `"],"hashes":{},"signatures":{}}`))
	var rej *auth.Rejection
	fmt.Println("message refused at:", msg.Step.Rule(), msg.Step, errors.As(msg.Err, &rej), rej.Rule)

	// A server whose key is unknown: dropped at the signature step.
	other := receipt.Check(receipt.Input{PDU: sign(`{"type":"m.room.message","sender":"@alice:example.org",` +
		`"room_id":"` + roomID + `","content":{"body":"hi"},"depth":3,"origin_server_ts":1700000000003,` +
		`"auth_events":["` + join.Event.ID() + `"],"prev_events":["` + join.Event.ID() + `"],"hashes":{},"signatures":{}}`),
		Version: v, AuthEvents: lookup}, receipt.Options{})
	fmt.Println("without keys:", other.Step.Rule(), other.Refused())

	// Content changed in transit: the hash fails, the redacted form is judged.
	tampered := bytes.Replace(sign(`{"type":"m.room.message","sender":"@alice:example.org",`+
		`"room_id":"`+roomID+`","content":{"body":"hi"},"depth":3,"origin_server_ts":1700000000004,`+
		`"auth_events":["`+join.Event.ID()+`"],"prev_events":["`+join.Event.ID()+`"],"hashes":{},"signatures":{}}`),
		[]byte(`"body":"hi"`), []byte(`"body":"pwned"`), 1)
	red := receive(tampered)
	fmt.Println("tampered:", red.Accepted(), red.Redacted, red.Event.ContentJSON())
	// Output:
	// create accepted: true
	// join accepted: true
	// message refused at: PDU-4 auth events true SENDER-1
	// without keys: PDU-2 true
	// tampered: true true {}
}

// With the state before the event and the room's current state, the
// pipeline runs its last two steps: an event that the current state no
// longer allows (its sender has left since) is soft-failed, not rejected.
func ExampleCheck_softFail() {
	v := roomversion.V11()
	priv := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	keys := event.KeyRing{"example.org": {"ed25519:1": {Key: priv.Public().(ed25519.PublicKey)}}}
	parse := func(pdu string) *event.Event {
		signed, err := event.Sign([]byte(pdu), v, "example.org", "ed25519:1", priv)
		if err != nil {
			panic(err)
		}
		ev, err := event.Parse(signed, v)
		if err != nil {
			panic(err)
		}
		return ev
	}
	create := parse(`{"type":"m.room.create","state_key":"","sender":"@alice:example.org","room_id":"!r:example.org",` +
		`"content":{"room_version":"11"},"depth":1,"origin_server_ts":1,"auth_events":[],"prev_events":[],"hashes":{},"signatures":{}}`)
	join := parse(`{"type":"m.room.member","state_key":"@alice:example.org","sender":"@alice:example.org","room_id":"!r:example.org",` +
		`"content":{"membership":"join"},"depth":2,"origin_server_ts":2,"auth_events":["` + create.ID() + `"],` +
		`"prev_events":["` + create.ID() + `"],"hashes":{},"signatures":{}}`)
	leave := parse(`{"type":"m.room.member","state_key":"@alice:example.org","sender":"@alice:example.org","room_id":"!r:example.org",` +
		`"content":{"membership":"leave"},"depth":3,"origin_server_ts":3,"auth_events":["` + create.ID() + `","` + join.ID() + `"],` +
		`"prev_events":["` + join.ID() + `"],"hashes":{},"signatures":{}}`)
	// A message sent while alice was joined, arriving after her leave.
	msg := parse(`{"type":"m.room.message","sender":"@alice:example.org","room_id":"!r:example.org",` +
		`"content":{"body":"late"},"depth":3,"origin_server_ts":4,"auth_events":["` + create.ID() + `","` + join.ID() + `"],` +
		`"prev_events":["` + join.ID() + `"],"hashes":{},"signatures":{}}`)

	known := map[string]*event.Event{create.ID(): create, join.ID(): join, leave.ID(): leave}
	before := auth.StateMap{{Type: "m.room.create"}: create, {Type: "m.room.member", StateKey: "@alice:example.org"}: join}
	current := auth.StateMap{{Type: "m.room.create"}: create, {Type: "m.room.member", StateKey: "@alice:example.org"}: leave}
	r := receipt.Check(receipt.Input{
		Event: msg, Keys: keys,
		AuthEvents:  func(id string) (*event.Event, bool) { return known[id], false },
		StateBefore: before, CurrentState: current,
	}, receipt.Options{})
	fmt.Println(r.SoftFailed(), r.Refused(), r.Step.Rule(), r.Rejection().Rule)
	// Output:
	// true false PDU-6 SENDER-1
}
