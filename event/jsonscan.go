package event

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mxauth/mxauth/roomversion"
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
	// With an encoder (scanTop), the shapes of the top-level members the
	// field walk checks (FMT-1): badHashes and badSignatures are set when
	// hashes is not an object of strings, signatures not an object of
	// objects of strings; hashesSHA256 when hashes has a sha256 member.
	badHashes, badSignatures, hashesSHA256 bool
	// plainAuth and plainPrev are set when every element of auth_events
	// (prev_events) is a string without escapes, collected on the encoder
	// (encoder.authRefs, prevRefs) up to one more than the limit (FMT-3,
	// FMT-4); the field walk reads the text otherwise.
	plainAuth, plainPrev bool
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

	// With top set the scan also writes the canonical JSON of what it reads
	// to out (see appendSigningCanon): the one pass the reference hash needs.
	pairID     idSpan // see ref: the ID is s[pairID.i:pairID.j]
	pairOK     bool
	pairBad    bool
	emit       bool // collecting for top: member records, shapes, refs
	write      bool // writing the canonical text: emit, less the values the signing input drops
	rules      *redaction
	chash      bool   // also write what the content hash reads (see wanted)
	typ        string // the PDU's type, once read (for wanted)
	typSeen    bool
	topKind    field     // the top-level member being scanned (emit only)
	fieldsSeen uint32    // the known top-level keys read so far (see seenKey)
	lastEsc    bool      // the last string token scanned holds escapes
	out        []byte    // canonical text written so far (top.canon's buffer)
	mem        []cmember // members of the objects open, innermost last
	scratch    []byte    // decoded strings and the objects being sorted
}

// cmember is one member of an object in the canonical text out: out[ks:ve]
// is `"key":value`, out[vs:ve] the value. Its decoded key, compared for
// sorting (CJ-2), is the PDU text s[k0:k1] or, for a key written with
// escapes (k0 < 0), encoder.ekeys[k1] (see encoder.ckey). It holds no
// pointer, so that recording members costs no GC write barriers.
type cmember struct {
	k0, k1     int32
	ks, vs, ve int
}

var scannerPool = sync.Pool{New: func() any {
	return &scanner{keys: make([]string, 0, 64), path: make([]pathElem, 0, maxNestingDepth+1)}
}}

// pathElem is one step of the path to the value being scanned; the path
// is only turned into text when an error is reported.
// It holds no pointer (the key is a span of the text) so that keeping the
// path costs no GC write barriers.
type pathElem struct {
	ks, ke int32 // the key's string token, s[ks:ke]
	idx    int32
	isArr  bool
}

// pathString renders the current path, for example "content.users[2]".
func (sc *scanner) pathString() string {
	var b strings.Builder
	for _, p := range sc.path {
		if p.isArr {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(int(p.idx)))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		key, _ := unescapeToken(sc.s[p.ks:p.ke])
		if len(key) > 64 {
			b.WriteString(strconv.Quote(key[:64]) + "…")
		} else {
			b.WriteString(key)
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
	return scanTopRef(s, strict, nil, nil)
}

// scanTop is scanJSON that also appends the members of a top-level object
// to top.members, so that the field walk and the canonical encoder need
// not find them again.
func scanTop(s string, strict bool, top *encoder, rules redaction) (scanInfo, error) {
	return scanTopRef(s, strict, top, &rules)
}

// scanTopRef is scanTop with the rules by reference, which it does not
// keep; they are read only with an encoder and may be nil without one.
func scanTopRef(s string, strict bool, top *encoder, rules *redaction) (scanInfo, error) {
	var sc *scanner
	if top != nil {
		sc = &top.scan // pooled with the encoder: one pool round trip
	} else {
		sc = scannerPool.Get().(*scanner)
	}
	sc.s, sc.strict, sc.top = s, strict, top
	sc.rules, sc.chash = rules, top != nil && top.chash
	var i int
	if top != nil {
		sc.out = top.canon[:0]
		m0 := len(top.members)
		sc.begin()
		// The common PDU takes the short path of the top level; anything
		// it declines, errors included, is scanned again from the start by
		// the general scan, which words the errors.
		var ok bool
		if i, ok = sc.fastTop(skipWS(s, 0)); !ok {
			top.members = top.members[:m0]
			sc.out = sc.out[:0]
			sc.begin()
			i = sc.value(skipWS(s, 0), 0)
		}
	} else {
		sc.begin()
		i = sc.value(skipWS(s, 0), 0)
	}
	if sc.err == nil {
		if i = skipWS(s, i); i != len(s) {
			sc.fail("trailing data after the JSON value at byte %d", i)
		}
	}
	info, err := sc.info, sc.err
	if sc.emit {
		top.canon, sc.out = sc.out, nil
		sc.mem = sc.mem[:0]
	}
	if top != nil {
		top.typ = sc.typ // for planSigning
	}
	sc.s, sc.top, sc.typ, sc.pairID, sc.rules = "", nil, "", idSpan{}, nil
	sc.path = sc.path[:0]
	switch {
	case cap(sc.keys) > 1024 || cap(sc.mem) > 1024 || cap(sc.scratch) > 2*MaxPDUBytes:
		if top != nil {
			sc.keys, sc.mem, sc.scratch = nil, nil, nil // keep no huge buffer with the encoder
		}
	case top == nil:
		scannerPool.Put(sc)
	}
	return info, err
}

// begin sets the state a scan starts from, but for the text, the rules
// and the output buffer.
func (sc *scanner) begin() {
	top := sc.top
	sc.info, sc.err = scanInfo{}, nil
	sc.keys, sc.path = sc.keys[:0], sc.path[:0]
	sc.emit, sc.write = top != nil, top != nil
	sc.typ, sc.typSeen = "", false
	sc.fieldsSeen = 0
	sc.dirty = false
	if sc.emit {
		top.plan, top.sha256Tok = signingPlan{content: -1}, span{}
		sc.mem = sc.mem[:0]
		top.src = sc.s
		clear(top.ekeys)
		top.ekeys = top.ekeys[:0]
		top.content = top.content[:0]
		top.contentVals = [numContentVals]span{}
		top.authRefs, top.prevRefs = top.authRefs[:0], top.prevRefs[:0]
		sc.info.plainAuth, sc.info.plainPrev = true, true
	}
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
		if sc.write {
			sc.emitString(i, j)
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
		if sc.write {
			sc.out = append(sc.out, lit...)
		}
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
	base, mbase, ostart := len(sc.keys), len(sc.mem), len(sc.out)
	if sc.write {
		sc.out = append(sc.out, '{')
	}
	end, sorted := sc.members(i, depth, base, mbase)
	sc.keys = sc.keys[:base] // stale keys are left for the pool (see putEncoder)
	if sc.emit && sc.err == nil {
		sc.closeObject(depth, ostart, mbase, sorted)
	}
	return end
}

// wanted reports whether the signing input (appendSigningCanon) reads the
// value of the top-level member f, so that the scan writes it: not for
// the members it drops (signatures, unsigned, keys outside RED-1), nor for
// a content that redaction empties (RED-2) when the type came first. With
// sc.chash the content hash input needs all but the members it drops
// (HASH-C-2, D14), so everything else is written.
func (sc *scanner) wanted(f field) bool {
	if sc.chash {
		return !droppedFromContentHash(f) || f == fHashes
	}
	if f.rank() < 0 {
		return false
	}
	return f != fContent || !sc.typSeen || contentKeys(sc.rules, sc.typ) != keepNothing
}

// seenKey reports whether key is among the keys already read of the
// object at depth being scanned with emit set: the top-level members on
// the encoder for the PDU (depth 1), sc.mem[mbase:] for the others. It
// compares linearly up to smallObjectKeys keys and then through the set
// *big, which it builds (DECISIONS X2 without quadratic cost). Keeping the
// keys only there spares a copy of each on sc.keys.
func (sc *scanner) seenKey(depth, mbase int, key string, big *map[string]struct{}) bool {
	if *big != nil {
		if _, dup := (*big)[key]; dup {
			return true
		}
		(*big)[key] = struct{}{}
		return false
	}
	var n int
	if depth == 1 {
		n = len(sc.top.members)
		if n < smallObjectKeys {
			// A known key repeats only a member of the same field; the
			// others compare with the other unknown keys.
			if f := sc.topKind; f != fOther {
				bit := uint32(1) << f
				dup := sc.fieldsSeen&bit != 0
				sc.fieldsSeen |= bit
				return dup
			}
			for k := 0; k < n; k++ {
				if sc.top.members[k].field == fOther && sc.top.members[k].key == key {
					return true
				}
			}
			return false
		}
	} else {
		n = len(sc.mem) - mbase
		for k := mbase; k < len(sc.mem) && n < smallObjectKeys; k++ {
			if sc.top.ckey(&sc.mem[k]) == key {
				return true
			}
		}
	}
	if n < smallObjectKeys {
		return false
	}
	m := make(map[string]struct{}, 2*smallObjectKeys)
	if depth == 1 {
		for k := range sc.top.members {
			m[sc.top.members[k].name()] = struct{}{}
		}
	} else {
		for k := range sc.mem[mbase:] {
			m[sc.top.ckey(&sc.mem[mbase+k])] = struct{}{}
		}
	}
	*big = m
	if _, dup := m[key]; dup {
		return true
	}
	m[key] = struct{}{}
	return false
}

// shape notes what the field walk checks of the member key whose value
// starts at s[vs] in an object at depth (1: the PDU, whose member the
// caller classified in sc.topKind), for the top-level members hashes and
// signatures (see scanInfo).
func (sc *scanner) shape(depth int, key string, vs int) {
	if vs >= len(sc.s) {
		return
	}
	c := sc.s[vs]
	switch sc.topKind {
	case fHashes:
		switch depth {
		case 1:
			sc.info.badHashes = sc.info.badHashes || c != '{'
		case 2:
			sc.info.badHashes = sc.info.badHashes || c != '"'
			sc.info.hashesSHA256 = sc.info.hashesSHA256 || key == "sha256"
		}
	case fAuthEvents, fPrevEvents:
		// The hashes of a v1 [event_id, hashes] pair (see pairElem).
		sc.pairBad = sc.pairBad || (depth == 4 && c != '"')
	case fSignatures:
		switch depth {
		case 1, 2:
			sc.info.badSignatures = sc.info.badSignatures || c != '{'
		case 3:
			sc.info.badSignatures = sc.info.badSignatures || c != '"'
		}
	}
}

// ref collects the element s[i:j] of the top-level array auth_events or
// prev_events when it is a plain string (see scanInfo).
//
// In the v1 format (FormatV1) an element is an [event_id, hashes] pair
// (FMT-2), and the scan of the pair (see pairElem) left its ID in
// sc.pairID and whether it is a well-formed pair with a plain ID in
// sc.pairOK.
func (sc *scanner) ref(i, j int) {
	var plain bool
	var id idSpan
	if sc.rules.EventFormat == roomversion.FormatV1 {
		plain, id = sc.s[i] == '[' && sc.pairOK, sc.pairID
	} else if plain = sc.s[i] == '"' && !sc.lastEsc; plain {
		id = idSpan{uint32(i + 1), uint32(j - 1)}
	}
	switch sc.topKind {
	case fAuthEvents:
		if sc.info.plainAuth = sc.info.plainAuth && plain; plain && len(sc.top.authRefs) <= MaxAuthEvents {
			sc.top.authRefs = append(sc.top.authRefs, id)
		}
	case fPrevEvents:
		if sc.info.plainPrev = sc.info.plainPrev && plain; plain && len(sc.top.prevRefs) <= MaxPrevEvents {
			sc.top.prevRefs = append(sc.top.prevRefs, id)
		}
	}
}

// pairElem checks element idx, s[vs:ve], of an array that is an element
// of auth_events or prev_events in the v1 format: [plain string, object
// of strings] (FMT-2; the strings of the object are checked by shape).
func (sc *scanner) pairElem(idx, vs, ve int) {
	switch idx {
	case 0:
		if sc.s[vs] == '"' && !sc.lastEsc {
			sc.pairID = idSpan{uint32(vs + 1), uint32(ve - 1)}
		} else {
			sc.pairBad = true
		}
	case 1:
		sc.pairBad = sc.pairBad || sc.s[vs] != '{'
	default:
		sc.pairBad = true
	}
}

// emitString writes the string token s[i:j] as canonical JSON (CJ-3):
// as it stands without escapes, decoded and re-quoted with them.
func (sc *scanner) emitString(i, j int) {
	if !sc.lastEsc {
		sc.out = append(sc.out, sc.s[i:j]...)
		return
	}
	sc.scratch, _ = appendUnescaped(sc.scratch[:0], sc.s[i+1:j-1])
	sc.out = appendQuoted(sc.out, sc.scratch)
}

// closeObject ends the canonical text of the object opened at out[ostart]
// whose members are sc.mem[mbase:], sorting them by key (CJ-2) unless they
// came sorted. The members of the top-level object (depth 1) are not
// sorted here: the encoder picks and sorts them (see appendSigningCanon). Those of
// the top-level content object are handed to the encoder for the content
// whitelists of redaction (RED-2).
func (sc *scanner) closeObject(depth, ostart, mbase int, sorted bool) {
	ms := sc.mem[mbase:]
	if !sc.write {
		sc.mem = sc.mem[:mbase]
		return
	}
	if sorted || depth == 1 {
		sc.out = append(sc.out, '}')
	} else {
		sc.top.sortCMembers(ms)
		sc.scratch = append(sc.scratch[:0], sc.out[ostart:]...)
		out := append(sc.out[:ostart], '{')
		for k := range ms {
			if k > 0 {
				out = append(out, ',')
			}
			m := &ms[k]
			off := len(out) - m.ks
			out = append(out, sc.scratch[m.ks-ostart:m.ve-ostart]...)
			m.ks, m.vs, m.ve = m.ks+off, m.vs+off, m.ve+off
		}
		sc.out = append(out, '}')
	}
	if depth == 2 && len(sc.path) == 1 && sc.topKind == fContent {
		sc.top.content = append(sc.top.content, ms...)
	}
	sc.mem = sc.mem[:mbase]
}

// addRecord appends a top-level member record with key, field and value
// span s[vs:ve] to enc.members and returns it for the other fields. The
// fields are written in place: a record built as a literal and copied is
// read back from the stack wider than it was written, which stalls.
func (enc *encoder) addRecord(key string, f field, vs, ve int) *member {
	n := len(enc.members)
	if n < cap(enc.members) {
		// Every field but a classified key is written below: no zeroing first.
		enc.members = enc.members[:n+1]
	} else {
		enc.members = append(enc.members, member{})
	}
	m := &enc.members[n]
	m.field, m.vs, m.ve = f, vs, ve
	if f == fOther {
		// A classified member's key is its field's name (member.name):
		// what a reused record holds there is read by nobody before
		// nameRecords names it, so it is not written, sparing a pointer
		// store (a write barrier while the collector marks).
		m.key = key
	}
	m.esc, m.vesc, m.canon, m.sub = false, false, false, keepWhole
	enc.hw = max(enc.hw, n+1)
	return m
}

// record adds the record of the top-level member key (field f) with value
// s[vs:ve] (see addRecord), noting where the signing input places it
// (encoder.plan).
func (sc *scanner) record(key string, f field, vs, ve int) *member {
	top := sc.top
	m := top.addRecord(recordKey(f, key), f, vs, ve)
	if r := f.rank(); r >= 0 && redactKeeps(sc.rules, f) {
		top.plan.slot[r] = len(top.members)
	}
	if f == fContent {
		top.plan.content = len(top.members) - 1
	}
	return m
}

// addMem appends the record of a member of a nested object, whose key
// without escapes is s[k0:k1], to sc.mem, in place as addRecord does.
func (sc *scanner) addMem(k0, k1, ks, vs, ve int) {
	sc.mem = append(sc.mem, cmember{})
	c := &sc.mem[len(sc.mem)-1]
	c.k0, c.k1, c.ks, c.vs, c.ve = int32(k0), int32(k1), ks, vs, ve
}

// addEscMem is addMem for a key written with escapes, decoded as key.
func (sc *scanner) addEscMem(key string, ks, vs, ve int) {
	top := sc.top
	top.ekeys = append(top.ekeys, key)
	sc.mem = append(sc.mem, cmember{k0: -1, k1: int32(len(top.ekeys) - 1), ks: ks, vs: vs, ve: ve})
}

// ckey returns the decoded key of c, a member the scan of enc.src recorded.
func (enc *encoder) ckey(c *cmember) string {
	if c.k0 < 0 {
		return enc.ekeys[c.k1]
	}
	return enc.src[c.k0:c.k1]
}

// sortCMembers sorts members by key in byte order (CJ-2).
func (enc *encoder) sortCMembers(ms []cmember) {
	if len(ms) > 24 {
		slices.SortFunc(ms, func(a, b cmember) int { return strings.Compare(enc.ckey(&a), enc.ckey(&b)) })
		return
	}
	for i := 1; i < len(ms); i++ {
		m := ms[i]
		mk := enc.ckey(&m)
		j := i
		for ; j > 0 && mk < enc.ckey(&ms[j-1]); j-- {
			ms[j] = ms[j-1]
		}
		ms[j] = m
	}
}

// members scans the members of the object at s[i]; the keys seen are kept
// on sc.keys from base on. It also reports whether the keys came in
// canonical order (CJ-2).
func (sc *scanner) members(i, depth, base, mbase int) (int, bool) {
	s := sc.s
	var big map[string]struct{}
	prev := ""
	sorted := true
	i = sc.ws(i + 1)
	if i < len(s) && s[i] == '}' {
		return i + 1, true
	}
	for first := true; ; first = false {
		if i >= len(s) || s[i] != '"' {
			sc.fail("expected an object key at byte %d", i)
			return len(s), false
		}
		keyStart := i
		j, key, ok := sc.str(i, true)
		if !ok {
			return len(s), false
		}
		keyEsc := sc.lastEsc
		if key <= prev && !first {
			sc.dirty = true // not in canonical key order (CJ-2)
			sorted = false
		}
		prev = key
		sc.path = append(sc.path, pathElem{ks: int32(keyStart), ke: int32(j)})
		// X2: duplicate keys, compared after unescaping.
		n := len(sc.keys) - base
		if depth == 1 && sc.emit {
			sc.topKind = fieldOf(key) // for seenKey, wanted and shape
		}
		switch {
		case sorted && big == nil:
			// A key greater than the one before it in an object whose keys
			// came in order so far repeats none of them. The emit path
			// finds them on its member records when a later key needs it.
			if sc.emit && depth == 1 {
				sc.fieldsSeen |= 1 << sc.topKind
			}
			if !sc.emit {
				if n >= smallObjectKeys {
					big = make(map[string]struct{}, 2*smallObjectKeys)
					for _, k := range sc.keys[base:] {
						big[k] = struct{}{}
					}
					big[key] = struct{}{}
				} else {
					sc.keys = append(sc.keys, key)
				}
			}
		case sc.emit:
			// The keys so far are on the member records (see seenKey).
			if sc.seenKey(depth, mbase, key, &big) {
				sc.fail("duplicate key (DECISIONS X2)")
				return len(s), false
			}
		case big != nil:
			if _, dup := big[key]; dup {
				sc.fail("duplicate key (DECISIONS X2)")
				return len(s), false
			}
			big[key] = struct{}{}
		case n < smallObjectKeys:
			for _, k := range sc.keys[base:] {
				if k == key {
					sc.fail("duplicate key (DECISIONS X2)")
					return len(s), false
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
				return len(s), false
			}
			big[key] = struct{}{}
		}
		i = sc.ws(j)
		if i >= len(s) || s[i] != ':' {
			sc.fail("expected ':' at byte %d", i)
			return len(s), false
		}
		vs := sc.ws(i + 1)
		if depth == 1 {
			sc.dirty = false
		}
		if sc.emit {
			if depth == 1 {
				sc.write = sc.wanted(sc.topKind)
			}
			sc.shape(depth, key, vs)
		}
		ks := len(sc.out)
		if sc.write {
			if !first {
				sc.out = append(sc.out, ',')
				ks++
			}
			if keyEsc {
				sc.out = appendQuoted(sc.out, key)
			} else {
				sc.out = append(sc.out, s[keyStart:j]...)
			}
			sc.out = append(sc.out, ':')
		}
		cvs := len(sc.out)
		if depth == 1 && sc.emit {
			i = sc.topValue(vs, pathElem{}, false)
		} else {
			i = sc.value(vs, depth)
		}
		if sc.err != nil {
			return len(s), false
		}
		if depth == 1 && sc.top != nil {
			sc.write = true
			if sc.topKind == fType && s[vs] == '"' {
				sc.typ, _ = unescapeToken(s[vs:i])
				sc.typSeen = true
			}
			// Hand the top-level member to the encoder (see scanTop); a
			// value written canonically already is copied as it stands.
			m := sc.record(key, sc.topKind, vs, i)
			m.esc, m.canon, m.vesc = keyEsc, !sc.dirty, s[vs] == '"' && sc.lastEsc
			m.cks, m.cvs, m.cve = ks, cvs, len(sc.out)
		} else if sc.emit {
			if depth == 2 && sc.topKind == fContent {
				sc.top.noteContentValue(key, vs, i)
			}
			if keyEsc {
				sc.addEscMem(key, ks, cvs, len(sc.out))
			} else {
				sc.addMem(keyStart+1, j-1, ks, cvs, len(sc.out))
			}
		}
		sc.path = sc.path[:len(sc.path)-1]
		i = sc.ws(i)
		if i >= len(s) {
			sc.fail("unterminated object")
			return len(s), false
		}
		if s[i] == '}' {
			return i + 1, sorted
		}
		if s[i] != ',' {
			sc.fail("expected ',' or '}' at byte %d", i)
			return len(s), false
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
	if sc.write {
		sc.out = append(sc.out, '[')
	}
	// An [event_id, hashes] pair of the v1 format (see ref).
	pair := depth == 3 && sc.emit && len(sc.path) == 2 && sc.rules.EventFormat == roomversion.FormatV1 &&
		(sc.topKind == fAuthEvents || sc.topKind == fPrevEvents)
	if pair {
		sc.pairOK, sc.pairBad, sc.pairID = false, false, idSpan{}
	}
	i = sc.ws(i + 1)
	if i < len(s) && s[i] == ']' {
		if sc.write {
			sc.out = append(sc.out, ']')
		}
		return i + 1
	}
	sc.path = append(sc.path, pathElem{isArr: true})
	for idx := 0; ; idx++ {
		sc.path[len(sc.path)-1].idx = int32(idx)
		if idx > 0 && sc.write {
			sc.out = append(sc.out, ',')
		}
		vs := i
		i = sc.value(i, depth)
		if sc.err != nil {
			return len(s)
		}
		if depth == 2 && sc.emit && (sc.topKind == fAuthEvents || sc.topKind == fPrevEvents) {
			sc.ref(vs, i)
		} else if pair {
			sc.pairElem(idx, vs, i)
		}
		i = sc.ws(i)
		if i >= len(s) {
			sc.fail("unterminated array")
			return len(s)
		}
		if s[i] == ']' {
			sc.path = sc.path[:len(sc.path)-1]
			if sc.write {
				sc.out = append(sc.out, ']')
			}
			if pair {
				sc.pairOK = idx == 1 && !sc.pairBad
			}
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
		// Eight bytes at a time; the lowest flagged byte of a word that is
		// not all plain is exactly the first byte needing a closer look
		// (see plainWord), so the scan jumps straight to it.
		for j+8 <= len(s) {
			m := notPlainMask(word8(s[j : j+8]))
			if m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		if j >= len(s) {
			break
		}
		c := s[j]
		if plainASCII[c] {
			j++
			continue
		}
		switch {
		case c == '"':
			sc.lastEsc = escaped
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
	if sc.write {
		// A float leaves info.hasFloat set: the encoder then writes the
		// PDU itself (CJ-LAX), so only integers are written here.
		if s[i:end] == "-0" {
			sc.out = append(sc.out, '0')
		} else {
			sc.out = append(sc.out, s[i:end]...)
		}
	}
	return end
}
