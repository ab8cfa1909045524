package fixturegen

import "fmt"

// spec-aliases: ALIAS-1..3 (v1-5), EDGE-V1, and their absence from v6 on
// (v6, v11 and v12).

func aliasCases() []*Room {
	const f = "spec-aliases"
	var out []*Room
	for _, v := range []string{"1", "4", "6", "11", "12"} {
		special := v == "1" || v == "4"
		creator := v == "12" // DEF-CREATORS-1: alice has infinite power
		desc := "ALIAS-1..3 (EDGE-V1, v1-5): m.room.aliases skips the membership and power checks. A non-member may set the aliases of their own server (ALIAS-3); a state_key naming another server is rejected (ALIAS-2), and so is an aliases event without state_key (ALIAS-1). A joined user without state power may set their server's aliases."
		if !special {
			desc = "EDGE-V1 (v6-7): the m.room.aliases rule is gone, so aliases are ordinary events: a non-member is rejected (SENDER-1), a member below state_default is rejected (POWER-1), the room admin is allowed for any server (DEFAULT-1), and an aliases event without state_key is an ordinary message-like event."
		}
		if v == "11" || v == "12" {
			desc = "EDGE-V1 (v6 and later, here v" + v + "): the m.room.aliases rule is gone, so aliases are ordinary events: a non-member is rejected (SENDER-1), a member below state_default is rejected (POWER-1), the room admin is allowed for any server (DEFAULT-1), and an aliases event without state_key is an ordinary message-like event."
		}
		r := NewRoom(f, fmt.Sprintf("spec-aliases-v%s", v), v, desc)
		r.Setup(nil, "public")
		r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room"))
		al := func(name, sender string, sk *string, allow bool, rule, note string) {
			opts := []Opt{Content(Obj{"aliases": []string{"#a:" + domainOf(sender)}}), Alt()}
			if sk != nil {
				opts = append(opts, SK(*sk))
			}
			if allow {
				opts = append(opts, Allow(rule, note))
			} else {
				opts = append(opts, Reject(rule, note))
			}
			r.Add(name, "m.room.aliases", sender, opts...)
		}
		remote, local := "remote.example", "example.org"
		if special {
			al("zara-own-server", Zara, &remote, true, "ALIAS-3", "zara is not a member, state_key = her own server (EDGE-V1): passes ALIAS-1 and ALIAS-2")
			al("zara-other-server", Zara, &local, false, "ALIAS-2", "state_key example.org != domain(sender) remote.example; ALIAS-3 is not reached")
			al("zara-no-state-key", Zara, nil, false, "ALIAS-1", "no state_key")
			al("bob-own-server", Bob, &local, true, "ALIAS-3", "bob (0) is below state_default 50, but POWER-1 is skipped")
			al("alice-other-server", Alice, &remote, false, "ALIAS-2", "even the room admin cannot set another server's aliases")
		} else {
			al("zara-own-server", Zara, &remote, false, "SENDER-1", "no special rule in v6: zara is not a member (EDGE-V1)")
			al("bob-own-server", Bob, &local, false, "POWER-1", "bob (0) is below state_default 50")
			if creator {
				al("alice-other-server", Alice, &remote, true, "DEFAULT-1", "alice, the creator, has infinite power (DEF-CREATORS-1) and may set any state_key")
			} else {
				al("alice-other-server", Alice, &remote, true, "DEFAULT-1", "alice (100) may set any state_key")
			}
			al("alice-no-state-key", Alice, nil, true, "DEFAULT-1", "no state_key: not a state event, events_default 0 applies")
		}
		out = append(out, r)
	}
	return out
}
