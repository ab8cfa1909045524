package builder

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Result is a built event.
type Result struct {
	// Event is the signed, hashed PDU, parsed for its room version; its ID
	// is Event.ID() and its wire text Event.JSON().
	Event *event.Event
	// RoomID is the event's room ID. For the create event of a room version
	// that derives room IDs from it (v12) it is that derived ID, which the
	// PDU itself does not carry; the caller uses it as the RoomID of every
	// later event of the room.
	RoomID string
	// AuthEvents are the events listed in auth_events, in order. In room
	// version 12 the implied create event is not among them (SEL-1).
	AuthEvents []*event.Event
	// ImpliedCreate is, in room versions whose room ID names the create
	// event (v12), the create event the event's room_id implies, taken from
	// the state; nil otherwise. auth.CheckAuthEvents expects it appended to
	// AuthEvents.
	ImpliedCreate *event.Event
}

// Build makes the signed PDU of p in room version v, sent from state and
// signed with key. It selects the auth events (SEL-0..7) from state,
// computes the content hash (HASH-C-*), signs (SIG-1) and parses the
// result, which derives the event ID in room versions 3+ (EID-3/4).
//
// state is the room state the event is sent from, normally the current
// state; a nil state is empty. Every event but the create event needs a
// create event in it: without one Build returns an error wrapping
// [ErrNoCreateEvent], and that create event must be of room version v and
// of p.RoomID.
// Invalid input gives a *[FieldError].
//
// Build judges nothing: an event the rules reject is still built. Judge it
// with auth.CheckAuthEvents or auth.Check before sending it.
//
// Build is deterministic (the same input gives the same bytes), changes
// none of its arguments and is safe for concurrent use when state is.
func Build(p Proto, v roomversion.Version, state auth.State, key SigningKey) (*Result, error) {
	if err := v.Valid(); err != nil {
		return nil, &FieldError{Field: "version", Reason: err.Error(), err: err}
	}
	if err := key.validate(); err != nil {
		return nil, err
	}
	if err := p.validate(v, key); err != nil {
		return nil, err
	}
	content, err := p.content(v)
	if err != nil {
		return nil, err
	}
	var create *event.Event
	if !p.isCreate() {
		if create, err = roomCreate(&p, v, state); err != nil {
			return nil, err
		}
	}
	var tmpl pduTemplate
	tmpl.init(&p, v, key, content)

	// Selection reads a parsed event: parse the PDU once without auth
	// events and with placeholder hashes, select, then build the real one.
	probe, err := event.Parse(tmpl.bytes("[]", true), v)
	if err != nil {
		return nil, pduErr(err)
	}
	var buf [8]auth.StateKey
	keys := auth.SelectAuthEvents(probe, buf[:0])
	authEvents, err := pick(keys, state)
	if err != nil {
		return nil, err
	}
	refs, err := refList(authEvents, v)
	if err != nil {
		return nil, err
	}
	signed, err := event.Sign(tmpl.bytes(refs, false), v, key.ServerName, key.KeyID, key.PrivateKey)
	if err != nil {
		return nil, pduErr(err)
	}
	ev, err := event.Parse(signed, v)
	if err != nil {
		return nil, pduErr(err)
	}
	roomID := p.RoomID
	if v.RoomIDFromCreateEvent && p.isCreate() {
		roomID = event.RoomIDOfCreateEventID(ev.ID())
	}
	res := &Result{Event: ev, RoomID: roomID, AuthEvents: authEvents}
	if _, ok := ev.ImpliedCreateEventID(); ok {
		res.ImpliedCreate = create
	}
	return res, nil
}

// roomCreate returns the state's create event, which every event but the
// create event needs (SEL-1, AUTHEV-4, ROOMID-1), and checks that it is
// the proto's room's: its room_id (v1–11) or the room ID its event ID
// gives (v12, ROOMID-1).
func roomCreate(p *Proto, v roomversion.Version, state auth.State) (*event.Event, error) {
	var create *event.Event
	if state != nil {
		create = state.StateEvent(event.TypeCreate, "")
	}
	if create == nil {
		return nil, fmt.Errorf("builder: %w", ErrNoCreateEvent)
	}
	if create.Version().ID != v.ID {
		return nil, fieldErr("version", "the state's create event is of room version "+create.Version().ID)
	}
	room := create.RoomID()
	if v.RoomIDFromCreateEvent {
		room = event.RoomIDOfCreateEventID(create.ID())
	}
	if room != p.RoomID {
		return nil, fieldErr("room_id", "is not the room of the state's create event, "+room)
	}
	return create, nil
}

// pick looks the selected keys up in state ("if one exists", DIGEST §3).
// Selection itself leaves out the v12 create event (SEL-1, FMT-12-3).
func pick(keys []auth.StateKey, state auth.State) ([]*event.Event, error) {
	if len(keys) == 0 || state == nil {
		return nil, nil
	}
	out := make([]*event.Event, 0, len(keys))
	for _, k := range keys {
		ae := state.StateEvent(k.Type, k.StateKey)
		if ae == nil {
			continue
		}
		if ae.Type() != k.Type || !ae.StateKeyEquals(k.StateKey) {
			return nil, &EntryError{Key: k, ID: ae.ID(), Reason: "the state returned an event of another (type, state_key)"}
		}
		out = append(out, ae)
	}
	return out, nil
}

// refList writes auth_events: IDs (FMT-3) or [id, {"sha256": hash}] pairs
// (FMT-2).
func refList(evs []*event.Event, v roomversion.Version) (string, error) {
	b := []byte{'['}
	for i, ae := range evs {
		if i > 0 {
			b = append(b, ',')
		}
		if v.EventFormat != roomversion.FormatV1 {
			b = appendString(b, ae.ID())
			continue
		}
		h, err := ReferenceHash(ae)
		if err != nil {
			return "", &EntryError{Key: stateKeyOf(ae), ID: ae.ID(), Reason: "reference hash: " + err.Error()}
		}
		b = appendPair(b, ae.ID(), h)
	}
	return string(append(b, ']')), nil
}

func stateKeyOf(ev *event.Event) auth.StateKey {
	sk, _ := ev.StateKey()
	return auth.StateKey{Type: ev.Type(), StateKey: sk}
}

// ReferenceHash returns ev's reference hash (HASH-R-1..3) in unpadded
// standard base64, the form room versions 1–2 list next to an event ID in
// prev_events and auth_events (FMT-2, [Proto.PrevEventHashes]).
func ReferenceHash(ev *event.Event) (string, error) {
	if ev == nil {
		return "", fieldErr("event", "is nil")
	}
	h, err := ev.ReferenceHash()
	if err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(h[:]), nil
}

// pduErr reports an assembled PDU the event package refuses, naming its
// field.
func pduErr(err error) error {
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		f := ve.Field
		if f == "" {
			f = "pdu"
		}
		return &FieldError{Field: f, Reason: ve.Reason, err: err}
	}
	return &FieldError{Field: "pdu", Reason: err.Error(), err: err}
}

// content returns the content object's text, with content.redacts set in
// room versions with RedactsInContent (FMT-11-1).
func (p *Proto) content(v roomversion.Version) ([]byte, error) {
	c := p.Content
	if p.ContentMap != nil {
		var err error
		if c, err = json.Marshal(p.ContentMap); err != nil {
			return nil, &FieldError{Field: "content", Reason: err.Error(), err: err}
		}
		if len(c) > event.MaxPDUBytes {
			return nil, fieldErr("content", "is larger than a PDU may be (64 KiB)")
		}
	}
	if c == nil {
		c = []byte("{}")
	}
	if p.Type != event.TypeRedaction {
		return c, nil
	}
	if !v.RedactsInContent {
		if p.Redacts == "" {
			return nil, fieldErr("redacts", "a redaction needs Redacts")
		}
		return c, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(c, &m); err != nil {
		return nil, &FieldError{Field: "content", Reason: err.Error(), err: err}
	}
	_, has := m["redacts"]
	switch {
	case has && p.Redacts != "":
		return nil, fieldErr("redacts", "set both in Redacts and in content.redacts")
	case has:
		return c, nil
	case p.Redacts == "":
		return nil, fieldErr("redacts", "a redaction needs Redacts or content.redacts")
	}
	t := bytes.TrimLeft(c, " \t\r\n")[1:] // after '{'
	out := appendString([]byte(`{"redacts":`), p.Redacts)
	if r := bytes.TrimLeft(t, " \t\r\n"); len(r) == 0 || r[0] != '}' {
		out = append(out, ',')
	}
	return append(out, t...), nil
}

// pduTemplate holds the PDU's members but auth_events, hashes and
// signatures, as JSON text; event.Sign writes the canonical form.
type pduTemplate struct {
	head []byte
}

func (t *pduTemplate) init(p *Proto, v roomversion.Version, key SigningKey, content []byte) {
	b := make([]byte, 0, 256+len(content))
	b = append(b, `{"type":`...)
	b = appendString(b, p.Type)
	b = append(b, `,"sender":`...)
	b = appendString(b, p.Sender)
	if p.RoomID != "" {
		b = append(b, `,"room_id":`...)
		b = appendString(b, p.RoomID)
	}
	if p.StateKey != nil {
		b = append(b, `,"state_key":`...)
		b = appendString(b, *p.StateKey)
	}
	if id := p.eventID(v, key); id != "" {
		b = append(b, `,"event_id":`...)
		b = appendString(b, id)
	}
	if p.Redacts != "" && !v.RedactsInContent {
		b = append(b, `,"redacts":`...)
		b = appendString(b, p.Redacts)
	}
	b = append(b, `,"depth":`...)
	b = strconv.AppendInt(b, p.Depth, 10)
	b = append(b, `,"origin_server_ts":`...)
	b = strconv.AppendInt(b, p.OriginServerTS, 10)
	b = append(b, `,"prev_events":[`...)
	for i, id := range p.PrevEvents {
		if i > 0 {
			b = append(b, ',')
		}
		if v.EventFormat == roomversion.FormatV1 {
			b = appendPair(b, id, p.PrevEventHashes[id])
		} else {
			b = appendString(b, id)
		}
	}
	b = append(b, `],"content":`...)
	b = append(b, content...)
	t.head = b
}

// bytes returns the PDU text with auth_events refs; a probe carries
// placeholder hashes and no signatures so that event.Parse accepts it.
func (t *pduTemplate) bytes(refs string, probe bool) []byte {
	b := make([]byte, 0, len(t.head)+len(refs)+64)
	b = append(b, t.head...)
	b = append(b, `,"auth_events":`...)
	b = append(b, refs...)
	if probe {
		b = append(b, `,"hashes":{"sha256":""},"signatures":{}`...)
	}
	return append(b, '}')
}

func appendPair(b []byte, id, hash string) []byte {
	b = append(b, '[')
	b = appendString(b, id)
	b = append(b, `,{"sha256":`...)
	b = appendString(b, hash)
	return append(b, "}]"...)
}

// appendString appends s as a JSON string: '"', '\\' and control
// characters escaped, everything else as it is. s is valid UTF-8
// (validated before); event.Sign writes the canonical form.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
