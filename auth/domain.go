package auth

import "strings"

// domain returns the text after the first ':' of a user, room or v1/v2
// event ID, and false when there is no ':' (a server name may carry a
// port, so the first colon is the separator).
func domain(id string) (string, bool) {
	i := strings.IndexByte(id, ':')
	if i < 0 {
		return "", false
	}
	return id[i+1:], true
}
