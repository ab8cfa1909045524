package auth

import "github.com/mxauth/mxauth/event"

// memberLeave implements MEMBER-LEAVE-1..5: leaving, declining, retracting
// a knock (v7+), kicking and unbanning. A v12 creator's infinite level is
// never below another's, so no one kicks a creator.
func (c *checker) memberLeave(m *memberCtx) verdict {
	// MEMBER-LEAVE-1: a user may leave from invite or join (v7+: or knock).
	if m.senderIsTarget {
		switch m.senderMember {
		case event.MembershipInvite, event.MembershipJoin:
			return allow
		case event.MembershipKnock:
			if c.v.Knocking {
				return allow
			}
		}
		return c.rejectf(RuleMemberLeave1, "sender is neither invited nor joined")
	}
	// MEMBER-LEAVE-2: only members remove others.
	if m.senderMember != event.MembershipJoin {
		return c.rejectf(RuleMemberLeave2, "sender is not joined")
	}
	// MEMBER-LEAVE-3: unbanning needs the ban level.
	if m.targetMember == event.MembershipBan && m.senderLevel.Less(IntLevel(m.banLevel)) {
		c.need(levelBan, IntLevel(m.banLevel))
		return c.rejectf(RuleMemberLeave3, "target is banned and the sender's power level "+m.senderLevel.String()+" is below the ban level "+itoa(m.banLevel))
	}
	// MEMBER-LEAVE-4: kicking needs the kick level and a higher level than
	// the target's.
	kick, ok := c.namedLevel(levelKick, defaultKick)
	if !ok {
		return c.namedLevelRejection(levelKick)
	}
	if m.senderLevel.AtLeast(IntLevel(kick)) && m.targetLevel.Less(m.senderLevel) {
		return allow
	}
	// MEMBER-LEAVE-5.
	c.need(levelKick, IntLevel(kick))
	return c.rejectf(RuleMemberLeave5, "sender's power level "+m.senderLevel.String()+" is below the kick level "+itoa(kick)+" or not above the target's "+m.targetLevel.String())
}
