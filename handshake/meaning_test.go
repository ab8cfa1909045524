package handshake_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func memberEvent(t *testing.T, v roomversion.Version, sender, target string, content map[string]any) *event.Event {
	t.Helper()
	fields := map[string]any{
		"type": event.TypeMember, "room_id": roomID, "sender": sender, "state_key": target,
		"content": content, "origin_server_ts": baseTS, "auth_events": []any{}, "prev_events": []any{}, "depth": 5,
	}
	signer := resident
	if serverOf(sender) == remote.Server {
		signer = remote
	}
	_, ev, err := pdutest.Build(v, fields, signer)
	require.NoError(t, err)
	return ev
}

func TestDescribeMembership(t *testing.T) {
	v7, v6 := roomversion.V7(), roomversion.V6()
	m := func(s string) map[string]any { return map[string]any{"membership": s} }
	cases := []struct {
		v      roomversion.Version
		sender string
		prev   string
		next   map[string]any
		want   auth.Meaning
	}{
		// The knock lifecycle.
		{v7, bob, "", m("knock"), auth.MeaningKnocked},
		{v7, bob, "leave", m("knock"), auth.MeaningKnocked},
		{v7, bob, "knock", m("knock"), auth.MeaningReknocked},
		{v7, alice, "knock", m("invite"), auth.MeaningKnockAccepted},
		{v7, bob, "knock", m("leave"), auth.MeaningKnockRetracted},
		{v7, alice, "knock", m("leave"), auth.MeaningKnockDenied},
		{v7, alice, "knock", m("ban"), auth.MeaningBanned},
		{v7, bob, "knock", m("join"), auth.MeaningJoined},
		{v7, bob, "invite", m("join"), auth.MeaningInviteAccepted},
		// What the rules never allow.
		{v7, bob, "invite", m("knock"), auth.MeaningIllegal},
		{v7, bob, "join", m("knock"), auth.MeaningIllegal},
		{v7, bob, "ban", m("knock"), auth.MeaningIllegal},
		{v7, alice, "", m("knock"), auth.MeaningIllegal},
		{v6, bob, "", m("knock"), auth.MeaningIllegal},
		{v6, bob, "knock", m("leave"), auth.MeaningIllegal},
		{v7, alice, "join", m("invite"), auth.MeaningIllegal},
		{v7, bob, "", m("JOIN"), auth.MeaningIllegal},
		{v7, bob, "", map[string]any{"membership": 5}, auth.MeaningIllegal},
		{v7, bob, "", map[string]any{}, auth.MeaningIllegal},
		// Everything else.
		{v6, alice, "", m("invite"), auth.MeaningInvited},
		{v6, bob, "invite", m("leave"), auth.MeaningInviteDeclined},
		{v6, alice, "invite", m("leave"), auth.MeaningInviteWithdrawn},
		{v6, bob, "join", m("leave"), auth.MeaningLeft},
		{v6, alice, "join", m("leave"), auth.MeaningKicked},
		{v6, alice, "join", m("ban"), auth.MeaningKickedAndBanned},
		{v6, alice, "ban", m("leave"), auth.MeaningUnbanned},
		{v6, bob, "join", m("join"), auth.MeaningProfileChange},
		{v6, alice, "join", map[string]any{"membership": "invite", "third_party_invite": map[string]any{}}, auth.MeaningThirdPartyInvite},
	}
	for _, c := range cases {
		ev := memberEvent(t, c.v, c.sender, bob, c.next)
		assert.Equal(t, c.want, handshake.DescribeMembership(ev, c.prev), "v%s %s: %q -> %s", c.v.ID, c.sender, c.prev, ev.ContentJSON())
	}
	assert.Equal(t, auth.MeaningIllegal, handshake.DescribeMembership(nil, ""))
}
