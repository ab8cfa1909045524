package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// TestTransitionsMatchRules checks every cell of the transition table
// against the rules: a change the table calls possible in a version is
// allowed in a room set up to satisfy its requirement (the sender a
// 100-level admin, or the target itself, join rule from the requirement),
// and a change it calls impossible is rejected in every such room.
func TestTransitionsMatchRules(t *testing.T) {
	t.Run("restricted-v8-12", restrictedTransitionsMatchRules)
	t.Run("creators-v12", creatorTransitionsMatchRules)
	const target = "@tgt:a.test"
	table := auth.Transitions()
	if len(table) != 60 {
		t.Fatalf("table has %d entries, want 60 (6 previous × 5 next × 2)", len(table))
	}
	for _, v := range roomversion.Supported() {
		for _, tr := range table {
			t.Run("v"+v.ID+"/"+tr.Prev+"->"+tr.Next+"/"+string(tr.Meaning), func(t *testing.T) {
				if tr.Prev == event.MembershipKnock && !v.Knocking {
					t.Skip("knock membership is unreachable before knocking")
				}
				sender := alice
				if tr.SenderIsTarget {
					sender = target
				}
				allowedSomewhere := false
				for _, rule := range []string{"public", "invite", "knock"} {
					state, _ := baseState(t, v)
					state[auth.StateKey{Type: "m.room.join_rules"}] = build(t, v, jr(rule))
					if tr.Prev != "" {
						state[auth.StateKey{Type: "m.room.member", StateKey: target}] = build(t, v, mem(target, target, tr.Prev))
					}
					ev := build(t, v, mem(sender, target, tr.Next))
					if auth.Check(ev, state) == nil {
						allowedSomewhere = true
					}
				}
				want := tr.Allowed(v) && tr.Requirement != auth.RequireThirdParty
				if allowedSomewhere != want {
					t.Fatalf("rules allow: %v, table says %v (%s)", allowedSomewhere, want, tr.Requirement)
				}
			})
		}
	}
	if got := auth.Transition(event.MembershipInvite, event.MembershipKnock, true); got.Allowed(roomversion.V7()) {
		t.Fatal("invite→knock must be illegal (spec #1717)")
	}
	if got := auth.Transition(event.MembershipKnock, event.MembershipJoin, true); !got.Allowed(roomversion.V7()) || got.Requirement != auth.RequireJoinRulePublic {
		t.Fatal("knock→join is legal via public")
	}
}

// restrictedTransitionsMatchRules checks every cell of
// RestrictedTransitions against the rules in every room version: a cell
// that needs nothing is allowed without an authorising user, one that
// needs an authorising user is rejected without and allowed with one
// (alice, joined, PL 100), an impossible one is rejected either way, and
// under a join rule the version does not know every cell is rejected.
func restrictedTransitionsMatchRules(t *testing.T) {
	const target = "@tgt:a.test"
	cells := auth.RestrictedTransitions()
	if len(cells) != 18 {
		t.Fatalf("%d cells, want 18 (6 previous memberships × 3 columns)", len(cells))
	}
	for _, v := range roomversion.Supported() {
		for _, c := range cells {
			t.Run("v"+v.ID+"/"+c.JoinRule+"/"+c.Prev+"->"+c.Next, func(t *testing.T) {
				if c.Prev == event.MembershipKnock && !v.Knocking {
					t.Skip("knock membership is unreachable before knocking")
				}
				state, _ := baseState(t, v)
				state[auth.StateKey{Type: "m.room.join_rules"}] = build(t, v, jr(c.JoinRule))
				if c.Prev != "" {
					state[auth.StateKey{Type: "m.room.member", StateKey: target}] = build(t, v, mem(target, target, c.Prev))
				}
				plain := auth.Check(build(t, v, mem(target, target, c.Next)), state) == nil
				withA := plain
				if c.Next == event.MembershipJoin {
					withA = auth.Check(build(t, v, withAuthoriser(target, target, c.Next, `"`+alice+`"`)), state) == nil
				}
				want := [2]bool{false, false} // plain, withA
				if c.Known(v) {
					switch c.Requirement {
					case auth.RequireNothing:
						want = [2]bool{true, true}
					case auth.RequireAuthorisingUser:
						want = [2]bool{false, true}
					}
				}
				if got := [2]bool{plain, withA}; got != want {
					t.Fatalf("allowed without/with an authorising user: %v, want %v (%s, known %v)", got, want, c.Requirement, c.Known(v))
				}
				if c.Allowed(v) != (want[0] || want[1]) {
					t.Fatalf("Allowed(v%s) = %v", v.ID, c.Allowed(v))
				}
			})
		}
	}
}

// creatorTransitionsMatchRules checks every row of CreatorTransitions in
// a room version 12 room whose creators are alice (the create sender) and
// ac (an additional creator): T is ac, except for the first join, which
// only alice may make; the other sender is alice (a creator) or big, a
// joined non-creator with the largest level a PL event holds.
func creatorTransitionsMatchRules(t *testing.T) {
	v := roomversion.V12()
	for _, c := range auth.CreatorTransitions() {
		t.Run(c.Prev+"->"+c.Next+"/"+string(c.Meaning)+"/"+string(c.Requirement), func(t *testing.T) {
			room := func(rule string) auth.StateMap {
				state, _ := baseState(t, v)
				for _, s := range []spec{v12Create(`["` + ac + `"]`), pl(`{"users":{"` + big + `":9007199254740991}}`), mem(big, big, "join"), jr(rule)} {
					e := build(t, v, s)
					sk, _ := e.StateKey()
					state[auth.StateKey{Type: e.Type(), StateKey: sk}] = e
				}
				if c.Prev != "" {
					state[auth.StateKey{Type: "m.room.member", StateKey: ac}] = build(t, v, mem(ac, ac, c.Prev))
				}
				return state
			}
			sender := big
			switch {
			case c.SenderIsTarget:
				sender = ac
			case c.SenderIsCreator:
				sender = alice
			}
			allowedUnder := func(rule string) bool {
				return auth.Check(build(t, v, mem(sender, ac, c.Next)), room(rule)) == nil
			}
			switch c.Requirement {
			case auth.RequireNever:
				if allowedUnder("public") || allowedUnder("invite") {
					t.Fatal("the rules allow what the table forbids")
				}
			case auth.RequireNothing, auth.RequireInviteCap, auth.RequireJoinRuleMember:
				if !allowedUnder("invite") {
					t.Fatal("the rules reject what the table allows")
				}
			case auth.RequireJoinRulePublic:
				if !allowedUnder("public") || allowedUnder("invite") {
					t.Fatal("a later join follows the normal join rules")
				}
			case auth.RequireCreateSender:
				first := func(user string) bool {
					state := room("invite")
					delete(state, auth.StateKey{Type: "m.room.member", StateKey: user})
					create := state[auth.StateKey{Type: "m.room.create"}]
					return auth.Check(build(t, v, spec{typ: "m.room.member", sender: user, sk: user, content: `{"membership":"join"}`, prev: []string{create.ID()}}), state) == nil
				}
				if !first(alice) || first(ac) {
					t.Fatalf("first join: create sender %v, additional creator %v; want true, false", first(alice), first(ac))
				}
			default:
				t.Fatalf("unexpected requirement %s", c.Requirement)
			}
		})
	}
}
