// Package handshake implements the pure parts of the federation membership
// handshakes of room versions 1 to 7: make_knock / send_knock (the knock
// lifecycle of room version 7), and the templates of make_join and
// make_leave.
//
// The package is split by the server that runs each step:
//
//   - On the resident server, [MakeKnock], [MakeJoin] and [MakeLeave] build
//     the unsigned template event from the room's current state, and
//     [SendKnock] validates and authorizes the signed knock that comes back
//     and builds the knock_room_state the response carries.
//   - On the requesting server, [ValidateKnockTemplate],
//     [ValidateJoinTemplate] and [ValidateLeaveTemplate] check that a
//     template says exactly what was asked for before the server hashes
//     and signs it.
//   - For clients and directories, [StrippedState] builds the stripped state
//     shown to a potential joiner, [DescribeMembership] says what a member
//     event means to a user ("knock accepted", "knock denied", …) and
//     [PublicRoomJoinRule] gives the join_rule a public rooms entry reports.
//
// Errors a resident server answers a request with are [*MatrixError]
// values carrying the Matrix error code (errcode) and, where the spec asks
// for it, the room version; use [errors.As] to get one. A template the
// requesting server must refuse is reported as a [*TemplateError].
//
// Authorization is the auth package's: every verdict here comes from
// auth.Check on the event in question, never from a second copy of the
// rules. The package performs no I/O, reads no clock (timestamps, prev
// events and depth are inputs) and never panics on malformed input.
package handshake
