package fixturegen

// spec-resolve-v1 and spec-resolve-v2: state resolution cases (DIGEST §5,
// EDGE-SR1-*, EDGE-SR2-*, EDGE-H18/H19, DECISIONS D6-D9, D13). Expected
// states are written by hand from the algorithm as DIGEST §5 describes it.

func without(names []string, drop ...string) []string {
	var out []string
	for _, n := range names {
		keep := true
		for _, d := range drop {
			if n == d {
				keep = false
			}
		}
		if keep {
			out = append(out, n)
		}
	}
	return out
}

func plus(names []string, add ...string) []string {
	return append(append([]string(nil), names...), add...)
}

func resolveV1Cases() []*Room {
	const f = "spec-resolve-v1"
	var out []*Room

	for _, earlier := range []bool{false, true} {
		name, desc := "spec-resolve-v1-ban-topic", "EDGE-SR2-11 in state resolution v1 (SR1-2, SR1-4, SR1-6, EDGE-SR1-4): alice bans bob in one branch while bob sets a topic in the other. With no earlier topic the topic key is present in one state only, so it is not a conflict and bob's topic is kept; bob's membership resolves to the ban (auth phase: the join goes in first, the ban passes against it)."
		if earlier {
			name, desc = "spec-resolve-v1-ban-topic-earlier", "EDGE-SR2-11 in state resolution v1 (SR1-5, SR1-6): as spec-resolve-v1-ban-topic, but alice set a topic before the fork, so the topic is conflicted. The member phase bans bob first; bob's deeper topic then fails against R and alice's earlier topic wins."
		}
		r := NewRoom(f, name, "1", desc)
		r.Setup(Obj{Bob: 50}, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		if earlier {
			r.Topic("topic-0", Alice, "first", Allow("DEFAULT-1", "alice's topic before the fork"))
		}
		base := r.Save()
		r.Member("ban", Alice, Bob, "ban", Allow("MEMBER-BAN-2", "branch A: alice bans bob"))
		a := r.StateNames(r.Save())
		r.Restore(base)
		r.Topic("topic-bob", Bob, "bob's", Allow("POWER-1", "branch B: bob (50) sets the topic"))
		b := r.StateNames(r.Save())
		exp := plus(without(r.StateNames(base), "bob-join"), "ban")
		if earlier {
			r.Resolve("ban-then-topic", [][]string{a, b}, nil, exp)
		} else {
			r.Resolve("ban-then-topic", [][]string{a, b}, nil, plus(exp, "topic-bob"))
		}
		out = append(out, r)
	}

	r := NewRoom(f, "spec-resolve-v1-ties", "1",
		"EDGE-SR1-5 (D9, SR1-3): depth ties are broken by the SHA-1 hex of the event ID. Power levels $pl-x (sha1 c786...) and $pl-y (194e...) at equal depth both pass: $pl-x goes in unchecked, $pl-y replaces it, so the lower sha1 wins. Topics $topic-x (02fb...) and $topic-y (dd12...) at equal depth both pass: the lower sha1 is tried first and wins. Second case: $pl-a (e478...) and $pl-b (0bff...), where $pl-b (carol's) fails against $pl-a (which demotes carol), so the higher sha1 wins.")
	r.Setup(Obj{Bob: 50, Carol: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	base := r.Save()
	r.PL("pl-x", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Dave: 10}}, Allow("PL-8", "branch A"))
	r.Topic("topic-x", Alice, "x", Allow("DEFAULT-1", "branch A"))
	a := r.StateNames(r.Save())
	r.Restore(base)
	r.PL("pl-y", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Eve: 10}}, Allow("PL-8", "branch B"))
	r.Topic("topic-y", Alice, "y", Allow("DEFAULT-1", "branch B"))
	b := r.StateNames(r.Save())
	r.Resolve("sha1-ties", [][]string{a, b}, nil, plus(without(r.StateNames(base), "pl"), "pl-y", "topic-x"))
	r.Restore(base)
	r.PL("pl-a", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 0}}, Allow("PL-8", "branch C: alice demotes carol"))
	c := r.StateNames(r.Save())
	r.Restore(base)
	r.PL("pl-b", Carol, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Frank: 10}}, Allow("PL-8", "branch D: carol (50) adds frank"))
	d := r.StateNames(r.Save())
	r.Resolve("lower-sha1-fails", [][]string{c, d}, nil, plus(without(r.StateNames(base), "pl"), "pl-a"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v1-first-pl-unchecked", "1",
		"EDGE-SR1-3 (SR1-4, D9): in the auth phase the lowest-depth candidate goes in without a check and the chain stops at the first failure: carol's deeper power levels fail against alice's (which demote carol), so bob's deepest ones, which would pass, are never tried.")
	r.Setup(Obj{Bob: 50, Carol: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	base = r.Save()
	r.PL("pl-a", Alice, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 0}}, Allow("PL-8", "branch A (depth 7): alice demotes carol"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.Msg("msg-b", Carol, Allow("DEFAULT-1", "branch B filler"))
	r.PL("pl-b", Carol, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Eve: 10}}, Allow("PL-8", "branch B (depth 8): carol adds eve"))
	b = r.StateNames(r.Save())
	r.Restore(base)
	r.Msg("msg-c1", Bob, Allow("DEFAULT-1", "branch C filler"))
	r.Msg("msg-c2", Bob, Allow("DEFAULT-1", "branch C filler"))
	r.PL("pl-c", Bob, Obj{"users": Obj{Alice: 100, Bob: 50, Carol: 50, Gina: 10}}, Allow("PL-8", "branch C (depth 9): bob adds gina"))
	c = r.StateNames(r.Save())
	r.Resolve("chain-stops", [][]string{a, b, c}, nil, plus(without(r.StateNames(base), "pl"), "pl-a"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v1-none-pass", "1",
		"EDGE-SR1-1 (SR1-6, D9): when no candidate of an ordinary conflicted key passes against R, Synapse takes the last one in its order, the one with the lowest depth. Each branch bans the other branch's topic setter, so both topics fail against the resolved memberships; carol's shallower topic wins.")
	r.Setup(Obj{Bob: 50, Carol: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	base = r.Save()
	r.Topic("topic-carol", Carol, "carol's", Allow("POWER-1", "branch A: carol (50)"))
	r.Member("ban-bob", Alice, Bob, "ban", Allow("MEMBER-BAN-2", "branch A: alice bans bob"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.Msg("msg-b", Bob, Allow("DEFAULT-1", "branch B filler"))
	r.Topic("topic-bob", Bob, "bob's", Allow("POWER-1", "branch B: bob (50)"))
	r.Member("ban-carol", Alice, Carol, "ban", Allow("MEMBER-BAN-2", "branch B: alice bans carol"))
	b = r.StateNames(r.Save())
	r.Resolve("none-pass", [][]string{a, b}, nil, plus(without(r.StateNames(base), "bob-join", "carol-join"), "ban-bob", "ban-carol", "topic-carol"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v1-rejected", "1",
		"EDGE-SR1-6 (SR1-8, D9): rejected candidates are invisible to v1. Two conflicting power levels, one rejected: the other is kept without a check but is not in R, so bob's topic, empowered only by it, fails against R and alice's topic wins. Two conflicting topics, both rejected: the topic key disappears.")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	base = r.Save()
	r.PL("pl-a", Alice, Obj{"users": Obj{Alice: 100, Bob: 50}}, Allow("PL-8", "branch A: alice raises bob to 50"))
	r.Topic("topic-bob", Bob, "bob's", Allow("POWER-1", "branch A: bob (50)"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.PL("pl-b", Alice, Obj{"users": Obj{Alice: 100, Carol: 50}}, Allow("PL-8", "branch B: alice raises carol to 50 (listed as rejected in the resolve case)"))
	r.Topic("topic-alice", Alice, "alice's", Allow("DEFAULT-1", "branch B: alice"))
	b = r.StateNames(r.Save())
	baseNoPL := without(r.StateNames(base), "pl")
	r.Resolve("one-pl-rejected", [][]string{a, b}, []string{"pl-b"}, plus(baseNoPL, "pl-a", "topic-alice"))
	r.Resolve("both-topics-rejected", [][]string{plus(baseNoPL, "pl-a", "topic-bob"), plus(baseNoPL, "pl-a", "topic-alice")},
		[]string{"topic-bob", "topic-alice"}, plus(baseNoPL, "pl-a"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v1-same-phase", "1",
		"EDGE-SR1-2 (SR1-5, D9): within the member phase one key's winner is not visible while another key is resolved. Bob's membership resolves to his profile update (a join), but while carol's key is resolved bob's key is still conflicted and absent from R, so bob's invite of carol fails and carol's earlier leave stays.")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Member("carol-leave", Carol, Carol, "leave", Allow("MEMBER-LEAVE-1", "carol leaves before the fork"))
	base = r.Save()
	r.Member("carol-invite", Bob, Carol, "invite", Allow("MEMBER-INVITE-3", "branch A: bob invites carol back"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.Join("bob-profile", Bob, Content(Obj{"membership": "join", "displayname": "Bob"}), Allow("MEMBER-JOIN-5", "branch B: bob's profile update"))
	b = r.StateNames(r.Save())
	r.Resolve("not-visible", [][]string{a, b}, nil, plus(without(r.StateNames(base), "bob-join"), "bob-profile"))
	out = append(out, r)
	return out
}

func resolveV2Cases() []*Room {
	const f = "spec-resolve-v2"
	var out []*Room

	for _, c := range []struct {
		v       string
		earlier bool
	}{{"3", false}, {"7", true}} {
		name, desc := "spec-resolve-v2-ban-topic-v"+c.v, "EDGE-SR2-11 (SR2-1..7): alice bans bob in one branch while bob sets a topic in the other. The ban is a power event and is applied first (with bob's join from its auth chain); bob's topic then fails in the mainline phase. The topic key, missing from one state, is conflicted (EDGE-SR2-1) and absent from the result."
		if c.earlier {
			desc = "EDGE-SR2-11 (SR2-1..7): as the v3 case, but alice set a topic before the fork: the ban is applied first, bob's topic fails, and alice's earlier topic, applied before it in mainline order, stays."
		}
		r := NewRoom(f, name, c.v, desc)
		r.Setup(Obj{Bob: 50}, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		if c.earlier {
			r.Topic("topic-0", Alice, "first", Allow("DEFAULT-1", "alice's topic before the fork"))
		}
		base := r.Save()
		r.Member("ban", Alice, Bob, "ban", Allow("MEMBER-BAN-2", "branch A: alice bans bob"))
		a := r.StateNames(r.Save())
		r.Restore(base)
		r.Topic("topic-bob", Bob, "bob's", Allow("POWER-1", "branch B: bob (50) sets the topic"))
		b := r.StateNames(r.Save())
		r.Resolve("ban-then-topic", [][]string{a, b}, nil, plus(without(r.StateNames(base), "bob-join"), "ban"))
		out = append(out, r)
	}

	r := NewRoom(f, "spec-resolve-v2-join-rules-v4", "4",
		"EDGE-SR2-1 (SR2-3..6): bob joins a public room in one branch while alice makes it invite-only in the other. Bob's member key is missing from one state and so conflicted; the join-rules events are power events applied first (ordered by timestamp), and bob's join then fails against join rule invite.")
	r.Setup(nil, "public")
	base := r.Save()
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "branch A: public room"))
	a := r.StateNames(r.Save())
	r.Restore(base)
	r.JR("jr-invite", Alice, "invite", Allow("DEFAULT-1", "branch B: alice makes the room invite-only"))
	b := r.StateNames(r.Save())
	r.Resolve("invite-only-wins", [][]string{a, b}, nil, plus(without(r.StateNames(base), "jr"), "jr-invite"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-no-power-levels-v5", "5",
		"EDGE-SR2-10 (SR2-5): with no power-levels event the mainline is empty and every position is infinite, so conflicted ordinary events are ordered by origin_server_ts then event ID, not by depth: alice's later but shallower topic is applied last and wins.")
	r.Create()
	r.CreatorJoin()
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "no power levels: the creator has 100"))
	base = r.Save()
	r.Msg("msg-1", Alice, TS(BaseTS+10000), Allow("DEFAULT-1", "branch A filler"))
	r.Msg("msg-2", Alice, TS(BaseTS+11000), Allow("DEFAULT-1", "branch A filler"))
	r.Topic("topic-deep", Alice, "deep", TS(BaseTS+12000), Allow("DEFAULT-1", "branch A: depth 6, earlier timestamp"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.Topic("topic-late", Alice, "late", TS(BaseTS+20000), Allow("DEFAULT-1", "branch B: depth 4, later timestamp"))
	b = r.StateNames(r.Save())
	r.Resolve("by-timestamp", [][]string{a, b}, nil, plus(r.StateNames(base), "topic-late"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-ties-v6", "6",
		"EDGE-SR2-4 (SR2-DEF-6, SR2-DEF-9): equal sender power and equal timestamps are ordered by event ID as a plain string, in the power ordering and in the mainline ordering: $zz-jr and $zz-topic sort after $aa-jr and $aa-topic, are applied last and win. Given event IDs keep the order readable.").Given()
	r.Setup(nil, "public")
	base = r.Save()
	tie := BaseTS + 100000
	r.JR("zz-jr", Alice, "invite", TS(tie), Allow("DEFAULT-1", "branch A: same sender and timestamp as $aa-jr"))
	r.Topic("zz-topic", Alice, "zz", TS(tie+1000), Allow("DEFAULT-1", "branch A: same timestamp as $aa-topic"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.JR("aa-jr", Alice, "public", Content(Obj{"join_rule": "public", "note": "aa"}), TS(tie), Allow("DEFAULT-1", "branch B"))
	r.Topic("aa-topic", Alice, "aa", TS(tie+1000), Allow("DEFAULT-1", "branch B"))
	b = r.StateNames(r.Save())
	r.Resolve("by-event-id", [][]string{a, b}, nil, plus(without(r.StateNames(base), "jr"), "zz-jr", "zz-topic"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-rejected-v7", "7",
		"EDGE-SR2-5, EDGE-SR2-6 (D8, SR2-REJ-1, SR2-REJ-3): events listed as rejected are never admitted during resolution and never fill gaps. Bob's topic passes against its own auth events but was rejected against the state before it (alice had demoted him); in a conflicted position it is skipped although it would pass against the resolved state; in an unconflicted position it stays. Carol's topic needs her join, which is rejected: the join is skipped and cannot stand in for her missing member key, so the topic fails.")
	r.Setup(Obj{Bob: 50, Carol: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	base = r.Save()
	r.PL("pl-demote", Alice, Obj{"users": Obj{Alice: 100, Carol: 50}}, Alt(), Allow("PL-8", "alice demotes bob (the state before bob's topic)"))
	r.Topic("topic-bob", Bob, "bob's", Prev("pl-demote"), Auth("create", "pl", "bob-join"), Alt(),
		Allow("POWER-1", "passes against its own auth events (bob 50 in pl); PDU-5 would reject it after pl-demote, so the resolve cases list it as rejected"))
	r.Join("carol-join", Carol, Alt(), Allow("MEMBER-JOIN-5", "public room; listed as rejected in the resolve case"))
	r.Topic("topic-carol", Carol, "carol's", Auth("create", "pl", "carol-join"), Prev("carol-join"), Alt(), Allow("POWER-1", "carol (50)"))
	baseNames := r.StateNames(base)
	r.Resolve("rejected-conflicted", [][]string{plus(baseNames, "topic-bob"), baseNames}, []string{"topic-bob"}, baseNames)
	r.Resolve("rejected-unconflicted", [][]string{plus(baseNames, "topic-bob"), plus(baseNames, "topic-bob")}, []string{"topic-bob"}, plus(baseNames, "topic-bob"))
	r.Resolve("rejected-auth-event", [][]string{plus(baseNames, "topic-carol"), baseNames}, []string{"carol-join"}, baseNames)
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-auth-difference-v4", "4",
		"EDGE-SR2-12 (SR2-DEF-4, D13): each state set's auth chain includes the set's own state events, as Synapse computes it. p2 is unconflicted but cited only from the first set; with Synapse's chains it stays out of the full conflicted set, no power event is conflicted, and the mainline phase orders bob's leave (ts 1500) before his join (ts 5000), so bob's membership is the join. (With the spec text's chains p2 would pull the join into the power phase and the leave would win.)")
	r.Create()
	r.CreatorJoin()
	r.PL("p1", Alice, Obj{"users": Obj{Alice: 100, Bob: 100}}, Allow("PL-2", "alice and bob at 100"))
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "public room"))
	r.Join("jb", Bob, TS(BaseTS+50000), Allow("MEMBER-JOIN-5", "bob joins (ts 5000 in the DIGEST's units)"))
	r.Member("lb", Bob, Bob, "leave", TS(BaseTS+15000), Alt(), Allow("MEMBER-LEAVE-1", "bob leaves citing jb (ts 1500 in the DIGEST's units)"))
	r.PL("p2", Bob, Obj{"users": Obj{Alice: 100, Bob: 100}, "state_default": 50}, TS(BaseTS+60000), Allow("PL-8", "bob's power levels citing jb"))
	r.Topic("topic", Alice, "t", TS(BaseTS+70000), Allow("DEFAULT-1", "alice's topic citing p2"))
	r.Resolve("synapse-chains", [][]string{{"create", "alice-join", "jr", "p2", "jb", "topic"}, {"create", "alice-join", "jr", "p2", "lb"}}, nil,
		[]string{"create", "alice-join", "jr", "p2", "jb", "topic"})
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-unconflicted-pl-v2", "2",
		"EDGE-SR2-7 (SR2-4, SR2-7): an old power-levels event in the auth difference is a power event and is applied in SR2-4 although the power-levels key is unconflicted; it demotes bob, so bob's conflicted topic fails in SR2-6. SR2-7 then restores the unconflicted power levels, which do not bring the topic back.")
	r.Setup(Obj{Bob: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Save()
	r.PL("p-side", Alice, Obj{"users": Obj{Alice: 100, Bob: 0}}, Alt(), Allow("PL-8", "a side branch: alice demotes bob"))
	r.Add("name-side", "m.room.name", Alice, SK(""), Content(Obj{"name": "side"}), Auth("create", "p-side", "alice-join"), Prev("p-side"), Alt(),
		Allow("DEFAULT-1", "alice names the room citing p-side"))
	r.PL("p3", Alice, Obj{"users": Obj{Alice: 100, Bob: 50}, "state_default": 50}, Allow("PL-8", "the main line's power levels"))
	r.Topic("topic-bob", Bob, "bob's", Alt(), Allow("POWER-1", "bob (50) under p3"))
	main := r.StateNames(r.Save())
	r.Resolve("old-pl-applied", [][]string{plus(main, "name-side", "topic-bob"), main}, nil, plus(main, "name-side"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-mainline-v3", "3",
		"EDGE-H19 (SR2-DEF-8, SR2-DEF-9): mainline position starts from an event's power-levels auth event, and an event without one has an infinite position and goes first. Three topics: alice's without power levels in auth events (latest ts), one citing the older p1 and one citing the current p2 (earliest ts). Mainline order is: no PL, p1, p2, so the topic citing p2 is applied last and wins despite its timestamp.")
	r.Create()
	r.CreatorJoin()
	r.PL("p1", Alice, Obj{"users": Obj{Alice: 100}}, Allow("PL-2", "first power levels"))
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "public room"))
	r.PL("p2", Alice, Obj{"users": Obj{Alice: 100}, "state_default": 50}, Allow("PL-8", "second power levels"))
	base = r.Save()
	r.Topic("topic-p2", Alice, "p2", TS(BaseTS+10000), Alt(), Allow("DEFAULT-1", "cites p2, earliest ts"))
	r.Topic("topic-p1", Alice, "p1", TS(BaseTS+20000), Auth("create", "p1", "alice-join"), Alt(), Allow("DEFAULT-1", "cites p1"))
	r.Topic("topic-none", Alice, "none", TS(BaseTS+30000), Auth("create", "alice-join"), Alt(), Allow("DEFAULT-1", "no power levels in auth events: the creator has 100"))
	bn := r.StateNames(base)
	r.Resolve("mainline-order", [][]string{plus(bn, "topic-p2"), plus(bn, "topic-p1"), plus(bn, "topic-none")}, nil, plus(bn, "topic-p2"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-fcs-auth-chain-v6", "6",
		"EDGE-H18 (SR2-3): the power ordering takes a power event together with only those events of its auth chain that are in the full conflicted set, not whole auth chains. Alice's kick of bob pulls bob's join into it, but not the old public join rules behind that join, which every state's auth chain holds; so bob's join and carol's stale join are judged against the unconflicted invite-only join rules and fail, and the kick stands. (Re-applying the old public join rules would let carol in.)")
	r.Setup(nil, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room at the time"))
	r.JR("jr-invite", Alice, "invite", Allow("DEFAULT-1", "alice makes the room invite-only"))
	base = r.Save()
	r.Member("bob-kick", Alice, Bob, "leave", Allow("MEMBER-LEAVE-4", "branch A: alice kicks bob"))
	a = r.StateNames(r.Save())
	r.Restore(base)
	r.Join("carol-join", Carol, Auth("create", "pl", "jr"), Allow("MEMBER-JOIN-5", "branch B: cites the old public join rules, so its own auth events allow it (the state before it would not)"))
	b = r.StateNames(r.Save())
	r.Resolve("fcs-only", [][]string{a, b}, nil, a)
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-sender-power-v5", "5",
		"EDGE-SR2-3 (D6, SR2-DEF-6): the sender power used to order power events comes from the event's own auth events; with no power-levels event there, the creator counts as 100. Alice demoted herself to 60; her later join-rules event citing no power levels sorts first (100), her earlier one citing the 60 sorts second and wins.")
	r.Setup(nil, "public")
	r.PL("pl-60", Alice, Obj{"users": Obj{Alice: 60}}, Allow("PL-8", "alice lowers herself to 60"))
	base = r.Save()
	r.JR("jr-late", Alice, "invite", Auth("create", "alice-join"), TS(BaseTS+30000), Alt(), Allow("DEFAULT-1", "no power levels in auth events: creator 100"))
	r.JR("jr-early", Alice, "private", TS(BaseTS+20000), Alt(), Allow("DEFAULT-1", "alice (60) >= state_default 50"))
	bn = r.StateNames(base)
	r.Resolve("creator-100", [][]string{plus(without(bn, "jr"), "jr-late"), plus(without(bn, "jr"), "jr-early")}, nil, plus(without(bn, "jr"), "jr-early"))
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-create-power-v2", "2",
		"EDGE-SR2-2 (D7, SR2-DEF-1): m.room.create counts as a power event, as Synapse counts it. Two create events conflict: the room's own create (federatable) and a second create by alice with m.federate false, sent after zara of remote.example joined. As power events both creates are applied in SR2-4, the later one last, so zara's conflicted join is then checked against the unfederatable create and fails (FED-1, D4): zara is absent from the result. (Were creates ordinary events, the mainline phase would order them by timestamp around zara's join, the join would pass against the first create, and zara would stay.) In the control case both sets hold the first create, so zara's conflicted join passes and stays.")
	r.Create()
	r.CreatorJoin()
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "no power levels: the creator has 100"))
	base = r.Save()
	r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "public room; the create event is federatable"))
	a = r.StateNames(r.Save())
	r.Add("create-unfederated", "m.room.create", Alice, SK(""), Content(Obj{"creator": Alice, "room_version": "2", "m.federate": false}), Alt(),
		Allow("CREATE-5", "a second create event for the same room, sent after zara's join: no prev_events, room ID on alice's server, creator present (EDGE-SR2-2)"))
	b = plus(without(r.StateNames(base), "create"), "create-unfederated")
	r.Resolve("create-is-power", [][]string{a, b}, nil, b)
	r.Resolve("control-same-create", [][]string{a, r.StateNames(base)}, nil, a)
	out = append(out, r)

	r = NewRoom(f, "spec-resolve-v2-closure-v6", "6",
		"EDGE-SR2-9 (SR2-3, DECISIONS principle 1): the auth-chain closure of a power event in SR2-3 stops at events outside the full conflicted set, as Synapse walks it. carol (100) joined under public join rules and then sent power levels pl-carol; alice's later join rules jr-invite cite pl-carol, which cites carol's join. The second state set lacks carol's membership (and has the old public join rules) but holds pl-carol, unconflicted. So the full conflicted set is {jr, jr-invite, carol-join}, and carol-join is reachable from jr-invite only through pl-carol, which is not in it. Synapse's walk stops at pl-carol: only jr and jr-invite are power-sorted, then carol-join is checked in the mainline phase against the invite-only join rules and fails, so carol is absent. (Walking through pl-carol, as the spec text implies, would put carol-join in the power phase between jr and jr-invite, where it passes, and carol would stay.)")
	r.Setup(Obj{Carol: 100}, "public")
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.PL("pl-carol", Carol, Obj{"users": Obj{Alice: 100, Carol: 100, Bob: 50}}, Allow("PL-8", "carol (100) adds bob at 50; cites carol-join"))
	r.Topic("topic", Alice, "t", Allow("DEFAULT-1", "alice's topic, citing pl-carol; in both state sets, so pl-carol is in every auth chain under either chain definition (D13 does not matter here)"))
	base = r.Save()
	r.JR("jr-invite", Alice, "invite", Allow("DEFAULT-1", "branch A: alice makes the room invite-only, citing pl-carol (not carol-join)"))
	a = r.StateNames(r.Save())
	b = without(r.StateNames(base), "carol-join")
	r.Resolve("closure-stops", [][]string{a, b}, nil, without(a, "carol-join"))
	out = append(out, r)
	return out
}
