package fixturegen

import "fmt"

// spec-power-levels: PL-1..8, DEF-PL-4, EDGE-P1..P3, EDGE-P5..P11, EDGE-H08,
// EDGE-H13, EDGE-H14, DECISIONS D2, D3, D5, D18, D19, X1.

func plCases() []*Room {
	const f = "spec-power-levels"
	var out []*Room

	// PL-1: users keys and values.
	r := NewRoom(f, "spec-power-levels-users-v2", "2",
		"PL-1 (EDGE-P5, D18, X1): users must be an object whose keys start with @ and contain a colon and whose values are numbers. \"alice\", \"@alice\", \"!b:x\" and a non-object users reject the event; \"@b:\", \"@:x\" and \"@b c:x\" are accepted as Synapse accepts them. Values \"abc\", [], true, \"1_000\" and null reject it (X1, unlike Synapse for true and \"1_000\").")
	r.Setup(nil, "public")
	for i, c := range []struct {
		key   string
		val   any
		allow bool
		note  string
	}{
		{"alice", 10, false, "key without @ (EDGE-P5)"},
		{"@alice", 10, false, "key without a colon (D18)"},
		{"!b:x", 10, false, "a room ID, not a user ID"},
		{"@b:", 10, true, "starts with @ and contains ':' (D18)"},
		{"@:x", 10, true, "empty localpart still counts (D18)"},
		{"@b c:x", 10, true, "a space in the localpart still counts (D18)"},
		{"@bob:example.org", "abc", false, "value \"abc\" is not a number"},
		{"@bob:example.org", []any{}, false, "value [] is not a number"},
		{"@bob:example.org", true, false, "value true is not a number (X1; Synapse reads 1)"},
		{"@bob:example.org", "1_000", false, "\"1_000\" is not in the spec's grammar (X1; Python accepts it)"},
		{"@bob:example.org", Raw("null"), false, "null is not a number in PL-1 (X1, EDGE-P8)"},
	} {
		opt := Reject("PL-1", c.note)
		if c.allow {
			opt = Allow("PL-1", c.note+"; then PL-7: 10 <= 100, PL-8 allows")
		}
		r.PL(fmt.Sprintf("pl-%d", i+1), Alice, Obj{"users": Obj{Alice: 100, c.key: c.val}}, Alt(), opt)
	}
	r.PL("pl-users-list", Alice, Obj{"users": []any{Alice}}, Alt(), Reject("PL-1", "users is not an object"))
	r.PL("pl-users-string", Alice, Obj{"users": "x"}, Alt(), Reject("PL-1", "users is not an object"))
	out = append(out, r)

	// PL-2 and malformed values outside users.
	r = NewRoom(f, "spec-power-levels-first-malformed-v6", "6",
		"PL-2 with D19 and D11 (EDGE-P7, EDGE-P6/D3): a first power-levels event is allowed whatever its events, users_default, ban, kick or notifications hold, and with no users at all. Later events are rejected only when their own check reads the bad value: a topic under a bad events entry, a message from a user without a users entry under a bad users_default, any membership change under a bad ban, a kick under a bad kick, and a new power-levels event replacing one with a bad value even if that value is unchanged. Events that do not read the bad value are allowed.")
	r.Create()
	r.CreatorJoin()
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "no power levels yet: alice has 100"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	base := Obj{"users": Obj{Alice: 100, Bob: 50}}
	first := func(name string, content Obj, note string) {
		r.PL(name, Alice, content, Auth("create", "alice-join"), Alt(), Allow("PL-2", note))
	}
	first("pl-events-bad", With(base, P("events"), Obj{"m.room.topic": "abc"}), "events entry \"abc\" is not read for a first power-levels event (EDGE-P7)")
	first("pl-events-list", With(base, P("events"), []any{}), "events is a list: not read (EDGE-P7)")
	first("pl-users-default-bad", With(base, P("users_default"), "abc"), "users_default \"abc\": not read (EDGE-P7)")
	first("pl-ban-bad", With(base, P("ban"), "abc"), "ban \"abc\": not read (EDGE-P7)")
	first("pl-kick-bad", With(base, P("kick"), "abc"), "kick \"abc\": not read (EDGE-P7)")
	first("pl-notifications-bad", With(base, P("notifications"), Obj{"room": "abc"}), "notifications.room \"abc\": not read (EDGE-P7)")
	first("pl-no-users", Obj{"state_default": 50}, "no users key at all passes PL-1 (D3, EDGE-P6)")
	r.Topic("topic-events-bad", Bob, "t", Auth("create", "pl-events-bad", "bob-join"), Alt(),
		Reject("POWER-1", "POWER-1 reads events[m.room.topic] = \"abc\" (D19, D11)"))
	r.Msg("msg-events-bad", Bob, Auth("create", "pl-events-bad", "bob-join"), Alt(),
		Allow("POWER-1", "a message does not read events[m.room.topic] (EDGE-P7)"))
	r.Topic("topic-events-list", Bob, "t", Auth("create", "pl-events-list", "bob-join"), Alt(),
		Reject("POWER-1", "POWER-1 needs events to be an object (D19, D11)"))
	r.Topic("topic-users-default-bob", Bob, "t", Auth("create", "pl-users-default-bad", "bob-join"), Alt(),
		Allow("POWER-1", "bob has a users entry, users_default is not read (EDGE-P7)"))
	r.Msg("msg-users-default-carol", Carol, Auth("create", "pl-users-default-bad", "carol-join"), Alt(),
		Reject("POWER-1", "carol's level is users_default \"abc\" (D19, D11, EDGE-P7)"))
	r.Member("carol-leave-ban-bad", Carol, Carol, "leave", Auth("create", "pl-ban-bad", "carol-join"), Alt(),
		Reject("EDGE-P7", "every membership check reads ban (D19): MEMBER-LEAVE-1 is never reached"))
	r.Msg("msg-ban-bad", Bob, Auth("create", "pl-ban-bad", "bob-join"), Alt(),
		Allow("DEFAULT-1", "a message does not read ban (EDGE-P7)"))
	r.Member("carol-leave-kick-bad", Carol, Carol, "leave", Auth("create", "pl-kick-bad", "carol-join"), Alt(),
		Allow("MEMBER-LEAVE-1", "a self-leave does not read kick (EDGE-P7)"))
	r.Member("alice-kicks-carol-kick-bad", Alice, Carol, "leave", Auth("create", "pl-kick-bad", "alice-join", "carol-join"), Alt(),
		Reject("EDGE-P7", "a kick reads kick = \"abc\" (D19, D11): MEMBER-LEAVE-4 cannot allow"))
	r.Msg("msg-notifications-bad", Bob, Auth("create", "pl-notifications-bad", "bob-join"), Alt(),
		Allow("DEFAULT-1", "notifications is never read outside PL-4/PL-5"))
	r.Topic("topic-no-users-alice", Alice, "t", Auth("create", "pl-no-users", "alice-join"), Alt(),
		Reject("POWER-1", "no users: alice has users_default 0 < 50 (DEF-PL-1)"))
	r.Msg("msg-no-users-bob", Bob, Auth("create", "pl-no-users", "bob-join"), Alt(),
		Allow("DEFAULT-1", "events_default 0"))
	r.PL("pl-after-ban-bad", Alice, With(base, P("ban"), "abc", P("users", Carol), 10), Auth("create", "pl-ban-bad", "alice-join"), Alt(),
		Reject("PL-3", "there is a previous power-levels event, so PL-2 does not allow; its ban \"abc\" is read although unchanged (D19, EDGE-P7)"))
	r.PL("pl-after-events-bad", Alice, With(base, P("events"), Obj{"m.room.topic": "abc"}, P("users", Carol), 10), Auth("create", "pl-events-bad", "alice-join"), Alt(),
		Reject("PL-4", "the previous events entry \"abc\" is read although unchanged (D19, EDGE-P7)"))
	r.PL("pl-after-notifications-bad", Alice, With(base, P("notifications"), Obj{"room": "abc"}, P("users", Carol), 10), Auth("create", "pl-notifications-bad", "alice-join"), Alt(),
		Reject("PL-4", "v6: notifications.room \"abc\" is read although unchanged (D19, EDGE-P7)"))
	r.PL("pl-after-no-users", Alice, Obj{"state_default": 50, "users": Obj{Alice: 100}}, Auth("create", "pl-no-users", "alice-join"), Alt(),
		Reject("POWER-1", "alice's level is users_default 0 under the previous event, below state_default 50"))
	out = append(out, r)

	// PL-3..8 comparisons.
	r = NewRoom(f, "spec-power-levels-changes-v1", "1",
		"PL-3..PL-8 (EDGE-H08, EDGE-P1/D2, EDGE-P9, EDGE-P10): bob (50) and eve (40) edit the power levels. Named levels may change only when old and new values are both within the sender's level (PL-3), events entries when the old (PL-4) and new (PL-5) values are; other users' entries at or above the sender's level cannot be changed or removed (PL-6); no entry may be set above the sender's level (PL-7). Adding kick: 50 where kick was absent counts as a change (D2); changing ban \"50\" to 50 is no change (EDGE-P9).")
	plBase := Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Eve: 40, Dave: 0}, "users_default": 0,
		"ban": "50", "redact": 75, "state_default": 50,
		"events": Obj{"m.room.power_levels": 40, "m.room.name": 75}}
	r.Create()
	r.CreatorJoin()
	r.PL("pl", Alice, plBase, Allow("PL-2", "the first power-levels event"))
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "alice sets the join rule"))
	for _, u := range []struct{ n, id string }{{"bob", Bob}, {"carol", Carol}, {"eve", Eve}, {"dave", Dave}} {
		r.Join(u.n+"-join", u.id, Allow("MEMBER-JOIN-5", "public room"))
	}
	for _, c := range []struct {
		name, sender string
		kv           []any
		allow        bool
		rule, note   string
	}{
		{"ban-down", Bob, []any{P("ban"), 40}, true, "PL-3", "ban \"50\" -> 40: old 50 and new 40 are <= 50"},
		{"state-default-up", Bob, []any{P("state_default"), 75}, false, "PL-3", "new state_default 75 > 50"},
		{"redact-down", Bob, []any{P("redact"), 50}, false, "PL-3", "old redact 75 > 50"},
		{"users-default-up", Bob, []any{P("users_default"), 50}, true, "PL-3", "users_default 0 -> 50, up to bob's own level (EDGE-P10)"},
		{"name-down", Bob, []any{P("events", "m.room.name"), 50}, false, "PL-4", "old events[m.room.name] 75 > 50"},
		{"pl-type-removed", Bob, []any{P("events", "m.room.power_levels"), nil}, true, "PL-4", "removing events[m.room.power_levels] 40 <= 50"},
		{"topic-added-high", Bob, []any{P("events", "m.room.topic"), 75}, false, "PL-5", "new events[m.room.topic] 75 > 50"},
		{"topic-added", Bob, []any{P("events", "m.room.topic"), 50}, true, "PL-5", "new events[m.room.topic] 50 <= 50"},
		{"carol-down", Bob, []any{P("users", Carol), 0}, false, "PL-6", "carol's old level 50 >= bob's 50: a peer cannot be demoted (EDGE-H08); PL-8 is never reached"},
		{"carol-removed", Bob, []any{P("users", Carol), nil}, false, "PL-6", "removing a peer at bob's level (EDGE-H08)"},
		{"dave-removed", Bob, []any{P("users", Dave), nil}, true, "PL-6", "dave's old level 0 < 50"},
		{"dave-up", Bob, []any{P("users", Dave), 50}, true, "PL-7", "raising another user up to bob's own level (EDGE-H08)"},
		{"dave-too-high", Bob, []any{P("users", Dave), 51}, false, "PL-7", "51 > bob's 50"},
		{"bob-up", Bob, []any{P("users", Bob), 60}, false, "PL-7", "raising oneself (EDGE-P10)"},
		{"bob-down", Bob, []any{P("users", Bob), 20}, true, "PL-6", "lowering oneself: the sender's own entry is exempt from PL-6 (EDGE-P10)"},
		{"eve-adds-kick", Eve, []any{P("kick"), 50}, false, "PL-3", "kick absent -> 50 is a change, 50 > eve's 40; defaults are not filled in (D2, EDGE-P1)"},
		{"eve-ban-numeric", Eve, []any{P("ban"), 50}, true, "PL-8", "ban \"50\" -> 50 is no change once parsed (EDGE-P9), although eve (40) is below 50"},
	} {
		opt := Reject(c.rule, c.note)
		if c.allow {
			opt = Allow(c.rule, c.note)
		}
		r.PL(c.name, c.sender, With(plBase, c.kv...), Alt(), opt)
	}
	out = append(out, r)

	// notifications: v5 vs v6.
	for _, v := range []string{"5", "6"} {
		strict := v == "6"
		r = NewRoom(f, "spec-power-levels-notifications-v"+v, v,
			"EDGE-P2/EDGE-P3 (PL-4/PL-5): notifications entries are checked only from room version 6. Bob (50) raises notifications.room 50 -> 100 and removes notifications.custom (100): allowed in v5, rejected in v6. Changing an entry whose old value equals bob's level (room 50 -> 0) is allowed in both (PL-4 uses >).")
		nb := Obj{"users": Obj{Alice: 100, Bob: 50}, "notifications": Obj{"room": 50, "custom": 100}}
		r.Setup(nil, "public")
		r.PL("pl-notif", Alice, nb, Allow("PL-8", "alice sets notifications"))
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		if strict {
			r.PL("room-up", Bob, With(nb, P("notifications", "room"), 100), Alt(), Reject("PL-5", "v6: new notifications.room 100 > 50 (EDGE-P2)"))
			r.PL("custom-removed", Bob, With(nb, P("notifications", "custom"), nil), Alt(), Reject("PL-4", "v6: old notifications.custom 100 > 50 (EDGE-P2)"))
		} else {
			r.PL("room-up", Bob, With(nb, P("notifications", "room"), 100), Alt(), Allow("PL-8", "v5: notifications are not checked (EDGE-P2)"))
			r.PL("custom-removed", Bob, With(nb, P("notifications", "custom"), nil), Alt(), Allow("PL-8", "v5: notifications are not checked (EDGE-P2)"))
		}
		r.PL("room-down", Bob, With(nb, P("notifications", "room"), 0), Alt(), Allow("PL-4", "old notifications.room 50 is not > 50 (EDGE-P3)"))
		out = append(out, r)
	}

	// Value grammar: stringy (v7) and floaty (v2).
	r = NewRoom(f, "spec-power-levels-strings-v7", "7",
		"DEF-PL-4 and X1 (EDGE-H14, EDGE-P8): string power levels. \" +0050 \", \"0050\", \"-5\" and digits wrapped in tab/LF/VT/FF/CR are numbers; \"1_000\", an Arabic-Indic digit, a no-break space, \"+-5\", \"+\", \"\" and a value beyond int64 are not, so a users entry holding one rejects the power-levels event (PL-1). The parsed value is used: bob at \" +0050 \" may send state (state_default 50).")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	for i, c := range []struct {
		val   any
		allow bool
	}{
		{"0050", true}, {"-5", true}, {"\t\n\v\f\r7\r\n", true},
		{"1_000", false}, {"\u0663", false}, {"\u00a050", false}, {"+-5", false}, {"+", false}, {"", false},
		{"99999999999999999999", false},
	} {
		name := fmt.Sprintf("pl-str-%d", i+1)
		if c.allow {
			r.PL(name, Alice, Obj{"users": Obj{Alice: 100, Bob: c.val}}, Auth("create", "alice-join"), Alt(), Allow("PL-1", fmt.Sprintf("%s is a number under X1", marshal(c.val))))
		} else {
			r.PL(name, Alice, Obj{"users": Obj{Alice: 100, Bob: c.val}}, Auth("create", "alice-join"), Alt(), Reject("PL-1", fmt.Sprintf("%s is not a number under X1 (EDGE-P8)", marshal(c.val))))
		}
	}
	r.PL("pl-stringy", Alice, Obj{"users": Obj{Alice: 100, Bob: " +0050 "}}, Allow("PL-1", "\" +0050 \" reads as 50 (EDGE-H14)"))
	r.Topic("bob-topic", Bob, "t", Allow("POWER-1", "bob's level \" +0050 \" = 50 >= state_default 50 (EDGE-H14)"))
	out = append(out, r)

	r = NewRoom(f, "spec-power-levels-floats-v2", "2",
		"DEF-PL-4 floaty values (v1-5; EDGE-H13, X1): 50.57 acts as 50 and 5.114698E4 as 51146; -0.5 truncates to 0. 1e300 is inside binary64 but not an int64 once truncated, so a users entry holding it rejects the event (X1; Synapse accepts it); 1e400 is outside binary64 and refused. The parsed value is used: bob at 50.57 may send state.")
	r.NoKeys() // the signing input of a float is Python's float text (EDGE-JSON1): not pinned here
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	for i, c := range []struct {
		val   Raw
		allow bool
		note  string
	}{
		{"5.114698E4", true, "reads as 51146 (EDGE-H13)"},
		{"-0.5", true, "truncates toward zero to 0"},
		{"1e300", false, "inside binary64, outside int64: not a number (X1, EDGE-H13)"},
		{"1e400", false, "outside binary64: refused (DEF-PL-4, EDGE-H13)"},
	} {
		name := fmt.Sprintf("pl-float-%d", i+1)
		content := Raw(`{"users":{"@alice:example.org":100,"@bob:example.org":` + string(c.val) + `}}`)
		if c.allow {
			r.PL(name, Alice, content, Auth("create", "alice-join"), Alt(), Allow("PL-1", string(c.val)+" "+c.note))
		} else {
			r.PL(name, Alice, content, Auth("create", "alice-join"), Alt(), Reject("PL-1", string(c.val)+" "+c.note))
		}
	}
	r.PL("pl-float", Alice, Raw(`{"users":{"@alice:example.org":100,"@bob:example.org":50.57}}`), Allow("PL-1", "50.57 reads as 50 (EDGE-H13)"))
	r.Topic("bob-topic", Bob, "t", Allow("POWER-1", "bob's level 50.57 = 50 >= state_default 50 (EDGE-H13)"))
	r.PL("bob-pl", Bob, Raw(`{"users":{"@alice:example.org":100,"@bob:example.org":50.99}}`), Allow("PL-8", "50.57 -> 50.99 is no change once truncated (EDGE-P9 with floats)"))
	out = append(out, r)

	r = NewRoom(f, "spec-power-levels-state-key-v4", "4",
		"EDGE-P11 (D5): an m.room.power_levels event with state_key \"x\" is judged by the generic and PL rules against the previous event of the same key, which is none, so bob (50) may give himself 100 there (PL-2); it never becomes the room's power levels: bob still cannot send m.room.name (75), and an event citing it in auth_events is rejected (AUTHEV-2). Its users are still validated (PL-1).")
	r.Setup(Obj{Bob: 50}, "public")
	r.PL("pl-2", Alice, Obj{"users": Obj{Alice: 100, Bob: 50}, "events": Obj{"m.room.name": 75}}, Allow("PL-8", "alice sets events[m.room.name] = 75"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.PL("pl-x", Bob, Obj{"users": Obj{Alice: 100, Bob: 100}}, SK("x"), Allow("PL-2", "no previous (m.room.power_levels, \"x\") event (D5, EDGE-P11)"))
	r.PL("pl-x-bad", Bob, Obj{"users": Obj{"bob": 100}}, SK("x"), Alt(), Reject("PL-1", "the PL rules apply by type: a bad users key"))
	r.Add("bob-name", "m.room.name", Bob, SK(""), Content(Obj{"name": "n"}), Alt(), Reject("POWER-1", "the room's power levels are still pl-2: bob 50 < 75"))
	r.Msg("bob-msg-cites-x", Bob, Auth("create", "pl-2", "bob-join", "pl-x"), Alt(), Reject("AUTHEV-2", "(m.room.power_levels, \"x\") is never selected"))
	out = append(out, r)
	return out
}
