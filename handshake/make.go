package handshake

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// MakeKnock answers make_knock on the resident server: it builds the
// unsigned knock template for req.UserID from the room's current state.
//
// The template is an m.room.member event with content
// {"membership": "knock"}, sender and state_key req.UserID, the given
// prev_events, depth and origin_server_ts, and auth_events holding the IDs
// of the create, power-levels, join-rules and the user's own member event
// as the auth package selects them (DIGEST §3, SEL-5; in room version 12
// the create event is implied by room_id and never listed, SEL-1). The
// template is judged by auth.Check against state before it is returned,
// so it is the knock the room would accept. Under knock_restricted (room
// versions 10+) a knock needs no authorising user.
//
// Errors are *MatrixError values:
//   - M_MISSING_PARAM when req.Ver is empty (make_knock requires ver);
//   - M_INCOMPATIBLE_ROOM_VERSION, with RoomVersion set, when the room's
//     version is not in req.Ver, has no knocking (Knocking: versions 1–6;
//     Synapse answers M_FORBIDDEN), or the join rule is knock_restricted in
//     a version without it (KnockRestrictedJoinRule: versions 8–9, where it
//     is an unknown rule no one can knock under);
//   - M_FORBIDDEN when req.UserID is not a user of req.Origin, when the
//     join rule is not knock (or, v10+, knock_restricted), when the user
//     is banned, invited or joined,
//     or when any other rule refuses the knock (the *auth.Rejection is the
//     error's cause);
//   - M_NOT_FOUND when state is not the state of req.RoomID;
//   - M_INVALID_PARAM for a malformed room or user ID;
//   - M_UNKNOWN when the caller's inputs contradict each other.
func MakeKnock(req MakeRequest, state auth.State) (*MakeResponse, error) {
	return makeTemplate(req, state, event.MembershipKnock)
}

// MakeJoin answers make_join on the resident server, as [MakeKnock] does
// for knocks: the template has content {"membership": "join"} and the auth
// events of a join. An empty req.Ver means ["1"], the spec's default. The
// errors are those of MakeKnock, except that every room version may be
// joined; M_FORBIDDEN means the auth rules would refuse the join (for
// example an invite-only room and a user who is not invited).
//
// In a restricted room (RestrictedJoinRule, v8+) or a knock_restricted one
// (KnockRestrictedJoinRule, v10+), a user who is neither joined, invited
// nor banned joins only through an authorising user (DIGEST-V8-12 §2.4a,
// MEMBER-JOIN-R-2). MakeJoin then reads the join rules' allow entries
// ({"type": "m.room_membership", "room_id": …}; others are skipped, a
// non-array allow names no room) and asks req.AllowedRooms whether the
// user is in one of those rooms; it then chooses, among
// req.AuthorisingUsers (nil: the members of an auth.StateMap state), the
// users of req.ResidentServer who are joined with at least the invite
// level (DEF-PL-2; in v12 a creator's infinite level always is), the one
// with the highest level and then the lowest user ID, and writes it to
// content.join_authorised_via_users_server; the template then also lists
// that user's member event (SEL-7). The errors of this path:
//   - M_FORBIDDEN when allow names no room or req.AllowedRooms says no;
//   - M_UNABLE_TO_AUTHORISE_JOIN when req.AllowedRooms is nil or fails
//     (its error is the cause);
//   - M_UNABLE_TO_GRANT_JOIN when no candidate is eligible;
//   - M_UNKNOWN when req.ResidentServer is empty.
//
// A joined or invited user's join carries no authorising user and allow is
// not read (MEMBER-JOIN-R-1).
func MakeJoin(req MakeRequest, state auth.State) (*MakeResponse, error) {
	return makeTemplate(req, state, event.MembershipJoin)
}

// MakeLeave answers make_leave on the resident server, as [MakeKnock]
// does for knocks: the template has content {"membership": "leave"} and
// the auth events of a leave (no join rules). req.Ver is not used.
// M_FORBIDDEN means the auth rules would refuse the leave, such as for a
// user who is not invited, joined or (room versions 7+) knocking.
func MakeLeave(req MakeRequest, state auth.State) (*MakeResponse, error) {
	return makeTemplate(req, state, event.MembershipLeave)
}
