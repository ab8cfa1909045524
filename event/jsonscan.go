package event

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file validates the JSON text of a PDU in one pass: well-formed JSON
// (RFC 8259), valid UTF-8, no duplicate object keys at any depth
// (DECISIONS X2, EDGE-G2), no lone UTF-16 surrogate escapes (DECISIONS D21,
// EDGE-G3), bounded nesting, and in strict room versions the number rules
// of CJ-STRICT (no fraction or exponent, integers within ±(2^53−1); `-0`
// is accepted as 0).

// smallObjectKeys is the number of keys up to which duplicate detection
// compares keys linearly; larger objects switch to a map so that hostile
// input cannot make the check quadratic.
const smallObjectKeys = 32

// plainASCII marks the bytes a string may hold without further checks:
// printable ASCII other than '"' and '\\'.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// scanInfo summarises a scanned text for later stages.
type scanInfo struct {
	// hasFloat is set when a number token has a fraction or an exponent.
	hasFloat bool
}

// scanner holds the reusable state of one scan.
type scanner struct {
	s      string
	strict bool
	info   scanInfo
	keys   []string   // keys of the objects currently open, innermost last
	path   []pathElem // path to the current value, for error messages
	top    *encoder   // when set, receives the top-level object's members
	dirty  bool       // the value being scanned may not be canonical as written
	err    error
}

var scannerPool = sync.Pool{New: func() any {
	return &scanner{keys: make([]string, 0, 64), path: make([]pathElem, 0, maxNestingDepth+1)}
}}

// pathElem is one step of the path to the value being scanned; the path
// is only turned into text when an error is reported.
type pathElem struct {
	key   string
	idx   int
	isArr bool
}

// pathString renders the current path, for example "content.users[2]".
func (sc *scanner) pathString() string {
	var b strings.Builder
	for _, p := range sc.path {
		if p.isArr {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(p.idx))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if len(p.key) > 64 {
			b.WriteString(strconv.Quote(p.key[:64]) + "…")
		} else {
			b.WriteString(p.key)
		}
	}
	return b.String()
}

// scanPDU validates s as described at the top of this file. strict selects
// the CJ-STRICT number rules (room versions 6+).
func scanPDU(s string, strict bool) error {
	_, err := scanJSON(s, strict)
	return err
}

// scanJSON is scanPDU returning what later stages need to know.
func scanJSON(s string, strict bool) (scanInfo, error) {
	return scanTop(s, strict, nil)
}

// scanTop is scanJSON that also appends the members of a top-level object
// to top.members, so that the field walk and the canonical encoder need
// not find them again.
func scanTop(s string, strict bool, top *encoder) (scanInfo, error) {
	sc := scannerPool.Get().(*scanner)
	sc.s, sc.strict, sc.info, sc.err, sc.top = s, strict, scanInfo{}, nil, top
	sc.keys, sc.path = sc.keys[:0], sc.path[:0]
	i := sc.value(skipWS(s, 0), 0)
	if sc.err == nil {
		if i = skipWS(s, i); i != len(s) {
			sc.fail("trailing data after the JSON value at byte %d", i)
		}
	}
	info, err := sc.info, sc.err
	sc.s, sc.top = "", nil
	clear(sc.path) // non-empty only after an error
	sc.path = sc.path[:0]
	if cap(sc.keys) <= 1024 {
		scannerPool.Put(sc)
	}
	return info, err
}

// ws skips whitespace from s[i], noting that a value holding whitespace is
// not canonical as written.
func (sc *scanner) ws(i int) int {
	j := skipWS(sc.s, i)
	if j != i {
		sc.dirty = true
	}
	return j
}

func (sc *scanner) fail(format string, args ...any) {
	if sc.err == nil {
		sc.err = invalid(sc.pathString(), format, args...)
	}
}

// value scans the value starting at s[i] and returns the index after it.
// On error it records sc.err and returns len(s).
func (sc *scanner) value(i, depth int) int {
	s := sc.s
	if i >= len(s) {
		sc.fail("unexpected end of JSON")
		return len(s)
	}
	switch c := s[i]; {
	case c == '{':
		return sc.object(i, depth+1)
	case c == '[':
		return sc.array(i, depth+1)
	case c == '"':
		j, _, ok := sc.str(i, false)
		if !ok {
			return len(s)
		}
		return j
	case c == '-' || (c >= '0' && c <= '9'):
		return sc.number(i)
	case c == 't':
		return sc.literal(i, "true")
	case c == 'f':
		return sc.literal(i, "false")
	case c == 'n':
		return sc.literal(i, "null")
	default:
		sc.fail("unexpected character %q at byte %d", c, i)
		return len(s)
	}
}

func (sc *scanner) literal(i int, lit string) int {
	if strings.HasPrefix(sc.s[i:], lit) {
		return i + len(lit)
	}
	sc.fail("invalid literal at byte %d", i)
	return len(sc.s)
}

func (sc *scanner) object(i, depth int) int {
	s := sc.s
	if depth > maxNestingDepth {
		sc.fail("nested deeper than %d levels", maxNestingDepth)
		return len(s)
	}
	base := len(sc.keys)
	end := sc.members(i, depth, base)
	sc.keys = sc.keys[:base] // stale keys are left for the pool (see putEncoder)
	return end
}

// members scans the members of the object at s[i]; the keys seen are kept
// on sc.keys from base on.
func (sc *scanner) members(i, depth, base int) int {
	s := sc.s
	var big map[string]struct{}
	prev := ""
	i = sc.ws(i + 1)
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(s) || s[i] != '"' {
			sc.fail("expected an object key at byte %d", i)
			return len(s)
		}
		j, key, ok := sc.str(i, true)
		keyEsc := strings.IndexByte(s[i:j], '\\') >= 0
		if !ok {
			return len(s)
		}
		if key <= prev && len(sc.keys) > base {
			sc.dirty = true // not in canonical key order (CJ-2)
		}
		prev = key
		sc.path = append(sc.path, pathElem{key: key})
		// X2: duplicate keys, compared after unescaping.
		n := len(sc.keys) - base
		switch {
		case big != nil:
			if _, dup := big[key]; dup {
				sc.fail("duplicate key (DECISIONS X2)")
				return len(s)
			}
			big[key] = struct{}{}
		case n < smallObjectKeys:
			for _, k := range sc.keys[base:] {
				if k == key {
					sc.fail("duplicate key (DECISIONS X2)")
					return len(s)
				}
			}
			sc.keys = append(sc.keys, key)
		default:
			big = make(map[string]struct{}, 2*smallObjectKeys)
			for _, k := range sc.keys[base:] {
				big[k] = struct{}{}
			}
			if _, dup := big[key]; dup {
				sc.fail("duplicate key (DECISIONS X2)")
				return len(s)
			}
			big[key] = struct{}{}
		}
		i = sc.ws(j)
		if i >= len(s) || s[i] != ':' {
			sc.fail("expected ':' at byte %d", i)
			return len(s)
		}
		vs := sc.ws(i + 1)
		if depth == 1 {
			sc.dirty = false
		}
		i = sc.value(vs, depth)
		if sc.err != nil {
			return len(s)
		}
		if depth == 1 && sc.top != nil {
			// Hand the top-level member to the encoder (see scanTop); a
			// value written canonically already is copied as it stands.
			sc.top.members = append(sc.top.members, member{key: key, vs: vs, ve: i, esc: keyEsc, canon: !sc.dirty})
			sc.top.hw = max(sc.top.hw, len(sc.top.members))
		}
		sc.path[len(sc.path)-1] = pathElem{}
		sc.path = sc.path[:len(sc.path)-1]
		i = sc.ws(i)
		if i >= len(s) {
			sc.fail("unterminated object")
			return len(s)
		}
		if s[i] == '}' {
			return i + 1
		}
		if s[i] != ',' {
			sc.fail("expected ',' or '}' at byte %d", i)
			return len(s)
		}
		i = sc.ws(i + 1)
	}
}

func (sc *scanner) array(i, depth int) int {
	s := sc.s
	if depth > maxNestingDepth {
		sc.fail("nested deeper than %d levels", maxNestingDepth)
		return len(s)
	}
	i = sc.ws(i + 1)
	if i < len(s) && s[i] == ']' {
		return i + 1
	}
	sc.path = append(sc.path, pathElem{isArr: true})
	for idx := 0; ; idx++ {
		sc.path[len(sc.path)-1].idx = idx
		i = sc.value(i, depth)
		if sc.err != nil {
			return len(s)
		}
		i = sc.ws(i)
		if i >= len(s) {
			sc.fail("unterminated array")
			return len(s)
		}
		if s[i] == ']' {
			sc.path = sc.path[:len(sc.path)-1]
			return i + 1
		}
		if s[i] != ',' {
			sc.fail("expected ',' or ']' at byte %d", i)
			return len(s)
		}
		i = sc.ws(i + 1)
	}
}

// str scans the string token at s[i] (which is '"'). It returns the index
// after the closing quote and the decoded value. The decoded value is a
// substring of s unless the token holds escapes.
func (sc *scanner) str(i int, decode bool) (int, string, bool) {
	s := sc.s
	start := i + 1
	escaped := false
	for j := start; j < len(s); {
		c := s[j]
		if plainASCII[c] {
			j++
			continue
		}
		switch {
		case c == '"':
			if !escaped || !decode {
				return j + 1, s[start:j], true
			}
			d, ok := unescape(s[start:j])
			if !ok {
				sc.fail("invalid string escape")
				return len(s), "", false
			}
			return j + 1, d, true
		case c == '\\':
			if j+1 >= len(s) {
				sc.fail("unterminated string")
				return len(s), "", false
			}
			escaped = true
			sc.dirty = true
			switch s[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				r, ok := hex4(s, j+2)
				if !ok {
					sc.fail("invalid \\u escape at byte %d", j)
					return len(s), "", false
				}
				j += 6
				switch {
				case r >= 0xDC00 && r <= 0xDFFF:
					sc.fail("lone surrogate escape \\u%04x (DECISIONS D21)", r)
					return len(s), "", false
				case r >= 0xD800 && r <= 0xDBFF:
					var lo rune = -1
					if j+1 < len(s) && s[j] == '\\' && s[j+1] == 'u' {
						lo, ok = hex4(s, j+2)
						if !ok {
							lo = -1
						}
					}
					if lo < 0xDC00 || lo > 0xDFFF {
						sc.fail("lone surrogate escape \\u%04x (DECISIONS D21)", r)
						return len(s), "", false
					}
					j += 6
				}
			default:
				sc.fail("invalid escape at byte %d", j)
				return len(s), "", false
			}
		case c < 0x20:
			sc.fail("unescaped control character in string at byte %d", j)
			return len(s), "", false
		case c < utf8.RuneSelf:
			j++
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size <= 1 {
				sc.fail("invalid UTF-8 at byte %d", j)
				return len(s), "", false
			}
			j += size
		}
	}
	sc.fail("unterminated string")
	return len(s), "", false
}

// number scans a number token and applies CJ-STRICT when sc.strict.
func (sc *scanner) number(i int) int {
	s := sc.s
	end, isFloat, ok := numberEnd(s, i)
	if !ok {
		sc.fail("invalid number at byte %d", i)
		return len(s)
	}
	if isFloat || s[i:end] == "-0" {
		sc.dirty = true
	}
	if isFloat {
		sc.info.hasFloat = true
		if sc.strict {
			sc.fail("number %s has a fraction or exponent (CJ-STRICT)", clip(s[i:end]))
			return len(s)
		}
		return end
	}
	if sc.strict && !safeInteger(s[i:end]) {
		sc.fail("integer %s is outside ±(2^53−1) (CJ-STRICT)", clip(s[i:end]))
		return len(s)
	}
	return end
}
