package fixturegen

// spec-create: CREATE-1..5, EDGE-C1..C5, DECISIONS D10.

func createCases() []*Room {
	const f = "spec-create"
	var out []*Room

	r := NewRoom(f, "spec-create-prev-events-v1", "1",
		"CREATE-1 (D10): a create event with non-empty prev_events is rejected, and an event citing it as its create event is rejected too (AUTHEV-3, EDGE-H01); the genuine create is allowed (CREATE-5) and the creator's first join passes MEMBER-JOIN-1.")
	r.Create(Allow("CREATE-5", "the genuine create event: passes CREATE-1, CREATE-2, CREATE-3 and CREATE-4"))
	r.Add("create-2", "m.room.create", Alice, SK(""), Content(Obj{"creator": Alice, "room_version": "1"}),
		Prev("create"), Auth(), Alt(), Reject("CREATE-1", "a second create event whose prev_events are not empty; CREATE-5 is never reached"))
	r.CreatorJoin()
	r.Msg("msg-bad-create", Alice, Auth("create-2", "alice-join"), Alt(),
		Reject("AUTHEV-3", "cites the rejected create event (EDGE-H01)"))
	r.Msg("msg", Alice, Allow("DEFAULT-1", "the same message citing the genuine create event"))
	out = append(out, r)

	r = NewRoom(f, "spec-create-room-id-domain-v4", "4",
		"CREATE-2: a create event whose sender is on another server than the room ID is rejected; the create event of the room's own server is allowed.")
	r.Add("create-remote", "m.room.create", Zara, SK(""), Content(Obj{"creator": Zara, "room_version": "4"}),
		Alt(), Reject("CREATE-2", "domain(room_id) example.org != domain(sender) remote.example"))
	r.Create()
	r.CreatorJoin()
	out = append(out, r)

	r = NewRoom(f, "spec-create-port-v3", "3",
		"EDGE-C5 (CREATE-2, FED-1 domain extraction): room and user IDs whose server name has a port; domains are split at the first colon, so !room:example.org:8448 belongs to example.org:8448. A create by @alice:example.org in that room is rejected.")
	r.WithRoomID("!room:example.org:8448")
	const portUser = "@alice:example.org:8448"
	r.Add("create-wrong", "m.room.create", Alice, SK(""), Content(Obj{"creator": Alice, "room_version": "3"}),
		Alt(), Reject("CREATE-2", "domain(room_id) is example.org:8448, domain(@alice:example.org) is example.org"))
	r.Add("create", "m.room.create", portUser, SK(""), Content(Obj{"creator": portUser, "room_version": "3", "m.federate": false}),
		Allow("CREATE-5", "sender and room share the server example.org:8448; the room does not federate"))
	r.Member("creator-join", portUser, portUser, "join", Allow("MEMBER-JOIN-1", "creator's first join"))
	r.Topic("topic", portUser, "ports", Allow("DEFAULT-1", "FED-1 compares example.org:8448 with example.org:8448: same server (EDGE-C5)"))
	out = append(out, r)

	r = NewRoom(f, "spec-create-room-version-v6", "6",
		"CREATE-3 (EDGE-C4): content.room_version \"99\" names an unknown version and is rejected, with the join citing it (AUTHEV-3); a create without room_version (read as \"1\") is allowed even in a room served as version 6.")
	r.Add("create-99", "m.room.create", Alice, SK(""), Content(Obj{"creator": Alice, "room_version": "99"}),
		Alt(), Reject("CREATE-3", "room_version 99 is unknown"))
	r.Member("alice-join-99", Alice, Alice, "join", Auth("create-99"), Prev("create-99"), Alt(),
		Reject("AUTHEV-3", "cites the rejected create event"))
	r.Create(Content(Obj{"creator": Alice}), Allow("CREATE-5", "no room_version: the version is \"1\", a known version (EDGE-C4)"))
	r.CreatorJoin()
	out = append(out, r)

	r = NewRoom(f, "spec-create-creator-v2", "2",
		"CREATE-4 and EDGE-C3: a create event without content.creator is rejected; creator need not be the sender, nor on the sender's server. The named creator gets the first-join bypass (MEMBER-JOIN-1) and level 100 while there is no power-levels event; the sender does not.")
	r.Add("create-no-creator", "m.room.create", Alice, SK(""), Content(Obj{"room_version": "2"}),
		Alt(), Reject("CREATE-4", "content has no creator"))
	r.Add("create-zara", "m.room.create", Alice, SK(""), Content(Obj{"creator": Zara, "room_version": "2"}),
		Alt(), Allow("CREATE-4", "creator on another server: only presence is checked (EDGE-C3)"))
	r.Member("zara-first-join", Zara, Zara, "join", Auth("create-zara"), Prev("create-zara"), Alt(),
		Allow("MEMBER-JOIN-1", "zara is the named creator"))
	r.Create(Content(Obj{"creator": Bob, "room_version": "2"}), Allow("CREATE-5", "creator bob differs from sender alice (EDGE-C3)"))
	r.Join("alice-join", Alice, Alt(), Reject("MEMBER-JOIN-6", "alice sent the create event but is not its creator: no join rules means invite (D1) and she is not invited"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-1", "the named creator's first join"))
	r.Topic("bob-topic", Bob, "bob's room", Allow("POWER-1", "no power levels: creator bob has 100 >= state_default 50 (DEF-PL-1)"))
	out = append(out, r)

	r = NewRoom(f, "spec-create-odd-v5", "5",
		"EDGE-C1/EDGE-C2 (D10): create events with state_key \"x\", with no state_key, or with auth_events are allowed; create events are judged by CREATE-1..5 only. Later events suffer: a join citing the state_key \"x\" create is rejected (AUTHEV-2), and one citing the create without state_key is rejected (Synapse errors, D11).")
	r.Create()
	r.Add("create-sk-x", "m.room.create", Alice, SK("x"), Content(Obj{"creator": Alice, "room_version": "5"}),
		Alt(), Allow("CREATE-5", "state_key \"x\" is not checked (EDGE-C1, D10)"))
	r.Add("create-no-sk", "m.room.create", Alice, Content(Obj{"creator": Alice, "room_version": "5"}),
		Alt(), Allow("CREATE-5", "no state_key is not checked (EDGE-C1, D10)"))
	r.Add("create-with-auth", "m.room.create", Alice, SK(""), Content(Obj{"creator": Alice, "room_version": "5", "note": "auth"}),
		Auth("create"), Alt(), Allow("CREATE-5", "non-empty auth_events are not checked (EDGE-C2, D10)"))
	r.Join("join-sk-x", Alice, Auth("create-sk-x"), Prev("create-sk-x"), Alt(),
		Reject("AUTHEV-2", "(m.room.create, \"x\") is not a selected auth key (EDGE-C1)"))
	r.Join("join-no-sk", Alice, Auth("create-no-sk"), Prev("create-no-sk"), Alt(),
		Reject("EDGE-C1", "cites a create event without state_key: Synapse fails with an error (D11)"))
	r.Join("join-with-auth", Alice, Auth("create-with-auth"), Prev("create-with-auth"), Alt(),
		Allow("MEMBER-JOIN-1", "the create event with auth_events works as a create event (EDGE-C2)"))
	r.CreatorJoin()
	out = append(out, r)
	return out
}
