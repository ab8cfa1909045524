package jsonread

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Unescape decodes the text of a JSON string written between its quotes
// (s excludes them): the two-character escapes, and \uXXXX escapes as
// UTF-8, a high surrogate escape followed by a low one as the pair's code
// point. It decodes exactly as gjson does, which the library used before,
// on any input:
//
//   - a lone surrogate escape (a low one, or a high one not directly
//     followed by a low one) decodes as U+FFFD, and what follows it is
//     decoded on its own;
//   - \u followed by four bytes that are not all hexadecimal digits
//     decodes as U+0000;
//   - decoding stops, keeping what came before, at a byte below ' ', an
//     unknown escape, a backslash at the end or a \u with fewer than four
//     bytes after it.
//
// Parsed events hold none of these (no lone surrogates, DECISIONS D21).
// Other bytes, invalid UTF-8 included, are copied as they are, and text
// without a backslash is returned as it is (without allocating), control
// bytes included: gjson too decodes only text with an escape.
func Unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	return unescape(s)
}

// unescape is Unescape of text with a backslash.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s)) // no escape decodes to more bytes than it is written with
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' {
			break
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			break
		}
		switch s[i] {
		case '"', '\\', '/':
			b.WriteByte(s[i])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if i+5 > len(s) {
				return b.String()
			}
			r := hex4(s[i+1 : i+5])
			i += 5
			if r >= 0xD800 && r < 0xDC00 && len(s)-i >= 6 && s[i] == '\\' && s[i+1] == 'u' {
				if r2 := hex4(s[i+2 : i+6]); r2 >= 0xDC00 && r2 < 0xE000 {
					r = utf16.DecodeRune(r, r2)
					i += 6
				}
			}
			if r >= utf8.RuneSelf {
				b.WriteRune(r) // a surrogate left alone writes U+FFFD
			} else {
				b.WriteByte(byte(r))
			}
			i--
		default:
			return b.String()
		}
	}
	return b.String()
}

// hex4 reads four hexadecimal digits; 0 when any of them is not one (as
// strconv.ParseUint fails and gjson reads 0).
func hex4(s string) rune {
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			c = (c | 0x20) - 'a' + 10
		default:
			return 0
		}
		r = r<<4 | rune(c)
	}
	return r
}
