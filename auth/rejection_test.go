package auth_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/stretchr/testify/require"
)

// TestRejectionDetails checks that rejections carry the values that
// decided them, in Details and in the message.
func TestRejectionDetails(t *testing.T) {
	v := versions("10")[0]
	s, _ := baseState(t, v)
	type tc struct {
		name string
		sp   spec
		rule auth.RuleID
		want func(t *testing.T, d auth.Details)
		text string // in the message
	}
	cases := []tc{
		{"MEMBER-BAN-3 levels and memberships", st("m.room.member", bob, mod, `{"membership":"ban"}`), auth.RuleMemberBan3,
			func(t *testing.T, d auth.Details) {
				require.Equal(t, auth.IntLevel(0), d.SenderLevel)
				require.Equal(t, auth.IntLevel(50), d.TargetLevel)
				require.Equal(t, auth.IntLevel(50), d.RequiredLevel)
				require.Equal(t, "ban", d.Required)
				require.Equal(t, "join", d.SenderMembership)
				require.Equal(t, "join", d.TargetMembership)
				require.Equal(t, "ban", d.Membership)
			}, "sender level 0, target level 50, required ban level 50"},
		{"MEMBER-JOIN-6 join rule", st("m.room.member", eve, eve, `{"membership":"join"}`), auth.RuleMemberJoin6,
			func(t *testing.T, d auth.Details) {
				require.True(t, d.Has(auth.DetailJoinRule))
				require.Equal(t, "invite", d.JoinRule)
				require.True(t, d.Has(auth.DetailSenderMembership))
				require.Equal(t, "", d.SenderMembership)
			}, "join rule invite"},
		{"MEMBER-1 missing membership", st("m.room.member", bob, bob, `{}`), auth.RuleMember1,
			func(t *testing.T, d auth.Details) {
				require.Equal(t, "content.membership", d.Key)
				require.Equal(t, "", d.Value)
			}, "content.membership missing"},
		{"POWER-1 send level", st("m.room.name", bob, "", `{"name":"x"}`), auth.RulePower1,
			func(t *testing.T, d auth.Details) {
				require.Equal(t, auth.IntLevel(0), d.SenderLevel)
				require.Equal(t, auth.IntLevel(50), d.RequiredLevel)
				require.Equal(t, "send", d.Required)
			}, "required send level 50"},
		{"PL-7 new level above the sender", st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50,"`+bob+`":60}}`), auth.RulePL7,
			func(t *testing.T, d auth.Details) {
				require.Equal(t, auth.IntLevel(50), d.SenderLevel)
				require.Equal(t, auth.IntLevel(60), d.NewLevel)
				require.False(t, d.Has(auth.DetailOldLevel))
				require.Equal(t, "users["+bob+"]", d.Key)
			}, "new level 60"},
		{"PL-0a value", st("m.room.power_levels", alice, "", `{"ban":"50"}`), auth.RulePL0a,
			func(t *testing.T, d auth.Details) {
				require.Equal(t, "ban", d.Key)
				require.Equal(t, `"50"`, d.Value)
			}, `ban = "50"`},
		{"SENDER-1 membership", msg("m.room.message", eve, `{}`), auth.RuleSender1,
			func(t *testing.T, d auth.Details) {
				require.True(t, d.Has(auth.DetailSenderMembership))
				require.Equal(t, "", d.SenderMembership)
			}, "sender membership none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := auth.Check(build(t, v, c.sp), s)
			wantRule(t, err, c.rule)
			var rej *auth.Rejection
			require.True(t, errors.As(err, &rej))
			c.want(t, rej.Details)
			require.Contains(t, err.Error(), c.text)
		})
	}
}

// TestEveryRejectionExplained checks, over the corpus, that every
// rejection carries details and repeats them in its message.
func TestEveryRejectionExplained(t *testing.T) {
	n := 0
	for _, c := range corpus(t) {
		err := auth.CheckAuthEvents(c.ev, c.auth)
		var rej *auth.Rejection
		if !errors.As(err, &rej) {
			continue
		}
		n++
		if rej.Details.Set == 0 {
			t.Errorf("%s rejected by %s without details: %v", c.ev.ID(), rej.Rule, err)
			continue
		}
		if !strings.HasSuffix(err.Error(), "["+rej.Details.String()+"]") {
			t.Errorf("%s: message %q lacks the details", c.ev.ID(), err)
		}
	}
	require.Greater(t, n, 100)
}
