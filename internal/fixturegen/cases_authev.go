package fixturegen

// spec-authevents: AUTHEV-1..5, EDGE-A1..A4, EDGE-H01, EDGE-H03.

func authevCases() []*Room {
	const f = "spec-authevents"
	var out []*Room

	r := NewRoom(f, "spec-authevents-duplicates-v3", "3",
		"AUTHEV-1 (EDGE-A1): auth_events with two power-levels events, or the same event twice, are rejected; the same message with a clean list is allowed.")
	r.Setup(Obj{Bob: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.PL("pl-2", Alice, Obj{"users": Obj{Alice: 100, Bob: 60}}, Allow("PL-8", "alice raises bob to 60"))
	r.Msg("msg-two-pl", Bob, Auth("create", "pl", "pl-2", "bob-join"), Alt(),
		Reject("AUTHEV-1", "two (m.room.power_levels, \"\") entries"))
	r.Msg("msg-same-twice", Bob, Auth("create", "pl-2", "bob-join", "bob-join"), Alt(),
		Reject("AUTHEV-1", "the same member event listed twice"))
	r.Msg("msg-clean", Bob, Allow("DEFAULT-1", "one entry per key (passes AUTHEV-1)"))
	out = append(out, r)

	r = NewRoom(f, "spec-authevents-unexpected-v6", "6",
		"AUTHEV-2 (EDGE-A2, EDGE-A3, SEL-7): entries the auth-events selection would not pick are rejected: join_rules on a ban, a leave and a message, another user's member event on a message, and a join carrying join_authorised_via_users_server with that user's member event. Omitting a selected entry is not an error in itself.")
	r.Setup(Obj{Bob: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("ban-with-jr", Alice, Carol, "ban", Auth("create", "pl", "alice-join", "carol-join", "jr"), Alt(),
		Reject("AUTHEV-2", "join_rules is not selected for a ban (EDGE-A2)"))
	r.Member("leave-with-jr", Bob, Bob, "leave", Auth("create", "pl", "bob-join", "jr"), Alt(),
		Reject("AUTHEV-2", "join_rules is not selected for a leave (EDGE-A2)"))
	r.Msg("msg-with-jr", Bob, Auth("create", "pl", "bob-join", "jr"), Alt(),
		Reject("AUTHEV-2", "join_rules is not selected for a message (EDGE-A2)"))
	r.Msg("msg-other-member", Bob, Auth("create", "pl", "bob-join", "carol-join"), Alt(),
		Reject("AUTHEV-2", "carol's member event is not selected for bob's message"))
	r.Join("dave-join-authorised", Dave, Content(Obj{"membership": "join", "join_authorised_via_users_server": Bob}),
		Auth("create", "pl", "jr", "bob-join"), Alt(),
		Reject("AUTHEV-2", "join_authorised_via_users_server's member event is never selected in v1-7 (SEL-7, EDGE-A3)"))
	r.Msg("msg-no-pl", Bob, Auth("create", "bob-join"), Alt(),
		Allow("DEFAULT-1", "the power-levels entry is missing: not an error (AUTHEV-2 only forbids extras)"))
	r.Member("ban-clean", Alice, Carol, "ban", Allow("MEMBER-BAN-2", "the same ban with the selected entries"))
	out = append(out, r)

	r = NewRoom(f, "spec-authevents-rejected-v1", "1",
		"AUTHEV-3 (EDGE-H01): an event citing a rejected event in auth_events is rejected, even though it would pass against the accepted state.")
	r.Setup(Obj{Bob: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.PL("pl-bad", Bob, Obj{"users": Obj{Alice: 100, Bob: 100}}, Alt(),
		Reject("PL-7", "bob (50) raises himself to 100"))
	r.Msg("msg-cites-bad", Bob, Auth("create", "pl-bad", "bob-join"), Alt(),
		Reject("AUTHEV-3", "cites the rejected power levels (EDGE-H01)"))
	r.Msg("msg", Bob, Allow("DEFAULT-1", "cites the accepted power levels (passes AUTHEV-3)"))
	out = append(out, r)

	r = NewRoom(f, "spec-authevents-no-create-v7", "7",
		"AUTHEV-4: an event whose auth_events hold no m.room.create event is rejected; the same event with it is allowed.")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Auth("pl", "jr"), Alt(), Reject("AUTHEV-4", "no create event among auth_events"))
	r.Msg("msg-no-create", Alice, Auth("pl", "alice-join"), Alt(), Reject("AUTHEV-4", "no create event among auth_events"))
	r.Join("bob-join-ok", Bob, Allow("MEMBER-JOIN-5", "with the create event (passes AUTHEV-4)"))
	out = append(out, r)

	r = NewRoom(f, "spec-authevents-other-room-v2", "2",
		"AUTHEV-5 (EDGE-H03, MSC4307): an auth event of another room gives a rejection: a message citing alice's member event of !other:example.org, and one citing the other room's create event.")
	r.Setup(nil, "public")
	save := r.Save()
	r.WithRoomID("!other:example.org")
	r.Add("other-create", "m.room.create", Alice, SK(""), Content(Obj{"creator": Alice, "room_version": "2"}),
		Prev(), Alt(), Allow("CREATE-5", "the other room's create event"))
	r.Join("other-alice-join", Alice, Auth("other-create"), Prev("other-create"), Alt(),
		Allow("MEMBER-JOIN-1", "alice's first join in the other room"))
	r.Restore(save)
	r.WithRoomID(RoomID)
	r.Msg("msg-other-member", Alice, Auth("create", "pl", "other-alice-join"), Alt(),
		Reject("AUTHEV-5", "alice's member event belongs to !other:example.org"))
	r.Msg("msg-other-create", Alice, Auth("other-create", "pl", "alice-join"), Alt(),
		Reject("AUTHEV-5", "the create event of !other:example.org"))
	r.Msg("msg", Alice, Allow("DEFAULT-1", "the same message with this room's auth events (passes AUTHEV-5)"))
	out = append(out, r)

	r = NewRoom(f, "spec-authevents-omitted-pl-v4", "4",
		"EDGE-A4: each event is judged against its own auth_events. Alice lowered her own level to 10; a topic citing that power-levels event is rejected (POWER-1), the same topic omitting it is judged as if there were no power levels (creator = 100) and allowed. Only the check against the state before the event (PDU-5) catches it, which is not part of `auth`.")
	r.Setup(nil, "public")
	r.PL("pl-10", Alice, Obj{"users": Obj{Alice: 10}}, Allow("PL-8", "alice may lower her own level (EDGE-P10)"))
	r.Topic("topic-with-pl", Alice, "t", Alt(), Reject("POWER-1", "state_default 50 > alice's 10"))
	r.Topic("topic-without-pl", Alice, "t", Auth("create", "alice-join"), Alt(),
		Allow("DEFAULT-1", "no power levels in auth_events: the creator has 100 (DEF-PL-1, EDGE-A4)"))
	out = append(out, r)
	return out
}
