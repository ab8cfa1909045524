package auth

import "github.com/mxauth/mxauth/event"

// senderMembership implements SENDER-1: every event not decided yet needs a
// joined sender.
func (c *checker) senderMembership() verdict {
	if m, _ := c.membershipOf(c.ev.Sender()); m != event.MembershipJoin {
		c.d().SenderMembership = m
		c.d().Set |= DetailSenderMembership
		return c.rejectf(RuleSender1, "sender is not joined to the room")
	}
	return next
}
