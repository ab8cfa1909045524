package stateres

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// isPowerEvent is SR2-DEF-1 with D7 (Synapse's set, EDGE-SR2-2):
// (m.room.power_levels, ""), (m.room.join_rules, ""), (m.room.create, ""),
// and m.room.member events with membership leave or ban whose sender is not
// the target (kicks, unbans and bans).
func isPowerEvent(ev *event.Event) bool {
	sk, ok := ev.StateKey()
	if !ok {
		return false
	}
	switch ev.Type() {
	case event.TypePowerLevels, event.TypeJoinRules, event.TypeCreate:
		return sk == ""
	case event.TypeMember:
		m, kind := ev.Membership()
		return kind == event.String && (m == event.MembershipLeave || m == event.MembershipBan) && ev.Sender() != sk
	}
	return false
}

// senderPower is the sender's power level used to order power events
// (SR2-DEF-6): DEF-PL-1 over the event's own auth events that the caller
// has, rejected or not, as Synapse's _get_power_level_for_sender reads
// them: the last power-levels event listed decides, and without one the
// first create event listed names the creator, who has 100 (D6,
// EDGE-SR2-3). A level that is not a number counts as 0 (Synapse's int()
// would raise and abort the resolution).
func (r *resolver) senderPower(n *node) (auth.Level, error) {
	st := &r.small
	st.reset()
	auths, err := r.authOf(n)
	if err != nil {
		return auth.Level{}, err
	}
	for _, a := range auths {
		k, ok := keyOf(a.ev)
		if !ok || k.StateKey != "" {
			continue
		}
		switch k.Type {
		case event.TypePowerLevels:
			st.set(k, a.ev) // a later one shadows an earlier one
		case event.TypeCreate:
			st.setFirst(k, a.ev)
		}
	}
	pl, err := r.rules.powerLevel(st, n.ev.Sender())
	if err != nil {
		return auth.Level{}, nil
	}
	return pl, nil
}
