package handshake

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
)

// PublicRoomJoinRule returns the join_rule a public rooms directory entry
// reports for a room (client-server API, GET /publicRooms, and the
// federation directory): the join_rule of the room's m.room.join_rules
// event, so "public" for public rooms, and "knock", "restricted" (room
// versions 8+) or "knock_restricted" (10+) for rooms a user can ask to
// enter or join through another room, which are listed because they are
// near-public. A rule the room's version does not know is reported as it
// is written; nobody can join under it.
//
// The directory's default applies when there is nothing to report: the
// spec says an entry without join_rule is to be taken as "public", so an
// absent join-rules event, a join-rules event without a join_rule key, and
// a join_rule that is not a string (which a directory cannot report) all
// give "public". This is the directory's reading only: the authorization
// rules treat a missing rule as "invite" (DECISIONS D1) and a non-string
// one as a rule nobody can join under, and [MakeJoin] follows them.
func PublicRoomJoinRule(state auth.State) string {
	if state == nil {
		return "public"
	}
	ev := state.StateEvent("m.room.join_rules", "")
	if ev == nil {
		return "public"
	}
	r := jsonread.Value(ev.ContentJSON()).First("join_rule")
	if !r.IsString() {
		return "public"
	}
	return r.Str()
}

// PublicRoomVersion returns the room_version a directory entry or room
// summary reports for a room: content.room_version of its create event,
// "1" when the create event has none (CREATE-3), the JSON text of a value
// that is not a string, and "" when state holds no create event. In room
// version 12 the create event is also the one the room ID names (its
// event ID without "$", FMT-12-4); see event.RoomIDOfCreateEventID.
func PublicRoomVersion(state auth.State) string {
	if state == nil {
		return ""
	}
	create := state.StateEvent(event.TypeCreate, "")
	if create == nil {
		return ""
	}
	return createdVersion(create)
}
