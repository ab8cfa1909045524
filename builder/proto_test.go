package builder_test

import (
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// TestFieldErrors: each invalid input is refused before anything is
// built, with a *FieldError naming the field.
func TestFieldErrors(t *testing.T) {
	v1, v10, v11, v12 := roomversion.V1(), roomversion.V10(), roomversion.V11(), roomversion.V12()
	r := newRoom(t, v10)
	ok := func() builder.Proto {
		return builder.Proto{Type: "m.room.message", Sender: bob, RoomID: r.id, PrevEvents: []string{r.last.ID()}, Depth: 9, Content: []byte(`{}`)}
	}
	long := strings.Repeat("x", 256)
	key := testKey("b.example")
	tests := []struct {
		name  string
		v     roomversion.Version
		edit  func(*builder.Proto)
		key   *builder.SigningKey
		field string
	}{
		{"zero proto", v10, func(p *builder.Proto) { *p = builder.Proto{} }, nil, "type"},
		{"FMT-6 type over 255 bytes", v10, func(p *builder.Proto) { p.Type = long }, nil, "type"},
		{"type not UTF-8", v10, func(p *builder.Proto) { p.Type = "m.\xff" }, nil, "type"},
		{"FMT-6 state key over 255 bytes", v10, func(p *builder.Proto) { p.StateKey = builder.StateKey(long) }, nil, "state_key"},
		{"no sender", v10, func(p *builder.Proto) { p.Sender = "" }, nil, "sender"},
		{"FMT-7 sender not a user ID", v10, func(p *builder.Proto) { p.Sender = "bob" }, nil, "sender"},
		{"no room ID", v10, func(p *builder.Proto) { p.RoomID = "" }, nil, "room_id"},
		{"room of another state", v10, func(p *builder.Proto) { p.RoomID = "!other:a.example" }, nil, "room_id"},
		{"FMT-7 room ID shape", v10, func(p *builder.Proto) { p.RoomID = "room" }, nil, "room_id"},
		{"FMT-12-1 v12 create with room_id", v12, func(p *builder.Proto) {
			p.Type, p.StateKey, p.RoomID = event.TypeCreate, builder.StateKey(""), "!x:a.example"
		}, nil, "room_id"},
		{"FMT-12-2 v12 create-typed event with a state key needs room_id", v12, func(p *builder.Proto) {
			p.Type, p.StateKey, p.RoomID = event.TypeCreate, builder.StateKey("x"), ""
		}, nil, "room_id"},
		{"content and ContentMap", v10, func(p *builder.Proto) { p.ContentMap = map[string]any{} }, nil, "content"},
		{"content not an object", v10, func(p *builder.Proto) { p.Content = []byte(`[1]`) }, nil, "content"},
		{"content not JSON", v10, func(p *builder.Proto) { p.Content = []byte(`{"a":`) }, nil, "content"},
		{"content empty", v10, func(p *builder.Proto) { p.Content = []byte{} }, nil, "content"},
		{"FMT-6 content over 64 KiB", v10, func(p *builder.Proto) {
			p.Content = []byte(`{"a":"` + strings.Repeat("x", event.MaxPDUBytes) + `"}`)
		}, nil, "content"},
		{"FMT-6 PDU over 64 KiB", v10, func(p *builder.Proto) {
			p.Content = []byte(`{"a":"` + strings.Repeat("x", event.MaxPDUBytes-200) + `"}`)
		}, nil, "pdu"},
		{"ContentMap not marshallable", v10, func(p *builder.Proto) { p.Content, p.ContentMap = nil, map[string]any{"c": make(chan int)} }, nil, "content"},
		{"CJ-STRICT float content", v10, func(p *builder.Proto) { p.Content = []byte(`{"a":1.5}`) }, nil, "content.a"},
		{"FMT-4 21 prev events", v10, func(p *builder.Proto) {
			p.PrevEvents = nil
			for i := range 21 {
				p.PrevEvents = append(p.PrevEvents, "$"+strings.Repeat("a", i+1))
			}
		}, nil, "prev_events"},
		{"prev event twice", v10, func(p *builder.Proto) { p.PrevEvents = append(p.PrevEvents, p.PrevEvents[0]) }, nil, "prev_events"},
		{"prev event not an ID", v10, func(p *builder.Proto) { p.PrevEvents = []string{"x"} }, nil, "prev_events"},
		{"FMT-2 v1 prev event without hash", v1, func(p *builder.Proto) { p.EventID = "$1:b.example" }, nil, "prev_events"},
		{"FMT-3 prev hashes in v10", v10, func(p *builder.Proto) { p.PrevEventHashes = map[string]string{"$x": "h"} }, nil, "prev_events"},
		{"FMT-5 negative depth", v10, func(p *builder.Proto) { p.Depth = -1 }, nil, "depth"},
		{"FMT-5 depth over 2^53-1", v10, func(p *builder.Proto) { p.Depth = roomversion.MaxSafeInteger + 1 }, nil, "depth"},
		{"negative timestamp", v10, func(p *builder.Proto) { p.OriginServerTS = -1 }, nil, "origin_server_ts"},
		{"timestamp over 2^53-1", v10, func(p *builder.Proto) { p.OriginServerTS = roomversion.MaxSafeInteger + 1 }, nil, "origin_server_ts"},
		{"redacts on a message", v10, func(p *builder.Proto) { p.Redacts = "$x" }, nil, "redacts"},
		{"redaction without target v10", v10, func(p *builder.Proto) { p.Type = event.TypeRedaction }, nil, "redacts"},
		{"FMT-11-1 redaction without target v11", v11, func(p *builder.Proto) { p.Type = event.TypeRedaction }, nil, "redacts"},
		{"FMT-11-1 redacts twice v11", v11, func(p *builder.Proto) {
			p.Type, p.Redacts, p.Content = event.TypeRedaction, "$x", []byte(`{"redacts":"$y"}`)
		}, nil, "redacts"},
		{"EID-1 v1 without ID", v1, func(p *builder.Proto) { p.PrevEvents = nil }, nil, "event_id"},
		{"EID-1 v1 with both IDs", v1, func(p *builder.Proto) { p.PrevEvents, p.EventID, p.EventIDLocalpart = nil, "$1:b", "1" }, nil, "event_id"},
		{"EID-1 v1 ID shape", v1, func(p *builder.Proto) { p.PrevEvents, p.EventID = nil, "1" }, nil, "event_id"},
		{"EID-1 v1 local part with colon", v1, func(p *builder.Proto) { p.PrevEvents, p.EventIDLocalpart = nil, "a:b" }, nil, "event_id"},
		{"FMT-3 v10 with event ID", v10, func(p *builder.Proto) { p.EventID = "$1:b.example" }, nil, "event_id"},
		{"zero version", roomversion.Version{}, nil, nil, "version"},
		{"state of another version", roomversion.V9(), nil, nil, "version"},
		{"zero key", v10, nil, &builder.SigningKey{}, "SigningKey.ServerName"},
		{"key ID without algorithm", v10, nil, &builder.SigningKey{ServerName: "b.example", KeyID: "1", PrivateKey: key.PrivateKey}, "SigningKey.KeyID"},
		{"short private key", v10, nil, &builder.SigningKey{ServerName: "b.example", KeyID: "ed25519:1", PrivateKey: key.PrivateKey[:ed25519.SeedSize]}, "SigningKey.PrivateKey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok()
			if tt.edit != nil {
				tt.edit(&p)
			}
			k := key
			if tt.key != nil {
				k = *tt.key
			}
			res, err := builder.Build(p, tt.v, r.state, k)
			if !fieldIs(err, tt.field) {
				t.Fatalf("Build = %v, %v; want a FieldError naming %q", res, err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("message %q does not name %q", err, tt.field)
			}
		})
	}
	// The unedited proto builds: the table's errors come from the edits.
	if _, err := builder.Build(ok(), v10, r.state, key); err != nil {
		t.Fatalf("base proto: %v", err)
	}
}

// TestContentForms: raw content and a map give the same event.
func TestContentForms(t *testing.T) {
	r := newRoom(t, roomversion.V10())
	p := r.proto(builder.Proto{Type: "m.room.message", Sender: bob, Content: []byte(` { "n": 1, "body": "<&>" } `)})
	a, err := builder.Build(p, r.v, r.state, testKey("b.example"))
	if err != nil {
		t.Fatal(err)
	}
	p.Content, p.ContentMap = nil, map[string]any{"body": "<&>", "n": 1}
	b, err := builder.Build(p, r.v, r.state, testKey("b.example"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Event.ID() != b.Event.ID() || a.Event.ContentJSON() != `{"body":"<&>","n":1}` {
		t.Errorf("raw %s / map %s", a.Event.JSON(), b.Event.JSON())
	}
	p.ContentMap = nil
	c, err := builder.Build(p, r.v, r.state, testKey("b.example"))
	if err != nil || c.Event.ContentJSON() != "{}" {
		t.Errorf("no content: %v, %v", c, err)
	}
}

// TestNilAndZero: every exported function refuses nil and zero input with
// an error, never a panic.
func TestNilAndZero(t *testing.T) {
	for _, v := range []roomversion.Version{{}, roomversion.V1(), roomversion.V12()} {
		if _, err := builder.Build(builder.Proto{}, v, nil, builder.SigningKey{}); err == nil {
			t.Errorf("Build(zero) in %q: nil error", v.ID)
		}
	}
	if _, err := builder.AddSignature(nil, builder.SigningKey{}); err == nil {
		t.Error("AddSignature(nil): nil error")
	}
	if _, err := builder.ReferenceHash(nil); err == nil {
		t.Error("ReferenceHash(nil): nil error")
	}
	if _, err := builder.StateFromIDs(nil, nil); err == nil {
		t.Error("StateFromIDs(nil, nil): nil error")
	}
	if _, err := builder.StateFromIDs(nil, func(string) (*event.Event, bool) { return nil, false }); !errorsIs(err, builder.ErrNoCreateEvent) {
		t.Errorf("StateFromIDs(nil): %v", err)
	}
	if _, err := builder.StateFromEvents(nil); !errorsIs(err, builder.ErrNoCreateEvent) {
		t.Errorf("StateFromEvents(nil): %v", err)
	}
	if _, err := builder.StateFromEvents([]*event.Event{nil}); err == nil {
		t.Error("StateFromEvents([nil]): nil error")
	}
	if m, err := builder.IDsOf(nil); err != nil || len(m) != 0 {
		t.Errorf("IDsOf(nil) = %v, %v; want an empty set", m, err)
	}
	if _, err := builder.IDsOf(auth.StateMap{{Type: "t"}: nil}); err == nil {
		t.Error("IDsOf with a nil event: nil error")
	}
	for _, e := range []error{&builder.FieldError{}, &builder.MissingEventsError{}, &builder.EntryError{}, builder.ErrNoCreateEvent} {
		if e.Error() == "" {
			t.Errorf("%T has an empty message", e)
		}
	}
}

// TestStringEscapes: strings reach the PDU exactly, whatever they hold.
func TestStringEscapes(t *testing.T) {
	r := newRoom(t, roomversion.V10())
	for _, sk := range []string{"", `a"b\c`, "\x00\x01\x1f\x7f", "é€😀\u2028", "</script>&"} {
		res, err := r.build(builder.Proto{Type: "m.test " + sk, StateKey: builder.StateKey(sk), Sender: bob, ContentMap: map[string]any{sk: sk}})
		if err != nil {
			t.Fatalf("%q: %v", sk, err)
		}
		checkBuilt(t, res, r.v)
		if got, ok := res.Event.StateKey(); !ok || got != sk || res.Event.Type() != "m.test "+sk {
			t.Errorf("state key %q → %q (%v), type %q", sk, got, ok, res.Event.Type())
		}
	}
}

// TestWrappedValidationError: a PDU the event package refuses is a
// FieldError that still unwraps to the *event.ValidationError.
func TestWrappedValidationError(t *testing.T) {
	r := newRoom(t, roomversion.V10())
	_, err := r.build(builder.Proto{Type: "m.room.message", Sender: bob, Content: []byte(`{"a":1.5}`)})
	var ve *event.ValidationError
	if !fieldIs(err, "content.a") || !errors.As(err, &ve) {
		t.Errorf("err = %v", err)
	}
}

// wrongState answers every lookup with one event.
type wrongState struct{ ev *event.Event }

func (s wrongState) StateEvent(string, string) *event.Event { return s.ev }

// TestStateReturningWrongEvent: a State implementation that answers a key
// with an event of another key is reported, not listed.
func TestStateReturningWrongEvent(t *testing.T) {
	r := newRoom(t, roomversion.V10())
	create := r.state[auth.StateKey{Type: event.TypeCreate}]
	p := r.proto(builder.Proto{Type: "m.room.message", Sender: bob})
	_, err := builder.Build(p, r.v, wrongState{create}, testKey("b.example"))
	var ee *builder.EntryError
	if !errors.As(err, &ee) || ee.Key.Type != event.TypePowerLevels {
		t.Errorf("err = %v", err)
	}
}
