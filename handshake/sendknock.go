package handshake

import (
	"encoding/json"
	"errors"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// SendKnockRequest is a send_knock request as the resident server received
// it.
type SendKnockRequest struct {
	// RoomVersion is the room's version; it must be the one the room's
	// create event names.
	RoomVersion roomversion.Version
	// RoomID is the room ID from the request path.
	RoomID string
	// EventID is the event ID from the request path.
	EventID string
	// Origin is the requesting server, as the request's authentication
	// established it.
	Origin string
	// PDU is the request body: the signed knock event.
	PDU []byte
	// Keys, when not nil, are the verification keys of the knocking server;
	// the knock's signatures are then checked (SIG-2). With nil keys the
	// caller is expected to have checked them.
	Keys event.KeyLookup
	// AuthEvents, when not nil, are the events the knock names in
	// auth_events, which the caller has fetched; the knock is then also
	// judged against them (auth.CheckAuthEvents, DIGEST §6.9 PDU-4).
	AuthEvents []*event.Event
}

// SendKnockResult is the outcome of an accepted send_knock.
type SendKnockResult struct {
	// Event is the knock as the room accepts it: the PDU, or its redacted
	// form when its content hash did not match (HASH-C-4).
	Event *event.Event
	// KnockRoomState is the stripped state to return, from
	// [StrippedState].
	KnockRoomState []StrippedEvent
}

// MarshalJSON writes the send_knock response body,
// {"knock_room_state": [...]}.
func (r *SendKnockResult) MarshalJSON() ([]byte, error) {
	st := r.KnockRoomState
	if st == nil {
		st = []StrippedEvent{}
	}
	return json.Marshal(struct {
		KnockRoomState []StrippedEvent `json:"knock_room_state"`
	}{st})
}

// SendKnock handles send_knock on the resident server: it validates the
// signed knock, authorizes it against the room's current state and builds
// the knock_room_state of the response. The caller then persists and
// sends the event.
//
// The knock must be a valid PDU of the room's version whose room_id and
// event ID are those of the request path, an m.room.member event with
// membership knock and state_key equal to sender, sent by a user of the
// requesting server. When req.Keys is set its signatures must verify;
// when req.AuthEvents is set it must pass auth.CheckAuthEvents against
// them; and it must pass auth.Check against state.
//
// Errors are *MatrixError values, with Synapse's codes: M_BAD_JSON for an
// invalid PDU or one that is not the knock the path names;
// M_INCOMPATIBLE_ROOM_VERSION for a room version without knocking, or a
// knock_restricted join rule in a version without it (v8–9);
// M_FORBIDDEN for a sender of another server, a signature that does not
// verify, or a knock the rules refuse (the *auth.Rejection is the cause);
// M_NOT_FOUND when state is not the state of req.RoomID.
func SendKnock(req SendKnockRequest, state auth.State) (*SendKnockResult, error) {
	v := req.RoomVersion
	if err := v.Valid(); err != nil {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "invalid room version descriptor", Err: err}
	}
	if err := checkRoom(state, req.RoomID, v); err != nil {
		return nil, err
	}
	if err := knockVersionError(v, state); err != nil {
		return nil, err
	}
	ev, err := event.Parse(req.PDU, v)
	if err != nil {
		return nil, badJSON(err, "not a valid PDU of room version %s: %v", v.ID, err)
	}
	if err := checkMembershipShape(ev, event.MembershipKnock, req.RoomID, req.EventID, req.Origin); err != nil {
		return nil, err
	}
	if req.Keys != nil {
		if err := ev.VerifySignatures(req.Keys); err != nil {
			return nil, forbidden(err, "%v", err)
		}
	}
	ok, err := ev.ContentHashValid()
	if err != nil {
		return nil, badJSON(err, "cannot compute the content hash: %v", err)
	}
	if !ok {
		// HASH-C-4: judge and keep the redacted form.
		if ev, err = ev.Redacted(); err != nil {
			return nil, badJSON(err, "content hash mismatch, and the redacted event is invalid: %v", err)
		}
	}
	if req.AuthEvents != nil {
		if err := auth.CheckAuthEvents(ev, req.AuthEvents); err != nil {
			return nil, rejected(err, "against its auth events")
		}
	}
	if err := auth.Check(ev, state); err != nil {
		return nil, rejected(err, "against the current state")
	}
	return &SendKnockResult{Event: ev, KnockRoomState: StrippedState(state)}, nil
}

// checkMembershipShape checks that ev is the member event of the given
// membership ("join" or "knock") that the request path names (roomID,
// eventID), sent by a user of the requesting server origin for itself.
func checkMembershipShape(ev *event.Event, membership, roomID, eventID, origin string) error {
	if ev.RoomID() != roomID {
		return badJSON(nil, "room ID in the event (%s) does not match the request path (%s)", clip(ev.RoomID()), clip(roomID))
	}
	if ev.ID() != eventID {
		return badJSON(nil, "event ID %s does not match the request path (%s)", ev.ID(), clip(eventID))
	}
	if ev.Type() != event.TypeMember || !ev.IsState() {
		return badJSON(nil, "not an m.room.member state event")
	}
	if m, kind := ev.Membership(); kind != event.String || m != membership {
		return badJSON(nil, "not a %s event", membership)
	}
	if serverName(ev.Sender()) != origin || origin == "" {
		return forbidden(nil, "a %s for %s cannot come from server %s", membership, clip(ev.Sender()), clip(origin))
	}
	if !ev.StateKeyEquals(ev.Sender()) {
		return badJSON(nil, "state_key and sender of a %s must match", membership)
	}
	return nil
}

// rejected turns an authorization failure into M_FORBIDDEN.
func rejected(err error, against string) error {
	var rej *auth.Rejection
	if errors.As(err, &rej) {
		return forbidden(err, "knock refused %s: %s (%s)", against, rej.Reason, rej.Rule)
	}
	return forbidden(err, "knock refused %s: %v", against, err)
}
