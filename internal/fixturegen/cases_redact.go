package fixturegen

// spec-redaction: REDACT-1..3 (v1-2), POWER-1 for redactions (v3+),
// EDGE-V2, EDGE-V3, EDGE-H10, EDGE-F4/F5 (D15, D11), and the redaction
// algorithm RED-1..3 with EDGE-V4..V7, EDGE-H16.

func redactCases() []*Room {
	const f = "spec-redaction"
	var out []*Room

	for _, v := range []string{"1", "2"} {
		r := NewRoom(f, "spec-redaction-auth-v"+v, v,
			"REDACT-1..3 (v1-2; EDGE-V2, EDGE-V3, EDGE-F5, D15): a redaction passes when the sender reaches the redact level (REDACT-1) or the redacted event's ID has the same domain as the redaction's own event ID (REDACT-2), and is rejected otherwise (REDACT-3). Event-ID domains count, not sender domains: bob's redaction whose ID is on remote.example (signed by both servers) may redact zara's event. A missing or non-string redacts is allowed (D15); a string redacts without a colon is rejected (Synapse errors, D11). POWER-1 runs first.")
		r.Setup(nil, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "public room, federating"))
		r.Msg("zara-msg", Zara, Allow("DEFAULT-1", "event ID $zara-msg:remote.example"))
		r.Msg("bob-msg", Bob, Allow("DEFAULT-1", "event ID $bob-msg:example.org"))
		red := func(name, sender string, opts ...Opt) {
			r.Add(name, "m.room.redaction", sender, append([]Opt{Content(Obj{"reason": name}), Alt()}, opts...)...)
		}
		red("bob-redacts-own", Bob, Redacts("bob-msg"), Allow("REDACT-2", "bob (0) < redact 50; both IDs are on example.org; allowed before REDACT-3"))
		red("bob-redacts-zara", Bob, Redacts("zara-msg"), Reject("REDACT-3", "bob (0) < redact 50; $zara-msg:remote.example vs $...:example.org (EDGE-V2), so REDACT-1 and REDACT-2 fail"))
		red("bob-redacts-zara-remote-id", Bob, Redacts("zara-msg"), IDDomain("remote.example"),
			Allow("REDACT-2", "the redaction's own ID is on remote.example, like the target's; signed by example.org and remote.example (EDGE-F4, EDGE-F5)"))
		red("alice-redacts-zara", Alice, Redacts("zara-msg"), Allow("REDACT-1", "alice (100) >= redact 50"))
		red("zara-redacts-bob", Zara, Redacts("bob-msg"), Reject("REDACT-3", "zara (0) < redact 50; remote.example != example.org"))
		red("bob-redact-missing", Bob, Allow("REDACT-2", "no redacts at all: allowed as Synapse allows it (D15, EDGE-V3)"))
		red("bob-redact-number", Bob, Field("redacts", "5"), Allow("REDACT-2", "redacts is not a string: allowed (D15, EDGE-V3)"))
		red("bob-redact-no-colon", Bob, Field("redacts", `"$nocolon"`), Reject("REDACT-3", "a string redacts without ':' makes Synapse fail with an error (D11, EDGE-V3)"))
		r.PL("pl-2", Alice, Obj{"users": Obj{Alice: 100}, "events": Obj{"m.room.redaction": 60}}, Allow("PL-8", "alice sets events[m.room.redaction] = 60"))
		red("bob-redacts-own-2", Bob, Redacts("bob-msg"), Reject("POWER-1", "events[m.room.redaction] 60 > bob's 0: POWER-1 comes before REDACT-2"))
		out = append(out, r)
	}

	r := NewRoom(f, "spec-redaction-auth-v3", "3",
		"From room version 3 there is no redaction auth rule (REDACT-* are gone): a redaction is an ordinary event gated by POWER-1 (events[m.room.redaction] or events_default), not by the redact level. Whether it takes effect (REDACT-APPLY) is not an auth verdict (EDGE-H10).")
	r.Setup(Obj{Carol: 50}, "public")
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("carol-join", Carol, Allow("MEMBER-JOIN-5", "public room"))
	r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "public room, federating"))
	r.Msg("zara-msg", Zara, Allow("DEFAULT-1", "zara's message"))
	red := func(name, sender string, opts ...Opt) {
		r.Add(name, "m.room.redaction", sender, append([]Opt{Content(Obj{}), Redacts("zara-msg"), Alt()}, opts...)...)
	}
	red("bob-redacts-zara", Bob, Allow("POWER-1", "bob (0) >= events_default 0; another server's event, below redact 50: passes auth in v3 (EDGE-V2, EDGE-H10)"))
	r.PL("pl-2", Alice, Obj{"users": Obj{Alice: 100, Carol: 50}, "events": Obj{"m.room.redaction": 50}, "redact": 75},
		Allow("PL-8", "alice sets events[m.room.redaction] 50 and redact 75"))
	red("bob-redacts-zara-2", Bob, Reject("POWER-1", "events[m.room.redaction] 50 > bob's 0"))
	red("carol-redacts-zara", Carol, Allow("POWER-1", "carol (50) >= events[m.room.redaction] 50 though below redact 75 (EDGE-H10)"))
	out = append(out, r)

	for _, v := range []string{"1", "5", "6", "8", "9", "11", "12"} {
		desc := "Redaction algorithm RED-1, RED-2 and RED-3 (EDGE-V4, EDGE-V5, EDGE-V6, EDGE-V7, EDGE-H16) as `redact` expectations: top-level keys outside the RED-1 list (unsigned, redacts, age_ts, unknown keys) are dropped and the legacy origin, prev_state and membership kept; content keeps only the whitelisted top-level keys per type, case-sensitively, with values whole: the create event loses room_version and m.federate, power levels lose invite and notifications, a third-party invite loses third_party_invite, and m.room.aliases keeps aliases only in v1-5."
		switch v {
		case "8", "9":
			desc = "Redaction algorithm of room version " + v + " (DIGEST-V8-12 §6.2, RED-1, RED-2) as `redact` expectations: as in v6-7 (legacy origin, prev_state and membership kept; the create event loses room_version and m.federate; power levels lose invite and notifications; a third-party invite loses third_party_invite; aliases lose aliases), but join rules keep allow (v8+)"
			if v == "9" {
				desc += " and a member event keeps join_authorised_via_users_server (v9+)."
			} else {
				desc += "; a member event still loses join_authorised_via_users_server (v8, EDGE-V8-R1)."
			}
		case "11", "12":
			desc = "Redaction algorithm of room version " + v + " (DIGEST-V8-12 §6.2, RED-1 and RED-2 of v11, RED-11-CREATE, RED-11-TPI with D25) as `redact` expectations: the top-level origin, prev_state and membership are dropped too; the create event keeps its whole content; power levels keep invite (not notifications); a redaction keeps content.redacts; a third-party invite keeps third_party_invite reduced to its signed member; join rules keep allow, member events join_authorised_via_users_server; aliases lose aliases."
			if v == "12" {
				desc += " The v12 create event has no room_id to keep, and power levels never list the creator (PL-1b)."
			}
		}
		r := NewRoom(f, "spec-redaction-algorithm-v"+v, v, desc)
		users := Obj{Alice: 100, Bob: 50}
		if v == "12" {
			delete(users, Alice) // PL-1b: the creator is never listed
		}
		r.Create(Content(Obj{"creator": Alice, "room_version": v, "m.federate": true, "predecessor": Obj{"room_id": "!old:example.org"}}))
		r.CreatorJoin(Content(Obj{"membership": "join", "displayname": "Alice", "avatar_url": "mxc://example.org/a"}))
		r.PL("pl", Alice, Obj{"users": users, "users_default": 0, "events": Obj{"m.room.name": 50},
			"events_default": 0, "state_default": 50, "ban": 50, "kick": 50, "redact": 50, "invite": 0,
			"notifications": Obj{"room": 50}, "Ban": 10, "historical": 100}, Allow("PL-2", "first power-levels event"))
		r.JR("jr", Alice, "public", Content(Obj{"join_rule": "public", "allow": []Obj{{"type": "m.room_membership"}}}), Allow("DEFAULT-1", "join rules with an extra key"))
		r.Add("hv", "m.room.history_visibility", Alice, SK(""), Content(Obj{"history_visibility": "shared", "extra": 1}), Allow("DEFAULT-1", "history visibility with an extra key"))
		aliasRule := "ALIAS-3"
		if v != "1" && v != "5" {
			aliasRule = "DEFAULT-1"
		}
		r.Add("aliases", "m.room.aliases", Alice, SK("example.org"), Content(Obj{"aliases": []string{"#a:example.org"}}), Allow(aliasRule, "aliases for example.org"))
		r.tpiEvent("tpi", Alice, "tok1", nil, Allow("TPI-1", "alice (100) >= invite 0"))
		r.tpiInvite("bob-tpi", Alice, Bob, SignedTPI(Bob, "tok1", Alice, "id.example.org"), Allow("MEMBER-INVITE-TPI-7", "a third-party invite (EDGE-V6)"))
		r.Topic("topic", Alice, "t", Allow("DEFAULT-1", "a topic"))
		r.Msg("msg", Alice, Field("origin", `"example.org"`), Field("prev_state", `[]`), Field("membership", `"join"`),
			Field("age_ts", "1714000000000"), Field("unknown_key", `{"a":1}`), Field("unsigned", `{"age":5}`),
			Allow("DEFAULT-1", "a message with legacy and unknown top-level keys (RED-1, EDGE-H16)"))
		r.Add("redaction", "m.room.redaction", Alice, Content(Obj{"reason": "r"}), Redacts("msg"), Allow("DEFAULT-1", "alice's redaction of the message"))
		for _, n := range []string{"create", "alice-join", "pl", "jr", "hv", "aliases", "tpi", "bob-tpi", "topic", "msg", "redaction"} {
			r.ExpectRedaction(n)
		}
		out = append(out, r)
	}
	r = NewRoom(f, "spec-redaction-hash-mismatch-v5", "5",
		"HASH-C-4 with EDGE-V5 and EDGE-HASH1 (D14): an event whose content hash does not match is judged in its redacted form. The create event with m.federate false and a wrong hash loses m.federate, so zara of remote.example may join; power levels with invite 50 and a wrong hash lose invite, so bob (0) may invite. Power levels carrying top-level destinations and outlier, hashed without them as Synapse hashes (D14), match and keep invite 50. State resolution sees the redacted create too: zara's conflicted join passes its re-check.")
	wrong := `{"sha256":"` + placeholderHash + `"}`
	r.Create(Content(Obj{"creator": Alice, "room_version": "5", "m.federate": false}), Field("hashes", wrong),
		Allow("CREATE-5", "wrong content hash: judged redacted, which keeps creator and drops m.federate (EDGE-V5)"))
	r.CreatorJoin()
	r.PL("pl", Alice, Obj{"users": Obj{Alice: 100}}, Allow("PL-2", "first power levels"))
	r.JR("jr", Alice, "public", Allow("DEFAULT-1", "public room"))
	r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "the redacted create event has no m.federate, so FED-1 does not apply (EDGE-V5)"))
	r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
	r.PL("pl-invite-bad-hash", Alice, Obj{"users": Obj{Alice: 100}, "invite": 50}, Field("hashes", wrong),
		Allow("PL-8", "wrong content hash: judged redacted, without invite (EDGE-V5)"))
	r.Member("bob-invites-carol", Bob, Carol, "invite", Allow("MEMBER-INVITE-3", "the redacted power levels have no invite: level 0 (EDGE-V5)"))
	r.PL("pl-invite", Alice, Obj{"users": Obj{Alice: 100}, "invite": 50}, Field("destinations", `["remote.example"]`), Field("outlier", "false"),
		Allow("PL-8", "hashed without the legacy destinations and outlier keys (D14, EDGE-HASH1): the hash matches"))
	r.Member("bob-invites-dave", Bob, Dave, "invite", Reject("MEMBER-INVITE-4", "invite 50 holds: bob (0) < 50 (EDGE-HASH1)"))
	// Resolution sees the event as it was kept on receipt: redacted. Zara's
	// join is conflicted and re-checked (SR2-6) against the unconflicted
	// create event, which without m.federate lets her server in.
	r.Resolve("redacted-create-in-resolution",
		[][]string{{"create", "alice-join", "pl", "jr", "zara-join"}, {"create", "alice-join", "pl", "jr"}}, nil,
		[]string{"create", "alice-join", "pl", "jr", "zara-join"})
	out = append(out, r)
	return out
}
