package fixturegen

// spec-member-join-restricted: restricted (v8+) and knock_restricted (v10+)
// joins, hand-labelled from DIGEST-V8-12 §2.4: MEMBER-JOIN-R-1..3,
// MEMBER-JAUTH-1 (with SIG-REQ-4, the authorising server's signature),
// SEL-7 (the authorising user's member event among the auth events),
// MEMBER-KNOCK-1 as v10 changes it, D26 (the allow list is never read by
// the rules) and, in v12, a creator as the authorising user.

func restrictedCases() []*Room {
	const f = "spec-member-join-restricted"
	var out []*Room
	for _, c := range []struct {
		v, rule string
	}{{"8", "restricted"}, {"10", "knock_restricted"}, {"12", "restricted"}} {
		desc := "MEMBER-JOIN-R-1..3 and MEMBER-JAUTH-1 (v8+, SEL-7, SIG-REQ-4, D26) under join rule " + c.rule + " in room version " + c.v +
			": a join naming a joined authorising user with the invite level (50) is allowed, and lists that user's member event (SEL-7); the authorising server signs too when it is not the sender's. " +
			"Refused: no authorising user and not invited (MEMBER-JOIN-R-2), an authoriser below the invite level, an authoriser who is not joined, and a join without the authorising server's signature (MEMBER-JAUTH-1, dropped at the signature check). " +
			"Allowed without an authoriser: an invited user's join and a joined user's profile update (MEMBER-JOIN-R-1). The allow list names a room no event is about: the rules never read it (D26)."
		knocks := c.rule == "knock_restricted"
		if knocks {
			desc += " Under knock_restricted (v10+, MEMBER-KNOCK-1) a knock is allowed."
		} else {
			desc += " Under restricted a knock is rejected (MEMBER-KNOCK-1)."
		}
		creator := c.v == "12"
		if creator {
			desc += " In v12 alice, the creator, has infinite power (DEF-CREATORS-1) and authorises like anyone with the invite level; the create event is implied by room_id and never listed (SEL-1)."
		}
		r := NewRoom(f, "spec-member-join-restricted-v"+c.v, c.v, desc)
		r.Create()
		r.CreatorJoin()
		users := Obj{Alice: 100, Bob: 50}
		aliceLevel := "alice (100)"
		if creator {
			delete(users, Alice)
			aliceLevel = "alice (a creator: infinite)"
		}
		r.PL("pl", Alice, Obj{"users": users, "invite": 50}, Allow("PL-2", "the first power-levels event: bob 50, invite 50"))
		r.Add("jr", "m.room.join_rules", Alice, SK(""),
			Content(Obj{"join_rule": c.rule, "allow": []any{Obj{"type": "m.room_membership", "room_id": "!space:example.org"}}}),
			Allow("DEFAULT-1", aliceLevel+" sets the join rule"))

		authorised := func(a string) Obj { return Obj{"membership": "join", "join_authorised_via_users_server": a} }
		remote := "remote.example"
		r.Join("bob-join", Bob, Content(authorised(Alice)),
			Allow("MEMBER-JOIN-R-3", "authorised by alice: joined, and "+aliceLevel+" >= invite 50 (MEMBER-JOIN-R-2 passes); same server, so example.org's signature covers MEMBER-JAUTH-1"))
		r.Join("carol-join", Carol, Content(authorised(Bob)),
			Allow("MEMBER-JOIN-R-3", "authorised by bob (50 >= invite 50), who is joined; his member event is listed (SEL-7)"))
		r.Join("zara-no-authoriser", Zara, Alt(),
			Reject("MEMBER-JOIN-R-2", "no join_authorised_via_users_server, and zara is neither joined nor invited (MEMBER-JOIN-R-1 does not apply)"))
		r.Join("zara-by-carol", Zara, Content(authorised(Carol)), SignAs(remote, "example.org"), Alt(),
			Reject("MEMBER-JOIN-R-2", "carol is joined but her level 0 is below invite 50"))
		r.Join("zara-by-dave", Zara, Content(authorised(Dave)), SignAs(remote, "example.org"), Alt(),
			Reject("MEMBER-JOIN-R-2", "dave has no member event, so he is not joined; example.org signed all the same"))
		r.Join("zara-unsigned", Zara, Content(authorised(Bob)), Alt(),
			Reject("MEMBER-JAUTH-1", "bob's server example.org did not sign: the authorising server's signature is required (SIG-REQ-4); the event is dropped at the signature check (D32)"))
		r.Join("zara-join", Zara, Content(authorised(Bob)), SignAs(remote, "example.org"),
			Allow("MEMBER-JOIN-R-3", "authorised by bob and signed by both remote.example and example.org (MEMBER-JAUTH-1); the allow list is never read (D26)"))
		r.Join("carol-profile", Carol, Content(Obj{"membership": "join", "displayname": "Carol"}),
			Allow("MEMBER-JOIN-R-1", "carol is joined: a profile update needs no authorising user"))
		r.Member("eve-invite", Bob, Eve, "invite", Allow("MEMBER-INVITE-3", "bob (50) >= invite 50"))
		r.Join("eve-join", Eve, Allow("MEMBER-JOIN-R-1", "eve is invited: no authorising user needed"))
		if knocks {
			r.Member("frank-knock", Frank, Frank, "knock", Allow("MEMBER-KNOCK-3", "knock_restricted admits knocks from v10 (MEMBER-KNOCK-1 as changed); frank has no membership"))
			r.Join("frank-join-after-knock", Frank, Alt(),
				Reject("MEMBER-JOIN-R-2", "knock -> join still needs an authorising user or an invite"))
		} else {
			r.Member("frank-knock", Frank, Frank, "knock", Alt(), Reject("MEMBER-KNOCK-1", "restricted is not a join rule that admits knocks"))
		}
		r.Member("bob-leaves", Bob, Bob, "leave", Allow("MEMBER-LEAVE-1", "bob leaves"))
		r.Join("gina-by-bob-left", Gina, Content(authorised(Bob)), Alt(),
			Reject("MEMBER-JOIN-R-2", "bob has left: an authorising user must be joined, whatever his level"))
		out = append(out, r)
	}
	return out
}
