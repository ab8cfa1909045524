package event_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Parsing a room version 4+ PDU validates it and derives its event ID from
// the reference hash (the DIGEST §6.8 vector).
func ExampleParse() {
	pdu := []byte(`{"auth_events":["$b"],"content":{"body":"hi"},"depth":2,` +
		`"hashes":{"sha256":"mwBDqzKUTaN9ZZWSJtsegonNbbBSz9xu5oY+rW/vk90"},` +
		`"origin_server_ts":1000004,"prev_events":["$a"],"room_id":"!r:domain",` +
		`"sender":"@u:domain","signatures":{},"type":"m.room.message","unsigned":{"age_ts":5}}`)
	ev, err := event.Parse(pdu, roomversion.V4())
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.ID(), ev.Type(), ev.Sender())

	// The same text carrying event_id is not a valid v4 PDU (DECISIONS D16).
	_, err = event.Parse(append([]byte(`{"event_id":"$x",`), pdu[1:]...), roomversion.V4())
	var verr *event.ValidationError
	fmt.Println(errors.As(err, &verr), verr.Field)
	// Output:
	// $Me2K3AU-k_ydDfTw84YKYnYPW6g-4ZUHNRvfbAnxxcg m.room.message @u:domain
	// true event_id
}

// Signing sets the content hash and adds a signature; verification takes
// the keys the caller knows, with their validity already capped.
func ExampleSign() {
	v := roomversion.V6()
	seed := make([]byte, ed25519.SeedSize) // a throwaway key
	priv := ed25519.NewKeyFromSeed(seed)
	pdu := []byte(`{"type":"m.room.message","sender":"@alice:example.org","room_id":"!r:example.org",` +
		`"content":{"body":"hello"},"depth":3,"origin_server_ts":1700000000000,` +
		`"auth_events":[],"prev_events":[],"hashes":{},"signatures":{}}`)
	signed, err := event.Sign(pdu, v, "example.org", "ed25519:k1", priv)
	if err != nil {
		panic(err)
	}
	ev, err := event.Parse(signed, v)
	if err != nil {
		panic(err)
	}
	keys := event.KeyRing{"example.org": {"ed25519:k1": {
		Key:          priv.Public().(ed25519.PublicKey),
		ValidUntilTS: 1700000000000, // valid up to the event's origin_server_ts: counts
	}}}
	fmt.Println(ev.VerifySignatures(keys) == nil)

	expired := event.KeyRing{"example.org": {"ed25519:k1": {
		Key:          priv.Public().(ed25519.PublicKey),
		ValidUntilTS: 1699999999999, // expired before the event (v5+ enforce it)
	}}}
	fmt.Println(ev.VerifySignatures(expired) == nil)
	ok, _ := ev.ContentHashValid()
	fmt.Println(ok)
	// Output:
	// true
	// false
	// true
}

// Redaction keeps what the room version's algorithm keeps: here a
// power-levels event loses invite (RED-2).
func ExampleRedactJSON() {
	pdu := []byte(`{"type":"m.room.power_levels","state_key":"","sender":"@a:x","room_id":"!r:x",` +
		`"content":{"ban":50,"invite":0,"users":{"@a:x":100}},"depth":1,"origin_server_ts":1,` +
		`"auth_events":[],"prev_events":[],"hashes":{"sha256":"x"},"signatures":{},"unsigned":{"age":1}}`)
	red, err := event.RedactJSON(pdu, roomversion.V6())
	if err != nil {
		panic(err)
	}
	fmt.Println(string(red))
	// Output:
	// {"auth_events":[],"content":{"ban":50,"users":{"@a:x":100}},"depth":1,"hashes":{"sha256":"x"},"origin_server_ts":1,"prev_events":[],"room_id":"!r:x","sender":"@a:x","signatures":{},"state_key":"","type":"m.room.power_levels"}
}

// Canonical JSON as the spec's example writes it: sorted keys, -0 and
// exponents normalised, no HTML escaping, non-ASCII raw.
func ExampleCanonicalJSON() {
	out, err := event.CanonicalJSON([]byte(`{"b":1e10, "a": -0, "日":1, "本":"<\u0026>"}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output: {"a":0,"b":10000000000,"日":1,"本":"<&>"}
}

// In room version 12 the create event has no room_id: the room ID is "!"
// plus the create event's ID, which RoomID returns, and every other event
// names its create event through its room_id instead of listing it
// (EID-12-1, FMT-12-1..3). The create event is the one of mautrix-go's v12
// test room (DIGEST-V8-12 §6.3, EID-12-3).
func ExampleEvent_RoomID() {
	v := roomversion.V12()
	create, err := event.Parse([]byte(`{"type":"m.room.create","state_key":"","sender":"@tulir:maunium.net",`+
		`"content":{"room_version":"12"},"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1756071567186,`+
		`"hashes":{"sha256":"qJYytb+EqWPiiZ0ogDODcLeA8XYw/2hVTaLHihcVBZQ"},"signatures":{}}`), v)
	if err != nil {
		panic(err)
	}
	fmt.Println(create.ID())
	fmt.Println(create.RoomID())

	join := `{"type":"m.room.member","state_key":"@tulir:maunium.net","sender":"@tulir:maunium.net",` +
		`"room_id":"` + create.RoomID() + `","content":{"membership":"join"},"auth_events":AUTH,` +
		`"prev_events":["` + create.ID() + `"],"depth":2,"origin_server_ts":1756071567187,"hashes":{"sha256":"x"},"signatures":{}}`
	ev, err := event.Parse([]byte(strings.Replace(join, "AUTH", `[]`, 1)), v)
	if err != nil {
		panic(err)
	}
	implied, _ := ev.ImpliedCreateEventID()
	fmt.Println(implied == create.ID(), ev.RoomID() == create.RoomID())

	// Listing the implied create event makes the PDU invalid (FMT-12-3).
	_, err = event.Parse([]byte(strings.Replace(join, "AUTH", `["`+create.ID()+`"]`, 1)), v)
	var verr *event.ValidationError
	fmt.Println(errors.As(err, &verr), verr.Field)
	// Output:
	// $lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54
	// !lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54
	// true true
	// true auth_events
}
