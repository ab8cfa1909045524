package event

import (
	"strings"
	"unicode/utf8"

	"github.com/mxauth/mxauth/roomversion"
)

// Low-level helpers over JSON text shared by the scanner, the canonical
// encoder and the field walk: token boundaries, string escapes (CJ-3) and
// number tokens (CJ-4).

// unescapeToken decodes a whole string token (with its quotes).
func unescapeToken(tok string) (string, bool) {
	body := tok[1 : len(tok)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body, true
	}
	return unescape(body)
}

// structural marks the bytes skipValue must look at inside containers.
var structural = [256]bool{'{': true, '}': true, '[': true, ']': true, '"': true}

// skipValue returns the index after the JSON value at s[i], or -1.
func skipValue(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	switch c := s[i]; {
	case c == '"':
		end, _ := stringEnd(s, i)
		return end
	case c == '{' || c == '[':
		depth := 0
		for j := i; j < len(s); j++ {
			if !structural[s[j]] {
				continue
			}
			switch s[j] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			case '"':
				end, _ := stringEnd(s, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			}
		}
		return -1
	case c == '-' || (c >= '0' && c <= '9'):
		end, _, ok := numberEnd(s, i)
		if !ok {
			return -1
		}
		return end
	case c == 't' && strings.HasPrefix(s[i:], "true"):
		return i + 4
	case c == 'f' && strings.HasPrefix(s[i:], "false"):
		return i + 5
	case c == 'n' && strings.HasPrefix(s[i:], "null"):
		return i + 4
	}
	return -1
}

// stringEnd returns the index after the string token at s[i] (a '"') and
// whether it holds escapes, or -1.
func stringEnd(s string, i int) (int, bool) {
	j := i + 1
	if j > len(s) {
		return -1, false
	}
	// Most strings are short keys and IDs: a plain loop beats IndexByte.
	for n := min(len(s), j+24); j < n; j++ {
		switch s[j] {
		case '"':
			return j + 1, false
		case '\\':
			return stringEndSlow(s, j)
		}
	}
	k := strings.IndexByte(s[j:], '"')
	if k < 0 {
		return -1, false
	}
	if strings.IndexByte(s[j:j+k], '\\') < 0 {
		return j + k + 1, false
	}
	return stringEndSlow(s, j)
}

// stringEndSlow finishes stringEnd from s[j] for a string with escapes.
func stringEndSlow(s string, j int) (int, bool) {
	for ; j < len(s); j++ {
		switch s[j] {
		case '"':
			return j + 1, true
		case '\\':
			j++
		}
	}
	return -1, true
}

const hexDigits = "0123456789abcdef"

// appendQuoted writes the decoded string b as a canonical JSON string
// (CJ-3): only '"', '\\' and controls below U+0020 are escaped, with the
// short forms \b \t \n \f \r and lowercase \u00xx otherwise; everything
// else, including '/', DEL, U+2028 and U+2029, is written raw.
func appendQuoted[T string | []byte](dst []byte, b T) []byte {
	dst = append(dst, '"')
	start := 0
	for j := 0; j < len(b); j++ {
		c := b[j]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, b[start:j]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		}
		start = j + 1
	}
	dst = append(dst, b[start:]...)
	return append(dst, '"')
}

func skipWS(s string, i int) int {
	for i < len(s) && isWS[s[i]] {
		i++
	}
	return i
}

// isWS marks JSON whitespace (RFC 8259).
var isWS = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// Word-at-a-time string scanning: eight bytes read as one little-endian
// word, and a test that none of them needs a closer look.
const (
	lsb8 = 0x0101010101010101
	msb8 = 0x8080808080808080
)

// word8 reads the first eight bytes of w as a little-endian word; the
// caller passes w = s[i:i+8], so that one bounds check covers them all.
func word8(w string) uint64 {
	_ = w[7]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// plainWord reports whether none of the eight bytes of x is a control
// character, '"', '\\' or a non-ASCII byte: whether they are all plainASCII.
// Each subtraction sets a byte's high bit when that byte is below the
// subtrahend (zero after the XOR); a borrow reaches higher bytes only from
// a byte that is itself caught.
func plainWord(x uint64) bool { return notPlainMask(x) == 0 }

// notPlainMask returns the high bit of each byte of x that plainWord
// flags; the lowest one set marks the first byte that is not plainASCII
// (bytes above it may be flagged falsely, by a borrow).
func notPlainMask(x uint64) uint64 {
	t := (x - 0x20*lsb8) | ((x ^ '"'*lsb8) - lsb8) | ((x ^ '\\'*lsb8) - lsb8) | x
	return t & msb8
}

// swarConsts are the constants of notPlainMask held in a variable
// (swarK): a loop that copies them first keeps them in registers, where
// the compiler would otherwise rematerialise each 64-bit immediate on
// every word.
type swarConsts struct{ ctl, quote, bslash, lsb, msb uint64 }

var swarK = swarConsts{0x20 * lsb8, '"' * lsb8, '\\' * lsb8, lsb8, msb8}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// numberEnd returns the end of the JSON number token at s[i] and whether it
// has a fraction or exponent.
func numberEnd(s string, i int) (end int, isFloat, ok bool) {
	j := i
	if j < len(s) && s[j] == '-' {
		j++
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && s[j] >= '1' && s[j] <= '9':
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	default:
		return j, false, false
	}
	if j < len(s) && s[j] == '.' {
		isFloat = true
		j++
		k := j
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == k {
			return j, true, false
		}
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		isFloat = true
		j++
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == k {
			return j, true, false
		}
	}
	return j, isFloat, true
}

// safeInteger reports whether the integer token tok lies within
// ±(2^53−1) (CJ-4).
func safeInteger(tok string) bool {
	d := tok
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) > 16 {
		return false
	}
	var n int64
	for k := 0; k < len(d); k++ {
		n = n*10 + int64(d[k]-'0')
	}
	return n <= roomversion.MaxSafeInteger
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for k := i; k < i+4; k++ {
		c := s[k]
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

// unescape decodes the body of a JSON string token that holds escapes. It
// reports false on a malformed escape or a lone surrogate.
func unescape(body string) (string, bool) {
	b, ok := appendUnescaped(make([]byte, 0, len(body)), body)
	return string(b), ok
}

// appendUnescaped appends the decoded body of a string token to dst.
func appendUnescaped(dst []byte, body string) ([]byte, bool) {
	for j := 0; j < len(body); {
		c := body[j]
		if c != '\\' {
			k := j + 1
			for k < len(body) && body[k] != '\\' {
				k++
			}
			dst = append(dst, body[j:k]...)
			j = k
			continue
		}
		if j+1 >= len(body) {
			return dst, false
		}
		switch body[j+1] {
		case '"':
			dst = append(dst, '"')
		case '\\':
			dst = append(dst, '\\')
		case '/':
			dst = append(dst, '/')
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(body, j+2)
			if !ok {
				return dst, false
			}
			j += 6
			if r >= 0xD800 && r <= 0xDBFF {
				if j+1 >= len(body) || body[j] != '\\' || body[j+1] != 'u' {
					return dst, false
				}
				lo, ok := hex4(body, j+2)
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return dst, false
				}
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				j += 6
			} else if r >= 0xDC00 && r <= 0xDFFF {
				return dst, false
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			return dst, false
		}
		j += 2
	}
	return dst, true
}

// topMember returns the raw value of member key of the scanned JSON object
// text obj.
func topMember(obj, key string) (string, bool) {
	i := skipWS(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return "", false
	}
	i = skipWS(obj, i+1)
	for i < len(obj) && obj[i] == '"' {
		end, esc := stringEnd(obj, i)
		if end < 0 {
			return "", false
		}
		k := obj[i+1 : end-1]
		if esc {
			var ok bool
			if k, ok = unescape(k); !ok {
				return "", false
			}
		}
		i = skipWS(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return "", false
		}
		vs := skipWS(obj, i+1)
		ve := skipValue(obj, vs)
		if ve < 0 {
			return "", false
		}
		if k == key {
			return obj[vs:ve], true
		}
		i = skipWS(obj, ve)
		if i >= len(obj) || obj[i] != ',' {
			return "", false
		}
		i = skipWS(obj, i+1)
	}
	return "", false
}
