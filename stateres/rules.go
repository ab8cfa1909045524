package stateres

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// rules is the part of the authorization rules resolution depends on. The
// library always uses authRules; tests substitute simpler rules to pin down
// orderings.
type rules interface {
	// check applies the state-dependent rules (SR-DEF-3); nil means
	// allowed. An m.room.create event is always allowed.
	check(ev *event.Event, st auth.State) error
	// selectKeys appends ev's auth-selection keys (SEL-1..6) to dst.
	selectKeys(ev *event.Event, dst []auth.StateKey) []auth.StateKey
	// powerLevel is DEF-PL-1, with the creator at 100 when st has no power
	// levels (D6).
	powerLevel(st auth.State, userID string) (auth.Level, error)
}

// authRules is rules backed by package auth.
type authRules struct{}

// check is auth.Check without CREATE-1..5: resolution runs only the
// state-dependent rules (SR-DEF-3), and Synapse has none for m.room.create
// (check_state_dependent_auth_rules allows it at once). The create rules
// were settled when the event was received; a create event that failed
// them is rejected and skipped like any other (D8, D9).
func (authRules) check(ev *event.Event, st auth.State) error {
	if ev.Type() == event.TypeCreate {
		return nil
	}
	return auth.Check(ev, st)
}

func (authRules) selectKeys(ev *event.Event, dst []auth.StateKey) []auth.StateKey {
	return auth.SelectAuthEvents(ev, dst)
}

func (authRules) powerLevel(st auth.State, userID string) (auth.Level, error) {
	return auth.UserPowerLevel(st, userID)
}
