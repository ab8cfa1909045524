package builder

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Proto is an event to be built: everything of a PDU but its auth events,
// hashes, signatures and (from room version 3 on) its ID. The zero value
// is refused by [Build] with a *[FieldError] naming "type".
//
// The caller supplies every value that depends on time or chance:
// OriginServerTS, Depth (the largest depth among the prev events plus one,
// FMT-5) and, in room versions 1–2, the event ID.
type Proto struct {
	// Type is the event type, such as "m.room.message".
	Type string
	// StateKey is the state key; nil for a message event, non-nil (possibly
	// pointing to "") for a state event. [StateKey] makes one.
	StateKey *string
	// Sender is the sending user's ID, "@local:server".
	Sender string
	// RoomID is the room's ID. It must be empty for the create event of a
	// room version whose room ID is derived from it (v12) and is required
	// for every other event.
	RoomID string

	// Content is the content as raw JSON text of an object. Use either
	// Content or ContentMap; with neither the content is {}.
	Content []byte
	// ContentMap is the content as a map, marshalled with encoding/json and
	// then written as canonical JSON with the rest of the PDU.
	ContentMap map[string]any

	// PrevEvents are the IDs of the events this one follows (at most 20,
	// no repeats, FMT-4).
	PrevEvents []string
	// PrevEventHashes maps each prev event ID to its reference hash in
	// unpadded standard base64, as [ReferenceHash] gives it. Room versions
	// 1–2 need one per prev event (FMT-2); later versions must leave it
	// empty.
	PrevEventHashes map[string]string
	// Depth is the event's depth, 0..version.MaxDepth.
	Depth int64
	// OriginServerTS is the sending server's timestamp in milliseconds,
	// 0..2^53−1.
	OriginServerTS int64

	// Redacts is the ID of the event an m.room.redaction redacts. It is
	// written to the top-level redacts key, or to content.redacts in room
	// versions with RedactsInContent (v11+), where the content may carry it
	// instead. Other event types must leave it empty.
	Redacts string

	// EventID is the full event ID, "$local:server", in room versions 1–2
	// (EID-1). Later versions compute the ID and must leave it empty.
	EventID string
	// EventIDLocalpart, in room versions 1–2 and instead of EventID, makes
	// the ID "$" + EventIDLocalpart + ":" + the signing server's name.
	EventIDLocalpart string
}

// StateKey returns a pointer to a copy of s, for [Proto.StateKey].
func StateKey(s string) *string { return &s }

// SigningKey is the key a server signs its events with.
type SigningKey struct {
	// ServerName is the signing server's name, normally the sender's
	// domain (SIG-REQ-1).
	ServerName string
	// KeyID is the full key ID, "ed25519:" followed by the version.
	KeyID string
	// PrivateKey is the Ed25519 private key.
	PrivateKey ed25519.PrivateKey
}

func (k SigningKey) validate() error {
	switch {
	case k.ServerName == "":
		return fieldErr("SigningKey.ServerName", "is empty")
	case len(k.ServerName) > event.MaxIDBytes:
		return fieldErr("SigningKey.ServerName", "is longer than 255 bytes")
	case !utf8.ValidString(k.ServerName):
		return fieldErr("SigningKey.ServerName", "is not valid UTF-8")
	case !strings.HasPrefix(k.KeyID, "ed25519:") || len(k.KeyID) == len("ed25519:"):
		return fieldErr("SigningKey.KeyID", `must be "ed25519:" followed by a key version`)
	case len(k.KeyID) > event.MaxIDBytes || !utf8.ValidString(k.KeyID):
		return fieldErr("SigningKey.KeyID", "must be valid UTF-8 of at most 255 bytes")
	case len(k.PrivateKey) != ed25519.PrivateKeySize:
		return fieldErr("SigningKey.PrivateKey", "is not a 64-byte Ed25519 private key")
	}
	return nil
}

// isCreate reports whether p is the room's create event: type
// m.room.create with state key "" (FMT-12-2).
func (p *Proto) isCreate() bool {
	return p.Type == event.TypeCreate && p.StateKey != nil && *p.StateKey == ""
}

// checkString checks a required-or-optional string field against the FMT-6
// byte limit and UTF-8.
func checkString(field, s string, required bool) error {
	switch {
	case s == "" && required:
		return fieldErr(field, "is empty")
	case len(s) > event.MaxIDBytes:
		return fieldErr(field, "is longer than 255 bytes")
	case !utf8.ValidString(s):
		return fieldErr(field, "is not valid UTF-8")
	}
	return nil
}

// validate checks the proto against room version v before anything is
// assembled, so that errors name the field rather than a PDU path.
func (p *Proto) validate(v roomversion.Version, key SigningKey) error {
	if err := checkString("type", p.Type, true); err != nil {
		return err
	}
	if p.StateKey != nil {
		if err := checkString("state_key", *p.StateKey, false); err != nil {
			return err
		}
	}
	if err := checkString("sender", p.Sender, true); err != nil {
		return err
	}
	if !strings.HasPrefix(p.Sender, "@") || !strings.Contains(p.Sender, ":") {
		return fieldErr("sender", `must be a user ID "@local:server"`)
	}
	if err := p.validateRoomID(v); err != nil {
		return err
	}
	if p.Content != nil && p.ContentMap != nil {
		return fieldErr("content", "both Content and ContentMap are set")
	}
	if len(p.Content) > event.MaxPDUBytes {
		return fieldErr("content", "is larger than a PDU may be (64 KiB)")
	}
	if p.Content != nil {
		if t := bytes.TrimLeft(p.Content, " \t\r\n"); len(t) == 0 || t[0] != '{' || !json.Valid(p.Content) {
			return fieldErr("content", "is not valid JSON text of an object")
		}
	}
	if err := p.validatePrev(v); err != nil {
		return err
	}
	if p.Depth < 0 || p.Depth > v.MaxDepth || p.Depth > roomversion.MaxSafeInteger {
		return fieldErr("depth", "must be between 0 and the room version's maximum depth")
	}
	if p.OriginServerTS < 0 || p.OriginServerTS > roomversion.MaxSafeInteger {
		return fieldErr("origin_server_ts", "must be between 0 and 2^53−1")
	}
	if err := p.validateRedacts(); err != nil {
		return err
	}
	return p.validateEventID(v, key)
}

// validateRoomID: FMT-12-1 (v12 create has no room_id), FMT-7 room shape.
func (p *Proto) validateRoomID(v roomversion.Version) error {
	if v.RoomIDFromCreateEvent && p.isCreate() {
		if p.RoomID != "" {
			return fieldErr("room_id", "must be empty for the create event: this room version derives the room ID from it")
		}
		return nil
	}
	if err := checkString("room_id", p.RoomID, true); err != nil {
		return err
	}
	if !strings.HasPrefix(p.RoomID, "!") || len(p.RoomID) < 2 {
		return fieldErr("room_id", `must be a room ID starting with "!"`)
	}
	return nil
}

// validatePrev: FMT-2 (v1–2 hash pairs), FMT-4 (at most 20).
func (p *Proto) validatePrev(v roomversion.Version) error {
	if len(p.PrevEvents) > event.MaxPrevEvents {
		return fieldErr("prev_events", "has more than 20 entries")
	}
	pairs := v.EventFormat == roomversion.FormatV1
	if !pairs && len(p.PrevEventHashes) > 0 {
		return fieldErr("prev_events", "PrevEventHashes are only for room versions with [event_id, hashes] pairs (1–2)")
	}
	for i, id := range p.PrevEvents {
		if err := checkString("prev_events", id, true); err != nil {
			return err
		}
		if !strings.HasPrefix(id, "$") {
			return fieldErr("prev_events", "entry "+id+` does not start with "$"`)
		}
		for _, prev := range p.PrevEvents[:i] {
			if prev == id {
				return fieldErr("prev_events", "lists "+id+" twice")
			}
		}
		if pairs {
			h, ok := p.PrevEventHashes[id]
			if !ok || h == "" {
				return fieldErr("prev_events", "no reference hash for "+id+" in PrevEventHashes (room versions 1–2 need one)")
			}
			if err := checkString("prev_events", h, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// validateRedacts: redacts only on redactions, and a redaction names its
// target (REDACT-*, FMT-11-1). In v11+ the content may carry it instead;
// that is checked when the content is assembled.
func (p *Proto) validateRedacts() error {
	if p.Redacts == "" {
		return nil
	}
	if p.Type != event.TypeRedaction {
		return fieldErr("redacts", "is only for "+event.TypeRedaction+" events")
	}
	if err := checkString("redacts", p.Redacts, true); err != nil {
		return err
	}
	if !strings.HasPrefix(p.Redacts, "$") {
		return fieldErr("redacts", `must be an event ID starting with "$"`)
	}
	return nil
}

// validateEventID: EID-1 (v1–2 carry an ID), FMT-3 (later versions do not).
func (p *Proto) validateEventID(v roomversion.Version, key SigningKey) error {
	if v.EventIDFormat != roomversion.EventIDGiven {
		if p.EventID != "" || p.EventIDLocalpart != "" {
			return fieldErr("event_id", "this room version computes event IDs; leave EventID and EventIDLocalpart empty")
		}
		return nil
	}
	switch {
	case p.EventID != "" && p.EventIDLocalpart != "":
		return fieldErr("event_id", "both EventID and EventIDLocalpart are set")
	case p.EventID == "" && p.EventIDLocalpart == "":
		return fieldErr("event_id", "room versions 1–2 need EventID or EventIDLocalpart")
	case p.EventIDLocalpart != "":
		if strings.ContainsRune(p.EventIDLocalpart, ':') {
			return fieldErr("event_id", "EventIDLocalpart contains ':'")
		}
		return checkString("event_id", p.eventID(v, key), true)
	}
	if err := checkString("event_id", p.EventID, true); err != nil {
		return err
	}
	if !strings.HasPrefix(p.EventID, "$") || !strings.Contains(p.EventID, ":") {
		return fieldErr("event_id", `must be "$local:server"`)
	}
	return nil
}

// eventID returns the v1–2 event ID the proto asks for, or "".
func (p *Proto) eventID(v roomversion.Version, key SigningKey) string {
	if v.EventIDFormat != roomversion.EventIDGiven {
		return ""
	}
	if p.EventID != "" {
		return p.EventID
	}
	return "$" + p.EventIDLocalpart + ":" + key.ServerName
}
