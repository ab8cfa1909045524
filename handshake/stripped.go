package handshake

import (
	"encoding/json"

	"github.com/mxauth/mxauth/auth"
)

// StrippedEvent is a stripped state event (client-server API, "Stripped
// state"): only type, state_key, sender and content. It marshals to that
// JSON shape.
type StrippedEvent struct {
	// Type is the event type.
	Type string `json:"type"`
	// StateKey is the state key.
	StateKey string `json:"state_key"`
	// Sender is the user who sent the state event.
	Sender string `json:"sender"`
	// Content is the event's content, as the JSON text of the event.
	Content json.RawMessage `json:"content"`
}

// StrippedStateTypes lists, in the order [StrippedState] emits them, the
// state events (all with state key "") the client-server API says stripped
// state should hold: create, name, avatar, topic, join rules, canonical
// alias and encryption. The slice is a copy; the caller may modify it.
func StrippedStateTypes() []string {
	return []string{
		"m.room.create",
		"m.room.name",
		"m.room.avatar",
		"m.room.topic",
		"m.room.join_rules",
		"m.room.canonical_alias",
		"m.room.encryption",
	}
}

// StrippedState builds the stripped state of a room from its current
// state: one entry for each event of [StrippedStateTypes] that the state
// holds, in that order, which is stable. It is both the knock_room_state of
// a send_knock response and the invite_room_state of an invite: the spec
// recommends the same set for both, and since MSC4311 the create event is
// expected in both. The result is never nil, so it marshals to [] when the
// state holds none of these events.
func StrippedState(state auth.State) []StrippedEvent {
	out := []StrippedEvent{}
	if state == nil {
		return out
	}
	for _, typ := range StrippedStateTypes() {
		ev := state.StateEvent(typ, "")
		if ev == nil {
			continue
		}
		out = append(out, StrippedEvent{
			Type:     ev.Type(),
			StateKey: "",
			Sender:   ev.Sender(),
			Content:  json.RawMessage(ev.ContentJSON()),
		})
	}
	return out
}
