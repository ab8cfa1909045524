package auth

// Rejection is the error returned when an event fails the authorization
// rules. Use errors.As to read the rule that rejected it.
type Rejection struct {
	// Rule is the rule that rejected the event.
	Rule RuleID
	// EventID is the ID of the rejected event.
	EventID string
	// Reason says in words why the rule rejected it.
	Reason string
}

// Error implements error: "auth: <event> rejected by <rule>: <reason>".
func (r *Rejection) Error() string {
	return "auth: " + r.EventID + " rejected by " + string(r.Rule) + ": " + r.Reason
}
