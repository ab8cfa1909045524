package conformance

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// rejectedAuthEventRule is AUTHEV-3: an event whose auth events are not all
// known, earlier and accepted is rejected. The auth package leaves it to
// the caller, who knows which events were accepted.
const rejectedAuthEventRule = auth.RuleAuthEv3

// authEventRejection builds the AUTHEV-3 rejection of ev.
func authEventRejection(ev *event.Event, reason string) *auth.Rejection {
	return &auth.Rejection{Rule: rejectedAuthEventRule, EventID: ev.ID(), Reason: reason}
}
