package fixturegen

// spec-generic: SENDER-1, TPI-1, POWER-1, STATEKEY-1, DEFAULT-1, DEF-PL-1..3,
// EDGE-H12, EDGE-P4, EDGE-P12, EDGE-P13, EDGE-P14.

func genericCases() []*Room {
	const f = "spec-generic"
	var out []*Room

	r := NewRoom(f, "spec-generic-sender-v4", "4",
		"SENDER-1: every event not decided earlier needs a joined sender. A user with no membership, an invited user, a user who left and a banned user are rejected, for messages and state events alike; a joined user is allowed (DEFAULT-1).")
	r.Setup(Obj{Dave: 100}, "public")
	r.Member("bob-invite", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "alice invites bob"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("carol-leave", Carol, Carol, "leave", Allow("MEMBER-LEAVE-1", "carol leaves"))
	r.Join("dave-join", Dave, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("dave-ban", Alice, Dave, "ban", Content(Obj{"membership": "ban"}), Alt(),
		Reject("MEMBER-BAN-3", "dave's level (100) equals alice's"))
	r.Join("eve-join", Eve, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("eve-ban", Alice, Eve, "ban", Allow("MEMBER-BAN-2", "alice bans eve"))
	r.Msg("hal-msg", "@hal:example.org", Alt(), Reject("SENDER-1", "hal has no membership; DEFAULT-1 is never reached"))
	r.Msg("bob-msg", Bob, Alt(), Reject("SENDER-1", "bob is only invited"))
	r.Msg("carol-msg", Carol, Alt(), Reject("SENDER-1", "carol left"))
	r.Msg("eve-msg", Eve, Alt(), Reject("SENDER-1", "eve is banned"))
	r.Topic("carol-topic", Carol, "x", Alt(), Reject("SENDER-1", "state events too"))
	r.Topic("dave-topic", Dave, "x", Alt(), Allow("DEFAULT-1", "dave is joined with 100: passes SENDER-1 and POWER-1"))
	r.Msg("alice-msg", Alice, Allow("DEFAULT-1", "joined sender passes SENDER-1"))
	out = append(out, r)

	r = NewRoom(f, "spec-generic-power-v1", "1",
		"POWER-1 and DEF-PL-1..3: before any power-levels event the creator has 100 and others 0, state_default is 50 and events_default 0 (EDGE-P12, EDGE-H12). Then events[type] wins when present, otherwise state_default for state events (any state_key) and events_default for others; events[\"m.room.power_levels\"] above the sender's level stops a power-levels change before the PL rules run (EDGE-P4).")
	r.Create()
	r.CreatorJoin()
	r.JR("jr", Alice, "public", Allow("POWER-1", "no power levels: creator alice has 100 >= state_default 50 (EDGE-P12)"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Msg("bob-msg-nopl", Bob, Alt(), Allow("POWER-1", "no power levels: events_default 0 (EDGE-P12)"))
	r.Topic("bob-topic-nopl", Bob, "x", Alt(), Reject("POWER-1", "no power levels: bob 0 < state_default 50 (EDGE-H12)"))
	r.PL("pl", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 10},
		"events":         Obj{"m.room.name": 60, "m.room.message": 20, "m.room.power_levels": 100},
		"events_default": 5, "state_default": 40}, Allow("PL-2", "first power-levels event"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("dave-join", Dave, Allow("MEMBER-JOIN-5", "public room"))
	r.Add("bob-name", "m.room.name", Bob, SK(""), Content(Obj{"name": "n"}), Alt(), Reject("POWER-1", "events[m.room.name] 60 > bob's 50"))
	r.Topic("bob-topic", Bob, "t", Alt(), Allow("POWER-1", "state_default 40 <= 50"))
	r.Add("bob-custom-state", "org.example.state", Bob, SK("x"), Content(Obj{"v": 1}), Alt(), Allow("POWER-1", "state_default 40 applies to any state_key"))
	r.Topic("carol-topic", Carol, "t", Alt(), Reject("POWER-1", "state_default 40 > carol's 10"))
	r.Msg("carol-msg", Carol, Alt(), Reject("POWER-1", "events[m.room.message] 20 > carol's 10"))
	r.Add("carol-ping", "org.example.ping", Carol, Content(Obj{}), Alt(), Allow("POWER-1", "events_default 5 <= 10"))
	r.Add("dave-ping", "org.example.ping", Dave, Content(Obj{}), Alt(), Reject("POWER-1", "events_default 5 > dave's 0 (users_default 0, DEF-PL-1)"))
	r.PL("bob-pl", Bob, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 10},
		"events":         Obj{"m.room.name": 60, "m.room.message": 10, "m.room.power_levels": 100},
		"events_default": 5, "state_default": 40}, Alt(), Reject("POWER-1", "events[m.room.power_levels] 100 > bob's 50: rejected before PL-1..8 (EDGE-P4)"))
	r.Msg("alice-msg", Alice, Allow("POWER-1", "alice 100 >= 20"))
	out = append(out, r)

	r = NewRoom(f, "spec-generic-statekey-v7", "7",
		"STATEKEY-1 (EDGE-P14): a state_key that starts with @ must equal the sender, whatever the sender's power; other state keys are unaffected and non-state events never reach the rule.")
	r.Setup(Obj{Bob: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	st := func(name, sender, sk string, opts ...Opt) {
		r.Add(name, "org.example.profile", sender, append([]Opt{SK(sk), Content(Obj{"v": name}), Alt()}, opts...)...)
	}
	st("alice-for-bob", Alice, Bob, Reject("STATEKEY-1", "state_key @bob:example.org != sender alice, although alice has 100"))
	st("alice-for-alice", Alice, Alice, Allow("STATEKEY-1", "state_key equals the sender"))
	st("bob-for-bob", Bob, Bob, Allow("STATEKEY-1", "state_key equals the sender"))
	st("bob-prefix", Bob, Bob+"x", Reject("STATEKEY-1", "starts with @, not exactly the sender"))
	st("bob-at-only", Bob, "@", Reject("STATEKEY-1", "\"@\" starts with @ and is not the sender"))
	st("bob-plain", Bob, "bob", Allow("STATEKEY-1", "does not start with @"))
	r.Add("bob-msg", "org.example.profile", Bob, Content(Obj{"state_key": Alice}), Alt(), Allow("STATEKEY-1", "not a state event (state_key only inside content)"))
	out = append(out, r)

	r = NewRoom(f, "spec-generic-third-party-invite-event-v3", "3",
		"TPI-1 (EDGE-P13): m.room.third_party_invite needs the sender's level to reach invite and nothing else: events[m.room.third_party_invite] 100 and an @-state_key are never checked (POWER-1 and STATEKEY-1 come later). SENDER-1 still applies first.")
	r.Setup(Obj{Carol: 50}, "public")
	r.PL("pl-2", Alice, Obj{"users": Obj{Alice: 100, Carol: 50}, "events": Obj{"m.room.third_party_invite": 100}},
		Allow("PL-8", "alice sets events[m.room.third_party_invite] = 100"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.tpiEvent("bob-tpi", Bob, "tokb", nil, Alt(), Allow("TPI-1", "bob (0) >= invite 0; events[...] 100 is not read (EDGE-P13)"))
	r.tpiEvent("bob-tpi-at", Bob, Carol, nil, Alt(), Allow("TPI-1", "state_key @charlie:example.org from bob: STATEKEY-1 is never reached"))
	r.tpiEvent("eve-tpi", Eve, "toke", nil, Alt(), Reject("SENDER-1", "eve is not joined"))
	r.PL("pl-3", Alice, Obj{"users": Obj{Alice: 100, Carol: 50}, "events": Obj{"m.room.third_party_invite": 100}, "invite": 50},
		Allow("PL-8", "alice raises invite to 50"))
	r.tpiEvent("bob-tpi-2", Bob, "tokb2", nil, Alt(), Reject("TPI-1", "bob (0) < invite 50"))
	r.tpiEvent("carol-tpi", Carol, "tokc", nil, Alt(), Allow("TPI-1", "carol (50) >= invite 50, below events[...] 100"))
	out = append(out, r)
	return out
}
