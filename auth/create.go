package auth

import (
	"github.com/mxauth/mxauth/roomversion"
	"github.com/tidwall/gjson"
)

// createRules implements CREATE-1..5 for an m.room.create event. Neither
// state_key nor auth_events is checked (DECISIONS D10).
func (c *checker) createRules() verdict {
	ev := c.ev
	// CREATE-1: a create event starts the graph.
	if len(ev.PrevEventIDs()) > 0 {
		return c.rejectf(RuleCreate1, "create event has prev_events")
	}
	// CREATE-2: the room belongs to the sender's server.
	rd, ok1 := domain(ev.RoomID())
	sd, ok2 := domain(ev.Sender())
	if !ok1 || !ok2 {
		return c.rejectf(RuleCreate2, "room_id or sender has no domain")
	}
	if rd != sd {
		return c.rejectf(RuleCreate2, "room_id domain differs from sender domain")
	}
	content := ev.Content()
	// CREATE-3: a room_version, when given, must be known; absent means "1".
	// Known means defined by the spec, as the network's reference server
	// knows it, not only the versions this library implements.
	if rv := content.Get("room_version"); rv.Exists() {
		if rv.Type != gjson.String || !roomversion.Recognized(rv.Str) {
			return c.rejectf(RuleCreate3, "unknown room_version")
		}
	}
	// CREATE-4: creator must be present (its value is not checked).
	if !content.Get("creator").Exists() {
		return c.rejectf(RuleCreate4, "content has no creator")
	}
	// CREATE-5.
	return allow
}
