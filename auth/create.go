package auth

import (
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// createRules implements CREATE-1..7 for an m.room.create event. In room
// versions 1–11 neither state_key nor auth_events is checked (DECISIONS
// D10); in room version 12 a create-typed event that is not
// (m.room.create, "") is refused (CREATE-7, D28).
func (c *checker) createRules() verdict {
	ev := c.ev
	// CREATE-7 (v12): only ("m.room.create", "") can be a create event.
	if c.v.RoomIDFromCreateEvent && !ev.StateKeyEquals("") {
		return c.rejectKey(RuleCreate7, "state_key", quoted(ev.StateKey()), "a create event needs state_key \"\" in this room version")
	}
	// CREATE-1: a create event starts the graph.
	if ev.NumPrevEvents() > 0 {
		return c.rejectKey(RuleCreate1, "prev_events", clip(string(jsonread.Object(ev.JSON()).First("prev_events"))), "create event has prev_events")
	}
	if v := c.createRoomID(); v != next {
		return v
	}
	content := jv(ev.ContentJSON())
	// CREATE-3: a room_version, when given, must be known; absent means "1".
	// Known means defined by the spec, as the network's reference server
	// knows it, not only the versions this library implements.
	if rv := content.First("room_version"); rv.Exists() {
		if !rv.IsString() || !roomversion.Recognized(rv.Str()) {
			return c.rejectKey(RuleCreate3, "content.room_version", string(rv), "unknown room_version")
		}
	}
	// CREATE-4 (v1–10): creator must be present (its value is not checked).
	if !c.v.CreatorIsCreateSender && !content.First("creator").Exists() {
		return c.rejectKey(RuleCreate4, "content.creator", "", "content has no creator")
	}
	// CREATE-6 (v12): additional_creators must be a list of user IDs.
	if c.v.PrivilegedCreators {
		if v := c.additionalCreatorsRule(content); v != next {
			return v
		}
	}
	// CREATE-5.
	return allow
}

// createRoomID is CREATE-2: v1–11, the room belongs to the sender's server;
// v12, the create event carries no room_id at all (any value, null
// included), since the room ID derives from the event's ID.
func (c *checker) createRoomID() verdict {
	ev := c.ev
	if c.v.RoomIDFromCreateEvent {
		if id := jsonread.Object(ev.JSON()).First("room_id"); id.Exists() {
			return c.rejectKey(RuleCreate2, "room_id", string(id), "create event carries a room_id")
		}
		return next
	}
	rd, ok1 := domain(ev.RoomID())
	sd, ok2 := domain(ev.Sender())
	if !ok1 || !ok2 {
		return c.rejectKey(RuleCreate2, "room_id", quoted(ev.RoomID(), true), "room_id or sender has no domain")
	}
	if rd != sd {
		return c.rejectKey(RuleCreate2, "room_id", quoted(ev.RoomID(), true), "room_id domain differs from sender domain")
	}
	return next
}

// additionalCreatorsRule is CREATE-6 with DECISIONS D34 and X3.
func (c *checker) additionalCreatorsRule(content jv) verdict {
	ac := content.Get("additional_creators")
	if !ac.Exists() {
		return next
	}
	if !ac.IsArray() {
		return c.rejectKey(RuleCreate6, "content.additional_creators", string(ac), "additional_creators is not a list")
	}
	s := string(ac)
	for u, i, ok := jsonread.NextElement(s, 1); ok; u, i, ok = jsonread.NextElement(s, i) {
		if v := jv(u); !v.IsString() || !validCreatorID(v.Str()) {
			return c.rejectKey(RuleCreate6, "content.additional_creators", u, "additional_creators holds "+clip(u)+", which is not a valid user ID")
		}
	}
	return next
}

// clip shortens text quoted in a rejection reason.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// isCreatorOf reports whether user is a creator of the room whose create
// event is create.ev (DEF-CREATORS-1): its sender, or a string of
// content.additional_creators. Byte-exact comparison (EDGE-V12-C11).
func isCreatorOf(create *createRead, user string) bool {
	if create.ev == nil {
		return false
	}
	if create.ev.Sender() == user {
		return true
	}
	for u := range create.info().additionalIDs {
		if u == user {
			return true
		}
	}
	return false
}
