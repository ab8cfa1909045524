package event

import (
	"iter"
	"strings"

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
type Event struct {
	raw     string // the PDU exactly as parsed (without event_id for given v3+ IDs)
	id      string
	version *roomversion.Version // shared for the supported versions (see internVersion)

	typ      string
	sender   string
	roomID   string
	stateKey string
	depth    int64
	ts       int64
	content  string // raw JSON of content

	membership string

	authEvents []string
	prevEvents []string

	redacts string // top-level redacts (v1–10); v11+ reads content

	impliedCreate string // v12: "$" + roomID[1:], the implied create event

	// The one-byte fields together, so that the struct holds no padding
	// (256 bytes, an allocation size class of its own; see newEvent).
	hasStateKey    bool
	membershipKind ValueKind
	redactsKind    ValueKind
	hasFloat       bool      // a number token has a fraction or exponent (CJ-LAX)
	hashState      hashState // the content hash checked while parsing, if asked (ParseOptions)

	memoSlots // values derived from the event: MemoSlot
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
func (e *Event) ID() string { return e.id }

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
func (e *Event) Type() string { return e.typ }

// Sender returns the sender's user ID.
func (e *Event) Sender() string { return e.sender }

// RoomID returns the room ID. For the create event of a room version
// whose room IDs come from the create event (RoomIDFromCreateEvent, v12),
// which carries no room_id (FMT-12-1), it returns the room ID derived from
// the event's own ID, "!" + ID()[1:] (EID-12-1, ROOMID-1), so that
// comparing the room IDs of two events of one room (AUTHEV-5) holds for the
// create event too.
func (e *Event) RoomID() string { return e.roomID }

// StateKey returns the state key and whether the event has one, that is,
// whether it is a state event.
func (e *Event) StateKey() (string, bool) { return e.stateKey, e.hasStateKey }

// IsState reports whether the event has a state_key.
func (e *Event) IsState() bool { return e.hasStateKey }

// StateKeyEquals reports whether the event is a state event with state key s.
func (e *Event) StateKeyEquals(s string) bool { return e.hasStateKey && e.stateKey == s }

// Depth returns the depth.
func (e *Event) Depth() int64 { return e.depth }

// OriginServerTS returns origin_server_ts in milliseconds.
func (e *Event) OriginServerTS() int64 { return e.ts }

// ContentJSON returns the raw JSON text of the content object.
func (e *Event) ContentJSON() string { return e.content }

// Membership returns content.membership and whether it is absent, a string
// or another type. Only meaningful for m.room.member events.
func (e *Event) Membership() (string, ValueKind) { return e.membership, e.membershipKind }

// AuthEventIDs returns a copy of the IDs in auth_events, in order, which
// the caller owns and may modify; nil when there are none. To read without
// allocating use [Event.AuthEventIDsSeq], or [Event.NumAuthEvents] with
// [Event.AuthEventID]; [Event.AppendAuthEventIDs] reuses a buffer.
func (e *Event) AuthEventIDs() []string { return cloneIDs(e.authEvents) }

// PrevEventIDs returns a copy of the IDs in prev_events, in order, which
// the caller owns; nil when there are none. [Event.PrevEventIDsSeq],
// [Event.NumPrevEvents] with [Event.PrevEventID], and
// [Event.AppendPrevEventIDs] read them without a new slice.
func (e *Event) PrevEventIDs() []string { return cloneIDs(e.prevEvents) }

// cloneIDs returns a copy of ids that shares no memory with the event, or
// nil for an empty list.
func cloneIDs(ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	return append([]string(nil), ids...)
}

// NumAuthEvents returns the number of IDs in auth_events.
func (e *Event) NumAuthEvents() int { return len(e.authEvents) }

// AuthEventID returns the i-th ID in auth_events, or "" when i is out of
// range.
func (e *Event) AuthEventID(i int) string { return idAt(e.authEvents, i) }

// NumPrevEvents returns the number of IDs in prev_events.
func (e *Event) NumPrevEvents() int { return len(e.prevEvents) }

// PrevEventID returns the i-th ID in prev_events, or "" when i is out of
// range.
func (e *Event) PrevEventID(i int) string { return idAt(e.prevEvents, i) }

// AppendAuthEventIDs appends the IDs in auth_events, in order, to dst and
// returns the extended slice, which the caller owns.
func (e *Event) AppendAuthEventIDs(dst []string) []string { return append(dst, e.authEvents...) }

// AppendPrevEventIDs appends the IDs in prev_events, in order, to dst and
// returns the extended slice, which the caller owns.
func (e *Event) AppendPrevEventIDs(dst []string) []string { return append(dst, e.prevEvents...) }

// AuthEventIDsSeq yields the IDs in auth_events, in order.
func (e *Event) AuthEventIDsSeq() iter.Seq[string] { return seqOf(e.authEvents) }

// PrevEventIDsSeq yields the IDs in prev_events, in order.
func (e *Event) PrevEventIDsSeq() iter.Seq[string] { return seqOf(e.prevEvents) }

func idAt(ids []string, i int) string {
	if i < 0 || i >= len(ids) {
		return ""
	}
	return ids[i]
}

func seqOf(ids []string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, id := range ids {
			if !yield(id) {
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
		return e.redacts, e.redactsKind
	}
	tok, ok := topMember(e.content, "redacts")
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
// room ID of the create event, "!" + id[1:] (EID-12-1). Every path that
// sets a v3+ ID goes through here or setHashID.
func (e *Event) setID(id string) {
	e.id = id
	switch {
	case !e.ver().RoomIDFromCreateEvent:
	case e.isCreateEvent():
		e.roomID = RoomIDOfCreateEventID(id)
	default:
		e.impliedCreate, _ = CreateEventIDOfRoomID(e.roomID)
	}
}

// setHashID sets the event ID "$" + unpadded base64 (alphabet enc) of the
// reference hash h (EID-3, EID-4) as setID does. The ID, and in v12 the
// room ID of a create event or the implied create event ID of any other
// event, are written into b after the PDU text when its capacity allows,
// so that they share the text's allocation; otherwise they share one of
// their own.
func (e *Event) setHashID(b *strings.Builder, h [32]byte, enc *idAlphabet) {
	if !e.ver().RoomIDFromCreateEvent {
		// The ID alone.
		var id [44]byte
		id[0] = '$'
		enc.Encode(id[1:], h[:])
		if b != nil && b.Cap()-b.Len() >= len(id) {
			base := b.Len()
			b.Write(id[:])
			e.id = b.String()[base:]
		} else {
			e.id = string(id[:])
		}
		return
	}
	var buf [44 + 1 + MaxIDBytes]byte
	out := buf[:44]
	out[0] = '$'
	enc.Encode(out[1:], h[:])
	if e.ver().RoomIDFromCreateEvent {
		if e.isCreateEvent() {
			out = append(append(out, '!'), out[1:44]...)
		} else if len(e.roomID) >= 2 && e.roomID[0] == '!' {
			out = append(append(out, '$'), e.roomID[1:]...)
		}
	}
	var str string
	if b != nil && b.Cap()-b.Len() >= len(out) {
		base := b.Len()
		b.Write(out)
		str = b.String()[base:]
	} else {
		str = string(out)
	}
	e.id = str[:44]
	switch {
	case len(str) == 44:
	case e.isCreateEvent():
		e.roomID = str[44:]
	default:
		e.impliedCreate = str[44:]
	}
}

// isCreateEvent reports whether e is "the create event" of the v12 format:
// type m.room.create and state_key "" (FMT-12-2).
func (e *Event) isCreateEvent() bool { return e.typ == TypeCreate && e.StateKeyEquals("") }

// JSON returns the PDU text the event was parsed from. For an event of room
// version 3+ whose ID was given, it is the text without the event_id key.
func (e *Event) JSON() string { return e.raw }
