package jsonread

// Valid reports whether s is exactly one JSON value (RFC 8259 grammar)
// with optional whitespace around it. It accepts what gjson.Valid accepts:
// the grammar only, so invalid UTF-8 inside strings, repeated keys and
// lone surrogate escapes are not refused (the validating scanner of
// package event refuses those in events). Unlike gjson it does not
// recurse: nesting costs one byte of stack per level, allocated beyond a
// small depth, however deep.
func Valid(s string) bool {
	var small [64]byte
	open := small[:0] // the closing byte of each container entered
	i := skipWS(s, 0)
	for {
		// A value starts at i.
		if i >= len(s) {
			return false
		}
		switch c := s[i]; {
		case c == '{' || c == '[':
			end := c + 2 // '}' or ']'
			i = skipWS(s, i+1)
			if i < len(s) && s[i] == end {
				i++
				break
			}
			open = append(open, end)
			if end == '}' {
				if i = validKey(s, i); i < 0 {
					return false
				}
			}
			continue
		case c == '"':
			i = validString(s, i+1)
		case c == '-' || (c >= '0' && c <= '9'):
			i = validNumber(s, i)
		case c == 't':
			i = validLiteral(s, i, "true")
		case c == 'f':
			i = validLiteral(s, i, "false")
		case c == 'n':
			i = validLiteral(s, i, "null")
		default:
			return false
		}
		if i < 0 {
			return false
		}
		// A value ended at i: close containers, or go on after a ','.
		for {
			i = skipWS(s, i)
			if len(open) == 0 {
				return i == len(s)
			}
			if i >= len(s) {
				return false
			}
			end := open[len(open)-1]
			if s[i] == end {
				open = open[:len(open)-1]
				i++
				continue
			}
			if s[i] != ',' {
				return false
			}
			i = skipWS(s, i+1)
			if end == '}' {
				if i = validKey(s, i); i < 0 {
					return false
				}
			}
			break
		}
	}
}

// skipWS skips the four whitespace bytes of JSON.
func skipWS(s string, i int) int {
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	return i
}

// validKey reads a member's key and ':' at s[i], returning the index of
// the value after them (whitespace skipped), or -1.
func validKey(s string, i int) int {
	if i >= len(s) || s[i] != '"' {
		return -1
	}
	if i = validString(s, i+1); i < 0 {
		return -1
	}
	i = skipWS(s, i)
	if i >= len(s) || s[i] != ':' {
		return -1
	}
	return skipWS(s, i+1)
}

// validString returns the index after the string whose text starts at
// s[i] (after the opening quote), or -1: no byte below ' ', and only the
// escapes of RFC 8259 (\u with four hexadecimal digits).
func validString(s string, i int) int {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c < ' ':
			return -1
		case c == '"':
			return i + 1
		case c == '\\':
			i++
			if i >= len(s) {
				return -1
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s) {
					return -1
				}
				for _, h := range []byte(s[i+1 : i+5]) {
					if !isHex(h) {
						return -1
					}
				}
				i += 4
			default:
				return -1
			}
		}
	}
	return -1
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

// validNumber returns the index after the number starting at s[i], or -1:
// an optional '-', an integer without leading zeros, an optional fraction
// and an optional exponent, each with at least one digit.
func validNumber(s string, i int) int {
	if s[i] == '-' {
		i++
	}
	if i >= len(s) || s[i] < '0' || s[i] > '9' {
		return -1
	}
	if s[i] == '0' {
		i++
	} else {
		i = digits(s, i)
	}
	if i < len(s) && s[i] == '.' {
		if i++; i >= len(s) || s[i] < '0' || s[i] > '9' {
			return -1
		}
		i = digits(s, i)
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return -1
		}
		i = digits(s, i)
	}
	return i
}

func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// validLiteral returns the index after lit at s[i], or -1.
func validLiteral(s string, i int, lit string) int {
	if len(s)-i < len(lit) || s[i:i+len(lit)] != lit {
		return -1
	}
	return i + len(lit)
}
