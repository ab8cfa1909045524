package event

import "strings"

// Room IDs of room version 12 (FMT-12-4, EID-12-1, ROOMID-1): the room ID is
// "!" followed by the create event's ID without its "$", so the create event
// is named by every other event's room_id and never listed in auth_events.

// RoomIDOfCreateEventID returns the room ID a room version 12 create event
// with ID createEventID starts: "!" + createEventID[1:]. It returns "" for an
// ID that does not start with "$".
func RoomIDOfCreateEventID(createEventID string) string {
	body, ok := createEventIDBody(createEventID)
	if !ok {
		return ""
	}
	return "!" + body
}

// createEventIDBody returns what follows the "$" of a create event ID,
// the part its room ID shares (EID-12-1); ok is false for an ID that does
// not start with "$". Event.deriveFromID writes the same room ID into an
// event's buffer.
func createEventIDBody(createEventID string) (body string, ok bool) {
	if !strings.HasPrefix(createEventID, "$") {
		return "", false
	}
	return createEventID[1:], true
}

// CreateEventIDOfRoomID returns the ID of the create event a room version
// 12 room ID names: "$" + roomID[1:]. ok is false when roomID does not start
// with "!"; a room ID that names no create event (one with ":domain", say)
// still yields an ID, which the caller will not find (ROOMID-1).
func CreateEventIDOfRoomID(roomID string) (id string, ok bool) {
	body, ok := roomIDBody(roomID)
	if !ok {
		return "", false
	}
	return "$" + body, true
}

// roomIDBody returns what follows the "!" of a v12 room ID, the part the
// ID of the create event it names shares (ROOMID-1); ok is false when
// roomID does not start with "!" or has nothing after it.
// Event.deriveFromID writes the same create event ID into an event's
// buffer.
func roomIDBody(roomID string) (body string, ok bool) {
	if !strings.HasPrefix(roomID, "!") || len(roomID) < 2 {
		return "", false
	}
	return roomID[1:], true
}

// ImpliedCreateEventID returns the ID of the create event that e's room_id
// implies as an auth event, in room versions whose room IDs come from the
// create event (RoomIDFromCreateEvent, v12). ok is false in other versions,
// for the create event itself, and for a room_id that names no event.
//
// The ID is derived once, when the event's ID is set, so calling this
// costs no allocation.
func (e *Event) ImpliedCreateEventID() (id string, ok bool) {
	id = e.str(e.impliedCreate)
	return id, id != ""
}

// namesCreateEvent reports whether id is the ID of the create event that
// roomID implies, "$" + roomID[1:] (FMT-12-3), without building that ID.
func namesCreateEvent(id, roomID string) bool {
	return len(roomID) >= 2 && len(id) == len(roomID) && id[0] == '$' && roomID[0] == '!' && id[1:] == roomID[1:]
}
