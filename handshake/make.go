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
// as the auth package selects them (DIGEST §3, SEL-5). The template is
// judged by auth.Check against state before it is returned, so it is the
// knock the room would accept.
//
// Errors are *MatrixError values:
//   - M_MISSING_PARAM when req.Ver is empty (make_knock requires ver);
//   - M_INCOMPATIBLE_ROOM_VERSION, with RoomVersion set, when the room's
//     version is not in req.Ver or has no knocking (versions 1–6; Synapse
//     answers M_FORBIDDEN to the second);
//   - M_FORBIDDEN when req.UserID is not a user of req.Origin, when the
//     join rule is not knock, when the user is banned, invited or joined,
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
func MakeJoin(req MakeRequest, state auth.State) (*MakeResponse, error) {
	return makeTemplate(req, state, event.MembershipJoin)
}

// MakeLeave answers make_leave on the resident server, as [MakeKnock]
// does for knocks: the template has content {"membership": "leave"} and
// the auth events of a leave (no join rules). req.Ver is not used.
// M_FORBIDDEN means the auth rules would refuse the leave, such as for a
// user who is not invited, joined or (room version 7) knocking.
func MakeLeave(req MakeRequest, state auth.State) (*MakeResponse, error) {
	return makeTemplate(req, state, event.MembershipLeave)
}
