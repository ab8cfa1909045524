package auth

import "github.com/mxauth/mxauth/event"

// memberKnock implements MEMBER-KNOCK-1..4 (room versions with Knocking,
// v7+). Elsewhere a knock is an unknown membership (MEMBER-UNKNOWN-1).
func (c *checker) memberKnock(m *memberCtx) verdict {
	// MEMBER-KNOCK-1: only a knock join rule admits knocks (v10+: also
	// knock_restricted).
	jr := c.joinRule()
	m.joinRule = jr
	m.known |= DetailJoinRule
	if jr != joinRuleKnock && !(c.v.KnockRestrictedJoinRule && jr == joinRuleKnockRestricted) {
		return c.rejectf(RuleMemberKnock1, "join rule "+quoteOrNone(jr)+" does not admit knocks")
	}
	// MEMBER-KNOCK-2: users knock for themselves.
	if !m.senderIsTarget {
		return c.rejectKey(RuleMemberKnock2, "state_key", quoted(m.target, true), "sender is not the target")
	}
	// MEMBER-KNOCK-3: from none, leave or knock (never from invite, since
	// spec #1717).
	switch m.senderMember {
	case event.MembershipBan, event.MembershipInvite, event.MembershipJoin:
		// MEMBER-KNOCK-4.
		return c.rejectf(RuleMemberKnock4, "sender is banned, invited or joined")
	}
	return allow
}
