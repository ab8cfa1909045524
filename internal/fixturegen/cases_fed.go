package fixturegen

import "fmt"

// spec-federation: FED-1, EDGE-H02, EDGE-F1, EDGE-F6, DECISIONS D4.

func fedCases() []*Room {
	const f = "spec-federation"
	var out []*Room

	// One fixture per non-true m.federate value: all behave as false (D4).
	for _, c := range []struct {
		version, label string
		value          any
		edge           string
	}{
		{"3", "false", false, "EDGE-H02"},
		{"7", "string", "false", "EDGE-F1"},
		{"1", "zero", 0, "EDGE-F1"},
		{"5", "null", Raw("null"), "EDGE-F1"},
	} {
		r := NewRoom(f, fmt.Sprintf("spec-federation-%s-v%s", c.label, c.version), c.version,
			fmt.Sprintf("FED-1 (%s, D4): m.federate = %s on the create event. Events from a server other than the create event sender's are rejected (zara's join); with D4 a member event whose target is on another server is rejected too, even from a local sender (alice inviting or banning zara, EDGE-F6). Local users are unaffected.", c.edge, marshal(c.value)))
		r.Create(Content(Obj{"creator": Alice, "room_version": c.version, "m.federate": c.value}))
		r.CreatorJoin()
		r.PL("pl", Alice, Obj{"users": Obj{Alice: 100}}, Allow("PL-2", "the first power-levels event"))
		r.JR("jr", Alice, "public", Allow("DEFAULT-1", "alice sets the join rule"))
		r.Join("zara-join", Zara, Alt(), Reject("FED-1", "sender zara:remote.example is not on example.org ("+c.edge+")"))
		r.Member("invite-zara", Alice, Zara, "invite", Alt(), Reject("FED-1", "D4: the target is on remote.example (EDGE-F6)"))
		r.Member("ban-zara", Alice, Zara, "ban", Alt(), Reject("FED-1", "D4: the target is on remote.example (EDGE-F6)"))
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "local user, public room"))
		r.Msg("bob-msg", Bob, Allow("DEFAULT-1", "local sender"))
		out = append(out, r)
	}

	for _, c := range []struct {
		version string
		value   any
	}{{"6", nil}, {"2", true}} {
		name := "absent"
		content := Obj{"creator": Alice, "room_version": c.version}
		if c.value != nil {
			name = "true"
			content["m.federate"] = c.value
		}
		r := NewRoom(f, fmt.Sprintf("spec-federation-%s-v%s", name, c.version), c.version,
			fmt.Sprintf("FED-1 does not apply when m.federate is %s (EDGE-H02, D4): zara of remote.example may join and talk, and alice may invite or ban users of other servers.", name))
		r.Create(Content(content))
		r.CreatorJoin()
		r.PL("pl", Alice, Obj{"users": Obj{Alice: 100}}, Allow("PL-2", "the first power-levels event"))
		r.JR("jr", Alice, "public", Allow("DEFAULT-1", "alice sets the join rule"))
		r.Member("invite-gina", Alice, "@gina:third.example", "invite", Allow("MEMBER-INVITE-3", "remote target allowed when federating (EDGE-F6)"))
		r.Join("zara-join", Zara, Allow("MEMBER-JOIN-5", "remote user joins a public federating room"))
		r.Msg("zara-msg", Zara, Allow("DEFAULT-1", "remote sender, federating room"))
		r.Member("ban-gina", Alice, "@gina:third.example", "ban", Allow("MEMBER-BAN-2", "remote target allowed when federating (EDGE-F6)"))
		out = append(out, r)
	}

	r := NewRoom(f, "spec-federation-creator-remote-v4", "4",
		"FED-1 compares with the create event's sender, not content.creator: m.federate false, creator zara of remote.example, sender alice. Zara's first join is rejected by FED-1 (rule 3 comes before MEMBER-JOIN-1); alice, on the create sender's server, is not the creator and cannot join an invite-only room.")
	r.Create(Content(Obj{"creator": Zara, "room_version": "4", "m.federate": false}), Allow("CREATE-5", "creator on another server (EDGE-C3)"))
	r.Join("zara-join", Zara, Alt(), Reject("FED-1", "zara's server differs from the create event sender's"))
	r.Join("alice-join", Alice, Alt(), Reject("MEMBER-JOIN-6", "not the creator; no join rules = invite (D1), not invited"))
	out = append(out, r)
	return out
}
