package auth

import "github.com/mxauth/mxauth/event"

// creatorFirstJoin is MEMBER-JOIN-1: allow when there is exactly one prev
// event, it is the create event, and the target is the creator (the sender
// need not be). The creator is content.creator in v1–10 and the create
// event's sender in v11+ (D30); in v12 additional creators get no bypass.
// A v1–10 create event without creator rejects once it is read (D11).
func (c *checker) creatorFirstJoin(target string) verdict {
	if c.ev.NumPrevEvents() != 1 || c.create == nil || c.ev.PrevEventID(0) != c.create.ID() {
		return next
	}
	cr, isString, present := creatorOf(&c.v, c.creation())
	if !present {
		return c.rejectKey(RuleMemberJoin1, "content.creator of the create event", "", "create event has no creator") // D11
	}
	if isString && cr == target {
		return allow
	}
	return next
}

// memberJoin implements MEMBER-JOIN-2..6 and, between MEMBER-JOIN-4 and
// MEMBER-JOIN-5, MEMBER-JOIN-R-1..3 (MEMBER-JOIN-1 ran before). The join
// rule branches are disjoint, so their order changes no result.
func (c *checker) memberJoin(m *memberCtx) verdict {
	// MEMBER-JOIN-2: nobody joins on another's behalf.
	if !m.senderIsTarget {
		return c.rejectKey(RuleMemberJoin2, "state_key", quoted(m.target, true), "sender is not the target")
	}
	// MEMBER-JOIN-3: banned users cannot join.
	if m.senderMember == event.MembershipBan {
		return c.rejectf(RuleMemberJoin3, "sender is banned")
	}
	jr := c.joinRule()
	m.joinRule = jr
	m.known |= DetailJoinRule
	switch {
	// MEMBER-JOIN-4: invite (v7+: also knock) needs an invite or a join.
	case jr == joinRuleInvite || c.isKnockRule(jr):
		if m.senderMember == event.MembershipInvite || m.senderMember == event.MembershipJoin {
			return allow
		}
		// The rule does not allow; nothing after it can (MEMBER-JOIN-6).
		return c.rejectf(RuleMemberJoin6, "join rule "+jr+" and the sender is neither invited nor joined")
	// MEMBER-JOIN-R-1..3 (v8+ restricted, v10+ knock_restricted).
	case c.isRestrictedRule(jr):
		return c.restrictedJoin(m, jr)
	// MEMBER-JOIN-5: anyone may join a public room.
	case jr == joinRulePublic:
		return allow
	}
	// MEMBER-JOIN-6.
	return c.rejectf(RuleMemberJoin6, "join rule does not allow joining")
}

// restrictedJoin is MEMBER-JOIN-R-1..3 with DECISIONS D26: an invited or
// joined sender joins; anyone else needs an authorising user A who is
// joined and has at least the invite level in the auth state (A's member
// event is selected by SEL-7). The allow list is never read.
func (c *checker) restrictedJoin(m *memberCtx, jr string) verdict {
	// MEMBER-JOIN-R-1.
	if m.senderMember == event.MembershipInvite || m.senderMember == event.MembershipJoin {
		return allow
	}
	// MEMBER-JOIN-R-2.
	a, present, isString := c.authorisingUser()
	const key = "content.join_authorised_via_users_server"
	if !present || !isString {
		return c.rejectKey(RuleMemberJoinR2, key, string(topLevelMember(c.ev.ContentJSON(), "join_authorised_via_users_server")), "join rule "+jr+", the sender is neither invited nor joined, and the join names no authorising user")
	}
	am, ok := c.membershipOf(a)
	if !ok {
		return c.rejectKey(RuleDefMem1, "membership of "+a, "", "authorising user's member event has no membership") // D11
	}
	m.authoriserMember = am
	m.known |= DetailAuthoriserMembership
	if am != event.MembershipJoin {
		return c.rejectKey(RuleMemberJoinR2, key, quoted(a, true), "authorising user "+a+" is not joined (membership "+quoteOrNone(am)+")")
	}
	al, ok := c.userLevel(a)
	if !ok {
		return c.levelRejection("the authorising user's", a)
	}
	m.authoriserLevel = al
	m.known |= DetailAuthoriserLevel
	if al.Less(IntLevel(m.inviteLevel)) {
		c.need(levelInvite, IntLevel(m.inviteLevel))
		return c.rejectKey(RuleMemberJoinR2, key, quoted(a, true), "authorising user "+a+" has power level "+al.String()+", below the invite level "+itoa(m.inviteLevel))
	}
	// MEMBER-JOIN-R-3.
	return allow
}

// quoteOrNone names a membership in a rejection reason.
func quoteOrNone(m string) string {
	if m == "" {
		return "none"
	}
	return m
}
