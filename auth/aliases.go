package auth

import "github.com/mxauth/mxauth/event"

// aliases implements ALIAS-1..3 (room versions with SpecialCaseAliasesAuth,
// v1–5): a server may set its own aliases without membership or power.
func (c *checker) aliases() verdict {
	if c.ev.Type() != event.TypeAliases {
		return next
	}
	sk, ok := c.ev.StateKey()
	// ALIAS-1: a state key is required (Synapse also refuses an empty one).
	if !ok || sk == "" {
		return c.rejectKey(RuleAlias1, "state_key", quoted(sk, ok), "aliases event has no state_key")
	}
	// ALIAS-2: the state key must be the sender's server.
	if d, _ := domain(c.ev.Sender()); d != sk {
		return c.rejectKey(RuleAlias2, "state_key", `"`+sk+`"`, "state_key is not the sender's server")
	}
	// ALIAS-3.
	return allow
}
