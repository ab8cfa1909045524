package auth

import "strings"

// userStateKey implements STATEKEY-1: a state key that starts with '@' may
// only be set by that user.
func (c *checker) userStateKey() verdict {
	sk, ok := c.ev.StateKey()
	if ok && strings.HasPrefix(sk, "@") && sk != c.ev.Sender() {
		return c.rejectKey(RuleStateKey1, "state_key", `"`+sk+`"`, "state_key names another user")
	}
	return next
}
