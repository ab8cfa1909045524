package fixturegen

// spec-power-levels-v10-12: the v10 power-level typing (PL-0a, PL-0b, PL-1
// as changed in v10; D23, D35) beside v9, which still reads numeric
// strings (DEF-PL-4), and the v12 rule that no creator is listed (PL-1b)
// with creators' infinite power (DEF-CREATORS-1). Hand-labelled from
// DIGEST-V8-12 §2.6.

func plIntegerCases() []*Room {
	const f = "spec-power-levels-v10-12"
	var out []*Room
	for _, v := range []string{"9", "10", "12"} {
		typed := v != "9"
		desc := "PL-0a, PL-0b and PL-1 (v10+, D23, D35): a power-levels event whose users_default, events_default, state_default, ban, redact, kick or invite is present but not a JSON integer (a numeric string, null, a float), or whose events, notifications or users values are not integers, is refused, whoever sends it; integers are fine."
		if !typed {
			desc = "PL-0a and PL-0b do not exist before v10 (DIGEST-V8-12 §2.6): in room version 9 a numeric string level such as \"50\" is read as a number (DEF-PL-4), so the same events that v10 refuses are allowed here (compare spec-power-levels-v10-12-v10)."
		}
		if v == "12" {
			desc += " In v12 also PL-1b: users may not name a creator (the create event's sender or an additional creator), whatever the value and whoever the sender, while a creator, with infinite power, may set any other user's level (DEF-CREATORS-1)."
		}
		r := NewRoom(f, "spec-power-levels-v10-12-v"+v, v, desc)
		content := Obj{"room_version": v, "creator": Alice}
		if v == "12" {
			content = Obj{"room_version": v, "additional_creators": []string{Bob}}
		}
		r.Create(Content(content))
		r.CreatorJoin()
		base := Obj{"users": Obj{Alice: 100}}
		if v == "12" {
			base = Obj{"users": Obj{}}
		}
		r.PL("pl", Alice, base, Allow("PL-2", "the first power-levels event, integers only"))
		r.JR("jr", Alice, "public", Allow("DEFAULT-1", "alice sets the join rule"))
		for _, c := range []struct {
			name string
			edit []any
			what string
		}{
			{"ban-string", []any{P("ban"), "50"}, "ban is the string \"50\""},
			{"invite-null", []any{P("invite"), Raw("null")}, "invite is null, which counts as present"},
			{"kick-float", []any{P("kick"), Raw("50.0")}, "kick is 50.0, not a JSON integer"},
			{"events-string", []any{P("events", "m.room.name"), "50"}, "an events value is a string"},
			{"notifications-string", []any{P("notifications", "room"), "50"}, "a notifications value is a string"},
			{"users-string", []any{P("users", Carol), "10"}, "a users value is a string"},
		} {
			pl := With(base, c.edit...)
			if typed {
				rule := "PL-0a"
				switch {
				case c.name == "kick-float":
					r.PL(c.name, Alice, pl, Alt(), Reject("CJ-STRICT", c.what+": a float makes the PDU invalid from v6, before any auth rule"))
					continue
				case c.name == "users-string":
					rule = "PL-1"
				case c.name == "events-string" || c.name == "notifications-string":
					rule = "PL-0b"
				}
				r.PL(c.name, Alice, pl, Alt(), Reject(rule, c.what+": refused from v10 (D23)"))
			} else if c.name == "kick-float" || c.name == "invite-null" {
				// v1–9 read null as absent, but PL-3 compares the old
				// and new values; a float is a number. Neither is what
				// this case is about, so v9 leaves them out.
				continue
			} else {
				r.PL(c.name, Alice, pl, Alt(), Allow("PL-8", c.what+": read as a number before v10 (DEF-PL-4)"))
			}
		}
		r.PL("all-integers", Alice, With(base, P("ban"), 50, P("events", "m.room.name"), 50, P("notifications", "room"), 50, P("users", Carol), 10),
			Alt(), Allow("PL-8", "every level a JSON integer"))
		if v == "12" {
			r.Join("bob-join", Bob, Allow("MEMBER-JOIN-5", "public room; bob is an additional creator"))
			r.PL("lists-alice", Alice, With(base, P("users", Alice), 100), Alt(),
				Reject("PL-1b", "users names alice, the create event's sender: a creator is never listed, not even by itself"))
			r.PL("lists-bob", Alice, With(base, P("users", Bob), 0), Alt(),
				Reject("PL-1b", "users names bob, an additional creator, whatever the value"))
			r.PL("bob-sets-carol", Bob, With(base, P("users", Carol), 9007199254740991), Alt(),
				Allow("PL-8", "bob, a creator with infinite power, may give carol the highest level (DEF-CREATORS-1)"))
		}
		out = append(out, r)
	}
	return out
}
