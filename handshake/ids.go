package handshake

import "strings"

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

// isRoomID reports whether s has the shape of a room ID of room versions
// 1–7: "!", an opaque part, ":" and a non-empty server name.
func isRoomID(s string) bool {
	return len(s) > 1 && s[0] == '!' && serverName(s) != ""
}
