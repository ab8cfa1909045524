package event

import (
	"math/bits"
	"unicode/utf8"

	"github.com/mxauth/mxauth/roomversion"
)

// Short paths of the emitting scan (scanTop) for the top-level values of
// the usual shapes, which make up most of a PDU's bytes: auth_events and
// prev_events as arrays of event IDs (FMT-3), hashes as an object of
// strings and signatures as an object of objects of strings (FMT-1). Each
// accepts only text whose every string is printable ASCII without escapes
// and whose object keys come in strictly increasing order (so that none
// repeats, DECISIONS X2, and the text needs no sorting, CJ-2), and yields
// what the general scan yields for it: the same canonical text, ID lists
// and shape flags. On anything else it reports false having changed
// nothing, and the general scan reads the value, errors included.

// topValue scans the top-level value at s[vs] of the member being read
// (sc.topKind), through a short path when one applies. With push, key is
// the member's step of the path, pushed only for the scans that read the
// path (content, whose records closeObject hands to the encoder, and the
// general scan, which words errors with it).
func (sc *scanner) topValue(vs int, key pathElem, push bool) int {
	switch sc.topKind {
	case fAuthEvents, fPrevEvents:
		if end, ok := sc.fastIDArray(vs); ok {
			return end
		}
	case fHashes:
		if end, ok, sha := sc.fastStringMap(vs, false); ok {
			sc.info.hashesSHA256 = sc.info.hashesSHA256 || sha
			return end
		}
	case fSignatures:
		if end, ok, _ := sc.fastStringMap(vs, true); ok {
			return end
		}
	}
	// A string or number (type, sender, depth, …).
	if vs < len(sc.s) && sc.s[vs] != '{' && sc.s[vs] != '[' {
		var dirty bool
		if end := sc.fastJSONValue(vs, 1, &dirty); end >= 0 {
			sc.lastEsc = false
			return end
		}
	}
	if push {
		sc.path = append(sc.path, key)
	}
	end, ok := 0, false
	switch sc.topKind {
	case fContent:
		end, ok = sc.fastContent(vs)
	case fAuthEvents, fPrevEvents, fHashes, fSignatures:
		// What the general scan notes of these (shape, ref) the short
		// path does not: their own short paths declined them.
	default:
		end, ok = sc.fastNested(vs)
	}
	if !ok {
		end = sc.value(vs, 1)
	}
	if push {
		sc.path = sc.path[:len(sc.path)-1]
	}
	return end
}

// maxFastDepth bounds the nesting the short path of content reads; deeper
// text goes to the general scan, which applies maxNestingDepth.
const maxFastDepth = 32

// fastContent is the short path for the content object: objects whose
// keys hold no escapes (sorted by closeObject when they come out of
// order, up to smallObjectKeys of them), strings without escapes (valid
// UTF-8), integers (not -0; within ±(2^53−1) in strict versions),
// literals, and arrays of these. The members of content and the values
// the field walk reads are recorded as the general scan records them.
func (sc *scanner) fastContent(vs int) (int, bool) {
	top := sc.top
	if vs >= len(sc.s) || sc.s[vs] != '{' {
		return 0, false
	}
	out0, m0, c0, cv := len(sc.out), len(sc.mem), len(top.content), top.contentVals
	dirty := false
	end := sc.fastJSONObject(vs, 2, &dirty)
	if end < 0 {
		sc.out = sc.out[:out0]
		sc.mem = sc.mem[:m0]
		top.content, top.contentVals = top.content[:c0], cv
		return 0, false
	}
	sc.dirty = sc.dirty || dirty
	return end, true
}

// fastNested is the short path of fastContent for the object or array
// at s[vs] of another top-level member (unsigned, most often), which the
// scan only checks (and writes when sc.write).
func (sc *scanner) fastNested(vs int) (int, bool) {
	if vs >= len(sc.s) || (sc.s[vs] != '{' && sc.s[vs] != '[') {
		return 0, false
	}
	out0, m0 := len(sc.out), len(sc.mem)
	dirty := false
	end := sc.fastJSONValue(vs, 1, &dirty)
	if end < 0 {
		sc.out = sc.out[:out0]
		sc.mem = sc.mem[:m0]
		return 0, false
	}
	sc.dirty = sc.dirty || dirty
	return end, true
}

// fastJSONObject scans, for fastContent, the object at s[i] (which is '{')
// at nesting depth (2: content itself), writing it when sc.write. It
// returns the index after it, or -1.
func (sc *scanner) fastJSONObject(i, depth int, dirty *bool) int {
	s := sc.s
	if depth > maxFastDepth {
		return -1
	}
	ostart, mbase := len(sc.out), len(sc.mem)
	if sc.write {
		sc.out = append(sc.out, '{')
	}
	i = skipWSDirty(s, i+1, dirty)
	if i < len(s) && s[i] == '}' {
		sc.closeObject(depth, ostart, mbase, true)
		return i + 1
	}
	prev, sorted := "", true
	for k := 0; ; k++ {
		if i >= len(s) || s[i] != '"' {
			return -1
		}
		j := textStringEnd(s, i)
		if j < 0 {
			return -1
		}
		k0, key := i+1, s[i+1:j-1]
		if k > 0 && !keyAfter(key, prev) {
			sorted, *dirty = false, true
		}
		prev = key
		if !sorted {
			// X2: a key out of order may repeat an earlier one.
			if len(sc.mem)-mbase >= smallObjectKeys {
				return -1
			}
			for k := mbase; k < len(sc.mem); k++ {
				if c := &sc.mem[k]; s[c.k0:c.k1] == key {
					return -1 // the fast path's keys have no escapes
				}
			}
		}
		ks := len(sc.out)
		if sc.write {
			if k > 0 {
				sc.out = append(sc.out, ',')
				ks++
			}
			sc.put(s[i:j])
			sc.out = append(sc.out, ':')
		}
		i = skipWSDirty(s, j, dirty)
		if i >= len(s) || s[i] != ':' {
			return -1
		}
		vs := skipWSDirty(s, i+1, dirty)
		cvs := len(sc.out)
		ve := sc.fastJSONValue(vs, depth, dirty)
		if ve < 0 {
			return -1
		}
		if depth == 2 && sc.topKind == fContent {
			sc.top.noteContentValue(key, vs, ve)
		}
		sc.addMem(k0, j-1, ks, cvs, len(sc.out))
		i = skipWSDirty(s, ve, dirty)
		if i >= len(s) {
			return -1
		}
		if s[i] == '}' {
			sc.closeObject(depth, ostart, mbase, sorted)
			return i + 1
		}
		if s[i] != ',' {
			return -1
		}
		i = skipWSDirty(s, i+1, dirty)
	}
}

// fastJSONArray is fastJSONObject for the array at s[i].
func (sc *scanner) fastJSONArray(i, depth int, dirty *bool) int {
	s := sc.s
	if depth > maxFastDepth {
		return -1
	}
	if sc.write {
		sc.out = append(sc.out, '[')
	}
	i = skipWSDirty(s, i+1, dirty)
	if i < len(s) && s[i] == ']' {
		if sc.write {
			sc.out = append(sc.out, ']')
		}
		return i + 1
	}
	for k := 0; ; k++ {
		if k > 0 && sc.write {
			sc.out = append(sc.out, ',')
		}
		if i = sc.fastJSONValue(i, depth, dirty); i < 0 {
			return -1
		}
		i = skipWSDirty(s, i, dirty)
		if i >= len(s) {
			return -1
		}
		if s[i] == ']' {
			if sc.write {
				sc.out = append(sc.out, ']')
			}
			return i + 1
		}
		if s[i] != ',' {
			return -1
		}
		i = skipWSDirty(s, i+1, dirty)
	}
}

// fastJSONValue scans the value at s[i] inside an object or array at
// nesting depth for fastContent; it returns the index after it, or -1.
func (sc *scanner) fastJSONValue(i, depth int, dirty *bool) int {
	s := sc.s
	if i >= len(s) {
		return -1
	}
	var j int
	switch c := s[i]; {
	case c == '"':
		j = textStringEnd(s, i)
	case c == '{':
		return sc.fastJSONObject(i, depth+1, dirty)
	case c == '[':
		return sc.fastJSONArray(i, depth+1, dirty)
	case c >= '1' && c <= '9':
		// A positive integer, the usual number (depth, timestamps): a
		// fraction or an exponent after the digits, well-formed or not,
		// goes to the general scan, as numberEnd's answers would.
		j = i + 1
		for j < len(s) && s[j]-'0' < 10 {
			j++
		}
		if j < len(s) && (s[j] == '.' || s[j]|0x20 == 'e') {
			return -1
		}
		if sc.strict && j-i > 15 && !safeInteger(s[i:j]) {
			return -1
		}
	case c == '-' || c == '0':
		end, isFloat, ok := numberEnd(s, i)
		if !ok || isFloat || s[i:end] == "-0" || (sc.strict && !safeInteger(s[i:end])) {
			return -1
		}
		j = end
	case c == 't' && len(s)-i >= 4 && s[i:i+4] == "true":
		j = i + 4
	case c == 'f' && len(s)-i >= 5 && s[i:i+5] == "false":
		j = i + 5
	case c == 'n' && len(s)-i >= 4 && s[i:i+4] == "null":
		j = i + 4
	default:
		return -1
	}
	if j >= 0 && sc.write {
		sc.put(s[i:j])
	}
	return j
}

// textStringEnd is plainStringEnd that also accepts valid UTF-8 beyond
// ASCII, as str does; it declines escapes and control characters.
func textStringEnd(s string, i int) int {
	j := i + 1
	if j < 0 {
		return -1
	}
	// Printable ASCII first, eight bytes at a time with the constants in
	// registers (see plainStringEnd); the loop below, whose UTF-8 decoding
	// call would spill them, takes over at the first other byte.
	ctl, quote, bslash, lsb, msb := swarK.ctl, swarK.quote, swarK.bslash, swarK.lsb, swarK.msb
	for n := len(s) - 8; j <= n; j += 8 {
		x := word8(s[j:])
		if m := ((x - ctl) | ((x ^ quote) - lsb) | ((x ^ bslash) - lsb) | x) & msb; m != 0 {
			j += bits.TrailingZeros64(m) >> 3
			if s[j] == '"' {
				return j + 1
			}
			break
		}
	}
	return textStringRest(s, j)
}

// textStringRest is textStringEnd from s[j] on, inside the string.
func textStringRest(s string, j int) int {
	for j < len(s) {
		for j+8 <= len(s) {
			if m := notPlainMask(word8(s[j : j+8])); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		if j >= len(s) {
			return -1
		}
		switch c := s[j]; {
		case plainASCII[c]:
			j++
		case c == '"':
			return j + 1
		case c < utf8.RuneSelf:
			return -1 // an escape or a control character
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == utf8.RuneError && size <= 1 {
				return -1
			}
			j += size
		}
	}
	return -1
}

// plainStringEnd returns the index after the string token at s[i] (a '"')
// when it holds only printable ASCII without escapes, and -1 otherwise
// (including when it does not end).
func plainStringEnd(s string, i int) int {
	j := i + 1
	if j < 0 {
		return -1
	}
	// The constants of notPlainMask, from a variable so that they stay in
	// registers for the loop (see swarK).
	ctl, quote, bslash, lsb, msb := swarK.ctl, swarK.quote, swarK.bslash, swarK.lsb, swarK.msb
	for n := len(s) - 8; j <= n; j += 8 {
		x := word8(s[j:])
		if m := ((x - ctl) | ((x ^ quote) - lsb) | ((x ^ bslash) - lsb) | x) & msb; m != 0 {
			j += bits.TrailingZeros64(m) >> 3
			if s[j] == '"' {
				return j + 1
			}
			return -1
		}
	}
	for ; j < len(s); j++ {
		if c := s[j]; !plainASCII[c] {
			if c == '"' {
				return j + 1
			}
			return -1
		}
	}
	return -1
}

// put appends the token b to the canonical text. With room in out it only
// lengthens the slice, which stores no pointer: a spread append writes
// the whole slice header back, a GC write barrier for every token while
// the collector marks.
func (sc *scanner) put(b string) {
	n := len(sc.out)
	if len(b) > cap(sc.out)-n {
		sc.out = append(sc.out, b...)
		return
	}
	sc.out = sc.out[:n+len(b)]
	copy(sc.out[n:], b)
}

// keyAfter reports whether key > prev in byte order (CJ-2), deciding on
// the first bytes when they differ, as they mostly do between the keys of
// an object, without the call of the general comparison.
func keyAfter(key, prev string) bool {
	if len(key) > 0 && len(prev) > 0 && key[0] != prev[0] {
		return key[0] > prev[0]
	}
	return key > prev
}

// skipWSDirty is skipWS noting in *dirty that whitespace was skipped.
func skipWSDirty(s string, i int, dirty *bool) int {
	j := skipWS(s, i)
	if j != i {
		*dirty = true
	}
	return j
}

// fastIDArray is the short path for auth_events and prev_events in the
// formats whose elements are event IDs (FMT-3): an array of plain strings.
// The IDs are collected as ref collects them.
func (sc *scanner) fastIDArray(vs int) (int, bool) {
	s := sc.s
	refs, max := &sc.top.authRefs, MaxAuthEvents
	if sc.topKind == fPrevEvents {
		refs, max = &sc.top.prevRefs, MaxPrevEvents
	}
	if vs >= len(s) || s[vs] != '[' {
		return 0, false
	}
	out0, n0 := len(sc.out), len(*refs)
	dirty := false
	if sc.write {
		sc.out = append(sc.out, '[')
	}
	i := skipWSDirty(s, vs+1, &dirty)
	if i < len(s) && s[i] == ']' {
		if sc.write {
			sc.out = append(sc.out, ']')
		}
		sc.dirty = sc.dirty || dirty
		return i + 1, true
	}
	pairs := sc.rules.EventFormat == roomversion.FormatV1
	for k := 0; ; k++ {
		if sc.write && k > 0 {
			sc.out = append(sc.out, ',')
		}
		var id idSpan
		var j int
		if pairs {
			if j = sc.fastPair(s, i, &id, &dirty); j < 0 {
				break
			}
		} else {
			if i >= len(s) || s[i] != '"' {
				break
			}
			if j = plainStringEnd(s, i); j < 0 {
				break
			}
			if sc.write {
				sc.put(s[i:j])
			}
			id = idSpan{uint32(i + 1), uint32(j - 1)}
		}
		if len(*refs) <= max {
			*refs = append(*refs, id)
		}
		i = skipWSDirty(s, j, &dirty)
		if i >= len(s) {
			break
		}
		if s[i] == ']' {
			if sc.write {
				sc.out = append(sc.out, ']')
			}
			sc.dirty = sc.dirty || dirty
			return i + 1, true
		}
		if s[i] != ',' {
			break
		}
		i = skipWSDirty(s, i+1, &dirty)
	}
	sc.out = sc.out[:out0]
	*refs = (*refs)[:n0]
	return 0, false
}

// fastPair scans, for fastIDArray, the element at s[i] of auth_events or
// prev_events in the v1 format (FMT-2): an [event_id, hashes] pair whose ID
// is a plain string and whose hashes an object of plain strings in key
// order, as ref and pairElem accept it. It sets *id to the ID and returns
// the index after the pair, or -1 for anything else.
func (sc *scanner) fastPair(s string, i int, id *idSpan, dirty *bool) int {
	if i >= len(s) || s[i] != '[' {
		return -1
	}
	i = skipWSDirty(s, i+1, dirty)
	if i >= len(s) || s[i] != '"' {
		return -1
	}
	j := plainStringEnd(s, i)
	if j < 0 {
		return -1
	}
	if sc.write {
		sc.out = append(sc.out, '[')
		sc.put(s[i:j])
		sc.out = append(sc.out, ',')
	}
	*id = idSpan{uint32(i + 1), uint32(j - 1)}
	i = skipWSDirty(s, j, dirty)
	if i >= len(s) || s[i] != ',' {
		return -1
	}
	i = skipWSDirty(s, i+1, dirty)
	if i, _ = sc.fastObject(i, false, dirty); i < 0 {
		return -1
	}
	i = skipWSDirty(s, i, dirty)
	if i >= len(s) || s[i] != ']' {
		return -1
	}
	if sc.write {
		sc.out = append(sc.out, ']')
	}
	return i + 1
}

// fastStringMap is the short path for hashes (nested false: an object of
// strings) and signatures (nested: an object of objects of strings). It
// also reports whether the outer object has a member "sha256".
func (sc *scanner) fastStringMap(vs int, nested bool) (end int, ok, sha bool) {
	out0 := len(sc.out)
	dirty := false
	end, sha = sc.fastObject(vs, nested, &dirty)
	if end < 0 {
		sc.out = sc.out[:out0]
		sc.top.sha256Tok = span{}
		return 0, false, false
	}
	sc.dirty = sc.dirty || dirty
	return end, true, sha
}

// fastObject scans the object at s[i] of plain-string keys in increasing
// order whose values are plain strings, or with nested such objects,
// writing it when sc.write; it returns the index after it, or -1.
func (sc *scanner) fastObject(i int, nested bool, dirty *bool) (int, bool) {
	s := sc.s
	if i >= len(s) || s[i] != '{' {
		return -1, false
	}
	if sc.write {
		sc.out = append(sc.out, '{')
	}
	i = skipWSDirty(s, i+1, dirty)
	if i < len(s) && s[i] == '}' {
		if sc.write {
			sc.out = append(sc.out, '}')
		}
		return i + 1, false
	}
	prev, sha := "", false
	for k := 0; ; k++ {
		if i >= len(s) || s[i] != '"' {
			return -1, false
		}
		j := plainStringEnd(s, i)
		if j < 0 {
			return -1, false
		}
		key := s[i+1 : j-1]
		if k > 0 && !keyAfter(key, prev) {
			return -1, false
		}
		prev = key
		sha = sha || key == "sha256"
		if sc.write {
			if k > 0 {
				sc.out = append(sc.out, ',')
			}
			sc.put(s[i:j])
			sc.out = append(sc.out, ':')
		}
		i = skipWSDirty(s, j, dirty)
		if i >= len(s) || s[i] != ':' {
			return -1, false
		}
		i = skipWSDirty(s, i+1, dirty)
		if nested {
			if i, _ = sc.fastObject(i, false, dirty); i < 0 {
				return -1, false
			}
		} else {
			if i >= len(s) || s[i] != '"' {
				return -1, false
			}
			vj := plainStringEnd(s, i)
			if vj < 0 {
				return -1, false
			}
			if sc.write {
				sc.put(s[i:vj])
			}
			if sc.topKind == fHashes && key == "sha256" {
				sc.top.sha256Tok = span{i, vj}
			}
			i = vj
		}
		i = skipWSDirty(s, i, dirty)
		if i >= len(s) {
			return -1, false
		}
		if s[i] == '}' {
			if sc.write {
				sc.out = append(sc.out, '}')
			}
			return i + 1, sha
		}
		if s[i] != ',' {
			return -1, false
		}
		i = skipWSDirty(s, i+1, dirty)
	}
}

// fastTop scans the top-level object at s[i] as value and members do with
// an encoder, for a PDU whose top-level keys hold no escapes and repeat
// none; the values go through topValue, the general scan included. It
// reports false on anything else and on any error, leaving the state for
// scanTop to reset.
func (sc *scanner) fastTop(i int) (int, bool) {
	s, top := sc.s, sc.top
	if i >= len(s) || s[i] != '{' {
		return 0, false
	}
	sc.out = append(sc.out, '{')
	i = skipWS(s, i+1)
	m0 := len(top.members)
	for k := 0; ; k++ {
		if i >= len(s) || s[i] != '"' {
			return 0, false // an empty object too
		}
		j := plainStringEnd(s, i)
		if j < 0 {
			return 0, false
		}
		key := s[i+1 : j-1]
		f := fieldOf(key)
		if f != fOther {
			bit := uint32(1) << f
			if sc.fieldsSeen&bit != 0 {
				return 0, false
			}
			sc.fieldsSeen |= bit
		} else {
			if len(top.members)-m0 >= smallObjectKeys {
				return 0, false
			}
			for n := m0; n < len(top.members); n++ {
				if top.members[n].field == fOther && top.members[n].key == key {
					return 0, false
				}
			}
		}
		keyStart := i
		i = skipWS(s, j)
		if i >= len(s) || s[i] != ':' {
			return 0, false
		}
		vs := skipWS(s, i+1)
		sc.topKind = f
		// shape at the top level: hashes and signatures are objects.
		if vs < len(s) && s[vs] != '{' {
			switch f {
			case fHashes:
				sc.info.badHashes = true
			case fSignatures:
				sc.info.badSignatures = true
			}
		}
		// A string, number or literal the short path accepts is
		// canonical as written (fastJSONValue): its record points at the
		// PDU text (srcMember) instead of a copy in the canonical text.
		end := -1
		if vs < len(s) && s[vs] != '{' && s[vs] != '[' {
			var dirty bool
			sc.write = false
			end = sc.fastJSONValue(vs, 1, &dirty)
		}
		canon, vesc := true, false
		cks, cvs, cve := srcMember, vs, end
		if end < 0 {
			sc.dirty = false
			sc.write = sc.wanted(f)
			cks = len(sc.out)
			if sc.write {
				if k > 0 {
					sc.out = append(sc.out, ',')
					cks++
				}
				sc.put(s[keyStart:j])
				sc.out = append(sc.out, ':')
			}
			cvs = len(sc.out)
			end = sc.topValue(vs, pathElem{ks: int32(keyStart), ke: int32(j)}, true)
			if sc.err != nil {
				return 0, false
			}
			canon, vesc = !sc.dirty, s[vs] == '"' && sc.lastEsc
			cve = len(sc.out)
		}
		sc.write = true
		if f == fType && s[vs] == '"' {
			sc.typ, _ = unescapeToken(s[vs:end])
			sc.typSeen = true
		}
		m := sc.record(key, f, vs, end)
		m.canon, m.vesc = canon, vesc
		m.cks, m.cvs, m.cve = cks, cvs, cve
		i = skipWS(s, end)
		if i >= len(s) {
			return 0, false
		}
		if s[i] == '}' {
			sc.out = append(sc.out, '}')
			return i + 1, true
		}
		if s[i] != ',' {
			return 0, false
		}
		i = skipWS(s, i+1)
	}
}
