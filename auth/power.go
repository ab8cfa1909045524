package auth

// requiredPower implements POWER-1: the sender's level must reach the level
// required for the event's type (DEF-PL-3). From v3 on this is the only
// gate for m.room.redaction.
func (c *checker) requiredPower() verdict {
	need, ok := c.sendLevel()
	if !ok {
		return c.rejectf(RuleDefPL4, "required power level for the event type is not a number")
	}
	have, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's")
	}
	if have < need {
		return c.rejectf(RulePower1, "sender's power level is below the level required for the event type")
	}
	return next
}
