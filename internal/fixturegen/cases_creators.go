package fixturegen

// spec-creators-v12: room version 12 creators, hand-labelled from
// DIGEST-V8-12 §2.1 and §2.4: CREATE-6 (additional_creators must be an
// array of valid user IDs; D34), DEF-CREATORS-1 (the create event's sender
// and the additional creators have infinite power, so no one outranks a
// creator: MEMBER-BAN-2 and MEMBER-LEAVE-4 never allow acting on one, not
// even for another creator), while a creator may still leave and be
// invited back, and must be joined to act (MEMBER-BAN-1). A v12 fixture
// may hold several create events: each extra one below starts a room of
// its own and is judged by the create rules alone.

func creatorCases() []*Room {
	const f = "spec-creators-v12"
	var out []*Room

	r := NewRoom(f, "spec-creators-additional-creators-v12", "12",
		"CREATE-6 (v12, D34, EDGE-V12-C1): additional_creators, when present, must be an array of strings that are valid user IDs (@, a colon, a valid server name). A string, a number in the array, a user ID without a colon or with a bad server name are each rejected; an empty array, an empty localpart, a repeated creator, the sender itself and an IPv6 literal server are each allowed. Every create event but the first starts a room of its own (FORMAT.md).")
	r.Create(Content(Obj{"room_version": "12", "additional_creators": []string{Bob}}),
		Allow("CREATE-6", "one valid additional creator"))
	for _, c := range []struct {
		name  string
		value any
		allow bool
		note  string
	}{
		{"string", Bob, false, "a string, not an array"},
		{"number", []any{5}, false, "an element is not a string"},
		{"no-colon", []any{"bob"}, false, "\"bob\" is not a user ID"},
		{"bad-host", []any{"@bob:bad host"}, false, "the server name holds a space"},
		{"empty", []any{}, true, "an empty array"},
		{"empty-localpart", []any{"@:example.org"}, true, "the localpart is not checked (D34)"},
		{"repeated", []any{Bob, Bob}, true, "a repeated creator"},
		{"sender", []any{Alice}, true, "the sender itself"},
		{"ipv6", []any{"@bob:[::1]:8448"}, true, "a bracketed IPv6 literal with a port"},
	} {
		opts := []Opt{SK(""), Content(Obj{"room_version": "12", "additional_creators": c.value}), TS(BaseTS + 100000), Alt()}
		if c.allow {
			opts = append(opts, Allow("CREATE-6", c.note))
		} else {
			opts = append(opts, Reject("CREATE-6", c.note))
		}
		r.Add("create-"+c.name, "m.room.create", Alice, opts...)
	}
	r.CreatorJoin()
	r.PL("pl", Alice, Obj{"users": Obj{Carol: 100}, "kick": 50, "ban": 50}, Allow("PL-2", "carol at 100; no creator is listed (PL-1b)"))
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "alice, a creator, sets the join rule"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "bob, an additional creator, joins like anyone: the creator bypass is the create event's sender's only (MEMBER-JOIN-1)"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("alice-bans-bob", Alice, Bob, "ban", Alt(),
		Reject("MEMBER-BAN-3", "bob's level is infinite like alice's: infinity < infinity is false, so MEMBER-BAN-2 does not allow"))
	r.Member("carol-kicks-bob", Carol, Bob, "leave", Alt(),
		Reject("MEMBER-LEAVE-5", "carol (100) >= kick 50, but a creator's level is above every number (MEMBER-LEAVE-4 does not allow)"))
	r.Member("bob-bans-carol", Bob, Carol, "ban", Alt(),
		Allow("MEMBER-BAN-2", "bob, a creator, outranks carol (100)"))
	r.Member("alice-kicks-carol", Alice, Carol, "leave", Alt(),
		Allow("MEMBER-LEAVE-4", "alice, a creator, outranks carol"))
	r.Member("bob-leaves", Bob, Bob, "leave", Allow("MEMBER-LEAVE-1", "a creator may leave by himself"))
	r.Member("bob-bans-carol-after-leaving", Bob, Carol, "ban", Alt(),
		Reject("MEMBER-BAN-1", "bob has left: infinite power does not exempt a creator from being joined"))
	r.Member("alice-invites-bob", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "a creator who left can be invited back"))
	out = append(out, r)
	return out
}
