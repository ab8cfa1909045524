package event

import (
	"iter"
	"strings"
	"unsafe"

	"github.com/mxauth/mxauth/roomversion"
)

// Membership values of m.room.member content.
const (
	MembershipJoin   = "join"
	MembershipInvite = "invite"
	MembershipLeave  = "leave"
	MembershipBan    = "ban"
	MembershipKnock  = "knock"
)

// Event types the authorization rules read (DEF-AUTHTYPES) and a few more.
const (
	TypeCreate            = "m.room.create"
	TypeMember            = "m.room.member"
	TypeJoinRules         = "m.room.join_rules"
	TypePowerLevels       = "m.room.power_levels"
	TypeThirdPartyInvite  = "m.room.third_party_invite"
	TypeAliases           = "m.room.aliases"
	TypeRedaction         = "m.room.redaction"
	TypeHistoryVisibility = "m.room.history_visibility"
)

// Event is a parsed PDU. It is immutable and safe for concurrent use.
//
// Its strings are spans of one buffer, buf: the PDU text first, then what
// is not in it (a computed or given ID, unescaped values, the v12 derived
// IDs), so that a held event keeps two allocations, the text and the
// Event with its reference spans, and a span costs 8 bytes, not a
// 16-byte string header (issue 14). The accessors slice buf.
type Event struct {
	buf     string               // the PDU text (buf[:rawLen]), then the strings not in it
	version *roomversion.Version // shared for the supported versions (see internVersion)
	rawLen  uint32               // the PDU exactly as parsed (without event_id for given v3+ IDs)

	id       idSpan
	typ      idSpan
	sender   idSpan
	roomID   idSpan
	stateKey idSpan
	content  idSpan // raw JSON of content

	membership idSpan
	redacts    idSpan // top-level redacts (v1–10); v11+ reads content

	impliedCreate idSpan // v12: "$" + roomID[1:], the implied create event

	depth int64
	ts    int64

	// refs points to nAuth spans of auth_events then nPrev of
	// prev_events, the array that trails the Event in its allocation
	// (newEvent) or one of its own; nil when both are empty. A pointer,
	// not a slice, spares 16 bytes (see refSpans).
	refs *idSpan

	// The one-byte fields together, so that the struct holds no padding
	// (144 bytes, an allocation size class of its own; see newEvent).
	nAuth          uint8
	nPrev          uint8
	hasStateKey    bool
	membershipKind ValueKind
	redactsKind    ValueKind
	hasFloat       bool      // a number token has a fraction or exponent (CJ-LAX)
	hashState      hashState // the content hash checked while parsing, if asked (ParseOptions)

	memoSlots // values derived from the event: MemoSlot
}

// str returns the string of span r of the event's buffer.
func (e *Event) str(r idSpan) string { return e.buf[r.i:r.j] }

// text returns the PDU text the event was parsed from.
func (e *Event) text() string { return e.buf[:e.rawLen] }

// authRefs and prevRefs return the spans of auth_events and prev_events.
func (e *Event) authRefs() []idSpan { return e.refSpans()[:e.nAuth] }
func (e *Event) prevRefs() []idSpan { return e.refSpans()[e.nAuth:] }

// refSpans returns the spans of auth_events and prev_events, in order.
// refs, when not nil, points to the first of an array of at least
// nAuth+nPrev spans (setRefSpans), so the slice stays within it.
func (e *Event) refSpans() []idSpan {
	if e.refs == nil {
		return nil
	}
	return unsafe.Slice(e.refs, int(e.nAuth)+int(e.nPrev))
}

// setRefSpans keeps refs, the spans of na IDs of auth_events then of
// prev_events (at most MaxAuthEvents+MaxPrevEvents, FMT-4), which the
// event then owns.
func (e *Event) setRefSpans(refs []idSpan, na int) {
	if len(refs) == 0 {
		return
	}
	e.refs, e.nAuth, e.nPrev = &refs[0], uint8(na), uint8(len(refs)-na)
}

// ValueKind says whether an optional field is absent, a string, or present
// with another JSON type.
type ValueKind uint8

const (
	// Absent means the key is not present.
	Absent ValueKind = iota
	// String means the key holds a JSON string.
	String
	// NotString means the key is present but holds another JSON type.
	NotString
)

// ID returns the event ID: given for room versions 1–2 (and for events
// built with [NewWithID]), computed from the reference hash otherwise.
func (e *Event) ID() string { return e.str(e.id) }

// Version returns the room version the event was parsed for.
func (e *Event) Version() roomversion.Version { return *e.ver() }

// noVersion is what a zero Event reports: the zero, invalid descriptor.
var noVersion roomversion.Version

// ver returns the event's descriptor, never nil: a zero Event (one not made
// by Parse or NewWithID) has the zero descriptor, so no method panics on it.
func (e *Event) ver() *roomversion.Version {
	if e.version == nil {
		return &noVersion
	}
	return e.version
}

// knownVersions holds one descriptor of each supported room version, which
// the events of that version point to rather than each holding a copy
// (80 bytes less per held event). It is never written.
var knownVersions = [...]roomversion.Version{roomversion.V1(), roomversion.V2(), roomversion.V3(),
	roomversion.V4(), roomversion.V5(), roomversion.V6(), roomversion.V7(), roomversion.V8(),
	roomversion.V9(), roomversion.V10(), roomversion.V11(), roomversion.V12()}

// internVersion returns the shared descriptor equal to v, or a copy of v
// of its own for any other descriptor.
func internVersion(v roomversion.Version) *roomversion.Version {
	if k := knownVersion(&v); k != nil {
		return k
	}
	c := new(roomversion.Version) // only here, so that v itself stays on the stack
	*c = v
	return c
}

// knownVersion returns the shared descriptor equal to *v, or nil.
func knownVersion(v *roomversion.Version) *roomversion.Version {
	n := 0
	for i := 0; i < len(v.ID) && i < 3; i++ {
		if c := v.ID[i]; c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		} else {
			n = -1
			break
		}
	}
	if n >= 1 && n <= len(knownVersions) && knownVersions[n-1] == *v {
		return &knownVersions[n-1]
	}
	return nil
}

// Type returns the event type.
func (e *Event) Type() string { return e.str(e.typ) }

// Sender returns the sender's user ID.
func (e *Event) Sender() string { return e.str(e.sender) }

// RoomID returns the room ID. For the create event of a room version
// whose room IDs come from the create event (RoomIDFromCreateEvent, v12),
// which carries no room_id (FMT-12-1), it returns the room ID derived from
// the event's own ID, "!" + ID()[1:] (EID-12-1, ROOMID-1), so that
// comparing the room IDs of two events of one room (AUTHEV-5) holds for the
// create event too.
func (e *Event) RoomID() string { return e.str(e.roomID) }

// StateKey returns the state key and whether the event has one, that is,
// whether it is a state event.
func (e *Event) StateKey() (string, bool) { return e.str(e.stateKey), e.hasStateKey }

// IsState reports whether the event has a state_key.
func (e *Event) IsState() bool { return e.hasStateKey }

// StateKeyEquals reports whether the event is a state event with state key s.
func (e *Event) StateKeyEquals(s string) bool { return e.hasStateKey && e.str(e.stateKey) == s }

// Depth returns the depth.
func (e *Event) Depth() int64 { return e.depth }

// OriginServerTS returns origin_server_ts in milliseconds.
func (e *Event) OriginServerTS() int64 { return e.ts }

// ContentJSON returns the raw JSON text of the content object.
func (e *Event) ContentJSON() string { return e.str(e.content) }

// Membership returns content.membership and whether it is absent, a string
// or another type. Only meaningful for m.room.member events.
func (e *Event) Membership() (string, ValueKind) { return e.str(e.membership), e.membershipKind }

// AuthEventIDs returns a copy of the IDs in auth_events, in order, which
// the caller owns and may modify; nil when there are none. To read without
// allocating use [Event.AuthEventIDsSeq], or [Event.NumAuthEvents] with
// [Event.AuthEventID]; [Event.AppendAuthEventIDs] reuses a buffer.
func (e *Event) AuthEventIDs() []string { return e.cloneIDs(e.authRefs()) }

// PrevEventIDs returns a copy of the IDs in prev_events, in order, which
// the caller owns; nil when there are none. [Event.PrevEventIDsSeq],
// [Event.NumPrevEvents] with [Event.PrevEventID], and
// [Event.AppendPrevEventIDs] read them without a new slice.
func (e *Event) PrevEventIDs() []string { return e.cloneIDs(e.prevRefs()) }

// cloneIDs returns a copy of ids that shares no memory with the event, or
// nil for an empty list.
func (e *Event) cloneIDs(ids []idSpan) []string {
	if len(ids) == 0 {
		return nil
	}
	return e.appendIDs(make([]string, 0, len(ids)), ids)
}

// appendIDs appends the strings of the spans ids to dst.
func (e *Event) appendIDs(dst []string, ids []idSpan) []string {
	for _, r := range ids {
		dst = append(dst, e.str(r))
	}
	return dst
}

// NumAuthEvents returns the number of IDs in auth_events.
func (e *Event) NumAuthEvents() int { return int(e.nAuth) }

// AuthEventID returns the i-th ID in auth_events, or "" when i is out of
// range.
func (e *Event) AuthEventID(i int) string { return e.idAt(e.authRefs(), i) }

// NumPrevEvents returns the number of IDs in prev_events.
func (e *Event) NumPrevEvents() int { return int(e.nPrev) }

// PrevEventID returns the i-th ID in prev_events, or "" when i is out of
// range.
func (e *Event) PrevEventID(i int) string { return e.idAt(e.prevRefs(), i) }

// AppendAuthEventIDs appends the IDs in auth_events, in order, to dst and
// returns the extended slice, which the caller owns.
func (e *Event) AppendAuthEventIDs(dst []string) []string { return e.appendIDs(dst, e.authRefs()) }

// AppendPrevEventIDs appends the IDs in prev_events, in order, to dst and
// returns the extended slice, which the caller owns.
func (e *Event) AppendPrevEventIDs(dst []string) []string { return e.appendIDs(dst, e.prevRefs()) }

// AuthEventIDsSeq yields the IDs in auth_events, in order.
func (e *Event) AuthEventIDsSeq() iter.Seq[string] { return e.seqOf(e.authRefs()) }

// PrevEventIDsSeq yields the IDs in prev_events, in order.
func (e *Event) PrevEventIDsSeq() iter.Seq[string] { return e.seqOf(e.prevRefs()) }

func (e *Event) idAt(ids []idSpan, i int) string {
	if i < 0 || i >= len(ids) {
		return ""
	}
	return e.str(ids[i])
}

func (e *Event) seqOf(ids []idSpan) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, r := range ids {
			if !yield(e.str(r)) {
				return
			}
		}
	}
}

// Redacts returns the target of a redaction and its kind: the top-level
// redacts key in room versions 1–10, content.redacts in versions that move
// it into content (RedactsInContent, v11+; FMT-11-1), where a top-level
// redacts is an unknown key and is not read.
func (e *Event) Redacts() (string, ValueKind) {
	if !e.ver().RedactsInContent {
		return e.str(e.redacts), e.redactsKind
	}
	tok, ok := topMember(e.ContentJSON(), "redacts")
	if !ok {
		return "", Absent
	}
	if tok[0] != '"' {
		return "", NotString
	}
	r, _ := unescapeToken(tok)
	return r, String
}

// setID sets the event ID and, in a version whose room IDs come from the
// create event (RoomIDFromCreateEvent, v12), what derives from it: the
// room ID of the create event, "!" + id[1:] (EID-12-1), or the implied
// create event ID of any other event, "$" + roomID[1:]. They are written
// into b, the builder of the event's buffer, after what it holds. Every
// path that sets a v3+ ID goes through here or setHashID.
func (e *Event) setID(b *strings.Builder, id string) {
	e.id = e.keep(b, id)
	e.deriveFromID(b)
}

// deriveFromID is the v12 part of setID, once the ID is set.
func (e *Event) deriveFromID(b *strings.Builder) {
	id := e.ID()
	switch {
	case !e.ver().RoomIDFromCreateEvent:
	case e.isCreateEvent():
		// RoomIDOfCreateEventID, written into the buffer.
		if body, ok := createEventIDBody(id); ok {
			e.roomID = e.put(b, "!", body)
		} else {
			e.roomID = idSpan{}
		}
	default:
		// CreateEventIDOfRoomID, written into the buffer.
		if body, ok := roomIDBody(e.RoomID()); ok {
			e.impliedCreate = e.put(b, "$", body)
		}
	}
}

// setHashID sets the event ID "$" + unpadded base64 (alphabet enc) of the
// reference hash h (EID-3, EID-4) as setID does, writing it into b.
func (e *Event) setHashID(b *strings.Builder, h [32]byte, enc *idAlphabet) {
	var id [44]byte
	writeEventID(&id, h, enc)
	i := b.Len()
	b.Write(id[:])
	e.buf = b.String()
	e.id = idSpan{uint32(i), uint32(b.Len())}
	e.deriveFromID(b)
}

// keep returns the span of str in the event's buffer: where it is when it
// is a part of the buffer, else where it is written into b, the builder
// of the buffer.
func (e *Event) keep(b *strings.Builder, str string) idSpan {
	if len(str) == 0 {
		return idSpan{}
	}
	if i, ok := offsetIn(e.buf, str); ok {
		return idSpan{uint32(i), uint32(i + len(str))}
	}
	return e.put(b, "", str)
}

// put writes prefix and str into b after what it holds, makes the event's
// buffer b's text, and returns the span of prefix+str.
func (e *Event) put(b *strings.Builder, prefix, str string) idSpan {
	i := b.Len()
	b.WriteString(prefix)
	b.WriteString(str)
	e.buf = b.String()
	return idSpan{uint32(i), uint32(b.Len())}
}

// offsetIn returns where sub, a non-empty string, starts in s when its
// bytes are a part of s's memory.
func offsetIn(s, sub string) (int, bool) {
	if len(s) == 0 {
		return 0, false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(sub)))
	q := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	if p < q || p-q > uintptr(len(s)) || uintptr(len(s))-(p-q) < uintptr(len(sub)) {
		return 0, false
	}
	return int(p - q), true
}

// isCreateEvent reports whether e is "the create event" of the v12 format:
// type m.room.create and state_key "" (FMT-12-2).
func (e *Event) isCreateEvent() bool { return e.Type() == TypeCreate && e.StateKeyEquals("") }

// JSON returns the PDU text the event was parsed from. For an event of room
// version 3+ whose ID was given, it is the text without the event_id key.
func (e *Event) JSON() string { return e.text() }
