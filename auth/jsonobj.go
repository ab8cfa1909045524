package auth

import "github.com/tidwall/gjson"

// A small scanner over the members of a JSON object. The rules only look
// up a few members of small objects, and gjson's ForEach converts every
// number it passes; skipping values without converting them keeps a check
// cheap. Input comes from parsed events, so it is valid JSON, but the
// scanner still checks every bound and stops on anything unexpected.

// member is one member of a JSON object: its key as written (without the
// quotes; escaped reports a backslash in it) and the raw value text.
type objMember struct {
	key     string
	escaped bool
	raw     string
}

// isSpace reports JSON whitespace: one compare for any other byte of
// text, and a bit test below it.
func isSpace(b byte) bool {
	const ws = 1<<' ' | 1<<'\t' | 1<<'\n' | 1<<'\r'
	return b <= ' ' && (uint64(1)<<b)&ws != 0
}

func skipSpace(s string, i int) int {
	if i < len(s) && s[i] > ' ' {
		return i
	}
	return skipSpaces(s, i)
}

// skipSpaces is skipSpace past the first byte. A run of whitespace (the
// indentation of pretty-printed text) is skipped a word at a time: the
// first byte above ' ' ends it. Text comes from parsed events, valid
// JSON, in which the only bytes at or below ' ' between tokens are
// whitespace; any other such byte is skipped as well, and the byte after
// it is what the caller then finds unexpected.
func skipSpaces(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := word(s, i)
		if m := (x&low7 + lowBits*(0x80-0x21) | x) & highBits; m != 0 { // bytes above ' '
			return i + firstByte(m)
		}
	}
	for i < len(s) && s[i] <= ' ' {
		i++
	}
	return i
}

// valueAfterKey returns the index of the value after a key whose closing
// quote is at kend-1: past the ':' and the whitespace around it (": " as
// pretty-printed text writes it, or none, read here); -1 without ':'.
func valueAfterKey(s string, kend int) int {
	if kend+2 < len(s) && s[kend] == ':' {
		if s[kend+1] > ' ' {
			return kend + 1
		}
		if s[kend+1] == ' ' && s[kend+2] > ' ' {
			return kend + 2
		}
	}
	j := skipSpace(s, kend)
	if j >= len(s) || s[j] != ':' {
		return -1
	}
	return skipSpace(s, j+1)
}

// objectBody returns the index just after the '{' of the object s, or -1.
func objectBody(s string) int {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return -1
	}
	return i + 1
}

// nextMember reads the member starting at or after i (skipping a ','), and
// returns it with the index after it. ok is false at the end of the object
// or on malformed text.
func nextMember(s string, i int) (m objMember, next int, ok bool) {
	if i < 0 {
		return m, -1, false
	}
	i = skipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i = skipSpace(s, i+1)
	}
	return memberAt(s, i)
}

// memberScan walks the members of an object text in place: each next
// sets key (as written, escaped reporting a backslash in it) and val (the
// raw value text). It is what nextMember does, with the walk's state kept
// in one value on the caller's stack. Members start before to, which is
// len(s) for a whole object and the region's end for a region.
type memberScan struct {
	s        string
	i, to    int
	key, val string
	escaped  bool
}

// scanMembers starts a walk at index i of s, just after the '{' (-1 for
// none).
func scanMembers(s string, i int) memberScan { return memberScan{s: s, i: i, to: len(s)} }

// next reads the next member; false at the end of the object or on
// malformed text, after which it stays false.
func (it *memberScan) next() bool {
	s, i := it.s, it.i
	if i < 0 {
		return false
	}
	i = skipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i = skipSpace(s, i+1)
	}
	it.i = -1
	if i >= it.to || i >= len(s) || s[i] != '"' {
		return false
	}
	kend, esc := skipString(s, i)
	if kend < 0 {
		return false
	}
	j := skipSpace(s, kend)
	if j >= len(s) || s[j] != ':' {
		return false
	}
	j = skipSpace(s, j+1)
	vend := skipValue(s, j)
	if vend < 0 {
		return false
	}
	it.key, it.escaped, it.val, it.i = s[i+1:kend-1], esc, s[j:vend], vend
	return true
}

// keyIs reports whether the current member's key is k.
func (it *memberScan) keyIs(k string) bool {
	if !it.escaped {
		return it.key == k
	}
	m := objMember{key: it.key, escaped: true}
	return m.unescapedKey() == k
}

// memberAt reads the member whose key starts at s[i].
func memberAt(s string, i int) (m objMember, next int, ok bool) {
	if i >= len(s) || s[i] != '"' {
		return m, -1, false
	}
	end, esc := skipString(s, i)
	if end < 0 {
		return m, -1, false
	}
	m.key, m.escaped = s[i+1:end-1], esc
	i = skipSpace(s, end)
	if i >= len(s) || s[i] != ':' {
		return m, -1, false
	}
	i = skipSpace(s, i+1)
	vend := skipValue(s, i)
	if vend < 0 {
		return m, -1, false
	}
	m.raw = s[i:vend]
	return m, vend, true
}

// nextElement reads the array element at or after i (skipping a ','),
// and returns its raw text with the index after it. ok is false at the end
// of the array or on malformed text.
func nextElement(s string, i int) (raw string, next int, ok bool) {
	if i < 0 {
		return "", -1, false
	}
	i = skipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i = skipSpace(s, i+1)
	}
	if i >= len(s) || s[i] == ']' {
		return "", -1, false
	}
	end := skipValue(s, i)
	if end < 0 || end == i {
		return "", -1, false
	}
	return s[i:end], end, true
}

// skipString returns the index after the string starting at s[i] == '"'
// and whether it holds an escape; -1 when unterminated. The text is
// searched a word at a time for the next '"' or backslash.
func skipString(s string, i int) (int, bool) {
	esc := false
	j := i + 1
	for {
		for j+8 <= len(s) {
			w := word(s, j)
			if m := bytesOf(w, '"') | bytesOf(w, '\\'); m != 0 {
				j += firstByte(m)
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

// skipValue returns the index after the JSON value starting at s[i], or -1.
func skipValue(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	switch c := s[i]; {
	case c == '"':
		end, _ := skipString(s, i)
		return end
	case c|0x20 == '{': // '{' or '['
		return skipContainer(s, i)
	}
	// A number or a literal: it ends at a delimiter (or any control or
	// space character, which valid JSON has only between tokens).
	j := i
	for j < len(s) {
		if c := s[j]; c <= ' ' || c == ',' || c|0x20 == '}' {
			return j
		}
		j++
	}
	return j
}

// skipContainer returns the index after the object or array starting at
// s[i], or -1. Bytes are classified with c|0x20, which maps '[' to '{' and
// ']' to '}' and no other byte to either; strings are skipped whole, so
// brackets inside them do not count.
func skipContainer(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			end, _ := skipString(s, j)
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

// keyEquals reports whether the member's key is k (unescaping only when
// the key holds an escape).
func (m *objMember) keyEquals(k string) bool {
	if !m.escaped {
		return m.key == k
	}
	return m.unescapedKey() == k
}

// unescapedKey returns the decoded key (allocating only for escaped keys).
func (m *objMember) unescapedKey() string {
	if !m.escaped {
		return m.key
	}
	return gjson.Parse(`"` + m.key + `"`).Str
}

// objectGet returns the member key of a JSON object, matching the key
// exactly (no path syntax), or an empty Result. With duplicate keys the
// last wins, as in Synapse.
func objectGet(obj gjson.Result, key string) gjson.Result {
	var out gjson.Result
	if !obj.IsObject() {
		return out
	}
	s := obj.Raw
	for it := scanMembers(s, objectBody(s)); it.next(); {
		if it.keyIs(key) {
			out = gjson.Parse(it.val)
		}
	}
	return out
}
