package jsonread

// Member is one member of a JSON object: its key as written (without the
// quotes; Escaped reports a backslash in it) and the raw text of its
// value.
type Member struct {
	Key     string
	Escaped bool
	Raw     string
}

// KeyEquals reports whether the member's key, decoded, is k (decoding
// only when the key holds an escape).
func (m *Member) KeyEquals(k string) bool { return keyEquals(m.Key, m.Escaped, k) }

// UnescapedKey returns the decoded key (allocating only for escaped keys).
func (m *Member) UnescapedKey() string { return decodedKey(m.Key, m.Escaped) }

// NextMember reads the member starting at or after i (skipping a ','),
// and returns it with the index after it. ok is false at the end of the
// object or on malformed text. An object's first member is at the index
// ObjectBody returns.
func NextMember(s string, i int) (m Member, next int, ok bool) {
	if i < 0 {
		return m, -1, false
	}
	i = SkipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i = SkipSpace(s, i+1)
	}
	return MemberAt(s, i)
}

// MemberAt reads the member whose key starts at s[i].
func MemberAt(s string, i int) (m Member, next int, ok bool) {
	if uint(i) >= uint(len(s)) || s[i] != '"' {
		return m, -1, false
	}
	end, esc := SkipString(s, i)
	if end < 0 {
		return m, -1, false
	}
	m.Key, m.Escaped = s[i+1:end-1], esc
	i = SkipSpace(s, end)
	if i >= len(s) || s[i] != ':' {
		return m, -1, false
	}
	i = SkipSpace(s, i+1)
	vend := SkipValue(s, i)
	if vend < 0 {
		return m, -1, false
	}
	m.Raw = s[i:vend]
	return m, vend, true
}

// Members walks the members of an object text in place: each Next sets
// Key (as written, Escaped reporting a backslash in it) and Val (the raw
// value text). It is what NextMember does, with the walk's state kept in
// one value on the caller's stack.
type Members struct {
	s     string
	i, to int
	// Key is the current member's key as written, without the quotes.
	Key string
	// Val is the raw text of the current member's value.
	Val string
	// Escaped reports a backslash in Key.
	Escaped bool
}

// ScanMembers starts a walk at index i of s, just after the '{' (-1 for
// none, a walk that yields nothing).
func ScanMembers(s string, i int) Members { return Members{s: s, i: i, to: len(s)} }

// ScanRegion starts a walk at index i of s over the members whose keys
// start before to: a run of the members of an object.
func ScanRegion(s string, i, to int) Members { return Members{s: s, i: i, to: to} }

// Next reads the next member; false at the end of the walk or on
// malformed text, after which it stays false.
func (it *Members) Next() bool {
	s, i := it.s, it.i
	if i < 0 {
		return false
	}
	i = SkipSpace(s, i)
	if i < len(s) && s[i] == ',' {
		i = SkipSpace(s, i+1)
	}
	it.i = -1
	if i >= it.to || i >= len(s) || s[i] != '"' {
		return false
	}
	kend, esc := SkipString(s, i)
	if kend < 0 {
		return false
	}
	j := SkipSpace(s, kend)
	if j >= len(s) || s[j] != ':' {
		return false
	}
	j = SkipSpace(s, j+1)
	vend := SkipValue(s, j)
	if vend < 0 {
		return false
	}
	it.Key, it.Escaped, it.Val, it.i = s[i+1:kend-1], esc, s[j:vend], vend
	return true
}

// KeyIs reports whether the current member's key, decoded, is k.
func (it *Members) KeyIs(k string) bool { return keyEquals(it.Key, it.Escaped, k) }

// UnescapedKey returns the current member's decoded key (allocating only
// for an escaped key).
func (it *Members) UnescapedKey() string { return decodedKey(it.Key, it.Escaped) }

// keyEquals reports whether key as written (escaped when it holds a
// backslash) decodes to k, decoding only an escaped key.
func keyEquals(key string, escaped bool, k string) bool {
	if !escaped {
		return key == k
	}
	return Unescape(key) == k
}

// decodedKey returns key as written decoded, allocating only for an
// escaped key.
func decodedKey(key string, escaped bool) string {
	if !escaped {
		return key
	}
	return Unescape(key)
}
