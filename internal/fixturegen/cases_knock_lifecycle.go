package fixturegen

// knock-lifecycle: a knock over federation from first knock to its outcome:
// knock, retract, re-knock, accept (invite then join), deny (kick or ban),
// the knocks rejected by the current membership, and knocking in a room
// version without it. MEMBER-KNOCK-1..4, MEMBER-JOIN-4 (v7), MEMBER-LEAVE-1
// (v7), MEMBER-UNKNOWN-1 and the §4.2 membership transitions they exercise
// (EDGE-H04..H07, EDGE-H09, EDGE-M5, EDGE-M11..M13, EDGE-J2).

// KnockLifecycleFolder holds the knock-lifecycle fixtures. Their
// descriptions are prose written for the lifecycle they walk through; the
// rule IDs are on every event's label.
const KnockLifecycleFolder = "knock-lifecycle"

// Knocker is the user who knocks in the knock-lifecycle fixtures: he lives
// on another server, as knocks over federation do.
const Knocker = "@bob:remote.example"

func knockLifecycleCases() []*Room {
	bob := Knocker
	var out []*Room

	r := knockRoom("lifecycle-knock-v7", "7",
		"Bob (another server) knocks on a room whose join rule is knock: allowed. A knock sent by Alice with Bob as state_key is rejected, and so is a knock whose auth events leave out the join rules (the rule then counts as invite).")
	r.Member("alice-knocks-for-bob", Alice, bob, "knock",
		Reject("MEMBER-KNOCK-2", "sender differs from state_key (EDGE-M12)"))
	r.Member("bob-knock-no-jr", bob, bob, "knock", Auth("create", "pl"),
		Reject("MEMBER-KNOCK-1", "no join rules among the auth events, so the rule is invite (D1, EDGE-H09)"))
	r.Member("bob-knock", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "join rule knock, none -> knock"))
	out = append(out, r)

	r = knockRoom("lifecycle-retract-v7", "7",
		"Bob knocks, then retracts the knock (knock -> leave by himself, MEMBER-LEAVE-1 in v7). Leaving again from leave is rejected.")
	r.Member("bob-knock", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "none -> knock"))
	r.Member("bob-retract", bob, bob, "leave", Allow("MEMBER-LEAVE-1", "v7: self-leave while knocking (EDGE-H05)"))
	r.Member("bob-leave-again", bob, bob, "leave", Reject("MEMBER-LEAVE-1", "self-leave from leave (EDGE-M5)"))
	out = append(out, r)

	r = knockRoom("lifecycle-reknock-v7", "7",
		"Bob knocks, knocks again with a reason (knock -> knock), retracts, and knocks once more (leave -> knock): all allowed.")
	r.Member("bob-knock", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "none -> knock"))
	r.Member("bob-reknock", bob, bob, "knock", Content(Obj{"membership": "knock", "reason": "I would like to join"}),
		Allow("MEMBER-KNOCK-3", "knock -> knock, a re-knock (EDGE-H07)"))
	r.Member("bob-retract", bob, bob, "leave", Allow("MEMBER-LEAVE-1", "v7: knock -> leave by self"))
	r.Member("bob-knock-again", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "leave -> knock"))
	out = append(out, r)

	r = knockRoom("lifecycle-accept-invite-then-join-v7", "7",
		"Bob knocks; joining straight from knock is rejected under join rule knock; Alice accepts the knock with an invite, and Bob's join is then allowed (MEMBER-JOIN-4 in v7).")
	r.Member("bob-knock", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "none -> knock"))
	r.Join("bob-join-uninvited", bob,
		Reject("MEMBER-JOIN-6", "join rule knock needs an invite; knock -> join is not enough (EDGE-H04)"))
	r.Member("bob-invite", Alice, bob, "invite",
		Allow("MEMBER-INVITE-3", "knock -> invite, the knock accepted (Alice joined, PL 100 >= invite 0)"))
	r.Join("bob-join", bob, Allow("MEMBER-JOIN-4", "v7: join rule knock and membership invite (EDGE-H04)"))
	out = append(out, r)

	r = knockRoom("lifecycle-deny-kick-v7", "7",
		"Bob knocks and Alice denies the knock with a kick (knock -> leave by another user); Bob may knock again afterwards.")
	r.Member("bob-knock", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "none -> knock"))
	r.Member("bob-kick", Alice, bob, "leave",
		Allow("MEMBER-LEAVE-4", "knock -> leave by Alice, PL 100 >= kick 50 and Bob's 0 < 100"))
	r.Member("bob-knock-again", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "leave -> knock after a denial"))
	out = append(out, r)

	r = knockRoom("lifecycle-deny-ban-v7", "7",
		"Bob knocks and Alice denies the knock with a ban; Bob can then neither knock again nor leave.")
	r.Member("bob-knock", bob, bob, "knock", Allow("MEMBER-KNOCK-3", "none -> knock"))
	r.Member("bob-ban", Alice, bob, "ban",
		Allow("MEMBER-BAN-2", "knock -> ban by Alice, PL 100 >= ban 50 and Bob's 0 < 100"))
	r.Member("bob-knock-banned", bob, bob, "knock", Reject("MEMBER-KNOCK-4", "knock while banned (EDGE-M12)"))
	r.Member("bob-leave-banned", bob, bob, "leave", Reject("MEMBER-LEAVE-1", "self-leave from ban"))
	out = append(out, r)

	r = knockRoom("lifecycle-knock-while-banned-v7", "7",
		"Alice bans Bob before he ever knocked; his knock is rejected.")
	r.Member("bob-ban", Alice, bob, "ban", Allow("MEMBER-BAN-2", "none -> ban by Alice (EDGE-M11)"))
	r.Member("bob-knock-banned", bob, bob, "knock", Reject("MEMBER-KNOCK-4", "knock while banned (EDGE-M12)"))
	out = append(out, r)

	r = knockRoom("lifecycle-knock-while-joined-v7", "7",
		"Bob is invited and joins; a knock while joined is rejected.")
	r.Member("bob-invite", Alice, bob, "invite", Allow("MEMBER-INVITE-3", "none -> invite by Alice"))
	r.Join("bob-join", bob, Allow("MEMBER-JOIN-4", "v7: join rule knock and membership invite"))
	r.Member("bob-knock-joined", bob, bob, "knock", Reject("MEMBER-KNOCK-4", "knock while joined (EDGE-M12)"))
	out = append(out, r)

	r = knockRoom("lifecycle-knock-while-invited-v7", "7",
		"Bob is invited; a knock while invited is rejected (invite -> knock, EDGE-H06).")
	r.Member("bob-invite", Alice, bob, "invite", Allow("MEMBER-INVITE-3", "none -> invite by Alice"))
	r.Member("bob-knock-invited", bob, bob, "knock",
		Reject("MEMBER-KNOCK-4", "invite -> knock is illegal since #1717 (EDGE-H06)"))
	out = append(out, r)

	r = knockRoom("lifecycle-knock-v6", "6",
		"Room version 6 has no knocking: a knock is an unknown membership even under join rule knock, and that join rule also blocks an invited user's join.")
	r.Member("bob-knock", bob, bob, "knock", Reject("MEMBER-UNKNOWN-1", "knock is not a membership in v6 (EDGE-M13)"))
	r.Member("bob-invite", Alice, bob, "invite", Allow("MEMBER-INVITE-3", "none -> invite by Alice"))
	r.Join("bob-join", bob, Reject("MEMBER-JOIN-6", "knock is an unknown join rule in v6 (EDGE-J2)"))
	out = append(out, r)

	return out
}

// knockRoom starts a knock-lifecycle fixture: Alice creates the room
// (create), joins (alice-join), takes power level 100 (pl) and sets the
// join rule to knock (jr).
func knockRoom(name, version, description string) *Room {
	r := NewRoom(KnockLifecycleFolder, name, version, description)
	r.Create()
	r.CreatorJoin(Allow("MEMBER-JOIN-1", "the creator's first join"))
	r.PL("pl", Alice, Obj{"users": Obj{Alice: 100}}, Allow("PL-2", "the first power levels"))
	r.JR("jr", Alice, "knock", Allow("DEFAULT-1", "Alice's PL 100 >= state_default 50; the value knock is not checked"))
	return r
}
