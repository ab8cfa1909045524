package auth

import (
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// The rules read the content of parsed events in place through package
// jsonread; what is theirs is how a value reads as a power level.

// jv is the raw text of one JSON value inside a parsed event's content;
// "" means absent. The power-level paths read values as text: the rules
// need only the text, and most values are never compared at all.
type jv = jsonread.Value

// objMember is one member of a JSON object, as jsonread reads it.
type objMember = jsonread.Member

// memberScan walks the members of an object text in place.
type memberScan = jsonread.Members

// levelOf reads a power level under DEF-PL-4 and X1 with the grammar of
// room version rv (see ParsePowerLevel). null and every other non-number
// give false.
func levelOf(v jv, rv *roomversion.Version) (int64, bool) {
	return levelUnder(v, grammarOf(rv))
}

// levelUnder is levelOf under grammar g.
func levelUnder(v jv, g grammar) (int64, bool) {
	switch {
	case len(v) == 0:
		return 0, false
	case v[0] == '"':
		if !g.stringy || g.integer {
			return 0, false
		}
		return parseStringy(v.Str())
	case v[0] == '-' || (v[0] >= '0' && v[0] <= '9'):
		return parseNumberToken(string(v), g.floaty && !g.integer)
	}
	return 0, false
}

// isIntegerValue reports a JSON integer token that fits in int64 (PL-0a,
// PL-0b, PL-1 in room versions with IntegerPowerLevels).
func isIntegerValue(v jv) bool {
	if !v.IsNumber() {
		return false
	}
	_, ok := parseNumberToken(string(v), false)
	return ok
}
