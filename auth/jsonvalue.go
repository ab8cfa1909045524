package auth

import "github.com/mxauth/mxauth/roomversion"

// jv is the raw text of one JSON value inside a parsed event's content, as
// the object scanner of jsonobj.go returns it; "" means absent. The
// power-level paths read values through it rather than through gjson,
// which converts every number it meets to a float: the rules need only
// the text, and most values are never compared at all.
type jv string

func (v jv) exists() bool   { return v != "" }
func (v jv) isNull() bool   { return v == "null" }
func (v jv) isObject() bool { return len(v) > 0 && v[0] == '{' }
func (v jv) isArray() bool  { return len(v) > 0 && v[0] == '[' }

// unquote returns the string value (allocating only for escaped text).
func (v jv) unquote() string {
	m := objMember{key: string(v[1 : len(v)-1])}
	for i := 1; i < len(v)-1; i++ {
		if v[i] == '\\' {
			m.escaped = true
			break
		}
	}
	return m.unescapedKey()
}

// isEmptyContainer reports an array or object with no members.
func (v jv) isEmptyContainer() bool {
	if !v.isArray() && !v.isObject() {
		return false
	}
	i := skipSpace(string(v), 1)
	return i < len(v) && (v[i] == ']' || v[i] == '}')
}

// get returns the member key of an object value (the last one, should a
// key repeat), or absent for anything that is not an object.
func (v jv) get(key string) jv {
	var out jv
	if !v.isObject() {
		return out
	}
	for it := scanMembers(string(v), 1); it.next(); {
		if it.keyIs(key) {
			out = jv(it.val)
		}
	}
	return out
}

// level reads a power level under DEF-PL-4 and X1 with the grammar of room
// version rv (see ParsePowerLevel). null and every other non-number give
// false.
func (v jv) level(rv *roomversion.Version) (int64, bool) {
	return v.levelIn(grammarOf(rv))
}

// levelIn is level under grammar g.
func (v jv) levelIn(g grammar) (int64, bool) {
	switch {
	case len(v) == 0:
		return 0, false
	case v[0] == '"':
		if !g.stringy || g.integer {
			return 0, false
		}
		return parseStringy(v.unquote())
	case v[0] == '-' || (v[0] >= '0' && v[0] <= '9'):
		return parseNumberToken(string(v), g.floaty && !g.integer)
	}
	return 0, false
}

// isInteger reports a JSON integer token that fits in int64 (PL-0a, PL-0b,
// PL-1 in room versions with IntegerPowerLevels).
func (v jv) isInteger() bool {
	if len(v) == 0 || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) {
		return false
	}
	_, ok := parseNumberToken(string(v), false)
	return ok
}
