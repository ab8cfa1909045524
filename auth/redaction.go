package auth

import "github.com/mxauth/mxauth/event"

// redaction implements REDACT-1..3 (room versions with RedactionAuthRule,
// v1–2), after POWER-1. A missing or non-string redacts is allowed
// (DECISIONS D15, EDGE-V3); an event ID without ':' (this event's or the
// redacted one's) cannot be given a domain and rejects (D11).
//
// From v3 on there is no redaction rule, but Synapse still reads the
// sender's level and the redact level for every redaction (to mark one
// below it for the apply check, REDACT-APPLY), so a redact level that is
// not a number rejects the redaction there too (D19, D11).
func (c *checker) redaction() verdict {
	if c.ev.Type() != event.TypeRedaction {
		return next
	}
	// REDACT-1: moderators may redact anything.
	have, ok := c.userLevel(c.ev.Sender())
	if !ok {
		return c.levelRejection("sender's", c.ev.Sender())
	}
	need, ok := c.namedLevel(levelRedact, defaultRedact)
	if !ok {
		return c.namedLevelRejection(levelRedact)
	}
	if have.AtLeast(IntLevel(need)) || !c.v.RedactionAuthRule {
		return allow
	}
	explain := func() { c.senderIs(have); c.need(levelRedact, IntLevel(need)) }
	// REDACT-2: anyone may redact events from the server that made this
	// redaction (domain of the event IDs, EDGE-V2).
	own, ok := domain(c.ev.ID())
	if !ok {
		explain()
		return c.rejectKey(RuleRedact2, "event_id", `"`+c.ev.ID()+`"`, "event_id has no domain")
	}
	redacts, kind := c.ev.Redacts()
	if kind != event.String {
		return allow // D15
	}
	theirs, ok := domain(redacts)
	if !ok {
		explain()
		return c.rejectKey(RuleRedact2, "redacts", `"`+redacts+`"`, "redacts has no domain") // EDGE-V3, D11
	}
	if own == theirs {
		return allow
	}
	// REDACT-3.
	explain()
	return c.rejectKey(RuleRedact3, "redacts", `"`+redacts+`"`, "sender is below the redact level and the redacted event is from another server")
}
