package fixturegen

// spec-member-leave: MEMBER-LEAVE-1..5, EDGE-H05, EDGE-M5, EDGE-M10.
// spec-member-ban: MEMBER-BAN-1..3, EDGE-M11.
// spec-member-knock: MEMBER-KNOCK-1..4, MEMBER-UNKNOWN-1, EDGE-H06, EDGE-H07,
// EDGE-H09, EDGE-M12, EDGE-M13.

func leaveCases() []*Room {
	var out []*Room
	const f = "spec-member-leave"

	r := NewRoom(f, "spec-member-leave-self-v2", "2",
		"MEMBER-LEAVE-1 (EDGE-M5): a self-leave is allowed from invite and join, and rejected from none, leave and ban.")
	r.Setup(nil, "public")
	r.Member("bob-invite", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "alice invites bob"))
	r.Member("bob-decline", Bob, Bob, "leave", Alt(), Allow("MEMBER-LEAVE-1", "invite -> leave (declining)"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("carol-leave", Carol, Carol, "leave", Allow("MEMBER-LEAVE-1", "join -> leave"))
	r.Member("carol-leave-again", Carol, Carol, "leave", Alt(), Reject("MEMBER-LEAVE-1", "leave -> leave by oneself (EDGE-M5)"))
	r.Member("dave-leave", Dave, Dave, "leave", Alt(), Reject("MEMBER-LEAVE-1", "none -> leave by oneself (EDGE-M5)"))
	r.Member("eve-ban", Alice, Eve, "ban", Allow("MEMBER-BAN-2", "alice bans eve"))
	r.Member("eve-leave", Eve, Eve, "leave", Alt(), Reject("MEMBER-LEAVE-1", "ban -> leave by oneself (EDGE-M5)"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-leave-knock-v7", "7",
		"MEMBER-LEAVE-1 (v7, EDGE-H05): a knocking user may retract their knock (knock -> leave).")
	r.Setup(nil, "knock")
	r.Member("bob-knock", Bob, Bob, "knock", Allow("MEMBER-KNOCK-3", "bob knocks"))
	r.Member("bob-retract", Bob, Bob, "leave", Allow("MEMBER-LEAVE-1", "knock -> leave by oneself, v7 (EDGE-H05)"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-leave-kick-v6", "6",
		"MEMBER-LEAVE-2..5 (EDGE-M5, EDGE-M10): kicks need the sender joined (LEAVE-2), PL >= kick and the target strictly below; an unban needs PL >= ban as well (LEAVE-3). Rejected: a kick of a peer at the same level, a kick by a non-member, an unban by a user with kick but not ban power, an unban by a user with ban but not kick power, an unban of a user at or above the sender's level. Allowed: a kick, the leave of a user who is not a member (external -> leave), an unban by an admin, withdrawing an invite.")
	r.Setup(Obj{Bob: 50, Carol: 50, Dave: 60, Frank: 70}, "public")
	r.PL("pl-2", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Dave: 60, Frank: 70}, "kick": 50, "ban": 60},
		Allow("PL-8", "alice sets kick 50, ban 60"))
	for _, u := range []struct{ n, id string }{{"bob", Bob}, {"carol", Carol}, {"dave", Dave}, {"eve", Eve}, {"frank", Frank}} {
		r.Join(u.n+"-join", u.id, Allow("MEMBER-JOIN-5", "public room"))
	}
	r.Member("gina-invite", Bob, Gina, "invite", Allow("MEMBER-INVITE-3", "bob invites gina"))
	r.Member("bob-kicks-eve", Bob, Eve, "leave", Alt(), Allow("MEMBER-LEAVE-4", "bob (50) >= kick 50, eve (0) < 50"))
	r.Member("bob-kicks-carol", Bob, Carol, "leave", Alt(), Reject("MEMBER-LEAVE-5", "carol's level equals bob's (EDGE-M10)"))
	r.Member("bob-withdraws-gina", Bob, Gina, "leave", Alt(), Allow("MEMBER-LEAVE-4", "invite -> leave by another user"))
	r.Member("bob-leaves-outsider", Bob, "@hal:example.org", "leave", Alt(), Allow("MEMBER-LEAVE-4", "external -> leave with kick power (EDGE-M5)"))
	r.Member("eve-kicks-gina", Eve, Gina, "leave", Alt(), Reject("MEMBER-LEAVE-5", "eve (0) < kick 50"))
	r.Member("hal-kicks-eve", "@hal:example.org", Eve, "leave", Alt(), Reject("MEMBER-LEAVE-2", "hal is not joined"))
	r.Member("eve-ban", Dave, Eve, "ban", Allow("MEMBER-BAN-2", "dave (60) >= ban 60, eve 0"))
	r.Member("bob-unbans-eve", Bob, Eve, "leave", Alt(), Reject("MEMBER-LEAVE-3", "eve is banned and bob (50) < ban 60"))
	r.Member("dave-unbans-eve", Dave, Eve, "leave", Alt(), Allow("MEMBER-LEAVE-4", "unban: dave is joined (MEMBER-LEAVE-2), dave (60) >= ban (MEMBER-LEAVE-3) and kick, eve (0) < 60; allowed before MEMBER-LEAVE-5"))
	r.Member("carol-ban", Frank, Carol, "ban", Allow("MEMBER-BAN-2", "frank (70) bans carol (50)"))
	r.Member("dave-unbans-carol", Dave, Carol, "leave", Alt(), Allow("MEMBER-LEAVE-4", "dave (60) unbans carol (50)"))
	r.Member("frank-ban-dave", Frank, Dave, "ban", Allow("MEMBER-BAN-2", "frank (70) bans dave (60)"))
	r.Member("dave-rejoin-attempt", Dave, Dave, "join", Alt(), Reject("MEMBER-JOIN-3", "dave is banned"))
	r.PL("pl-3", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Dave: 60, Frank: 70}, "kick": 80, "ban": 60},
		Allow("PL-8", "alice raises kick to 80"))
	r.Member("frank-unbans-eve", Frank, Eve, "leave", Alt(), Reject("MEMBER-LEAVE-5", "frank (70) >= ban 60 but < kick 80 (EDGE-M10)"))
	r.Member("alice-unbans-eve", Alice, Eve, "leave", Alt(), Allow("MEMBER-LEAVE-4", "alice (100) >= ban and kick"))
	r.PL("pl-4", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Dave: 60, Frank: 70, Eve: 70}, "kick": 50, "ban": 60},
		Allow("PL-8", "alice gives eve 70 and lowers kick back to 50"))
	r.Member("frank-unbans-eve-peer", Frank, Eve, "leave", Alt(), Reject("MEMBER-LEAVE-5", "eve's level (70) is not below frank's (70) (EDGE-M10)"))
	out = append(out, r)

	const fb = "spec-member-ban"
	r = NewRoom(fb, "spec-member-ban-v3", "3",
		"MEMBER-BAN-1..3 (EDGE-M11): a ban needs the sender joined (BAN-1), PL >= ban and the target strictly below (BAN-2). Allowed: banning a joined, an invited, a never-seen and an already banned user. Rejected: a ban by a non-member, by a user below the ban level, of a peer at the same level, and a self-ban.")
	r.Setup(Obj{Bob: 50, Carol: 50, Dave: 49}, "public")
	for _, u := range []struct{ n, id string }{{"bob", Bob}, {"carol", Carol}, {"dave", Dave}, {"eve", Eve}} {
		r.Join(u.n+"-join", u.id, Allow("MEMBER-JOIN-5", "public room"))
	}
	r.Member("frank-invite", Alice, Frank, "invite", Allow("MEMBER-INVITE-3", "alice invites frank"))
	r.Member("bob-bans-frank", Bob, Frank, "ban", Alt(), Allow("MEMBER-BAN-2", "invite -> ban: bob (50) >= ban 50, frank 0"))
	r.Member("bob-bans-stranger", Bob, "@hal:example.org", "ban", Alt(), Allow("MEMBER-BAN-2", "none -> ban (EDGE-M11)"))
	r.Member("bob-bans-carol", Bob, Carol, "ban", Alt(), Reject("MEMBER-BAN-3", "carol's level equals bob's"))
	r.Member("dave-bans-eve", Dave, Eve, "ban", Alt(), Reject("MEMBER-BAN-3", "dave (49) < ban 50: MEMBER-BAN-2 does not allow"))
	r.Member("bob-bans-bob", Bob, Bob, "ban", Alt(), Reject("MEMBER-BAN-3", "self-ban: target level == sender level"))
	r.Member("gina-bans-eve", Gina, Eve, "ban", Alt(), Reject("MEMBER-BAN-1", "gina is not joined"))
	r.Member("bob-bans-eve", Bob, Eve, "ban", Allow("MEMBER-BAN-2", "join -> ban: bob is joined (MEMBER-BAN-1); allowed before MEMBER-BAN-3"))
	r.Member("alice-rebans-eve", Alice, Eve, "ban", Content(Obj{"membership": "ban", "reason": "again"}), Allow("MEMBER-BAN-2", "ban -> ban (re-ban)"))
	out = append(out, r)

	const fk = "spec-member-knock"
	r = NewRoom(fk, "spec-member-knock-rules-v7", "7",
		"MEMBER-KNOCK-1..4 (v7; EDGE-H06, EDGE-H07, EDGE-H09, EDGE-M12): a knock needs join rule knock (KNOCK-1), sender == state_key (KNOCK-2) and a membership of none, leave or knock (KNOCK-3). Rejected: knocking on an invite room, knocking for someone else, while joined, banned or invited (invite -> knock, EDGE-H06), and a knock whose auth_events omit join_rules (EDGE-H09: the rule then reads as invite). Re-knocking is allowed (EDGE-H07).")
	r.Setup(nil, "knock")
	r.Join("carol-join-attempt", Carol, Alt(), Reject("MEMBER-JOIN-6", "carol is not invited to a knock room"))
	r.Member("carol-invite", Alice, Carol, "invite", Allow("MEMBER-INVITE-3", "alice invites carol"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-4", "invited, join rule knock (v7)"))
	r.Member("dave-invite", Alice, Dave, "invite", Allow("MEMBER-INVITE-3", "alice invites dave"))
	r.Member("eve-ban", Alice, Eve, "ban", Allow("MEMBER-BAN-2", "alice bans eve"))
	r.Member("bob-knock", Bob, Bob, "knock", Allow("MEMBER-KNOCK-3", "none -> knock: join rule knock (MEMBER-KNOCK-1), sender = state_key (MEMBER-KNOCK-2)"))
	r.Member("bob-reknock", Bob, Bob, "knock", Allow("MEMBER-KNOCK-3", "knock -> knock (EDGE-H07); allowed before MEMBER-KNOCK-4"))
	r.Member("bob-knock-no-jr", Bob, Bob, "knock", Auth("create", "pl", "bob-reknock"), Alt(),
		Reject("MEMBER-KNOCK-1", "join_rules omitted: the rule reads as invite (D1, EDGE-H09)"))
	r.Member("bob-knocks-frank", Bob, Frank, "knock", Alt(), Reject("MEMBER-KNOCK-2", "sender != state_key (EDGE-M12)"))
	r.Member("carol-knock", Carol, Carol, "knock", Alt(), Reject("MEMBER-KNOCK-4", "join -> knock (EDGE-M12)"))
	r.Member("dave-knock", Dave, Dave, "knock", Alt(), Reject("MEMBER-KNOCK-4", "invite -> knock is illegal since 2024-02 (EDGE-H06): MEMBER-KNOCK-3 does not allow"))
	r.Member("eve-knock", Eve, Eve, "knock", Alt(), Reject("MEMBER-KNOCK-4", "ban -> knock (EDGE-M12)"))
	r.Member("carol-leave", Carol, Carol, "leave", Allow("MEMBER-LEAVE-1", "carol leaves"))
	r.Member("carol-knock-after-leave", Carol, Carol, "knock", Allow("MEMBER-KNOCK-3", "leave -> knock"))
	r.JR("jr-invite", Alice, "invite", Allow("DEFAULT-1", "alice switches to invite"))
	r.Member("frank-knock", Frank, Frank, "knock", Alt(), Reject("MEMBER-KNOCK-1", "join rule invite"))
	out = append(out, r)

	r = NewRoom(fk, "spec-member-knock-v6", "6",
		"MEMBER-UNKNOWN-1 (EDGE-M13, v1-6): membership knock is unknown before room version 7 and rejected even when the join rule is knock; a knock join rule blocks joins (EDGE-J2).")
	r.Setup(nil, "knock")
	r.Member("bob-knock", Bob, Bob, "knock", Alt(), Reject("MEMBER-UNKNOWN-1", "knock is not a membership in v6 (EDGE-M13)"))
	r.Join("bob-join", Bob, Alt(), Reject("MEMBER-JOIN-6", "knock is an unknown join rule in v6 (EDGE-J2)"))
	out = append(out, r)
	return out
}
