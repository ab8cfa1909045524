package handshake_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
)

// Example walks one knock through the federation handshake: the resident
// server example.org builds the template, the knocking server
// remote.example checks and signs it, the resident server accepts the
// knock, and Alice accepts it in turn with an invite that the auth rules
// judge.
func Example() {
	v := roomversion.V7()
	state, last := exampleRoom(v) // Alice's room, join rule knock
	fmt.Println("directory lists it as:", handshake.PublicRoomJoinRule(state))

	// 1. Resident server: GET /make_knock/!room:example.org/@bob:remote.example?ver=6&ver=7
	resp, err := handshake.MakeKnock(handshake.MakeRequest{
		RoomVersion: v, RoomID: "!room:example.org", UserID: "@bob:remote.example",
		Ver: []string{"6", "7"}, PrevEvents: []*event.Event{last}, Depth: last.Depth() + 1,
		OriginServerTS: 1714000100000, Origin: "remote.example",
	}, state)
	if err != nil {
		fmt.Println("make_knock:", err)
		return
	}
	body, _ := json.Marshal(resp)

	// 2. Knocking server: check the template, then hash and sign it.
	tpl, err := handshake.ValidateKnockTemplate(body, handshake.Request{
		RoomID: "!room:example.org", UserID: "@bob:remote.example", Ver: []string{"6", "7"},
	})
	if err != nil {
		fmt.Println("template refused:", err)
		return
	}
	remoteKey := exampleKey("remote.example")
	pdu, err := event.Sign(tpl.Event, tpl.RoomVersion, "remote.example", "ed25519:1", remoteKey)
	if err != nil {
		fmt.Println("sign:", err)
		return
	}
	eventID, _ := event.ComputeEventID(pdu, tpl.RoomVersion)

	// 3. Resident server: PUT /send_knock/!room:example.org/{eventID}
	res, err := handshake.SendKnock(handshake.SendKnockRequest{
		RoomVersion: v, RoomID: "!room:example.org", EventID: eventID,
		Origin: "remote.example", PDU: pdu,
		Keys: event.KeyRing{"remote.example": {"ed25519:1": {Key: remoteKey.Public().(ed25519.PublicKey)}}},
	}, state)
	if err != nil {
		fmt.Println("send_knock:", err)
		return
	}
	fmt.Println("knock:", handshake.DescribeMembership(res.Event, ""))
	for _, s := range res.KnockRoomState {
		fmt.Println("  knock_room_state:", s.Type)
	}

	// 4. The knock is in the room; Alice accepts it with an invite.
	state[auth.StateKey{Type: event.TypeMember, StateKey: "@bob:remote.example"}] = res.Event
	invite := exampleEvent(v, state, res.Event, "@alice:example.org", "@bob:remote.example", "invite")
	if err := auth.Check(invite, state); err != nil {
		fmt.Println("invite rejected:", err)
		return
	}
	fmt.Println("invite:", handshake.DescribeMembership(invite, "knock"))

	// Output:
	// directory lists it as: knock
	// knock: knocked
	//   knock_room_state: m.room.create
	//   knock_room_state: m.room.join_rules
	// invite: knock accepted
}

// exampleKey derives a server's signing key from its name (for the
// example only; real keys come from a secure random source).
func exampleKey(server string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("example key " + server))
	return ed25519.NewKeyFromSeed(seed[:])
}

// exampleRoom builds a version v room by Alice with join rule knock and
// returns its current state and latest event.
func exampleRoom(v roomversion.Version) (auth.StateMap, *event.Event) {
	state := auth.StateMap{}
	var last *event.Event
	add := func(typ, sk string, content map[string]any) {
		fields := map[string]any{
			"type": typ, "room_id": "!room:example.org", "sender": "@alice:example.org", "state_key": sk,
			"content": content, "origin_server_ts": 1714000001000 + int64(len(state))*1000,
			"auth_events": authRefs(state, typ, "@alice:example.org", sk, content), "prev_events": []string{}, "depth": 1,
		}
		if last != nil {
			fields["prev_events"] = []string{last.ID()}
			fields["depth"] = last.Depth() + 1
		}
		_, ev, err := pdutest.Build(v, fields, pdutest.Signer{Server: "example.org", Priv: exampleKey("example.org")})
		if err != nil {
			panic(err)
		}
		state[auth.StateKey{Type: typ, StateKey: sk}] = ev
		last = ev
	}
	add(event.TypeCreate, "", map[string]any{"creator": "@alice:example.org", "room_version": v.ID})
	add(event.TypeMember, "@alice:example.org", map[string]any{"membership": "join"})
	add(event.TypePowerLevels, "", map[string]any{"users": map[string]any{"@alice:example.org": 100}})
	add(event.TypeJoinRules, "", map[string]any{"join_rule": "knock"})
	return state, last
}

// exampleEvent builds a member event by sender for target after prev.
func exampleEvent(v roomversion.Version, state auth.StateMap, prev *event.Event, sender, target, membership string) *event.Event {
	content := map[string]any{"membership": membership}
	fields := map[string]any{
		"type": event.TypeMember, "room_id": "!room:example.org", "sender": sender, "state_key": target,
		"content": content, "origin_server_ts": prev.OriginServerTS() + 1000,
		"auth_events": authRefs(state, event.TypeMember, sender, target, content),
		"prev_events": []string{prev.ID()}, "depth": prev.Depth() + 1,
	}
	_, ev, err := pdutest.Build(v, fields, pdutest.Signer{Server: "example.org", Priv: exampleKey("example.org")})
	if err != nil {
		panic(err)
	}
	return ev
}

// authRefs selects auth events from state with the auth package.
func authRefs(state auth.StateMap, typ, sender, sk string, content map[string]any) []string {
	fields := map[string]any{
		"type": typ, "room_id": "!room:example.org", "sender": sender, "state_key": sk, "content": content,
		"origin_server_ts": 0, "auth_events": []string{}, "prev_events": []string{}, "depth": 1,
		"hashes": map[string]any{"sha256": ""}, "signatures": map[string]any{},
	}
	raw, _ := pdutest.Marshal(fields)
	probe, err := event.Parse(raw, roomversion.V7())
	if err != nil {
		panic(err)
	}
	ids := []string{}
	for _, k := range auth.SelectAuthEvents(probe, nil) {
		if ev := state[k]; ev != nil {
			ids = append(ids, ev.ID())
		}
	}
	return ids
}
