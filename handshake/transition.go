package handshake

import "github.com/mxauth/mxauth/event"

// transitionPossible reports whether the authorization rules of ev's room
// version can allow the change prev→next (DIGEST §4.2).
// TODO: replace with the auth package's transition table once it lands.
func transitionPossible(ev *event.Event, prev, next string, self bool) bool {
	knocking := ev.Version().Knocking
	if prev == event.MembershipKnock && !knocking {
		return false
	}
	switch next {
	case event.MembershipJoin:
		return self && prev != event.MembershipBan
	case event.MembershipInvite:
		if prev == event.MembershipBan {
			return false
		}
		if ev.Content().Get("third_party_invite").Exists() {
			return true
		}
		return !self && prev != event.MembershipJoin
	case event.MembershipLeave:
		if self {
			return prev == event.MembershipInvite || prev == event.MembershipJoin || prev == event.MembershipKnock
		}
		return true
	case event.MembershipBan:
		return !self
	case event.MembershipKnock:
		return knocking && self && (prev == event.MembershipLeave || prev == event.MembershipKnock)
	}
	return false
}
