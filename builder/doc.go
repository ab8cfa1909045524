// Package builder turns a proto-event into a signed, hashed PDU and bridges
// the two shapes of room state the other packages use.
//
// # Building events
//
// [Build] takes a [Proto] (type, sender, state key, content, prev events,
// depth, timestamp, room ID), a room version, the room state the event is
// sent from and a [SigningKey], and returns the parsed *event.Event with its
// ID together with the auth events it lists:
//
//   - the auth events are chosen by auth-event selection (DIGEST §3, SEL-0..7)
//     from the state, as auth.SelectAuthEvents picks them; in room versions
//     whose room ID names the create event (v12) the create event is never
//     listed (SEL-1), it is implied by room_id (ROOMID-1);
//   - room versions 1–2 carry the caller's event ID (EID-1) and list auth and
//     prev events as [event_id, {"sha256": hash}] pairs (FMT-2); later
//     versions derive the ID from the reference hash (EID-3/4);
//   - a redaction's target goes to the top-level redacts key, or into
//     content.redacts from room version 11 on (FMT-11-1);
//   - a room version 12 create event has no room_id (FMT-12-1); its room ID
//     is derived from its event ID and returned in [Result.RoomID], so the
//     caller can build the rest of the room.
//
// The library reads no clock and draws no randomness: the caller supplies
// the timestamp, the depth and, in versions 1–2, the event ID (or its local
// part). A restricted join (v8+) carries
// content.join_authorised_via_users_server; the authorising server adds its
// own signature with [AddSignature].
//
// # State adapters
//
// Room state appears in two shapes: keyed by (type, state_key) to event IDs
// (stateres.StateSet, whose underlying type is map[auth.StateKey]string)
// and keyed to parsed events (auth.State, auth.StateMap). [StateFromIDs]
// turns the first into the second with the caller's event store,
// [StateFromEvents] makes a state of a list of events, and [IDsOf] goes
// back. A stateres.StateSet is passed to [StateFromIDs] as it is, and the
// map [IDsOf] returns converts to one: stateres.StateSet(m).
//
// A state without a create event is reported as [ErrNoCreateEvent] ("there
// is no create event in this state") rather than by an authorization rule.
//
// Invalid input is reported as *[FieldError], naming the field; the package
// never panics on nil or zero values.
package builder
