package auth

// requiredPower implements POWER-1: the sender's level must reach the level
// required for the event's type (DEF-PL-3). From v3 on this is the only
// gate for m.room.redaction. A v12 creator passes it for every type.
func (c *checker) requiredPower() verdict {
	need, ok := c.sendLevel()
	if !ok {
		return c.sendLevelRejection()
	}
	have, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's", c.ev.Sender())
	}
	if have.Less(IntLevel(need)) {
		c.senderIs(have)
		c.need("send", IntLevel(need))
		return c.rejectf(RulePower1, "sender's power level "+have.String()+" is below the level "+itoa(need)+" required for "+c.ev.Type())
	}
	return next
}
