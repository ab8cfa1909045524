package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// TestAuthEventsImpliedCreate checks the room version 12 contract of
// CheckAuthEvents: the caller passes the listed auth events plus the
// implied create event C; listing a create event is AUTHEV-2 (D24); C
// missing or not (m.room.create, "") is ROOMID-1; AUTHEV-4 is gone.
func TestAuthEventsImpliedCreate(t *testing.T) {
	v := roomversion.V12()
	b := func(s spec) *event.Event { return build(t, v, s) }
	// listing is an event that lists C; the event package may already
	// refuse it while parsing (FMT-12-3, D24), nil then.
	listing := func(s spec) *event.Event {
		e, err := buildErr(v, s)
		if err != nil {
			return nil
		}
		return e
	}
	create := b(spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"room_version":"12"}`})
	if create.RoomID() != "" && create.RoomID() != "!create" {
		t.Fatalf("create room ID %q", create.RoomID())
	}
	aliceJoin := b(spec{id: "ajoin", typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{create.ID()}})
	pl := b(spec{id: "pl", typ: "m.room.power_levels", sender: alice, sk: "", content: `{"users":{"` + bob + `":50}}`, auth: []string{aliceJoin.ID()}})
	other := b(spec{id: "create2", typ: "m.room.create", sender: alice, sk: "", content: `{}`})
	plAsRoom := b(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`, room: "!pl", auth: []string{aliceJoin.ID()}})
	cases := []struct {
		rule auth.RuleID
		desc string
		ev   *event.Event
		aes  []*event.Event
		want auth.RuleID
	}{
		{auth.RuleRoomID1, "first-join-no-listed-events-allowed-EDGE-V12-ID1", aliceJoin, []*event.Event{create}, ""},
		{auth.RuleRoomID1, "listed-plus-implied-allowed", b(spec{typ: "m.room.topic", sender: alice, sk: "", content: `{}`, auth: []string{aliceJoin.ID(), pl.ID()}}), []*event.Event{aliceJoin, pl, create}, ""},
		{auth.RuleRoomID1, "implied-first-allowed", b(spec{typ: "m.room.topic", sender: alice, sk: "", content: `{}`, auth: []string{aliceJoin.ID()}}), []*event.Event{create, aliceJoin}, ""},
		{auth.RuleRoomID1, "implied-missing-rejected", b(msg("m.room.message", alice, `{}`)), []*event.Event{aliceJoin}, auth.RuleRoomID1},
		{auth.RuleRoomID1, "implied-is-not-a-create-rejected-EDGE-V12-ID5", plAsRoom, []*event.Event{aliceJoin, pl}, auth.RuleRoomID1},
		{auth.RuleRoomID1, "domain-room-id-rejected-EDGE-V12-ID6", b(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`, room: "!abc:example.org"}), []*event.Event{aliceJoin, create}, auth.RuleRoomID1},
		{auth.RuleAuthEv2, "implied-create-listed-rejected-D24", listing(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`, auth: []string{create.ID(), aliceJoin.ID()}}), []*event.Event{create, aliceJoin, create}, auth.RuleAuthEv2},
		{auth.RuleAuthEv2, "implied-create-listed-not-appended-rejected-D24", listing(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`, auth: []string{create.ID(), aliceJoin.ID()}}), []*event.Event{create, aliceJoin}, auth.RuleAuthEv2},
		{auth.RuleAuthEv2, "other-create-listed-rejected-D24", b(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`, auth: []string{other.ID(), aliceJoin.ID()}}), []*event.Event{other, aliceJoin, create}, auth.RuleAuthEv2},
		{auth.RuleAuthEv4, "no-listed-create-allowed", b(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`, auth: []string{aliceJoin.ID()}}), []*event.Event{aliceJoin, create}, ""},
		{auth.RuleAuthEv1, "pl-twice-rejected", b(spec{typ: "m.room.message", sender: alice, sk: noSK, content: `{}`}), []*event.Event{pl, pl, aliceJoin, create}, auth.RuleAuthEv1},
		{auth.RuleAuthEv3, "nil-entry-rejected", b(msg("m.room.message", alice, `{}`)), []*event.Event{nil, create}, auth.RuleAuthEv3},
		{auth.RuleCreate5, "create-itself-allowed", create, nil, ""},
	}
	for _, c := range cases {
		t.Run(string(c.rule)+"/"+c.desc, func(t *testing.T) {
			if c.ev == nil {
				if c.want == "" {
					t.Fatal("event refused while parsing")
				}
				return // refused while parsing: the same refusal, made earlier
			}
			wantRule(t, auth.CheckAuthEvents(c.ev, c.aes), c.want)
		})
	}
	// Check: the state's create event must be the implied one.
	state := auth.StateMap{{Type: "m.room.member", StateKey: alice}: aliceJoin}
	ev := b(msg("m.room.message", alice, `{}`))
	wantRule(t, auth.Check(ev, state), auth.RuleRoomID1)
	state[auth.StateKey{Type: "m.room.create"}] = other
	wantRule(t, auth.Check(ev, state), auth.RuleRoomID1)
	state[auth.StateKey{Type: "m.room.create"}] = create
	wantRule(t, auth.Check(ev, state), "")
}

// TestSelectAuthEventsV8to12 checks SEL-1 (v12: never the create event) and
// SEL-7 (v8+: the authorising user's member event, for joins only).
func TestSelectAuthEventsV8to12(t *testing.T) {
	k := func(typ, sk string) auth.StateKey { return auth.StateKey{Type: typ, StateKey: sk} }
	for _, v := range roomversion.Supported() {
		var base []auth.StateKey
		if !v.RoomIDFromCreateEvent {
			base = append(base, k("m.room.create", ""))
		}
		base = append(base, k("m.room.power_levels", ""), k("m.room.member", bob))
		with := func(extra ...auth.StateKey) []auth.StateKey {
			return append(append([]auth.StateKey(nil), base...), extra...)
		}
		jrKey := k("m.room.join_rules", "")
		selA := with(jrKey)
		if v.RestrictedJoinRule {
			selA = with(jrKey, k("m.room.member", alice))
		}
		cases := []struct {
			name string
			ev   spec
			want []auth.StateKey
		}{
			{"SEL-1/message", msg("m.room.message", bob, `{}`), base},
			{"SEL-7/join-with-authoriser", withAuthoriser(bob, bob, "join", `"`+alice+`"`), selA},
			{"SEL-7/self-authoriser-once", withAuthoriser(bob, bob, "join", `"`+bob+`"`), with(jrKey)},
			{"SEL-7/leave-with-key-D22", withAuthoriser(bob, bob, "leave", `"`+alice+`"`), base},
			{"SEL-7/invite-with-key-D22", withAuthoriser(bob, eve, "invite", `"`+alice+`"`), with(k("m.room.member", eve), jrKey)},
		}
		for _, c := range cases {
			t.Run("v"+v.ID+"/"+c.name, func(t *testing.T) {
				got := auth.SelectAuthEvents(build(t, v, c.ev), nil)
				if len(got) != len(c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
				for i := range got {
					if got[i] != c.want[i] {
						t.Fatalf("got %v, want %v", got, c.want)
					}
				}
			})
		}
	}
}
