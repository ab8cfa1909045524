package handshake_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
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
	return exampleRoomWith(v, map[string]any{"join_rule": "knock"})
}

// exampleRoomWith builds a version v room by Alice on example.org, with
// the given join rules content, using only the public API: builder.Build
// selects each event's auth events from the state, signs and hashes it.
func exampleRoomWith(v roomversion.Version, joinRules map[string]any, members ...string) (auth.StateMap, *event.Event) {
	state := auth.StateMap{}
	var last *event.Event
	roomID := "!room:example.org"
	if v.RoomIDFromCreateEvent {
		roomID = "" // v12: derived from the create event
	}
	key := builder.SigningKey{ServerName: "example.org", KeyID: "ed25519:1", PrivateKey: exampleKey("example.org")}
	add := func(typ, sender, sk string, content map[string]any) {
		p := builder.Proto{
			Type: typ, StateKey: builder.StateKey(sk), Sender: sender, RoomID: roomID,
			ContentMap: content, OriginServerTS: 1714000001000 + int64(len(state))*1000, Depth: 1,
		}
		if last != nil {
			p.PrevEvents, p.Depth = []string{last.ID()}, last.Depth()+1
		}
		res, err := builder.Build(p, v, state, key)
		if err != nil {
			panic(err)
		}
		roomID = res.RoomID
		state[auth.StateKey{Type: typ, StateKey: sk}] = res.Event
		last = res.Event
	}
	alice := "@alice:example.org"
	create := map[string]any{"room_version": v.ID}
	if !v.CreatorIsCreateSender {
		create["creator"] = alice
	}
	add(event.TypeCreate, alice, "", create)
	add(event.TypeMember, alice, alice, map[string]any{"membership": "join"})
	users := map[string]any{alice: 100}
	if v.PrivilegedCreators {
		users = map[string]any{} // v12: the creator has infinite power and is not listed
	}
	add(event.TypePowerLevels, alice, "", map[string]any{"users": users, "invite": 50})
	for _, m := range members {
		add(event.TypeJoinRules, alice, "", map[string]any{"join_rule": "public"})
		add(event.TypeMember, m, m, map[string]any{"membership": "join"})
	}
	add(event.TypeJoinRules, alice, "", joinRules)
	return state, last
}

// exampleEvent builds a member event by sender (of example.org) for
// target after prev.
func exampleEvent(v roomversion.Version, state auth.StateMap, prev *event.Event, sender, target, membership string) *event.Event {
	res, err := builder.Build(builder.Proto{
		Type: event.TypeMember, StateKey: builder.StateKey(target), Sender: sender, RoomID: prev.RoomID(),
		ContentMap: map[string]any{"membership": membership}, OriginServerTS: prev.OriginServerTS() + 1000,
		PrevEvents: []string{prev.ID()}, Depth: prev.Depth() + 1,
	}, v, state, builder.SigningKey{ServerName: "example.org", KeyID: "ed25519:1", PrivateKey: exampleKey("example.org")})
	if err != nil {
		panic(err)
	}
	return res.Event
}

// ExampleSendJoin walks a restricted join through the handshake in a room
// version 12 room: Bob of remote.example may join because he is in a room
// the join rules allow, which only the resident server's AllowedRoomsFunc
// can tell; the resident server names one of its users with the power to
// invite (Alice, the creator) as the authorising user and signs the join.
func ExampleSendJoin() {
	v := roomversion.V12()
	state, last := exampleRoomWith(v, map[string]any{
		"join_rule": "restricted",
		"allow":     []any{map[string]any{"type": "m.room_membership", "room_id": "!space:example.org"}},
	}, "@carol:example.org")
	roomID, bob := last.RoomID(), "@bob:remote.example"
	inSpace := func(user string, rooms []string) (bool, error) {
		// The resident server looks up its own copy of !space:example.org.
		return user == bob && len(rooms) == 1 && rooms[0] == "!space:example.org", nil
	}

	// 1. Resident server: GET /make_join/{roomID}/@bob:remote.example?ver=12
	resp, err := handshake.MakeJoin(handshake.MakeRequest{
		RoomVersion: v, RoomID: roomID, UserID: bob, Ver: []string{"12"},
		PrevEvents: []*event.Event{last}, Depth: last.Depth() + 1, OriginServerTS: 1714000100000,
		Origin: "remote.example", ResidentServer: "example.org", AllowedRooms: inSpace,
	}, state)
	if err != nil {
		fmt.Println("make_join:", err)
		return
	}
	body, _ := json.Marshal(resp)

	// 2. Joining server: check the template, then hash and sign it.
	tpl, err := handshake.ValidateJoinTemplate(body, handshake.Request{
		RoomID: roomID, UserID: bob, Ver: []string{"12"}, ResidentServer: "example.org",
	})
	if err != nil {
		fmt.Println("template refused:", err)
		return
	}
	pdu, _ := event.Sign(tpl.Event, tpl.RoomVersion, "remote.example", "ed25519:1", exampleKey("remote.example"))
	eventID, _ := event.ComputeEventID(pdu, tpl.RoomVersion)

	// 3. Resident server: PUT /send_join/{roomID}/{eventID}
	keys := event.KeyRing{
		"remote.example": {"ed25519:1": {Key: exampleKey("remote.example").Public().(ed25519.PublicKey)}},
	}
	res, err := handshake.SendJoin(handshake.SendJoinRequest{
		RoomVersion: v, RoomID: roomID, EventID: eventID, Origin: "remote.example", PDU: pdu,
		Keys: keys, ResidentServer: "example.org", AllowedRooms: inSpace,
	}, state)
	if err != nil {
		fmt.Println("send_join:", err)
		return
	}
	fmt.Println("authorised by:", res.Authoriser)
	fmt.Println("resident server must sign:", res.NeedsSignature)

	// 4. The resident server adds its signature; the event keeps its ID and
	// now carries every signature the rules require (SIG-REQ-4).
	signed, _ := event.Sign(res.PDU, v, "example.org", "ed25519:1", exampleKey("example.org"))
	join, err := event.Parse(signed, v)
	if err != nil {
		fmt.Println("parse:", err)
		return
	}
	keys["example.org"] = map[string]event.PublicKey{"ed25519:1": {Key: exampleKey("example.org").Public().(ed25519.PublicKey)}}
	fmt.Println("same event:", join.ID() == eventID)
	fmt.Println("signatures:", join.VerifySignatures(keys) == nil)
	fmt.Println("allowed:", auth.Check(join, state) == nil)

	// Output:
	// authorised by: @alice:example.org
	// resident server must sign: true
	// same event: true
	// signatures: true
	// allowed: true
}
