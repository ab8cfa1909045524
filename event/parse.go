package event

import (
	"strconv"
	"strings"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/tidwall/gjson"
)

// Limits of FMT-4 and FMT-6.
const (
	MaxPDUBytes      = 65536 // canonical JSON of the whole PDU
	MaxIDBytes       = 255   // sender, room_id, event_id
	MaxTypeBytes     = 255   // type
	MaxStateKeyBytes = 255   // state_key
	MaxAuthEvents    = 10
	MaxPrevEvents    = 20
	maxRawInputBytes = 4 * MaxPDUBytes // bound on the text before canonicalisation
	maxNestingDepth  = 64
)

// Parse parses and validates a PDU received for room version v, and derives
// its event ID: taken from the PDU in room versions 1–2, computed from the
// reference hash from version 3 on (where a PDU carrying event_id is invalid,
// DECISIONS D16). The bytes are copied; the caller may reuse raw.
func Parse(raw []byte, v roomversion.Version) (*Event, error) {
	e, err := parse(raw, v)
	if err != nil {
		return nil, err
	}
	if v.EventIDFormat != roomversion.EventIDGiven {
		id, err := computeEventID(e)
		if err != nil {
			return nil, err
		}
		e.id = id
	}
	return e, nil
}

// NewWithID parses and validates a PDU whose event ID the caller already
// knows, such as an event loaded from the caller's own store. In room
// versions 3+ the PDU must not carry event_id (use [StripEventID] first) and
// id is trusted without recomputing the reference hash. In versions 1–2 the
// PDU's own event_id must equal id.
func NewWithID(raw []byte, id string, v roomversion.Version) (*Event, error) {
	e, err := parse(raw, v)
	if err != nil {
		return nil, err
	}
	if v.EventIDFormat == roomversion.EventIDGiven {
		if e.id != id {
			return nil, invalid("event_id", "PDU carries %q, caller gave %q", e.id, id)
		}
		return e, nil
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	e.id = id
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

func parse(raw []byte, v roomversion.Version) (*Event, error) {
	if err := v.Valid(); err != nil {
		return nil, err
	}
	if len(raw) > maxRawInputBytes {
		return nil, invalid("", "PDU text is %d bytes, more than %d", len(raw), maxRawInputBytes)
	}
	s := string(raw)
	info, err := scanJSON(s, v.StrictCanonicalJSON)
	if err != nil {
		return nil, err
	}
	root := gjson.Parse(s)
	if !root.IsObject() {
		return nil, invalid("", "not a JSON object")
	}
	e := &Event{raw: s, version: v, hasFloat: info.hasFloat}
	var (
		seen  uint16
		errF  error
		authR gjson.Result
		prevR gjson.Result
	)
	root.ForEach(func(k, val gjson.Result) bool {
		switch k.Str {
		case "type":
			seen |= 1 << 0
			e.typ, errF = boundedString("type", val, MaxTypeBytes)
		case "sender":
			seen |= 1 << 1
			e.sender, errF = boundedString("sender", val, MaxIDBytes)
		case "room_id":
			seen |= 1 << 2
			e.roomID, errF = boundedString("room_id", val, MaxIDBytes)
		case "state_key":
			e.stateKey, errF = boundedString("state_key", val, MaxStateKeyBytes)
			e.hasStateKey = true
		case "content":
			seen |= 1 << 3
			if !val.IsObject() {
				errF = invalid("content", "must be an object")
			}
			e.content = val.Raw
		case "depth":
			seen |= 1 << 4
			e.depth, errF = integer("depth", val, 0, v.MaxDepth)
		case "origin_server_ts":
			seen |= 1 << 5
			e.ts, errF = integer("origin_server_ts", val, -roomversion.MaxSafeInteger, maxTS(v))
		case "hashes":
			seen |= 1 << 6
			if !val.IsObject() {
				errF = invalid("hashes", "must be an object")
			} else if h := val.Get("sha256"); h.Type != gjson.String {
				errF = invalid("hashes.sha256", "must be a string")
			}
		case "signatures":
			seen |= 1 << 7
			if !val.IsObject() {
				errF = invalid("signatures", "must be an object")
			}
		case "auth_events":
			seen |= 1 << 8
			authR = val
		case "prev_events":
			seen |= 1 << 9
			prevR = val
		case "event_id":
			if v.EventIDFormat != roomversion.EventIDGiven {
				errF = invalid("event_id", "not allowed in room version %s (DECISIONS D16)", v.ID)
				break
			}
			seen |= 1 << 10
			e.id, errF = boundedString("event_id", val, MaxIDBytes)
			if errF == nil && (e.id == "" || e.id[0] != '$') {
				errF = invalid("event_id", "must start with '$'")
			}
		case "redacts":
			if val.Type == gjson.String {
				e.redacts, e.redactsKind = val.Str, String
			} else {
				e.redactsKind = NotString
			}
		case "unsigned":
			if !val.IsObject() {
				errF = invalid("unsigned", "must be an object")
			}
		}
		return errF == nil
	})
	if errF != nil {
		return nil, errF
	}
	required := []struct {
		bit  uint16
		name string
	}{{0, "type"}, {1, "sender"}, {2, "room_id"}, {3, "content"}, {4, "depth"},
		{5, "origin_server_ts"}, {6, "hashes"}, {7, "signatures"}, {8, "auth_events"}, {9, "prev_events"}}
	for _, r := range required {
		if seen&(1<<r.bit) == 0 {
			return nil, invalid(r.name, "required field missing")
		}
	}
	if v.EventIDFormat == roomversion.EventIDGiven && seen&(1<<10) == 0 {
		return nil, invalid("event_id", "required in room version %s", v.ID)
	}
	if e.authEvents, err = refList("auth_events", authR, MaxAuthEvents, v); err != nil {
		return nil, err
	}
	if e.prevEvents, err = refList("prev_events", prevR, MaxPrevEvents, v); err != nil {
		return nil, err
	}
	if e.typ == TypeMember {
		m := gjson.Get(e.content, "membership")
		switch {
		case !m.Exists():
		case m.Type == gjson.String:
			e.membership, e.membershipKind = m.Str, String
		default:
			e.membershipKind = NotString
		}
	}
	if err := checkSize(e); err != nil {
		return nil, err
	}
	return e, nil
}

func maxTS(v roomversion.Version) int64 {
	if v.StrictCanonicalJSON {
		return roomversion.MaxSafeInteger
	}
	return 1<<63 - 1
}

func boundedString(field string, val gjson.Result, max int) (string, error) {
	if val.Type != gjson.String {
		return "", invalid(field, "must be a string")
	}
	if len(val.Str) > max {
		return "", invalid(field, "longer than %d bytes", max)
	}
	return val.Str, nil
}

// integer reads a JSON integer token (no fraction or exponent) in [lo, hi].
func integer(field string, val gjson.Result, lo, hi int64) (int64, error) {
	if val.Type != gjson.Number || strings.ContainsAny(val.Raw, ".eE") {
		return 0, invalid(field, "must be a JSON integer")
	}
	n, err := strconv.ParseInt(val.Raw, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, invalid(field, "must be an integer from %d to %d", lo, hi)
	}
	return n, nil
}

// refList reads auth_events or prev_events: [id, {"sha256": …}] pairs in
// the v1 format (FMT-2), plain ID strings otherwise (FMT-3).
func refList(field string, val gjson.Result, max int, v roomversion.Version) ([]string, error) {
	if !val.IsArray() {
		return nil, invalid(field, "must be an array")
	}
	n := 0
	val.ForEach(func(_, _ gjson.Result) bool { n++; return n <= max })
	if n > max {
		return nil, invalid(field, "more than %d entries", max)
	}
	if n == 0 {
		return nil, nil
	}
	ids := make([]string, 0, n)
	var err error
	val.ForEach(func(_, item gjson.Result) bool {
		var id gjson.Result
		if v.EventFormat == roomversion.FormatV1 {
			if !item.IsArray() {
				err = invalid(field, "entries must be [event_id, hashes] pairs")
				return false
			}
			parts := item.Array()
			if len(parts) != 2 || !parts[1].IsObject() {
				err = invalid(field, "entries must be [event_id, hashes] pairs")
				return false
			}
			id = parts[0]
		} else {
			id = item
		}
		if id.Type != gjson.String {
			err = invalid(field, "event IDs must be strings")
			return false
		}
		ids = append(ids, id.Str)
		return true
	})
	return ids, err
}
