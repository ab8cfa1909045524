package jsonread

// Skipping whitespace, strings and values of well-formed JSON text. Every
// function takes the text and an index into it and returns an index; -1
// reports malformed text (an unterminated string, an unclosed container,
// a missing ':'), after which callers stop.

// IsSpace reports JSON whitespace: one compare for any other byte of
// text, and a bit test below it.
func IsSpace(b byte) bool {
	const ws = 1<<' ' | 1<<'\t' | 1<<'\n' | 1<<'\r'
	return b <= ' ' && (uint64(1)<<b)&ws != 0
}

// SkipSpace returns the index of the first byte at or after i that is not
// whitespace (len(s) when there is none). It costs one compare when s[i]
// is not whitespace, as between the tokens of compact text.
func SkipSpace(s string, i int) int {
	if i < len(s) && s[i] > ' ' {
		return i
	}
	return skipSpaces(s, i)
}

// skipSpaces is SkipSpace past the first byte. A run of whitespace (the
// indentation of pretty-printed text) is skipped a word at a time: the
// first byte above ' ' ends it. In well-formed JSON the only bytes at or
// below ' ' between tokens are whitespace; any other such byte is skipped
// as well, and the byte after it is what the caller then finds
// unexpected.
func skipSpaces(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := Word(s, i)
		if m := (x&Low7 + LowBits*(0x80-0x21) | x) & HighBits; m != 0 { // bytes above ' '
			return i + FirstByte(m)
		}
	}
	for i < len(s) && s[i] <= ' ' {
		i++
	}
	return i
}

// ValueAfterKey returns the index of the value after a key whose closing
// quote is at kend-1: past the ':' and the whitespace around it (": " as
// pretty-printed text writes it, or none, read without a loop); -1
// without ':'.
func ValueAfterKey(s string, kend int) int {
	if kend+2 < len(s) && s[kend] == ':' {
		if s[kend+1] > ' ' {
			return kend + 1
		}
		if s[kend+1] == ' ' && s[kend+2] > ' ' {
			return kend + 2
		}
	}
	j := SkipSpace(s, kend)
	if j >= len(s) || s[j] != ':' {
		return -1
	}
	return SkipSpace(s, j+1)
}

// ObjectBody returns the index just after the '{' of the object s
// (leading whitespace allowed), or -1 when s is not an object.
func ObjectBody(s string) int {
	i := SkipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return -1
	}
	return i + 1
}

// SkipString returns the index after the string starting at s[i] == '"'
// and whether it holds an escape; -1 when unterminated. The text is
// searched a word at a time for the next '"' or backslash.
func SkipString(s string, i int) (int, bool) {
	esc := false
	j := i + 1
	for {
		for j+8 <= len(s) {
			w := Word(s, j)
			if m := BytesOf(w, '"') | BytesOf(w, '\\'); m != 0 {
				j += FirstByte(m)
				break
			}
			j += 8
		}
		for j < len(s) && s[j] != '"' && s[j] != '\\' {
			j++
		}
		switch {
		case j >= len(s):
			return -1, esc
		case s[j] == '"':
			return j + 1, esc
		}
		esc = true // a backslash: it and the byte after it
		j += 2
	}
}

// SkipValue returns the index after the JSON value starting at s[i], or
// -1. A number or literal ends at the first delimiter (whitespace or any
// other byte at or below ' ', ',', ']' or '}'), as in gjson.
func SkipValue(s string, i int) int {
	if uint(i) >= uint(len(s)) {
		return -1
	}
	switch c := s[i]; {
	case c == '"':
		end, _ := SkipString(s, i)
		return end
	case c|0x20 == '{': // '{' or '['
		return SkipContainer(s, i)
	}
	j := i
	for j < len(s) {
		if c := s[j]; c <= ' ' || c == ',' || c|0x20 == '}' {
			return j
		}
		j++
	}
	return j
}

// SkipContainer returns the index after the object or array starting at
// s[i], or -1. Bytes are classified with c|0x20, which maps '[' to '{' and
// ']' to '}' and no other byte to either; strings are skipped whole, so
// brackets inside them do not count. Nesting is counted, not remembered,
// so a ']' may close a '{' of malformed text.
func SkipContainer(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			end, _ := SkipString(s, j)
			if end < 0 {
				return -1
			}
			j = end - 1
		case c|0x20 == '{':
			depth++
		case c|0x20 == '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// NextElement reads the array element at or after i (skipping a ','),
// and returns its raw text with the index after it. ok is false at the end
// of the array or on malformed text. An array's first element is at the
// index after its '['.
func NextElement(s string, i int) (raw string, next int, ok bool) {
	if i < 0 {
		return "", -1, false
	}
	i = SkipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i = SkipSpace(s, i+1)
	}
	if i >= len(s) || s[i] == ']' {
		return "", -1, false
	}
	end := SkipValue(s, i)
	if end < 0 || end == i {
		return "", -1, false
	}
	return s[i:end], end, true
}
