package auth

import (
	"net/netip"
	"strings"
)

// validCreatorID is the user-ID validation of CREATE-6 (DECISIONS D34, X3):
// at most 255 UTF-8 bytes (so at most 255 code points), a leading '@', a
// ':' and a valid server name after the first ':'. The localpart is not
// checked.
func validCreatorID(s string) bool {
	if len(s) > 255 || !strings.HasPrefix(s, "@") {
		return false
	}
	i := strings.IndexByte(s, ':')
	if i < 0 {
		return false
	}
	return validServerName(s[i+1:])
}

// validServerName is the spec's server-name grammar as D34 and X3 settle
// it: a host of dot-separated labels of ASCII letters, digits and '-' (so
// IPv4 too; no '_', no empty label, no trailing dot) or a bracketed IPv6
// literal, optionally followed by ':' and 1–5 ASCII digits.
func validServerName(s string) bool {
	host, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		host, port = s[:end+1], s[end+1:]
		if port != "" {
			if port[0] != ':' {
				return false
			}
			if !validPort(port[1:]) {
				return false
			}
		}
		return validIPv6Literal(host[1 : len(host)-1])
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, port = s[:i], s[i+1:]
		if !validPort(port) {
			return false
		}
	}
	return validHostname(host)
}

// validPort is X3: 1 to 5 ASCII digits.
func validPort(p string) bool {
	if len(p) < 1 || len(p) > 5 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// validHostname matches [0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*.
func validHostname(h string) bool {
	if h == "" {
		return false
	}
	label := 0
	for i := 0; i < len(h); i++ {
		b := h[i]
		switch {
		case b == '.':
			if label == 0 {
				return false
			}
			label = 0
		case b == '-' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'):
			label++
		default:
			return false
		}
	}
	return label > 0
}

// validIPv6Literal reports an IPv6 address in text form (a zone after '%'
// is allowed, as the reference server's address check allows it).
func validIPv6Literal(a string) bool {
	if a == "" || strings.IndexByte(a, ':') < 0 {
		return false
	}
	addr, err := netip.ParseAddr(a)
	return err == nil && addr.Is6()
}
