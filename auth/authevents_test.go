package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// authRoom is a small room whose events cite their auth events by ID.
type authRoom struct {
	create, pl, jr, alice, bob *event.Event
}

func newAuthRoom(t *testing.T, v roomversion.Version) authRoom {
	var r authRoom
	r.create = build(t, v, spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `"}`})
	r.alice = build(t, v, spec{id: "ajoin", typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, auth: []string{r.create.ID()}, prev: []string{r.create.ID()}})
	r.pl = build(t, v, spec{id: "pl", typ: "m.room.power_levels", sender: alice, sk: "", content: plDefault, auth: []string{r.create.ID(), r.alice.ID()}})
	r.jr = build(t, v, spec{id: "jr", typ: "m.room.join_rules", sender: alice, sk: "", content: `{"join_rule":"public"}`, auth: []string{r.create.ID(), r.alice.ID(), r.pl.ID()}})
	r.bob = build(t, v, spec{id: "bjoin", typ: "m.room.member", sender: bob, sk: bob, content: `{"membership":"join"}`})
	return r
}

func TestAuthEvents(t *testing.T) {
	type tc struct {
		rule auth.RuleID
		desc string
		ev   func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event)
		want auth.RuleID
	}
	otherRoomCreate := func(t *testing.T, v roomversion.Version) *event.Event {
		return build(t, v, spec{id: "create2", typ: "m.room.create", sender: alice, sk: "", room: "!other:a.test", content: `{"creator":"` + alice + `"}`})
	}
	for _, v := range roomversion.Supported() {
		if v.RoomIDFromCreateEvent {
			continue // the create event is implied, never listed: TestAuthEventsImpliedCreate
		}
		cases := []tc{
			{auth.RuleAuthEv1, "distinct-allowed", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, r.alice}
			}, ""},
			{auth.RuleAuthEv1, "same-event-twice-rejected-EDGE-A1", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, r.pl, r.alice}
			}, auth.RuleAuthEv1},
			{auth.RuleAuthEv1, "two-pl-events-rejected-EDGE-A1", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				pl2 := build(t, v, st("m.room.power_levels", alice, "", plDefault))
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, pl2, r.alice}
			}, auth.RuleAuthEv1},
			{auth.RuleAuthEv2, "join-rules-for-message-rejected-EDGE-A2", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, r.jr, r.alice}
			}, auth.RuleAuthEv2},
			{auth.RuleAuthEv2, "join-rules-for-ban-rejected-EDGE-A2", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, mem(alice, bob, "ban")), []*event.Event{r.create, r.pl, r.jr, r.alice}
			}, auth.RuleAuthEv2},
			{auth.RuleAuthEv2, "join-rules-for-join-allowed", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, mem(bob, bob, "join")), []*event.Event{r.create, r.pl, r.jr}
			}, ""},
			{auth.RuleAuthEv2, "missing-entries-allowed", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.alice}
			}, ""},
			{auth.RuleAuthEv2, "authorised-via-member-rejected-SEL-7", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				ev := build(t, v, st("m.room.member", bob, bob, `{"membership":"join","join_authorised_via_users_server":"`+alice+`"}`))
				return ev, []*event.Event{r.create, r.pl, r.jr, r.alice}
			}, map[bool]auth.RuleID{false: auth.RuleAuthEv2, true: ""}[v.RestrictedJoinRule]},
			{auth.RuleAuthEv3, "missing-entry-rejected", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, nil, r.alice}
			}, auth.RuleAuthEv3},
			{auth.RuleAuthEv3, "all-present-allowed", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, r.alice}
			}, ""},
			{auth.RuleAuthEv4, "no-create-rejected", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.pl, r.alice}
			}, auth.RuleAuthEv4},
			{auth.RuleAuthEv4, "create-allowed", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.alice}
			}, ""},
			{auth.RuleAuthEv5, "other-room-rejected-EDGE-H03", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{otherRoomCreate(t, v), r.pl, r.alice}
			}, auth.RuleAuthEv5},
			{auth.RuleAuthEv5, "same-room-allowed", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, r.alice}
			}, ""},
			{auth.RuleCreate5, "create-auth-events-ignored-D10", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, st("m.room.create", alice, "", `{"creator":"x"}`)), []*event.Event{r.pl, r.pl}
			}, ""},
			{auth.RuleMemberKnock1, "knock-without-join-rules-rejected-EDGE-H09", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, mem(eve, eve, "knock")), []*event.Event{r.create, r.pl}
			}, map[bool]auth.RuleID{true: auth.RuleMemberKnock1, false: auth.RuleMemberUnknown1}[v.Knocking]},
			{auth.RulePower1, "omitted-pl-creator-allowed-EDGE-A4", func(r authRoom, v roomversion.Version) (*event.Event, []*event.Event) {
				return build(t, v, st("m.room.topic", alice, "", `{}`)), []*event.Event{r.create, r.alice}
			}, ""},
		}
		r := newAuthRoom(t, v)
		for _, c := range cases {
			t.Run(string(c.rule)+"/v"+v.ID+"/"+c.desc, func(t *testing.T) {
				ev, aes := c.ev(r, v)
				wantRule(t, auth.CheckAuthEvents(ev, aes), c.want)
			})
		}
	}
}

func TestSelectAuthEvents(t *testing.T) {
	v := roomversion.V7()
	keys := func(ev *event.Event) []auth.StateKey { return auth.SelectAuthEvents(ev, nil) }
	k := func(typ, sk string) auth.StateKey { return auth.StateKey{Type: typ, StateKey: sk} }
	base := []auth.StateKey{k("m.room.create", ""), k("m.room.power_levels", ""), k("m.room.member", bob)}
	cases := []struct {
		name string
		ev   spec
		want []auth.StateKey
	}{
		{"SEL-0/create", st("m.room.create", alice, "", `{"creator":"x"}`), nil},
		{"SEL-1..3/message", msg("m.room.message", bob, `{}`), base},
		{"SEL-4/self-join-once", mem(bob, bob, "join"), append(base[:3:3], k("m.room.join_rules", ""))},
		{"SEL-5/invite", mem(bob, eve, "invite"), append(base[:3:3], k("m.room.member", eve), k("m.room.join_rules", ""))},
		{"SEL-5/knock", mem(bob, bob, "knock"), append(base[:3:3], k("m.room.join_rules", ""))},
		{"SEL-5/leave-no-join-rules", mem(bob, eve, "leave"), append(base[:3:3], k("m.room.member", eve))},
		{"SEL-6/third-party", st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":{"signed":{"token":"t"}}}`),
			append(base[:3:3], k("m.room.member", eve), k("m.room.join_rules", ""), k("m.room.third_party_invite", "t"))},
		{"SEL-7/authorised-via-ignored-before-v8", st("m.room.member", bob, bob, `{"membership":"join","join_authorised_via_users_server":"@x:a.test"}`), append(base[:3:3], k("m.room.join_rules", ""))},
		{"EDGE-M15/no-state-key", msg("m.room.member", bob, `{"membership":"join"}`), append(base[:3:3], k("m.room.join_rules", ""))},
		{"EDGE-M15/no-membership", st("m.room.member", bob, eve, `{}`), append(base[:3:3], k("m.room.member", eve))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := keys(build(t, v, c.ev))
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
	ev := build(t, v, mem(bob, eve, "invite"))
	buf := make([]auth.StateKey, 0, 8)
	if n := testing.AllocsPerRun(100, func() { auth.SelectAuthEvents(ev, buf[:0]) }); n != 0 {
		t.Fatalf("SelectAuthEvents allocates %v times with capacity", n)
	}
}

// TestEveryRuleCovered checks that every rule ID of DIGEST §2 has an
// allowed and a rejected case named after it.
func TestEveryRuleCovered(t *testing.T) {
	all := []auth.RuleID{
		auth.RuleCreate1, auth.RuleCreate2, auth.RuleCreate3, auth.RuleCreate4, auth.RuleCreate5,
		auth.RuleFed1, auth.RuleAlias1, auth.RuleAlias2, auth.RuleAlias3, auth.RuleMember1,
		auth.RuleMemberJoin1, auth.RuleMemberJoin2, auth.RuleMemberJoin3, auth.RuleMemberJoin4, auth.RuleMemberJoin5, auth.RuleMemberJoin6,
		auth.RuleMemberInviteTPI1, auth.RuleMemberInviteTPI2, auth.RuleMemberInviteTPI3, auth.RuleMemberInviteTPI4,
		auth.RuleMemberInviteTPI5, auth.RuleMemberInviteTPI6, auth.RuleMemberInviteTPI7, auth.RuleMemberInviteTPI8,
		auth.RuleMemberInvite1, auth.RuleMemberInvite2, auth.RuleMemberInvite3, auth.RuleMemberInvite4,
		auth.RuleMemberLeave1, auth.RuleMemberLeave2, auth.RuleMemberLeave3, auth.RuleMemberLeave4, auth.RuleMemberLeave5,
		auth.RuleMemberBan1, auth.RuleMemberBan2, auth.RuleMemberBan3,
		auth.RuleMemberKnock1, auth.RuleMemberKnock2, auth.RuleMemberKnock3, auth.RuleMemberKnock4, auth.RuleMemberUnknown1,
		auth.RuleSender1, auth.RuleTPI1, auth.RulePower1, auth.RuleStateKey1,
		auth.RulePL1, auth.RulePL2, auth.RulePL3, auth.RulePL4, auth.RulePL5, auth.RulePL6, auth.RulePL7, auth.RulePL8,
		auth.RuleRedact1, auth.RuleRedact2, auth.RuleRedact3, auth.RuleDefault1,
		// Room versions 8–12 (DIGEST-V8-12 §2).
		auth.RuleMemberJAuth1, auth.RuleMemberJoinR1, auth.RuleMemberJoinR2, auth.RuleMemberJoinR3,
		auth.RulePL0a, auth.RulePL0b, auth.RulePL1b, auth.RuleCreate6, auth.RuleCreate7, auth.RuleRoomID1,
		auth.RuleDefCreators1, auth.RuleDefPL1,
	}
	allowed, rejected := map[auth.RuleID]bool{}, map[auth.RuleID]bool{}
	for _, c := range append(ruleCases(newTPI()), ruleCasesV8to12()...) {
		if c.want == "" {
			allowed[c.rule] = true
		} else {
			rejected[c.rule] = true
		}
	}
	// AUTHEV-* are covered by TestAuthEvents, both ways.
	for _, r := range []auth.RuleID{auth.RuleAuthEv1, auth.RuleAuthEv2, auth.RuleAuthEv3, auth.RuleAuthEv4, auth.RuleAuthEv5} {
		allowed[r], rejected[r] = true, true
		all = append(all, r)
	}
	// DIGEST §2 counts 62 rules; DIGEST-V8-12 §2.9 adds 12 (DEF-JAUTH-1 is
	// checked as MEMBER-JAUTH-1), and DEF-PL-1 changed in v11 and v12.
	if len(all) != 74 {
		t.Fatalf("DIGEST §2 and DIGEST-V8-12 §2 count 74 rules, the list has %d", len(all))
	}
	for _, r := range all {
		if !allowed[r] || !rejected[r] {
			t.Errorf("%s: allowed case %v, rejected case %v", r, allowed[r], rejected[r])
		}
	}
}
