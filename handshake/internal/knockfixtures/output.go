package knockfixtures

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/mxauth/mxauth/handshake/internal/pdutest"
)

// File is one generated fixture file.
type File struct {
	// Name is the file name, "<case name>.json".
	Name string
	// Data is the file's content.
	Data []byte
	// Room is the built room, for checks.
	Room *Room
}

// Generate builds every case and encodes it in the fixture format.
func Generate() ([]File, error) {
	var out []File
	for _, c := range Cases() {
		r := NewRoom(c.Version)
		c.Build(r)
		if err := r.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		data, err := encode(c, r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		out = append(out, File{Name: c.Name + ".json", Data: data, Room: r})
	}
	return out, nil
}

// ordered is a JSON object whose members keep their order.
type ordered []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o ordered) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := marshalNoEscape(m.value)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func encode(c Case, r *Room) ([]byte, error) {
	events := make([]json.RawMessage, 0, len(r.Events()))
	authV := ordered{}
	notes := ordered{}
	for _, b := range r.Events() {
		events = append(events, json.RawMessage(b.Raw))
		authV = append(authV, member{b.Event.ID(), b.Expect})
		notes = append(notes, member{b.Event.ID(), "expect " + b.Expect + ": " + b.Note})
	}
	servers := make([]string, 0, len(r.Signers()))
	for s := range r.Signers() {
		servers = append(servers, s)
	}
	sort.Strings(servers)
	keys := ordered{}
	for _, s := range servers {
		keys = append(keys, member{s, ordered{{pdutest.KeyID, r.Signers()[s].PublicKeyBase64()}}})
	}
	doc := ordered{
		{"fixture", 1},
		{"name", c.Name},
		{"description", c.Description},
		{"room_version", c.Version.ID},
		{"ids", "computed"},
		{"events", events},
		{"auth", authV},
		{"keys", keys},
		{"notes", notes},
	}
	flat, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, flat, "", " "); err != nil {
		return nil, err
	}
	pretty.WriteByte('\n')
	return pretty.Bytes(), nil
}
