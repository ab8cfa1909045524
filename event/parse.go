package event

import (
	"strconv"
	"strings"

	"github.com/mxauth/mxauth/roomversion"
)

// Limits of FMT-4 and FMT-6. Identifier limits count UTF-8 bytes of the
// decoded string, not code points, and apply in every room version: Synapse
// drops such a PDU from v11 on (StrictEventByteLimits) and stores it as
// rejected before; both are refusals (DECISIONS D33).
const (
	MaxPDUBytes      = 65536 // canonical JSON of the whole PDU
	MaxIDBytes       = 255   // sender, room_id, event_id
	MaxTypeBytes     = 255   // type
	MaxStateKeyBytes = 255   // state_key
	MaxAuthEvents    = 10
	MaxPrevEvents    = 20
	maxRawInputBytes = 4 * MaxPDUBytes // bound on the text before canonicalisation
	maxNestingDepth  = 128             // as deep as the reference server's JSON parser reads
)

// Parse parses and validates a PDU received for room version v, and derives
// its event ID: taken from the PDU in room versions 1–2, computed from the
// reference hash from version 3 on (where a PDU carrying event_id is invalid,
// DECISIONS D16). The bytes are copied; the caller may reuse raw.
func Parse(raw []byte, v roomversion.Version) (*Event, error) {
	return parse(raw, v, v.EventIDFormat != roomversion.EventIDGiven, false)
}

// ParseOptions adjusts [ParseWith]. The zero value makes ParseWith
// [Parse].
type ParseOptions struct {
	// ID, when not empty, is the event ID the caller already knows, as
	// for [NewWithID].
	ID string
	// ContentHash also computes the content hash (HASH-C-1..3) in the
	// same pass over the text, from the canonical JSON the parse writes
	// anyway, and keeps whether hashes.sha256 matches it, so that
	// [Event.ContentHashValid] then costs nothing more. The result is
	// the one ContentHashValid computes on its own; a hashes.sha256 that
	// does not decode is still reported there, as an error.
	ContentHash bool
}

// ParseWith is [Parse], or [NewWithID] when opts.ID is set, with the
// options of opts.
func ParseWith(raw []byte, v roomversion.Version, opts ParseOptions) (*Event, error) {
	if opts.ID != "" {
		return newWithID(raw, opts.ID, v, opts.ContentHash)
	}
	return parse(raw, v, v.EventIDFormat != roomversion.EventIDGiven, opts.ContentHash)
}

// NewWithID parses and validates a PDU whose event ID the caller already
// knows, such as an event loaded from the caller's own store. In room
// versions 3+ the PDU must not carry event_id (use [StripEventID] first) and
// id is trusted without recomputing the reference hash. In versions 1–2 the
// PDU's own event_id must equal id.
func NewWithID(raw []byte, id string, v roomversion.Version) (*Event, error) {
	return newWithID(raw, id, v, false)
}

func newWithID(raw []byte, id string, v roomversion.Version, chash bool) (*Event, error) {
	if v.EventIDFormat == roomversion.EventIDGiven {
		e, err := parse(raw, v, false, chash)
		if err != nil {
			return nil, err
		}
		if e.ID() != id {
			return nil, invalid("event_id", "PDU carries %q, caller gave %q", e.ID(), id)
		}
		return e, nil
	}
	e, err := parseGiven(raw, v, false, chash, id)
	if err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	return e, nil
}

func checkID(id string) error {
	if id == "" || id[0] != '$' {
		return invalid("event_id", "must start with '$'")
	}
	if len(id) > MaxIDBytes {
		return invalid("event_id", "longer than %d bytes", MaxIDBytes)
	}
	return nil
}

// parse validates a PDU and reads its fields; with computeID it also derives
// the event ID from the reference hash (EID-3/4), reusing the top-level
// members it collected, and with chash it checks the content hash from them
// too (see ParseOptions.ContentHash).
func parse(raw []byte, v roomversion.Version, computeID, chash bool) (*Event, error) {
	return parseGiven(raw, v, computeID, chash, "")
}

// parseGiven is parse that, when given is not empty and computeID false,
// sets given as the event's ID (setID) once the PDU is valid, in the same
// buffer as the text.
func parseGiven(raw []byte, v roomversion.Version, computeID, chash bool, given string) (*Event, error) {
	// A supported version's shared descriptor is valid; any other is
	// checked, then copied for the event.
	vp := knownVersion(&v)
	if vp == nil {
		if err := v.Valid(); err != nil {
			return nil, err
		}
		vp = internVersion(v)
	}
	if len(raw) > maxRawInputBytes {
		return nil, invalid("", "PDU text is %d bytes, more than %d", len(raw), maxRawInputBytes)
	}
	// The text and, for a computed ID, the ID share one allocation: the
	// ID is written after the text once known (see setHashID).
	var b strings.Builder
	switch {
	case computeID:
		b.Grow(len(raw) + idReserve(v))
	case given != "":
		b.Grow(len(raw) + len(given) + idReserve(v) - 44)
	default:
		b.Grow(len(raw))
	}
	b.Write(raw)
	s := b.String()
	if !isObjectText(s) {
		return nil, invalid("", "not a JSON object")
	}
	// The scan also collects the top-level members once, for the field walk
	// below and for the reference-hash encoder.
	enc := getEncoder(numModeFor(v))
	defer putEncoder(enc)
	enc.chash = chash
	info, err := scanTopRef(s, v.StrictCanonicalJSON, enc, vp)
	if err != nil {
		return nil, err
	}
	plainRefs := info.plainAuth && info.plainPrev && len(enc.authRefs) <= MaxAuthEvents && len(enc.prevRefs) <= MaxPrevEvents
	var refs []idSpan
	var e *Event
	if plainRefs {
		e, refs = newEvent(len(enc.authRefs) + len(enc.prevRefs))
	} else {
		e = new(Event)
	}
	e.buf, e.rawLen, e.version, e.hasFloat = s, uint32(len(s)), vp, info.hasFloat
	var (
		seen                uint16
		auth, prev, roomVal string
	)
	// Keys are unique (X2), so the order of the cases does not matter.
	for k := range enc.members {
		m := &enc.members[k]
		val := m.valText(s)
		var str string
		switch m.field {
		case fType:
			seen |= 1 << 0
			str, err = boundedToken("type", val, m.vesc, MaxTypeBytes)
			e.typ = e.keep(&b, str)
		case fSender:
			seen |= 1 << 1
			str, err = boundedToken("sender", val, m.vesc, MaxIDBytes)
			e.sender = e.keep(&b, str)
		case fRoomID:
			seen |= 1 << 2
			if v.RoomIDFromCreateEvent {
				roomVal = val // checked once type and state_key are known
				break
			}
			str, err = boundedToken("room_id", val, m.vesc, MaxIDBytes)
			e.roomID = e.keep(&b, str)
		case fStateKey:
			str, err = boundedToken("state_key", val, m.vesc, MaxStateKeyBytes)
			e.stateKey = e.keep(&b, str)
			e.hasStateKey = true
		case fContent:
			seen |= 1 << 3
			if val[0] != '{' {
				err = invalid("content", "must be an object")
			}
			e.content = e.keep(&b, val)
		case fDepth:
			seen |= 1 << 4
			e.depth, err = integer("depth", val, 0, v.MaxDepth)
		case fOriginServerTS:
			seen |= 1 << 5
			e.ts, err = integer("origin_server_ts", val, minTS(v), maxTS(v))
		case fHashes:
			// The scan checked the shape (isStringMap, a sha256 member).
			seen |= 1 << 6
			if info.badHashes {
				err = invalid("hashes", "must be an object of strings")
			} else if !info.hashesSHA256 {
				err = invalid("hashes.sha256", "must be a string")
			}
		case fSignatures:
			// The scan checked the shape (isSignatureMap).
			seen |= 1 << 7
			if info.badSignatures {
				err = invalid("signatures", "must map server names to objects of strings")
			}
		case fAuthEvents:
			seen |= 1 << 8
			auth = val
		case fPrevEvents:
			seen |= 1 << 9
			prev = val
		case fEventID:
			if v.EventIDFormat != roomversion.EventIDGiven {
				err = invalid("event_id", "not allowed in room version %s (DECISIONS D16)", v.ID)
				break
			}
			seen |= 1 << 10
			// EID-1: opaque. Synapse reads it as a string and checks only
			// its length (FMT-6); its shape matters when its domain is read
			// (SIG-REQ-2, REDACT-2).
			str, err = boundedToken("event_id", val, m.vesc, MaxIDBytes)
			e.id = e.keep(&b, str)
			if err == nil && str == "" {
				// No event can be named by "" (FMT-1: a required string).
				err = invalid("event_id", "must not be empty")
			}
		case fRedacts:
			if v.RedactsInContent {
				break // an unknown key from v11 on (FMT-11-1)
			}
			if val[0] == '"' {
				str, _ = unescapeToken(val)
				e.redacts = e.keep(&b, str)
				e.redactsKind = String
			} else {
				e.redactsKind = NotString
			}
		case fUnsigned:
			if val[0] != '{' {
				err = invalid("unsigned", "must be an object")
			}
		}
		if err != nil {
			return nil, err
		}
	}
	allRequired := uint16(1<<10 - 1)
	if v.RoomIDFromCreateEvent {
		allRequired &^= 1 << 2 // see roomIDFormat12
	}
	if seen&allRequired != allRequired {
		for bit, name := range requiredFields {
			if allRequired&(1<<bit) != 0 && seen&(1<<bit) == 0 {
				return nil, invalid(name, "required field missing")
			}
		}
	}
	if v.EventIDFormat == roomversion.EventIDGiven && seen&(1<<10) == 0 {
		return nil, invalid("event_id", "required in room version %s", v.ID)
	}
	if v.RoomIDFromCreateEvent {
		if err := e.roomIDFormat12(&b, roomVal, seen&(1<<2) != 0); err != nil {
			return nil, err
		}
	}
	if plainRefs && auth[0] == '[' && prev[0] == '[' {
		e.setSpanRefs(refs, enc.authRefs, enc.prevRefs)
	} else if err := e.refLists(&b, auth, prev); err != nil {
		return nil, err
	}
	if err := e.impliedCreateNotListed(); err != nil {
		return nil, err
	}
	if e.Type() == TypeMember {
		if m, ok := enc.contentValue(s, cvMembership); ok {
			if m[0] == '"' {
				str, _ := unescapeToken(m)
				e.membership = e.keep(&b, str)
				e.membershipKind = String
			} else {
				e.membershipKind = NotString
			}
		}
		if err := e.authorisingUserFormat(enc.contentValue(s, cvJoinAuthVia)); err != nil {
			return nil, err
		}
	}
	if err := checkSize(e); err != nil {
		return nil, err
	}
	if computeID && chash {
		if b64, err := idEncoding(v); err == nil {
			if h, c, ok := enc.hashBoth(s, vp, info.hasFloat); ok {
				e.setHashID(&b, h, b64)
				e.hashState = enc.declaredState(s, c)
				return e, nil
			}
		}
	}
	// The content hash first: the reference hash's general encoder, for
	// what the short path declines, consumes the scan's records.
	if chash {
		e.hashState = enc.contentHashState(s, info.hasFloat)
	}
	if computeID {
		h, b64, err := enc.referenceHash(s, vp, info.hasFloat)
		if err != nil {
			return nil, err
		}
		e.setHashID(&b, h, b64)
	} else if given != "" {
		e.setID(&b, given)
	}
	return e, nil
}

// roomIDFormat12 applies the room_id rules of versions whose room IDs come
// from the create event (RoomIDFromCreateEvent, v12): the create event,
// exactly type m.room.create with state_key "", has no room_id key at all,
// whatever its value, null included (FMT-12-1, CREATE-2; refused here, as
// Synapse refuses it while parsing); every other event, a create-typed one
// with another or no state_key included, has a string room_id starting
// with "!" (FMT-12-2, CREATE-7, DECISIONS D28). val is the raw room_id
// value when present.
func (e *Event) roomIDFormat12(b *strings.Builder, val string, present bool) error {
	if e.isCreateEvent() {
		if present {
			return invalid("room_id", "the create event of room version %s must not have one (CREATE-2, FMT-12-1)", e.ver().ID)
		}
		return nil
	}
	if !present {
		if e.Type() == TypeCreate {
			return invalid("room_id", "required on an m.room.create event whose state_key is not \"\" (FMT-12-2, CREATE-7)")
		}
		return invalid("room_id", "required field missing (FMT-12-2)")
	}
	r, err := boundedString("room_id", val, MaxIDBytes)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(r, "!") {
		return invalid("room_id", "must start with '!' (FMT-12-2)")
	}
	e.roomID = e.keep(b, r)
	return nil
}

// impliedCreateNotListed refuses an event whose auth_events lists the
// create event its room_id implies (FMT-12-3, AUTHEV-2, DECISIONS D24):
// the create event is an implied auth event and never listed. Listing
// another create event is left to the authorization rules (AUTHEV-2).
func (e *Event) impliedCreateNotListed() error {
	if !e.ver().RoomIDFromCreateEvent || e.isCreateEvent() {
		return nil
	}
	for _, r := range e.authRefs() {
		if a := e.str(r); namesCreateEvent(a, e.RoomID()) {
			return invalid("auth_events", "lists %s, the create event room_id implies (FMT-12-3, DECISIONS D24)", a)
		}
	}
	return nil
}

// authorisingUserFormat refuses a join whose
// content.join_authorised_via_users_server is present but not a string
// holding ':', in versions with restricted joins (RestrictedJoinRule, v8+):
// its server must sign the join (SIG-REQ-4) and none can be read from it
// (DEF-JAUTH-1; Synapse fails reading the domain, DECISIONS D31). On other
// memberships the key is ignored (DECISIONS D22). a is the key's raw value
// and ok whether it is present.
func (e *Event) authorisingUserFormat(a string, ok bool) error {
	if !e.ver().RestrictedJoinRule || e.membershipKind != String || e.str(e.membership) != MembershipJoin {
		return nil
	}
	if !ok {
		return nil
	}
	if a[0] == '"' {
		if u, ok := unescapeToken(a); ok && strings.IndexByte(u, ':') >= 0 {
			return nil
		}
	}
	return invalid("content.join_authorised_via_users_server", "must be a user ID, a string containing ':' (DEF-JAUTH-1, SIG-REQ-4, DECISIONS D31)")
}

// requiredFields are the FMT-1 fields, by bit of the seen mask in parse.
var requiredFields = [...]string{"type", "sender", "room_id", "content", "depth",
	"origin_server_ts", "hashes", "signatures", "auth_events", "prev_events"}

// elemIter walks the elements of a scanned JSON array text.
type elemIter struct {
	s string
	i int
}

func newElemIter(arr string) elemIter { return elemIter{s: arr, i: skipWS(arr, 0) + 1} }

// next returns the next element's raw text.
func (it *elemIter) next() (string, bool) {
	s := it.s
	i := skipWS(s, it.i)
	if i < len(s) && s[i] == ',' {
		i = skipWS(s, i+1)
	}
	if i >= len(s) || s[i] == ']' {
		return "", false
	}
	ve := skipValue(s, i)
	if ve < 0 {
		return "", false
	}
	it.i = ve
	return s[i:ve], true
}

// minTS and maxTS bound origin_server_ts: Synapse reads it as a signed
// 64-bit integer (FMT-1); strict versions keep it within ±(2^53−1)
// (CJ-STRICT).
func minTS(v roomversion.Version) int64 {
	if v.StrictCanonicalJSON {
		return -roomversion.MaxSafeInteger
	}
	return -1 << 63
}

func maxTS(v roomversion.Version) int64 {
	if v.StrictCanonicalJSON {
		return roomversion.MaxSafeInteger
	}
	return 1<<63 - 1
}

// boundedString reads a JSON string token of at most max bytes once
// decoded (FMT-6).
func boundedString(field, val string, max int) (string, error) {
	return boundedToken(field, val, true, max)
}

// boundedToken is boundedString for a value whose scan said whether it
// holds escapes (esc), which spares looking for them.
func boundedToken(field, val string, esc bool, max int) (string, error) {
	if val[0] != '"' {
		return "", invalid(field, "must be a string")
	}
	if !esc {
		if len(val)-2 > max {
			return "", invalid(field, "longer than %d bytes", max)
		}
		return val[1 : len(val)-1], nil
	}
	str, ok := unescapeToken(val)
	if !ok {
		return "", invalid(field, "must be a string")
	}
	if len(str) > max {
		return "", invalid(field, "longer than %d bytes", max)
	}
	return str, nil
}

// integer reads a JSON integer token (no fraction or exponent) in [lo, hi]
// (FMT-1, FMT-5, DECISIONS D20).
func integer(field, val string, lo, hi int64) (int64, error) {
	if n, ok := plainInteger(val); ok && n >= lo && n <= hi {
		return n, nil
	}
	if c := val[0]; (c != '-' && (c < '0' || c > '9')) || strings.ContainsAny(val, ".eE") {
		return 0, invalid(field, "must be a JSON integer")
	}
	n, err := strconv.ParseInt(val, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, invalid(field, "must be an integer from %d to %d", lo, hi)
	}
	return n, nil
}

// plainInteger reads a token of at most 18 digits, with an optional '-',
// as strconv.ParseInt does; it reports false for anything else, which
// integer then reads the long way.
func plainInteger(val string) (int64, bool) {
	d := val
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(d); i++ {
		c := d[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int64(c)
	}
	if len(d) < len(val) {
		n = -n
	}
	return n, true
}

// isStringMap reports whether the scanned JSON value text val is an object
// whose values are all strings: the shape Synapse requires of hashes and of
// the hashes in a v1 [event_id, hashes] pair (FMT-1, FMT-2).
func isStringMap(val string) bool {
	return val[0] == '{' && eachValue(val, func(v string) bool { return v[0] == '"' })
}

// isSignatureMap reports whether the scanned JSON value text val maps
// server names to objects of strings, the shape Synapse requires of
// signatures (FMT-1): a server entry that is not an object, or a signature
// that is not a string, makes the PDU invalid.
func isSignatureMap(val string) bool {
	return val[0] == '{' && eachValue(val, isStringMap)
}

// eachValue calls f with the raw value text of each member of the scanned
// JSON object text obj, stopping at the first false.
func eachValue(obj string, f func(val string) bool) bool {
	i := skipWS(obj, skipWS(obj, 0)+1)
	for i < len(obj) && obj[i] == '"' {
		end, _ := stringEnd(obj, i)
		if end < 0 {
			return false
		}
		i = skipWS(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return false
		}
		vs := skipWS(obj, i+1)
		ve := skipValue(obj, vs)
		if ve < 0 || !f(obj[vs:ve]) {
			return false
		}
		i = skipWS(obj, ve)
		if i >= len(obj) || obj[i] != ',' {
			break
		}
		i = skipWS(obj, i+1)
	}
	return true
}

// refLists reads auth_events and prev_events: [id, {"sha256": …}] pairs in
// the v1 format (FMT-2), plain ID strings otherwise (FMT-3), at most
// MaxAuthEvents and MaxPrevEvents entries (FMT-4). Both lists share one
// allocation.
func (e *Event) refLists(b *strings.Builder, auth, prev string) error {
	if auth[0] != '[' {
		return invalid("auth_events", "must be an array")
	}
	if prev[0] != '[' {
		return invalid("prev_events", "must be an array")
	}
	var buf [MaxAuthEvents + MaxPrevEvents]string
	pairs := e.ver().EventFormat == roomversion.FormatV1
	ids, err := appendRefs(buf[:0], "auth_events", auth, pairs, MaxAuthEvents)
	if err != nil {
		return err
	}
	na := len(ids)
	if ids, err = appendRefs(ids, "prev_events", prev, pairs, MaxPrevEvents); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	refs := make([]idSpan, len(ids))
	for k, id := range ids {
		refs[k] = e.keep(b, id)
	}
	e.setRefSpans(refs, na)
	return nil
}

// setSpanRefs keeps the ID lists given as spans of the PDU text in out,
// which holds exactly as many spans as both.
func (e *Event) setSpanRefs(out []idSpan, auth, prev []idSpan) {
	na := copy(out, auth)
	copy(out[na:], prev)
	e.setRefSpans(out, na)
}

// appendRefs appends the IDs of the scanned array arr, at most max of them.
func appendRefs(ids []string, field, arr string, pairs bool, max int) ([]string, error) {
	it := newElemIter(arr)
	for n := 0; ; n++ {
		item, ok := it.next()
		if !ok {
			return ids, nil
		}
		if n == max {
			return ids, invalid(field, "more than %d entries", max)
		}
		id := item
		if pairs {
			if item[0] != '[' {
				return ids, invalid(field, "entries must be [event_id, hashes] pairs")
			}
			pi := newElemIter(item)
			first, ok1 := pi.next()
			second, ok2 := pi.next()
			_, ok3 := pi.next()
			if !ok1 || !ok2 || ok3 || !isStringMap(second) {
				return ids, invalid(field, "entries must be [event_id, hashes] pairs")
			}
			id = first
		}
		if id[0] != '"' {
			return ids, invalid(field, "event IDs must be strings")
		}
		str, ok := unescapeToken(id)
		if !ok {
			return ids, invalid(field, "event IDs must be strings")
		}
		ids = append(ids, str)
	}
}

// idReserve is the room the text's allocation leaves after the PDU text of
// room version v for what a computed ID adds (see setHashID): the ID, and
// in v12 a room ID or create event ID of the usual length.
func idReserve(v roomversion.Version) int {
	if v.RoomIDFromCreateEvent {
		return 2 * 44
	}
	return 44
}

// eventWith is an Event and the array of its auth and prev event spans in
// one allocation (see newEvent).
type eventWith[A any] struct {
	e    Event
	refs A
}

// newEvent allocates an Event together with room for n spans of
// auth_events and prev_events (FMT-4 bounds n by 30): one allocation
// instead of two. The Event is 144 bytes and a span 8, so every even
// count up to 14 fills one of the Go allocator's size classes (160, 176,
// …, 256), and the larger ones the classes of 288, 320, 352 and 384 bytes.
func newEvent(n int) (*Event, []idSpan) {
	switch {
	case n == 0:
		return new(Event), nil
	case n <= 2:
		p := new(eventWith[[2]idSpan])
		return &p.e, p.refs[:n]
	case n <= 4:
		p := new(eventWith[[4]idSpan])
		return &p.e, p.refs[:n]
	case n <= 6:
		p := new(eventWith[[6]idSpan])
		return &p.e, p.refs[:n]
	case n <= 8:
		p := new(eventWith[[8]idSpan])
		return &p.e, p.refs[:n]
	case n <= 10:
		p := new(eventWith[[10]idSpan])
		return &p.e, p.refs[:n]
	case n <= 12:
		p := new(eventWith[[12]idSpan])
		return &p.e, p.refs[:n]
	case n <= 14:
		p := new(eventWith[[14]idSpan])
		return &p.e, p.refs[:n]
	case n <= 18:
		p := new(eventWith[[18]idSpan])
		return &p.e, p.refs[:n]
	case n <= 22:
		p := new(eventWith[[22]idSpan])
		return &p.e, p.refs[:n]
	case n <= 26:
		p := new(eventWith[[26]idSpan])
		return &p.e, p.refs[:n]
	}
	p := new(eventWith[[MaxAuthEvents + MaxPrevEvents]idSpan])
	return &p.e, p.refs[:n]
}
