package auth

import "github.com/mxauth/mxauth/event"

// memberBan implements MEMBER-BAN-1..3. A v12 creator's infinite level is
// never below another's, so no one bans a creator.
func (c *checker) memberBan(m *memberCtx) verdict {
	// MEMBER-BAN-1: only members ban.
	if m.senderMember != event.MembershipJoin {
		return c.rejectf(RuleMemberBan1, "sender is not joined")
	}
	// MEMBER-BAN-2: the ban level and a higher level than the target's.
	if m.senderLevel.AtLeast(IntLevel(m.banLevel)) && m.targetLevel.Less(m.senderLevel) {
		return allow
	}
	// MEMBER-BAN-3.
	c.need(levelBan, IntLevel(m.banLevel))
	return c.rejectf(RuleMemberBan3, "sender's power level "+m.senderLevel.String()+" is below the ban level "+itoa(m.banLevel)+" or not above the target's "+m.targetLevel.String())
}
