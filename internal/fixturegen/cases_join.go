package fixturegen

import "fmt"

// spec-member-join: MEMBER-1, MEMBER-JOIN-1..6, MEMBER-UNKNOWN-1, EDGE-M1,
// EDGE-M2, EDGE-M3, EDGE-M4, EDGE-M14, EDGE-M15, EDGE-J1..J3, EDGE-H04, D1.

func joinCases() []*Room {
	const f = "spec-member-join"
	var out []*Room

	r := NewRoom(f, "spec-member-join-creator-v1", "1",
		"MEMBER-JOIN-1 (EDGE-M1, EDGE-M2): a join whose only prev event is the create event and whose state_key is the creator is allowed, even when sent by someone else; with prev_events [create, X] or a single other prev event it falls through to the normal rules and, with no join rules (invite, D1), is rejected. Anyone but the creator is rejected too. Also MEMBER-1 (EDGE-M15: no membership, no state_key) and MEMBER-UNKNOWN-1 (EDGE-M14: \"JOIN\", a number).")
	r.Create()
	r.Member("bob-joins-alice", Bob, Alice, "join", Alt(),
		Allow("MEMBER-JOIN-1", "sender bob != state_key alice (the creator), prev = [create] (EDGE-M1); state_key and membership present (passes MEMBER-1)"))
	r.Join("alice-join-two-prev", Alice, Prev("create", "bob-joins-alice"), Alt(),
		Reject("MEMBER-JOIN-6", "two prev events: no bypass; no join rules = invite (D1) and alice is not invited (EDGE-M2)"))
	r.Join("alice-join-other-prev", Alice, Prev("bob-joins-alice"), Alt(),
		Reject("MEMBER-JOIN-6", "the single prev event is not the create event (EDGE-M2)"))
	r.Join("bob-first-join", Bob, Alt(), Reject("MEMBER-JOIN-6", "bob is not the creator, so MEMBER-JOIN-1 does not apply; invite-only (D1), not invited"))
	r.CreatorJoin(Allow("MEMBER-JOIN-1", "the creator's first join; a known membership never reaches MEMBER-UNKNOWN-1"))
	r.Member("no-membership", Alice, Bob, "", Content(Obj{"displayname": "Bob"}), Alt(),
		Reject("MEMBER-1", "content has no membership (D11)"))
	r.Add("no-state-key", "m.room.member", Alice, Content(Obj{"membership": "invite"}), Alt(),
		Reject("MEMBER-1", "no state_key (EDGE-M15, D11)"))
	r.Member("membership-upper", Alice, Alice, "JOIN", Alt(),
		Reject("MEMBER-UNKNOWN-1", "\"JOIN\" is not a membership: matching is case-sensitive (EDGE-M14)"))
	r.Member("membership-number", Alice, Bob, "", Content(Obj{"membership": 5}), Alt(),
		Reject("MEMBER-UNKNOWN-1", "a non-string membership (EDGE-M14)"))
	r.Topic("topic", Alice, "still fine", Allow("DEFAULT-1", "creator, no power levels: 100"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-join-invite-v5", "5",
		"MEMBER-JOIN-4 with join rule invite: an invited user may join, a joined user may update their profile; an uninvited user and a user who left are rejected (MEMBER-JOIN-6); joining on behalf of someone else is rejected (MEMBER-JOIN-2).")
	r.Setup(nil, "invite")
	r.Member("bob-invite", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "alice is joined, invite level 0"))
	r.Join("carol-join", Carol, Alt(), Reject("MEMBER-JOIN-6", "carol is not invited: MEMBER-JOIN-4 does not allow"))
	r.Member("bob-joins-carol", Bob, Carol, "join", Alt(), Reject("MEMBER-JOIN-2", "sender bob != state_key carol"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-4", "invite -> join; sender = state_key (MEMBER-JOIN-2), not banned (MEMBER-JOIN-3)"))
	r.Join("bob-profile", Bob, Content(Obj{"membership": "join", "displayname": "Bob"}), Allow("MEMBER-JOIN-4", "join -> join"))
	r.Member("bob-leave", Bob, Bob, "leave", Allow("MEMBER-LEAVE-1", "bob leaves"))
	r.Join("bob-rejoin", Bob, Alt(), Reject("MEMBER-JOIN-6", "leave -> join needs a new invite"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-join-banned-v2", "2",
		"MEMBER-JOIN-3 (EDGE-M3): a banned user cannot join even a public room; JOIN-3 comes before JOIN-5. Applies to a user banned while joined and to one banned without ever joining.")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("bob-ban", Alice, Bob, "ban", Allow("MEMBER-BAN-2", "alice (100) bans bob (0)"))
	r.Member("carol-ban", Alice, Carol, "ban", Allow("MEMBER-BAN-2", "ban of a user with no membership (EDGE-M11)"))
	r.Join("bob-rejoin", Bob, Alt(), Reject("MEMBER-JOIN-3", "bob is banned (EDGE-M3)"))
	r.Join("carol-join", Carol, Alt(), Reject("MEMBER-JOIN-3", "carol is banned (EDGE-M3)"))
	r.Join("dave-join", Dave, Allow("MEMBER-JOIN-5", "an unbanned user still joins"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-join-public-v7", "7",
		"MEMBER-JOIN-5: with join rule public a user joins from none, leave, join and (v7) knock. knock -> join under public is allowed although the membership table says never (EDGE-M4).")
	r.Setup(nil, "knock")
	r.Member("bob-knock", Bob, Bob, "knock", Allow("MEMBER-KNOCK-3", "bob knocks on a knock room"))
	r.JR("jr-public", Alice, "public", Allow("DEFAULT-1", "alice makes the room public"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "knock -> join under public (EDGE-M4); allowed before MEMBER-JOIN-6"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "none -> join"))
	r.Member("carol-leave", Carol, Carol, "leave", Allow("MEMBER-LEAVE-1", "carol leaves"))
	r.Join("carol-rejoin", Carol, Allow("MEMBER-JOIN-5", "leave -> join"))
	r.Join("carol-profile", Carol, Content(Obj{"membership": "join", "displayname": "C"}), Allow("MEMBER-JOIN-5", "join -> join"))
	out = append(out, r)

	r = NewRoom(f, "spec-member-join-rules-malformed-v3", "3",
		"DEF-JR-1 (D1, EDGE-J1, EDGE-J3, EDGE-J2): with no join_rules event, or one without a join_rule key, the rule is invite and an invited user may join. A join_rule that is null, 5, a list, \"Invite\", private, restricted or (v1-6) knock is an unknown rule: the invited user's join is rejected, and so is the admin's own profile update.")
	r.Setup(nil, nil)
	r.Member("bob-invite", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "alice invites bob"))
	r.Join("bob-join-no-jr", Bob, Alt(), Allow("MEMBER-JOIN-4", "no join_rules event: invite (D1, EDGE-J1)"))
	for _, c := range []struct {
		name  string
		rule  any
		allow bool
		edge  string
	}{
		{"nokey", nil, true, "EDGE-J3"},
		{"null", Raw("null"), false, "EDGE-J3"},
		{"number", 5, false, "EDGE-J3"},
		{"list", []string{"invite"}, false, "EDGE-J3"},
		{"wrong-case", "Invite", false, "EDGE-J3"},
		{"private", "private", false, "EDGE-J3"},
		{"restricted", "restricted", false, "EDGE-J3"},
		{"knock", "knock", false, "EDGE-J2"},
	} {
		content := Obj{"join_rule": c.rule}
		if c.rule == nil {
			content = Obj{}
		}
		jr := "jr-" + c.name
		r.Add(jr, "m.room.join_rules", Alice, SK(""), Content(content), Alt(),
			Allow("DEFAULT-1", "alice (100) may set any join rules content"))
		if c.allow {
			r.Join("bob-join-"+c.name, Bob, Auth("create", "pl", "bob-invite", jr), Alt(),
				Allow("MEMBER-JOIN-4", "join_rules without join_rule: invite (D1, "+c.edge+")"))
		} else {
			r.Join("bob-join-"+c.name, Bob, Auth("create", "pl", "bob-invite", jr), Alt(),
				Reject("MEMBER-JOIN-6", fmt.Sprintf("join_rule %s is unknown: neither MEMBER-JOIN-4 nor MEMBER-JOIN-5 applies (D1, %s)", marshal(c.rule), c.edge)))
		}
	}
	r.Join("alice-profile-private", Alice, Content(Obj{"membership": "join", "displayname": "A"}),
		Auth("create", "pl", "alice-join", "jr-private"), Alt(),
		Reject("MEMBER-JOIN-6", "under private even a joined member's profile update falls through to JOIN-6"))
	out = append(out, r)

	for _, v := range []string{"6", "7", "11", "12"} {
		desc := "EDGE-J2: join rule knock in room version 6 is an unknown rule, so even an invited user's join is rejected (MEMBER-JOIN-6)."
		if v == "7" {
			desc = "EDGE-H04 (MEMBER-JOIN-4, v7): with join rule knock an invited user's join is allowed and an uninvited user's join is rejected."
		}
		if v == "11" || v == "12" {
			desc = "EDGE-H04 (MEMBER-JOIN-4, v7 and later, here v" + v + "): with join rule knock an invited user's join is allowed and an uninvited user's join is rejected; knock is not knock_restricted, so MEMBER-JOIN-R-* play no part."
		}
		r = NewRoom(f, "spec-member-join-knock-rule-v"+v, v, desc)
		r.Setup(nil, "knock")
		r.Member("bob-invite", Alice, Bob, "invite", Allow("MEMBER-INVITE-3", "alice invites bob"))
		if v == "7" {
			r.Join("bob-join", Bob, Alt(), Allow("MEMBER-JOIN-4", "v7: invite or knock rule, bob invited (EDGE-H04)"))
		} else if v != "6" {
			r.Join("bob-join", Bob, Alt(), Allow("MEMBER-JOIN-4", "v7 and later: invite or knock rule, bob invited (EDGE-H04)"))
		} else {
			r.Join("bob-join", Bob, Alt(), Reject("MEMBER-JOIN-6", "v6: knock is not a join rule (EDGE-J2)"))
		}
		r.Join("carol-join", Carol, Alt(), Reject("MEMBER-JOIN-6", "carol is not invited"))
		out = append(out, r)
	}
	return out
}
