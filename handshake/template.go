package handshake

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// MakeRequest is what a resident server needs to answer make_knock,
// make_join or make_leave: the request's parameters and the resident
// server's own choices (prev events, depth, timestamp). The room's current
// state is passed separately.
type MakeRequest struct {
	// RoomVersion is the room's version; it must be the one the room's
	// create event names.
	RoomVersion roomversion.Version
	// RoomID is the room ID from the request path.
	RoomID string
	// UserID is the user ID from the request path: the template's sender
	// and state_key.
	UserID string
	// Ver is the request's ver query parameter, the room versions the
	// requesting server supports. make_knock requires it; for make_join an
	// empty list means ["1"], the spec's default; make_leave ignores it.
	Ver []string
	// PrevEvents are the events the template names in prev_events
	// (the resident server's forward extremities), 1 to 20 of them.
	PrevEvents []*event.Event
	// Depth is the template's depth; the spec makes it the largest depth
	// among PrevEvents plus one (FMT-5).
	Depth int64
	// OriginServerTS is the template's origin_server_ts in milliseconds.
	OriginServerTS int64
	// Origin is the requesting server, as the request's authentication
	// established it; UserID must belong to it (M_FORBIDDEN otherwise).
	Origin string
	// ResidentServer is the resident server's own name. It says which
	// users are local: the authorising user of a restricted join must be
	// one (DIGEST-V8-12 §2.4a), so a join that needs one is refused without
	// it (M_UNKNOWN). When not empty it is also written as the template's
	// legacy origin member, which the spec's template schema lists; it is
	// hashed and signed like any other member.
	ResidentServer string
	// AllowedRooms answers whether the joining user is in a room the join
	// rules allow, for make_join in a restricted or knock_restricted room
	// when the user is neither joined nor invited. Nil means the server
	// cannot tell: such a join is refused with M_UNABLE_TO_AUTHORISE_JOIN.
	AllowedRooms AllowedRoomsFunc
	// AuthorisingUsers are the users the resident server offers as the
	// authorising user of a restricted join, typically its joined users;
	// only those of ResidentServer that are joined in state with at least
	// the invite level (v12: or a creator) are used, and the one with the
	// highest level (then the lowest user ID) is chosen. Nil means every
	// user with a member event in state, which can be listed only when
	// state is an auth.StateMap (as builder.StateFromIDs returns); with any
	// other State a join that needs an authorising user is M_UNKNOWN.
	AuthorisingUsers []string
}

// MakeResponse is the body of a successful make_knock, make_join or
// make_leave response: {"room_version": …, "event": …}.
type MakeResponse struct {
	// RoomVersion is the room's version identifier.
	RoomVersion string `json:"room_version"`
	// Event is the unsigned template event, a JSON object with sorted keys
	// and no hashes, signatures or event_id.
	Event json.RawMessage `json:"event"`
}

// makeTemplate builds and authorizes the template of a membership event.
func makeTemplate(req MakeRequest, state auth.State, membership string) (*MakeResponse, error) {
	v := req.RoomVersion
	if err := v.Valid(); err != nil {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "invalid room version descriptor", Err: err}
	}
	if err := checkRoomAndUser(req.RoomID, req.UserID, v); err != nil {
		return nil, err
	}
	if err := checkRoom(state, req.RoomID, v); err != nil {
		return nil, err
	}
	if err := checkVersion(req, state, membership); err != nil {
		return nil, err
	}
	// After the version checks, as Synapse orders them.
	if serverName(req.UserID) != req.Origin || req.Origin == "" {
		return nil, forbidden(nil, "a template for %s cannot be requested by server %s", clip(req.UserID), clip(req.Origin))
	}
	prev, err := prevRefs(req, v)
	if err != nil {
		return nil, err
	}
	if req.Depth < 0 || req.Depth > v.MaxDepth {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: fmt.Sprintf("depth %d is outside 0..%d", req.Depth, v.MaxDepth)}
	}
	content := map[string]any{"membership": membership}
	if membership == event.MembershipJoin {
		need, err := needsAuthoriser(v, state, req.UserID, req.AllowedRooms)
		if err != nil {
			return nil, err
		}
		if need {
			a, err := chooseAuthoriser(v, state, req.ResidentServer, req.AuthorisingUsers)
			if err != nil {
				return nil, err
			}
			content[authorisingUserKey] = a
		}
	}
	fields := map[string]any{
		"type":             event.TypeMember,
		"room_id":          req.RoomID,
		"sender":           req.UserID,
		"state_key":        req.UserID,
		"content":          content,
		"auth_events":      []any{},
		"prev_events":      prev,
		"depth":            req.Depth,
		"origin_server_ts": req.OriginServerTS,
	}
	if req.ResidentServer != "" {
		fields["origin"] = req.ResidentServer
	}
	// Select the auth events (DIGEST §3) on a probe of the template.
	probe, err := probeEvent(fields, v)
	if err != nil {
		return nil, err
	}
	keys := auth.SelectAuthEvents(probe, nil)
	refs := make([]any, 0, len(keys))
	for _, k := range keys {
		if v.RoomIDFromCreateEvent && k.Type == event.TypeCreate && k.StateKey == "" {
			// SEL-1 (v12): the create event is implied by room_id and never
			// listed; dropped here too in case the selection still names it.
			continue
		}
		ev := state.StateEvent(k.Type, k.StateKey)
		if ev == nil {
			continue
		}
		ref, err := eventRef(ev, v)
		if err != nil {
			return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "cannot reference auth event " + ev.ID(), Err: err}
		}
		refs = append(refs, ref)
	}
	fields["auth_events"] = refs
	// The template must pass the auth rules against the current state, as
	// the resident server would judge the signed event.
	if probe, err = probeEvent(fields, v); err != nil {
		return nil, err
	}
	if err := auth.Check(probe, state); err != nil {
		var rej *auth.Rejection
		if errors.As(err, &rej) {
			return nil, forbidden(err, "%s is not allowed to %s: %s (%s)", req.UserID, verb(membership), rej.Reason, rej.Rule)
		}
		return nil, forbidden(err, "%s is not allowed to %s: %v", req.UserID, verb(membership), err)
	}
	delete(fields, "hashes")
	delete(fields, "signatures")
	delete(fields, "event_id")
	out, err := marshalObject(fields)
	if err != nil {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "cannot encode template", Err: err}
	}
	return &MakeResponse{RoomVersion: v.ID, Event: out}, nil
}

func verb(membership string) string {
	switch membership {
	case event.MembershipKnock:
		return "knock on the room"
	case event.MembershipJoin:
		return "join the room"
	case event.MembershipLeave:
		return "leave the room"
	}
	return "send " + membership
}

// checkRoomAndUser checks the shape of the path parameters: a room ID of
// the form room version v uses, and a user ID.
func checkRoomAndUser(roomID, userID string, v roomversion.Version) error {
	if !isRoomIDOf(roomID, v) || len(roomID) > event.MaxIDBytes {
		return &MatrixError{ErrCode: ErrCodeInvalidParam, Message: fmt.Sprintf("%q is not a room ID", clip(roomID))}
	}
	if !isUserID(userID) || len(userID) > event.MaxIDBytes {
		return &MatrixError{ErrCode: ErrCodeInvalidParam, Message: fmt.Sprintf("%q is not a user ID", clip(userID))}
	}
	return nil
}

// checkRoom checks that state is the state of room roomID, of version v.
func checkRoom(state auth.State, roomID string, v roomversion.Version) error {
	var create *event.Event
	if state != nil {
		create = state.StateEvent(event.TypeCreate, "")
	}
	if create == nil || create.RoomID() != roomID {
		return &MatrixError{ErrCode: ErrCodeNotFound, Message: "unknown room " + clip(roomID)}
	}
	if id := createdVersion(create); id != v.ID {
		return &MatrixError{ErrCode: ErrCodeUnknown, Message: fmt.Sprintf("the room's create event names room version %q, the caller gave %q", clip(id), v.ID)}
	}
	return nil
}

// createdVersion returns the room version a create event names:
// content.room_version, "1" without one (CREATE-3), or the JSON text of a
// value that is not a string.
func createdVersion(create *event.Event) string {
	rv := jsonread.Value(create.ContentJSON()).First("room_version")
	switch {
	case !rv.Exists():
		return "1"
	case !rv.IsString():
		return string(rv)
	}
	return rv.Str()
}

// checkVersion applies the ver parameter and, for knocks, whether the
// room's version has knocking. Both an unsupported version and a version
// without knocking are M_INCOMPATIBLE_ROOM_VERSION (400) with room_version,
// so the knocking server learns the room cannot be knocked on with any
// version it speaks. (Synapse answers the second case with M_FORBIDDEN; the
// spec lists both codes without choosing, and mxauth's issue 6 asks for
// this one.)
func checkVersion(req MakeRequest, state auth.State, membership string) error {
	v := req.RoomVersion
	switch membership {
	case event.MembershipKnock:
		if len(req.Ver) == 0 {
			return &MatrixError{ErrCode: ErrCodeMissingParam, Message: "make_knock needs the ver parameter"}
		}
	case event.MembershipJoin:
	default:
		return nil
	}
	ver := req.Ver
	if len(ver) == 0 {
		ver = []string{"1"}
	}
	if !contains(ver, v.ID) {
		return &MatrixError{
			ErrCode:     ErrCodeIncompatibleRoomVersion,
			Message:     fmt.Sprintf("the room's version %s is not among the versions your server supports", v.ID),
			RoomVersion: v.ID,
		}
	}
	if membership == event.MembershipKnock {
		return knockVersionError(v, state)
	}
	return nil
}

// knockVersionError is M_INCOMPATIBLE_ROOM_VERSION, with room_version, for
// a knock the room's version cannot express: a version without knocking
// (Knocking, v7+), or a knock_restricted join rule in a version without it
// (KnockRestrictedJoinRule, v10+; in v8–9 it is an unknown rule under
// which MEMBER-KNOCK-1 refuses every knock). nil otherwise.
func knockVersionError(v roomversion.Version, state auth.State) error {
	if !v.Knocking {
		return &MatrixError{
			ErrCode:     ErrCodeIncompatibleRoomVersion,
			Message:     fmt.Sprintf("room version %s does not support knocking", v.ID),
			RoomVersion: v.ID,
		}
	}
	if !v.KnockRestrictedJoinRule && joinRuleOf(state) == "knock_restricted" {
		return &MatrixError{
			ErrCode:     ErrCodeIncompatibleRoomVersion,
			Message:     fmt.Sprintf("room version %s does not support the knock_restricted join rule", v.ID),
			RoomVersion: v.ID,
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// prevRefs returns the prev_events list of the template.
func prevRefs(req MakeRequest, v roomversion.Version) ([]any, error) {
	if len(req.PrevEvents) == 0 || len(req.PrevEvents) > event.MaxPrevEvents {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: fmt.Sprintf("a template needs 1 to %d prev events, got %d", event.MaxPrevEvents, len(req.PrevEvents))}
	}
	out := make([]any, 0, len(req.PrevEvents))
	for _, p := range req.PrevEvents {
		if p == nil || p.RoomID() != req.RoomID {
			return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "a prev event is missing or belongs to another room"}
		}
		ref, err := eventRef(p, v)
		if err != nil {
			return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "cannot reference prev event " + p.ID(), Err: err}
		}
		out = append(out, ref)
	}
	return out, nil
}

// eventRef returns how an event of room version v is referenced from
// auth_events and prev_events: its ID from version 3 on (FMT-3), an
// [id, {"sha256": reference hash}] pair in versions 1–2 (FMT-2).
func eventRef(ev *event.Event, v roomversion.Version) (any, error) {
	if v.EventFormat != roomversion.FormatV1 {
		return ev.ID(), nil
	}
	h, err := ev.ReferenceHash()
	if err != nil {
		return nil, err
	}
	return []any{ev.ID(), map[string]any{"sha256": base64.RawStdEncoding.EncodeToString(h[:])}}, nil
}

// probeEvent parses fields, with placeholder hashes and signatures (and an
// event ID in room versions 1–2), as a PDU of version v, so that the
// template can be validated, selected for and authorized like the event it
// will become. fields is modified.
func probeEvent(fields map[string]any, v roomversion.Version) (*event.Event, error) {
	fields["hashes"] = placeholderHash
	fields["signatures"] = map[string]any{}
	if v.EventIDFormat == roomversion.EventIDGiven {
		fields["event_id"] = probeEventID
	}
	raw, err := marshalObject(fields)
	if err != nil {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "cannot encode template", Err: err}
	}
	ev, err := event.Parse(raw, v)
	if err != nil {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "the template would not be a valid PDU", Err: err}
	}
	return ev, nil
}

// clip shortens s for messages.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
