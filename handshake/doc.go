// Package handshake implements the pure parts of the federation membership
// handshakes of room versions 1 to 12: make_knock / send_knock (the knock
// lifecycle, room versions 7+), make_join / send_join including the
// restricted and knock_restricted joins of room versions 8+ and 10+, and
// the template of make_leave.
//
// The package is split by the server that runs each step:
//
//   - On the resident server, [MakeKnock], [MakeJoin] and [MakeLeave] build
//     the unsigned template event from the room's current state, [SendKnock]
//     validates and authorizes the signed knock that comes back and builds
//     the knock_room_state the response carries, and [SendJoin] does the same
//     for a join and says whether the resident server must add its own
//     signature.
//   - On the requesting server, [ValidateKnockTemplate],
//     [ValidateJoinTemplate] and [ValidateLeaveTemplate] check that a
//     template says exactly what was asked for before the server hashes
//     and signs it.
//   - For clients and directories, [StrippedState] builds the stripped state
//     shown to a potential joiner, [DescribeMembership] says what a member
//     event means to a user ("knock accepted", "knock denied", …), and
//     [PublicRoomJoinRule] and [PublicRoomVersion] give the join_rule and
//     room_version a public rooms entry reports.
//
// # Restricted joins
//
// In a restricted (v8+) or knock_restricted (v10+) room a user who is
// neither joined nor invited may join when they are in a room the join
// rules' allow list names, and a user of the resident server with the
// power to invite vouches for the join: its ID goes into
// content.join_authorised_via_users_server and its server signs the join
// (DIGEST-V8-12 §2.4a, MEMBER-JOIN-R-1..3, MEMBER-JAUTH-1). The auth rules
// never read allow (DECISIONS D26); only the resident server does, and only
// the caller knows other rooms, so it answers with an [AllowedRoomsFunc].
// [MakeJoin] chooses the authorising user deterministically among the
// resident server's joined users: the highest power level (a v12 creator's
// is infinite), then the lowest user ID.
//
// # Room version 12
//
// Room IDs are "!" plus the create event's ID without "$"
// (event.RoomIDOfCreateEventID). Templates never list the create event in
// auth_events (SEL-1): room_id implies it. Stripped state always starts
// with the create event, from which a client learns the creators.
//
// Errors a resident server answers a request with are [*MatrixError]
// values carrying the Matrix error code (errcode) and, where the spec asks
// for it, the room version; use [errors.As] to get one. A template the
// requesting server must refuse is reported as a [*TemplateError].
//
// Authorization is the auth package's: every verdict here comes from
// auth.Check on the event in question, never from a second copy of the
// rules; the resident server's own checks of §2.4a (allow conditions, a
// local authorising user) come on top. The package performs no I/O, reads
// no clock (timestamps, prev events and depth are inputs) and never panics
// on malformed input.
package handshake
