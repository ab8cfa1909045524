package stateres

import (
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
// (SR2-DEF-6): DEF-PL-1 over the event's own auth events, taking the first
// power-levels and create event listed, whether rejected or not, as Synapse
// does; the creator has 100 when there is no power-levels event (D6,
// EDGE-SR2-3). A level that is not a number counts as 0.
func (r *resolver) senderPower(n *node) (int64, error) {
	st := &r.small
	st.reset()
	auths, err := r.authOf(n)
	if err != nil {
		return 0, err
	}
	for _, a := range auths {
		if k, ok := keyOf(a.ev); ok && k.StateKey == "" &&
			(k.Type == event.TypePowerLevels || k.Type == event.TypeCreate) {
			st.setFirst(k, a.ev)
		}
	}
	pl, err := r.rules.powerLevel(st, n.ev.Sender())
	if err != nil {
		return 0, nil
	}
	return pl, nil
}
