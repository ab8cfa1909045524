package handshake

import (
	"strings"

	"github.com/mxauth/mxauth/roomversion"
)

// serverName returns domain(id) as DIGEST defines it: the text after the
// first ':' of a user, room or v1/v2 event ID, or "" when there is none. A
// server name may carry ":port", so the split is never on the last colon.
func serverName(id string) string {
	_, after, ok := strings.Cut(id, ":")
	if !ok {
		return ""
	}
	return after
}

// isUserID reports whether s has the shape of a user ID: "@", a localpart,
// ":" and a non-empty server name.
func isUserID(s string) bool {
	return len(s) > 1 && s[0] == '@' && serverName(s) != ""
}

// isRoomID reports whether s has the shape of a room ID of some room
// version: that of versions 1–11 ("!", an opaque part, ":" and a non-empty
// server name) or that of version 12 ("!" and the create event's ID
// without "$", FMT-12-4).
func isRoomID(s string) bool {
	return isDomainRoomID(s) || isDerivedRoomID(s)
}

// isRoomIDOf reports whether s has the shape of a room ID of room version
// v: derived from the create event with RoomIDFromCreateEvent (v12), "!"
// with a server name otherwise.
func isRoomIDOf(s string, v roomversion.Version) bool {
	if v.RoomIDFromCreateEvent {
		return isDerivedRoomID(s)
	}
	return isDomainRoomID(s)
}

// isDomainRoomID reports whether s is "!", an opaque part, ":" and a
// non-empty server name (room versions 1–11).
func isDomainRoomID(s string) bool {
	return len(s) > 1 && s[0] == '!' && serverName(s) != ""
}

// isDerivedRoomID reports whether s is "!" followed by 43 characters of
// unpadded URL-safe base64, the room ID of a room version 12 room: its
// create event's ID (the reference hash, EID-4) without "$" (FMT-12-4).
func isDerivedRoomID(s string) bool {
	if len(s) != 44 || s[0] != '!' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
