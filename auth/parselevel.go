package auth

import (
	"math"
	"strconv"

	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// ParsePowerLevel reads one power-level value, given as its raw JSON text
// (such as `50`, `"50"` or `1.5`; JSON whitespace around it is allowed),
// under DEF-PL-4 as DECISIONS X1 settles it:
//
//   - a JSON integer is a number when it fits in int64;
//   - with ver.StringyPowerLevels (and not ver.IntegerPowerLevels, which
//     allows JSON integers only, v10+), a JSON string is a number when it is
//     optional ASCII whitespace (space, tab, LF, VT, FF, CR), at most one
//     '+' or '-', one or more ASCII digits and optional ASCII whitespace,
//     and the value fits in int64;
//   - with ver.FloatyPowerLevels, a JSON number with a fraction or an
//     exponent is truncated toward zero and must fit in int64;
//   - everything else (booleans, null, objects, arrays, "1_000", non-ASCII
//     digits, 1e300, "99999999999999999999") is not a number, and so is
//     text that is not exactly one JSON value.
//
// null is not a number here; the rules treat a null entry as absent where
// Synapse does (EDGE-P8) before calling this.
func ParsePowerLevel(raw string, ver roomversion.Version) (int64, bool) {
	i, j := 0, len(raw)
	for i < j && jsonread.IsSpace(raw[i]) {
		i++
	}
	for j > i && jsonread.IsSpace(raw[j-1]) {
		j--
	}
	v := raw[i:j]
	if v == "" || jsonread.SkipValue(v, 0) != len(v) || !jsonread.Valid(v) {
		return 0, false
	}
	return levelOf(jv(v), &ver)
}

// parseNumberToken reads a JSON number token.
func parseNumberToken(raw string, floaty bool) (int64, bool) {
	// Fast path: a JSON integer of at most 18 digits always fits.
	if n, ok := shortInteger(raw); ok {
		return n, true
	}
	isInt := true
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '.', 'e', 'E':
			isInt = false
		}
	}
	if isInt {
		n, err := strconv.ParseInt(raw, 10, 64)
		return n, err == nil
	}
	if !floaty {
		return 0, false
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	f = math.Trunc(f)
	// float64(1<<63) is exactly 2^63; every float below it fits.
	if f >= 1<<63 || f < -(1<<63) {
		return 0, false
	}
	return int64(f), true
}

// shortInteger reads a JSON integer token of 1 to 18 digits (optionally
// negative); ok is false for anything else, which the caller reads the
// slow way.
func shortInteger(raw string) (int64, bool) {
	s, neg := raw, false
	if len(s) > 0 && s[0] == '-' {
		s, neg = s[1:], true
	}
	if len(s) == 0 || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	if neg {
		n = -n
	}
	return n, true
}

// isASCIISpace reports the whitespace X1 allows around a stringy level.
func isASCIISpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// parseStringy reads the spec's string grammar for power levels.
func parseStringy(s string) (int64, bool) {
	i, j := 0, len(s)
	for i < j && isASCIISpace(s[i]) {
		i++
	}
	for j > i && isASCIISpace(s[j-1]) {
		j--
	}
	neg := false
	if i < j && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i == j {
		return 0, false
	}
	// Accumulate as a negative number so that -2^63 fits.
	var n int64
	for ; i < j; i++ {
		d := s[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		if n < (math.MinInt64+int64(d-'0'))/10 {
			return 0, false
		}
		n = n*10 - int64(d-'0')
	}
	if !neg {
		if n == math.MinInt64 {
			return 0, false
		}
		n = -n
	}
	return n, true
}
