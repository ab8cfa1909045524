package auth

import "github.com/mxauth/mxauth/event"

// thirdPartyInviteEvent implements TPI-1: an m.room.third_party_invite
// event needs the invite level and nothing else (terminal; POWER-1 and
// STATEKEY-1 are not applied).
func (c *checker) thirdPartyInviteEvent() verdict {
	if c.ev.Type() != event.TypeThirdPartyInvite {
		return next
	}
	have, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's", c.ev.Sender())
	}
	inv, ok := c.namedLevel(levelInvite, defaultInvite)
	if !ok {
		return c.namedLevelRejection(levelInvite)
	}
	if have.Less(IntLevel(inv)) {
		c.senderIs(have)
		c.need(levelInvite, IntLevel(inv))
		return c.rejectf(RuleTPI1, "sender's power level "+have.String()+" is below the invite level "+itoa(inv))
	}
	return allow
}
