package event

import (
	"errors"
	"hash"
	"slices"
	"strings"
	"sync"
)

// Canonical JSON (DIGEST §6.6): CJ-1 no insignificant whitespace, CJ-2 keys
// sorted by code point (UTF-8 byte order), CJ-3 minimal string escapes with
// lowercase hex and raw non-ASCII, CJ-4 integers only, CJ-5 literals.
// The encoder walks the raw text directly; it never builds maps.

// topFilter selects which top-level members of a PDU are written.
type topFilter uint8

const (
	// keepAll writes every member.
	keepAll topFilter = iota
	// dropForContentHash drops unsigned, signatures, hashes, age_ts, outlier
	// and destinations (HASH-C-2 with DECISIONS D14).
	dropForContentHash
	// dropForSigning drops signatures and unsigned (SIG-1, signing JSON).
	dropForSigning
	// redactKeepSigs applies the redaction algorithm (RED-1..3).
	redactKeepSigs
	// redactForSigning applies redaction and drops signatures and unsigned:
	// the reference-hash input (HASH-R-1..3) and the signing input (SIG-1/2).
	redactForSigning
)

// Error is the type of the package's sentinel errors. They are constants,
// so no caller can replace them; compare with errors.Is.
type Error string

// Error implements error.
func (e Error) Error() string { return string(e) }

// ErrNotCanonicalizable is wrapped by errors for numbers that canonical
// JSON cannot represent (non-integral or out-of-range values in the general
// encoder, non-finite values anywhere).
const ErrNotCanonicalizable Error = "value cannot be written as canonical JSON"

// CanonicalJSON returns the canonical JSON encoding (CJ-1..5) of the JSON
// text raw. It rejects text that is not valid JSON, invalid UTF-8, duplicate
// keys and lone surrogate escapes. Numbers follow the spec's example:
// `-0` becomes `0` and integral values written with an exponent or fraction
// become integers (`1e10` → `10000000000`); other non-integers and values
// outside ±(2^53−1) are errors. PDUs are encoded by the event package with
// the number rules of their room version instead (CJ-LAX, CJ-STRICT).
func CanonicalJSON(raw []byte) ([]byte, error) {
	s := string(raw)
	if _, err := scanJSON(s, false); err != nil {
		return nil, err
	}
	return encodeOwned(s, numGeneral, keepAll, redaction{})
}

// canonicalPDU returns the canonical JSON of a scanned PDU text with the
// number rules of its room version.
func canonicalPDU(s string, mode numMode) ([]byte, error) {
	return encodeOwned(s, mode, keepAll, redaction{})
}

// encodeOwned is appendCanonical into a pooled buffer, returning an exact
// copy the caller owns (one allocation).
func encodeOwned(s string, mode numMode, top topFilter, rules redaction) ([]byte, error) {
	bp := getBuf()
	defer putBuf(bp)
	b, err := appendCanonical((*bp)[:0], s, mode, top, rules)
	*bp = b
	if err != nil {
		return nil, err
	}
	return append(make([]byte, 0, len(b)), b...), nil
}

// member is one object member being encoded. It holds a single pointer
// (the key) so that collecting and sorting members costs few GC write
// barriers; the value is a span of the object's source text.
type member struct {
	key    string // decoded key, compared for sorting
	vs, ve int    // value span in the source text; vs < 0 means "{}"
	esc    bool   // the key was written with escapes
	vesc   bool   // the value is a string written with escapes (scanTop only)
	canon  bool   // the value text is canonical JSON already
	sub    keySet // redaction whitelist of the value (keepWhole: none)
	field  field  // the key classified, for the members scanTop collects
	// cks, cvs, cve locate the member in the canonical text the scan wrote
	// (encoder.canon): canon[cks:cve] is `"key":value`, canon[cvs:cve]
	// the value. Only members collected by scanTop have them; for a
	// value the scan did not copy, cks is srcMember (see appendMember).
	cks, cvs, cve int
}

// valText returns the member's raw value text within src.
func (m *member) valText(src string) string {
	if m.vs < 0 {
		return "{}"
	}
	return src[m.vs:m.ve]
}

type encoder struct {
	mode    numMode
	rules   redaction // the redaction data of the current encoding
	members []member  // stack of the members of every open object
	hw      int       // high-water mark of members, cleared after use
	scratch []byte

	// canon is the canonical JSON the scan of a PDU wrote (see scanTop):
	// every top-level value, with nested objects sorted; content holds
	// the members of the top-level content object within it.
	canon   []byte
	content []cmember
	// src is the PDU text of the last scan with this encoder, and ekeys
	// the decoded keys written with escapes of its members in content
	// and the scanner's open objects (see cmember).
	src   string
	ekeys []string
	// authRefs and prevRefs locate the plain string elements of auth_events
	// and prev_events in the PDU text (see scanInfo). They hold offsets, not
	// strings, so that collecting them costs no GC write barriers.
	authRefs, prevRefs []idSpan
	// chash asks the scan to write what the content hash reads too (see
	// appendContentHashCanon); order is its scratch.
	chash bool
	order []int

	// contentVals locate, in the PDU text, the values of the members of
	// content the field walk reads (see noteContentValue).
	contentVals [numContentVals]span

	// scan is the scanner of scanTop with this encoder; sig holds the
	// signing input or content hash input being hashed.
	scan scanner
	sig  []byte
	// plan is where the signing input places the top-level members the
	// scan recorded, and typ the PDU's type as it read it (see
	// planSigning).
	plan signingPlan
	typ  string
	// sha256Tok locates the token of hashes.sha256 in the PDU text when
	// the scan's short path read it (ve == 0: not located).
	sha256Tok span
	// With chash, sig2 holds the content hash input beside the signing
	// input in sig, and digest, state and sum serve hashBoth.
	sig2, state, sum []byte
	digest           hash.Hash
}

var encoderPool = sync.Pool{New: func() any { return &encoder{members: make([]member, 0, 64)} }}

// appendCanonical appends the canonical encoding of the scanned JSON text s
// to dst. top filters the top-level members when s is an object; rules
// gives the content whitelists for the redaction filters.
func appendCanonical(dst []byte, s string, mode numMode, top topFilter, rules redaction) ([]byte, error) {
	enc := getEncoder(mode)
	defer putEncoder(enc)
	enc.rules = rules
	s = strings.TrimLeft(s, " \t\r\n")
	var err error
	if top != keepAll && len(s) > 0 && s[0] == '{' {
		dst, err = enc.topObject(dst, s, top, rules)
	} else {
		dst, _, err = enc.value(dst, s, 0)
	}
	return dst, err
}

func getEncoder(mode numMode) *encoder {
	enc := encoderPool.Get().(*encoder)
	enc.mode, enc.chash = mode, false
	enc.members = enc.members[:0]
	return enc
}

// putEncoder returns enc to the pool. Stale members are not cleared: they
// only pin the last text encoded until the pool is emptied at the next
// garbage collections, and clearing costs write barriers on the hot path.
func putEncoder(enc *encoder) {
	enc.members, enc.hw, enc.typ, enc.src = enc.members[:0], 0, "", ""
	clear(enc.ekeys)
	enc.content, enc.ekeys, enc.authRefs, enc.prevRefs = enc.content[:0], enc.ekeys[:0], enc.authRefs[:0], enc.prevRefs[:0]
	if cap(enc.members) <= 4096 && cap(enc.scratch) <= 1<<16 && cap(enc.canon) <= 2*MaxPDUBytes && cap(enc.content) <= 1024 && cap(enc.ekeys) <= 1024 &&
		cap(enc.sig) <= 2*MaxPDUBytes && cap(enc.sig2) <= 2*MaxPDUBytes {
		encoderPool.Put(enc)
	}
}

var errBadJSON = errors.New("malformed JSON reached the canonical encoder")

// value encodes the value at s[i:] and returns the index after it.
func (enc *encoder) value(dst []byte, s string, i int) ([]byte, int, error) {
	i = skipWS(s, i)
	if i >= len(s) {
		return dst, i, errBadJSON
	}
	switch c := s[i]; {
	case c == '{':
		return enc.object(dst, s, i, keepWhole)
	case c == '[':
		dst = append(dst, '[')
		i = skipWS(s, i+1)
		if i < len(s) && s[i] == ']' {
			return append(dst, ']'), i + 1, nil
		}
		for {
			var err error
			dst, i, err = enc.value(dst, s, i)
			if err != nil {
				return dst, i, err
			}
			i = skipWS(s, i)
			if i >= len(s) {
				return dst, i, errBadJSON
			}
			if s[i] == ']' {
				return append(dst, ']'), i + 1, nil
			}
			if s[i] != ',' {
				return dst, i, errBadJSON
			}
			dst = append(dst, ',')
			i++
		}
	case c == '"':
		end, esc := stringEnd(s, i)
		if end < 0 {
			return dst, len(s), errBadJSON
		}
		body := s[i+1 : end-1]
		if !esc {
			dst = append(dst, '"')
			dst = append(dst, body...)
			return append(dst, '"'), end, nil
		}
		var ok bool
		enc.scratch, ok = appendUnescaped(enc.scratch[:0], body)
		if !ok {
			return dst, end, errBadJSON
		}
		return appendQuoted(dst, enc.scratch), end, nil
	case c == '-' || (c >= '0' && c <= '9'):
		end, isFloat, ok := numberEnd(s, i)
		if !ok {
			return dst, end, errBadJSON
		}
		var err error
		dst, err = enc.number(dst, s[i:end], isFloat)
		return dst, end, err
	case c == 't' && strings.HasPrefix(s[i:], "true"):
		return append(dst, "true"...), i + 4, nil
	case c == 'f' && strings.HasPrefix(s[i:], "false"):
		return append(dst, "false"...), i + 5, nil
	case c == 'n' && strings.HasPrefix(s[i:], "null"):
		return append(dst, "null"...), i + 4, nil
	}
	return dst, i, errBadJSON
}

// collect reads the members of the object at s[i] onto enc.members and
// returns the index after the object. Unless set is keepWhole, only the
// members the redaction whitelist set keeps are collected, each with the
// whitelist of its own value (RED-2, RED-3, RED-11-TPI).
func (enc *encoder) collect(s string, i int, set keySet) (int, error) {
	i = skipWS(s, i+1)
	if i < len(s) && s[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return i, errBadJSON
		}
		end, esc := stringEnd(s, i)
		if end < 0 {
			return i, errBadJSON
		}
		m := member{key: s[i+1 : end-1], esc: esc}
		if esc {
			k, ok := unescape(m.key)
			if !ok {
				return i, errBadJSON
			}
			m.key = k
		}
		i = skipWS(s, end)
		if i >= len(s) || s[i] != ':' {
			return i, errBadJSON
		}
		vs := skipWS(s, i+1)
		ve := skipValue(s, vs)
		if ve < 0 {
			return i, errBadJSON
		}
		m.vs, m.ve = vs, ve
		keep := true
		if set != keepWhole {
			keep, m.sub = keepKey(&enc.rules, set, m.key, s[vs:ve])
		}
		if keep {
			enc.members = append(enc.members, m)
			enc.hw = max(enc.hw, len(enc.members))
		}
		i = skipWS(s, ve)
		if i >= len(s) {
			return i, errBadJSON
		}
		if s[i] == '}' {
			return i + 1, nil
		}
		if s[i] != ',' {
			return i, errBadJSON
		}
		i = skipWS(s, i+1)
	}
}

func compareMembers(a, b member) int { return strings.Compare(a.key, b.key) }

// sortMembers sorts members by key in byte order, which is code-point order
// (CJ-2, EDGE-G4): insertion sort for the usual small objects.
func sortMembers(ms []member) {
	if len(ms) > 24 {
		slices.SortFunc(ms, compareMembers)
		return
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].key >= ms[i-1].key {
			continue
		}
		m := ms[i]
		j := i
		for ; j > 0 && m.key < ms[j-1].key; j-- {
			ms[j] = ms[j-1]
		}
		ms[j] = m
	}
}

// object encodes the object at s[i], with only the members that the
// redaction whitelist set keeps unless it is keepWhole (RED-2, RED-3).
func (enc *encoder) object(dst []byte, s string, i int, set keySet) ([]byte, int, error) {
	base := len(enc.members)
	end, err := enc.collect(s, i, set)
	if err != nil {
		return dst, end, err
	}
	dst, err = enc.emitMembers(dst, s, base, keepAll)
	enc.members = enc.members[:base]
	return dst, end, err
}

// topObject encodes a top-level object with a filter on its members; for
// the redaction filters it also applies the content whitelist of the
// event's type (RED-1..3) and always writes a content object.
func (enc *encoder) topObject(dst []byte, s string, top topFilter, rules redaction) ([]byte, error) {
	base := len(enc.members)
	end, err := enc.collect(s, 0, keepWhole)
	if err != nil {
		return dst, err
	}
	if skipWS(s, end) != len(s) {
		return dst, errBadJSON
	}
	return enc.finishTop(dst, s, base, top, rules)
}

// finishTop writes the collected top-level members enc.members[base:] of
// the object text src through filter top (see topObject) and pops them.
// For the redaction filters it gives the content member the whitelist of
// the event's type (RED-2), writing {} for a content that is missing or not
// an object.
func (enc *encoder) finishTop(dst []byte, src string, base int, top topFilter, rules redaction) ([]byte, error) {
	enc.rules = rules
	first := base // the first member written; base is popped to at the end
	if top == redactKeepSigs || top == redactForSigning {
		content := -1
		typ := ""
		for k := base; k < len(enc.members); k++ {
			m := &enc.members[k]
			switch m.key {
			case "content":
				content = k
			case "type":
				if v := m.valText(src); len(v) >= 2 && v[0] == '"' {
					if t, ok := unescapeToken(v); ok {
						typ = t
					}
				}
			}
		}
		if typ == TypeCreate && rules.RoomIDFromCreateEvent {
			first, content = enc.dropCreateRoomID(first, content)
		}
		if content < 0 {
			enc.members = append(enc.members, member{key: "content", vs: -1})
			enc.hw = max(enc.hw, len(enc.members))
		} else {
			m := &enc.members[content]
			m.sub = contentKeys(&rules, typ)
			if !isObjectText(m.valText(src)) {
				m.sub = keepNothing
			}
		}
	}
	dst, err := enc.emitMembers(dst, src, first, top)
	enc.members = enc.members[:base]
	return dst, err
}

// dropCreateRoomID removes a room_id member from the collected top-level
// members enc.members[base:] of an m.room.create event, as Synapse's
// redaction does in versions whose room IDs come from the create event
// (RoomIDFromCreateEvent, v12; DIGEST-V8-12 §6.2 RED-1), whatever its
// state_key. The create event proper has no room_id (FMT-12-1), so this
// only names the refused ones (a create with a room_id, CREATE-2; one with
// another state_key, CREATE-7) with the IDs the network gives them. It
// returns base and the index of the content member (-1: none), both
// adjusted: the member at base moves into the removed one's place.
func (enc *encoder) dropCreateRoomID(base, content int) (int, int) {
	for k := base; k < len(enc.members); k++ {
		if enc.members[k].key != "room_id" {
			continue
		}
		enc.members[k] = enc.members[base]
		if content == base {
			content = k
		}
		return base + 1, content
	}
	return base, content
}

// emitMembers sorts (CJ-2) and writes enc.members[base:], members of the
// object text src, as an object; a member with a redaction whitelist is
// written through it.
func (enc *encoder) emitMembers(dst []byte, src string, base int, top topFilter) ([]byte, error) {
	sortMembers(enc.members[base:])
	dst = append(dst, '{')
	first := true
	for k := base; k < len(enc.members); k++ {
		m := enc.members[k]
		if top != keepAll && !keepTop(top, enc.rules, m.key) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		if !m.esc {
			dst = append(dst, '"')
			dst = append(dst, m.key...)
			dst = append(dst, '"')
		} else {
			dst = appendQuoted(dst, []byte(m.key))
		}
		dst = append(dst, ':')
		var err error
		switch {
		case m.sub == keepNothing:
			dst = append(dst, "{}"...)
		case m.sub != keepWhole:
			// The whitelisted value is an object: collect checked it for a
			// nested set, finishTop for content.
			dst, _, err = enc.object(dst, strings.TrimLeft(m.valText(src), " \t\r\n"), 0, m.sub)
		case m.canon:
			dst = append(dst, m.valText(src)...)
		default:
			dst, _, err = enc.value(dst, m.valText(src), 0)
		}
		if err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// keepTop reports whether top-level key k survives filter f under the
// redaction data r.
func keepTop(f topFilter, r redaction, k string) bool {
	switch f {
	case dropForContentHash:
		switch k {
		case "unsigned", "signatures", "hashes", "age_ts", "outlier", "destinations":
			return false
		}
		return true
	case dropForSigning:
		return k != "signatures" && k != "unsigned"
	case redactKeepSigs:
		return redactTopKeep(r, k)
	case redactForSigning:
		return k != "signatures" && redactTopKeep(r, k)
	}
	return true
}

// idSpan is the text s[i:j] of an event ID in the PDU text s. The PDU is
// bounded (MaxPDUSize) well below 1<<32 bytes.
type idSpan struct{ i, j uint32 }

// span is the text s[vs:ve] of a value; ve == 0 means absent.
type span struct{ vs, ve int }

// The members of content whose values the field walk reads.
const (
	cvMembership  = iota // m.room.member content.membership
	cvJoinAuthVia        // content.join_authorised_via_users_server (DEF-JAUTH-1)
	numContentVals
)

// noteContentValue records where the value s[vs:ve] of the member key of
// the top-level content object lies, when the field walk reads it, so that
// it need not search content again.
func (enc *encoder) noteContentValue(key string, vs, ve int) {
	switch key {
	case "membership":
		enc.contentVals[cvMembership] = span{vs, ve}
	case "join_authorised_via_users_server":
		enc.contentVals[cvJoinAuthVia] = span{vs, ve}
	}
}

// contentValue returns the raw text of the content member recorded as k
// by the scan, and whether it is present.
func (enc *encoder) contentValue(s string, k int) (string, bool) {
	sp := enc.contentVals[k]
	if sp.ve == 0 {
		return "", false
	}
	return s[sp.vs:sp.ve], true
}
