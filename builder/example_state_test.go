package builder_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// ExampleStateFromIDs turns an ID-keyed state, the shape state resolution
// returns (a stateres.StateSet is passed as it is), into the event-keyed
// state the authorization rules read, with the caller's event store.
func ExampleStateFromIDs() {
	seed := make([]byte, ed25519.SeedSize)
	key := builder.SigningKey{ServerName: "example.org", KeyID: "ed25519:1", PrivateKey: ed25519.NewKeyFromSeed(seed)}
	v := roomversion.V10()
	store := map[string]*event.Event{} // the caller's event store
	create, err := builder.Build(builder.Proto{Type: event.TypeCreate, StateKey: builder.StateKey(""),
		Sender: "@alice:example.org", RoomID: "!room:example.org", Depth: 1,
		ContentMap: map[string]any{"creator": "@alice:example.org", "room_version": v.ID}}, v, nil, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	store[create.Event.ID()] = create.Event
	fetch := func(id string) (*event.Event, bool) { ev, ok := store[id]; return ev, ok }

	ids := map[auth.StateKey]string{{Type: event.TypeCreate}: create.Event.ID()}
	state, err := builder.StateFromIDs(ids, fetch)
	fmt.Println(len(state), err)

	ids[auth.StateKey{Type: event.TypeMember, StateKey: "@bob:example.org"}] = "$unknown"
	_, err = builder.StateFromIDs(ids, fetch)
	var missing *builder.MissingEventsError
	fmt.Println(errors.As(err, &missing), missing.IDs)

	_, err = builder.StateFromIDs(map[auth.StateKey]string{}, fetch)
	fmt.Println(err)

	back, _ := builder.IDsOf(state) // stateres.StateSet(back) for resolution
	fmt.Println(back[auth.StateKey{Type: event.TypeCreate}] == create.Event.ID())
	// Output:
	// 1 <nil>
	// true [$unknown]
	// builder: there is no create event in this state
	// true
}

// ExampleAddSignature builds a restricted join (room version 8+) that
// names its authorising user; the authorising user's server, which
// checked the join, adds its signature (SIG-REQ-4) before the join is
// sent.
func ExampleAddSignature() {
	keyOf := func(server string, b byte) builder.SigningKey {
		seed := make([]byte, ed25519.SeedSize)
		seed[0] = b
		return builder.SigningKey{ServerName: server, KeyID: "ed25519:1", PrivateKey: ed25519.NewKeyFromSeed(seed)}
	}
	resident, joining := keyOf("resident.example", 1), keyOf("joining.example", 2)
	v := roomversion.V10()
	const admin, joiner, room = "@admin:resident.example", "@new:joining.example", "!r:resident.example"

	state := auth.StateMap{}
	var last *event.Event
	add := func(p builder.Proto, key builder.SigningKey) *builder.Result {
		p.RoomID, p.Depth = room, 1
		if last != nil {
			p.PrevEvents, p.Depth = []string{last.ID()}, last.Depth()+1
		}
		res, err := builder.Build(p, v, state, key)
		if err != nil {
			panic(err)
		}
		if sk, ok := res.Event.StateKey(); ok {
			state[auth.StateKey{Type: res.Event.Type(), StateKey: sk}] = res.Event
		}
		last = res.Event
		return res
	}
	add(builder.Proto{Type: event.TypeCreate, StateKey: builder.StateKey(""), Sender: admin,
		ContentMap: map[string]any{"creator": admin, "room_version": v.ID}}, resident)
	add(builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(admin), Sender: admin,
		ContentMap: map[string]any{"membership": "join"}}, resident)
	add(builder.Proto{Type: event.TypeJoinRules, StateKey: builder.StateKey(""), Sender: admin,
		ContentMap: map[string]any{"join_rule": "restricted", "allow": []any{map[string]any{"type": "m.room_membership", "room_id": "!space:resident.example"}}}}, resident)

	// The joining server builds its join from the template; before it is
	// applied, it is not in the state.
	p := builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(joiner), Sender: joiner, RoomID: room,
		PrevEvents: []string{last.ID()}, Depth: last.Depth() + 1,
		ContentMap: map[string]any{"membership": "join", "join_authorised_via_users_server": admin}}
	join, err := builder.Build(p, v, state, joining)
	if err != nil {
		panic(err)
	}
	keys := event.KeyRing{}
	for _, k := range []builder.SigningKey{resident, joining} {
		keys[k.ServerName] = map[string]event.PublicKey{k.KeyID: {Key: k.PrivateKey.Public().(ed25519.PublicKey)}}
	}
	fmt.Println("joining server's signature only:", join.Event.VerifySignatures(keys) != nil)

	signed, err := builder.AddSignature(join.Event, resident)
	if err != nil {
		panic(err)
	}
	fmt.Println("same ID:", signed.ID() == join.Event.ID())
	fmt.Println("both signatures:", signed.VerifySignatures(keys))
	fmt.Println("allowed:", auth.CheckAuthEvents(signed, join.AuthEvents))
	// Output:
	// joining server's signature only: true
	// same ID: true
	// both signatures: <nil>
	// allowed: <nil>
}
