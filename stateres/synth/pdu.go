package synth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// pdu is one event to be written.
type pdu struct {
	typ      string
	sender   string
	stateKey string
	isState  bool
	content  string // canonical JSON object
	auth     []string
	prev     []string
	depth    int64
	ts       int64
}

// placeholder hash for the hashes and v1-format reference fields.
const fakeHash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

// eventID derives the synthetic ID of event number i (see the package
// documentation).
func eventID(seed int64, i int, v roomversion.Version) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(seed))
	binary.BigEndian.PutUint64(b[8:], uint64(i))
	sum := sha256.Sum256(b[:])
	id := "$" + base64.RawURLEncoding.EncodeToString(sum[:])
	if v.EventIDFormat == roomversion.EventIDGiven {
		id += ":synth.example"
	}
	return id
}

// encode writes p as canonical PDU JSON (keys in sorted order) for room
// version v, with id as event_id in versions 1–2. An empty roomID leaves
// room_id out (the create event of room version 12).
func (p *pdu) encode(buf []byte, roomID, id string, v roomversion.Version) []byte {
	v1 := v.EventFormat == roomversion.FormatV1
	buf = append(buf, `{"auth_events":`...)
	buf = refs(buf, p.auth, v1)
	buf = append(buf, `,"content":`...)
	buf = append(buf, p.content...)
	buf = append(buf, `,"depth":`...)
	buf = strconv.AppendInt(buf, p.depth, 10)
	if v1 {
		buf = append(buf, `,"event_id":`...)
		buf = str(buf, id)
	}
	buf = append(buf, `,"hashes":{"sha256":"`+fakeHash+`"},"origin_server_ts":`...)
	buf = strconv.AppendInt(buf, p.ts, 10)
	buf = append(buf, `,"prev_events":`...)
	buf = refs(buf, p.prev, v1)
	if roomID != "" {
		buf = append(buf, `,"room_id":`...)
		buf = str(buf, roomID)
	}
	buf = append(buf, `,"sender":`...)
	buf = str(buf, p.sender)
	buf = append(buf, `,"signatures":{}`...)
	if p.isState {
		buf = append(buf, `,"state_key":`...)
		buf = str(buf, p.stateKey)
	}
	buf = append(buf, `,"type":`...)
	buf = str(buf, p.typ)
	return append(buf, '}')
}

func refs(buf []byte, ids []string, v1 bool) []byte {
	buf = append(buf, '[')
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, ',')
		}
		if v1 {
			buf = append(buf, '[')
			buf = str(buf, id)
			buf = append(buf, `,{"sha256":"`+fakeHash+`"}]`...)
		} else {
			buf = str(buf, id)
		}
	}
	return append(buf, ']')
}

// str appends s as a JSON string. Generated strings are printable ASCII,
// but quotes, backslashes and control characters are escaped regardless.
func str(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c < 0x20:
			buf = append(buf, `\u00`...)
			buf = append(buf, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// parse turns the written PDU into an event with the given ID.
func parse(raw []byte, id string, v roomversion.Version) (*event.Event, error) {
	return event.NewWithID(raw, id, v)
}
