package auth

import "github.com/mxauth/mxauth/event"

// memberInvite implements MEMBER-INVITE-1..4 (an invite without
// third_party_invite).
func (c *checker) memberInvite(m *memberCtx) verdict {
	// MEMBER-INVITE-1: only members invite.
	if m.senderMember != event.MembershipJoin {
		return c.rejectf(RuleMemberInvite1, "sender is not joined")
	}
	// MEMBER-INVITE-2: not a joined or banned target.
	if m.targetMember == event.MembershipJoin || m.targetMember == event.MembershipBan {
		return c.rejectf(RuleMemberInvite2, "target is joined or banned")
	}
	// MEMBER-INVITE-3: the invite level suffices.
	if m.senderLevel.AtLeast(IntLevel(m.inviteLevel)) {
		return allow
	}
	// MEMBER-INVITE-4.
	c.need(levelInvite, IntLevel(m.inviteLevel))
	return c.rejectf(RuleMemberInvite4, "sender's power level "+m.senderLevel.String()+" is below the invite level "+itoa(m.inviteLevel))
}

// missingOf names the first missing of two keys: a when !hasA, else b.
func missingOf(hasA bool, a, b string) string {
	if !hasA {
		return a
	}
	return b
}

// hasThirdPartyInvite reports whether content.third_party_invite is present
// (with any value), which selects the MEMBER-INVITE-TPI branch.
func (c *checker) hasThirdPartyInvite() bool {
	return jv(c.ev.ContentJSON()).First("third_party_invite").Exists()
}

// memberThirdPartyInvite implements MEMBER-INVITE-TPI-1..8 with DECISIONS
// D17. The branch is terminal: the sender's membership and level and a
// joined target are never checked (EDGE-M6, EDGE-M7).
func (c *checker) memberThirdPartyInvite(m *memberCtx) verdict {
	// MEMBER-INVITE-TPI-1: never for a banned target.
	if m.targetMember == event.MembershipBan {
		return c.rejectf(RuleMemberInviteTPI1, "target is banned")
	}
	// Members are looked up as gjson's Get did, the first of a repeated key
	// (parsed events hold none, DECISIONS X2).
	tpi := jv(c.ev.ContentJSON()).First("third_party_invite")
	// MEMBER-INVITE-TPI-2: a signed block is required.
	signed := tpi.First("signed")
	if !tpi.IsObject() || !signed.Exists() {
		return c.rejectKey(RuleMemberInviteTPI2, "content.third_party_invite.signed", "", "third_party_invite has no signed block")
	}
	// MEMBER-INVITE-TPI-3: signed needs mxid and token.
	if !signed.IsObject() {
		return c.rejectKey(RuleMemberInviteTPI3, "content.third_party_invite.signed", string(signed), "signed is not an object") // D11
	}
	mxid, token := signed.First("mxid"), signed.First("token")
	if !mxid.Exists() || !token.Exists() {
		return c.rejectKey(RuleMemberInviteTPI3, missingOf(mxid.Exists(), "signed.mxid", "signed.token"), "", "signed lacks mxid or token")
	}
	// MEMBER-INVITE-TPI-4: the invite is for the target.
	if !mxid.IsString() || mxid.Str() != m.target {
		return c.rejectKey(RuleMemberInviteTPI4, "signed.mxid", string(mxid), "signed.mxid is not the state_key")
	}
	// MEMBER-INVITE-TPI-5: the matching third-party invite must exist.
	var inv *event.Event
	if token.IsString() {
		inv = c.st.get(event.TypeThirdPartyInvite, token.Str())
	}
	if inv == nil {
		return c.rejectKey(RuleMemberInviteTPI5, "m.room.third_party_invite for signed.token", string(token), "no m.room.third_party_invite for the token")
	}
	// MEMBER-INVITE-TPI-6: completed by the user who sent that invite.
	if inv.Sender() != c.ev.Sender() {
		return c.rejectKey(RuleMemberInviteTPI6, "sender of "+inv.ID(), quoted(inv.Sender(), true), "sender did not send the third-party invite")
	}
	// MEMBER-INVITE-TPI-7 and -8.
	return c.verifyThirdPartySignature(inv, signed)
}
