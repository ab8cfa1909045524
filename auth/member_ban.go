package auth

import "github.com/mxauth/mxauth/event"

// memberBan implements MEMBER-BAN-1..3.
func (c *checker) memberBan(m *memberCtx) verdict {
	// MEMBER-BAN-1: only members ban.
	if m.senderMember != event.MembershipJoin {
		return c.rejectf(RuleMemberBan1, "sender is not joined")
	}
	// MEMBER-BAN-2: the ban level and a higher level than the target's.
	if m.senderLevel >= m.banLevel && m.targetLevel < m.senderLevel {
		return allow
	}
	// MEMBER-BAN-3.
	return c.rejectf(RuleMemberBan3, "sender lacks the ban level or does not outrank the target")
}
