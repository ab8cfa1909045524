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
