package auth

import (
	"github.com/mxauth/mxauth/event"
)

// SelectAuthEvents appends to dst the (type, state_key) pairs that
// auth-event selection (DIGEST §3, DIGEST-V8-12 §3) picks for ev, and
// returns the extended slice; it does not allocate when dst has room for
// them (6 entries always suffice).
//
//   - SEL-0: nothing for m.room.create.
//   - SEL-1: (m.room.create, "") in room versions 1–11; never in room
//     version 12 (RoomIDFromCreateEvent), where the create event is implied
//     by room_id and listing it is an extra entry (AUTHEV-2).
//   - SEL-2, SEL-3: (m.room.power_levels, "") and the sender's
//     (m.room.member, sender).
//   - SEL-4: for m.room.member, the target's member event (once, when the
//     sender is the target).
//   - SEL-5: (m.room.join_rules, "") for membership join, invite or knock.
//   - SEL-6: for an invite with content.third_party_invite, the
//     (m.room.third_party_invite, signed.token) entry when the token is a
//     string.
//   - SEL-7: in room versions 8+ (RestrictedJoinRule), for a join whose
//     content.join_authorised_via_users_server is a string, that user's
//     member event (DECISIONS D22: joins only; v1–7 never).
//
// A member event without state_key or membership gets no target or join
// rules entry; the rules reject it anyway (MEMBER-1).
func SelectAuthEvents(ev *event.Event, dst []StateKey) []StateKey {
	if ev == nil || ev.Type() == event.TypeCreate {
		return dst
	}
	v := ev.Version()
	if !v.RoomIDFromCreateEvent {
		dst = append(dst, StateKey{event.TypeCreate, ""})
	}
	dst = append(dst,
		StateKey{event.TypePowerLevels, ""},
		StateKey{event.TypeMember, ev.Sender()},
	)
	if ev.Type() != event.TypeMember {
		return dst
	}
	target, hasTarget := ev.StateKey()
	if hasTarget && target != ev.Sender() {
		dst = append(dst, StateKey{event.TypeMember, target})
	}
	membership, kind := ev.Membership()
	if kind != event.String {
		return dst
	}
	switch membership {
	case event.MembershipJoin, event.MembershipInvite, event.MembershipKnock:
		dst = append(dst, StateKey{event.TypeJoinRules, ""})
	}
	switch {
	case membership == event.MembershipInvite:
		// A path looked up as gjson's Get did (the first match).
		if tok := jv(ev.ContentJSON()).Path("third_party_invite.signed.token"); tok.IsString() {
			dst = append(dst, StateKey{event.TypeThirdPartyInvite, tok.Str()})
		}
	case membership == event.MembershipJoin && v.RestrictedJoinRule:
		a := topLevelMember(ev.ContentJSON(), "join_authorised_via_users_server")
		if len(a) > 0 && a[0] == '"' {
			if u := a.Str(); u != ev.Sender() && (!hasTarget || u != target) {
				dst = append(dst, StateKey{event.TypeMember, u})
			}
		}
	}
	return dst
}
