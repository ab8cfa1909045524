package handshake

import (
	"errors"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// SendJoinRequest is a send_join request as the resident server received
// it, with the resident server's own inputs for restricted joins.
type SendJoinRequest struct {
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
	// PDU is the request body: the join event signed by the joining server.
	PDU []byte
	// Keys, when not nil, are the verification keys of the joining server;
	// the join's signatures are then checked (SIG-2). The signature of the
	// resident server itself, which a restricted join still lacks, is not
	// required. With nil keys the caller is expected to have checked them.
	Keys event.KeyLookup
	// AuthEvents, when not nil, are the events the join names in
	// auth_events, which the caller has fetched; the join is then also
	// judged against them (auth.CheckAuthEvents, DIGEST §6.9 PDU-4).
	AuthEvents []*event.Event
	// ResidentServer is the resident server's own name: the authorising
	// user a restricted join names must be one of its users, and it is the
	// server that signs such a join. A join naming an authorising user is
	// refused without it (M_UNKNOWN).
	ResidentServer string
	// AllowedRooms answers whether the joining user is in a room the join
	// rules allow, as for [MakeRequest]; the resident server checks the
	// allow conditions again before it vouches for the join.
	AllowedRooms AllowedRoomsFunc
}

// SendJoinResult is the outcome of an accepted send_join.
type SendJoinResult struct {
	// Event is the join as the room accepts it: the PDU, or its redacted
	// form when its content hash did not match (HASH-C-4; never for a join
	// the resident server must sign).
	Event *event.Event
	// Authoriser is the authorising user the join names
	// (content.join_authorised_via_users_server), a user of the resident
	// server, or "" when the join needs none.
	Authoriser string
	// NeedsSignature reports that the resident server must add its own
	// signature before it persists the join and returns it in the
	// response's event member (MEMBER-JAUTH-1, SIG-REQ-4): with
	// event.Sign(PDU, room version, ResidentServer, key ID, private key),
	// or builder.AddSignature(Event, key). Signing keeps the content hash
	// and the event ID.
	NeedsSignature bool
	// PDU is the join as received, as the JSON text of Event (for room
	// versions 3+ without event_id): the input to event.Sign.
	PDU []byte
}

// SendJoin handles send_join on the resident server: it validates the
// signed join and authorizes it against the room's current state; for a
// restricted or knock_restricted room it also makes the checks of the
// server that vouches for the join (DIGEST-V8-12 §2.4a). The caller then
// signs it when [SendJoinResult.NeedsSignature] says so, persists it and
// builds the response (state and auth chain come from its store).
//
// The join must be a valid PDU of the room's version whose room_id and
// event ID are those of the request path, an m.room.member event with
// membership join and state_key equal to sender, sent by a user of the
// requesting server. When req.Keys is set its signatures must verify;
// when req.AuthEvents is set it must pass auth.CheckAuthEvents against
// them; and it must pass auth.Check against state.
//
// content.join_authorised_via_users_server (room versions 8+) must be
// there exactly when the join needs it: in a restricted or
// knock_restricted room, for a user who is neither joined nor invited.
// It must then name a user of req.ResidentServer who is joined with at
// least the invite level (v12: or a creator), req.AllowedRooms must say
// the user is in an allowed room, and the join's content hash must match,
// since the resident server will sign it. A user invited between
// make_join and send_join gets M_BAD_JSON and can ask make_join again.
//
// Errors are *MatrixError values: M_BAD_JSON for an invalid PDU, one that
// is not the join the path names, or an authorising user where none is
// needed; M_FORBIDDEN for a sender of another server, a signature that
// does not verify, a join the rules refuse (the *auth.Rejection is the
// cause), an authorising user who is not a joined, powerful enough user
// of this server, or a user in no allowed room; M_UNABLE_TO_AUTHORISE_JOIN
// when req.AllowedRooms is nil or fails; M_NOT_FOUND when state is not the
// state of req.RoomID; M_UNKNOWN for contradictory inputs.
func SendJoin(req SendJoinRequest, state auth.State) (*SendJoinResult, error) {
	v := req.RoomVersion
	if err := v.Valid(); err != nil {
		return nil, &MatrixError{ErrCode: ErrCodeUnknown, Message: "invalid room version descriptor", Err: err}
	}
	if err := checkRoom(state, req.RoomID, v); err != nil {
		return nil, err
	}
	ev, err := event.Parse(req.PDU, v)
	if err != nil {
		return nil, badJSON(err, "not a valid PDU of room version %s: %v", v.ID, err)
	}
	if err := checkMembershipShape(ev, event.MembershipJoin, req.RoomID, req.EventID, req.Origin); err != nil {
		return nil, err
	}
	authoriser, err := authoriserOf(ev, req)
	if err != nil {
		return nil, err
	}
	mustSign := authoriser != ""
	ok, err := ev.ContentHashValid()
	if err != nil {
		return nil, badJSON(err, "cannot compute the content hash: %v", err)
	}
	if !ok && mustSign {
		return nil, badJSON(nil, "the content hash does not match; the resident server does not sign such a join")
	}
	if req.Keys != nil {
		if err := verifyJoinSignatures(ev, req, mustSign); err != nil {
			return nil, err
		}
	}
	if !ok {
		// HASH-C-4: judge and keep the redacted form.
		if ev, err = ev.Redacted(); err != nil {
			return nil, badJSON(err, "content hash mismatch, and the redacted event is invalid: %v", err)
		}
	}
	if req.AuthEvents != nil {
		if err := auth.CheckAuthEvents(ev, req.AuthEvents); err != nil {
			return nil, rejectedJoin(err, "against its auth events")
		}
	}
	if err := auth.Check(ev, state); err != nil {
		return nil, rejectedJoin(err, "against the current state")
	}
	need, err := needsAuthoriser(v, state, ev.Sender(), req.AllowedRooms)
	if err != nil {
		return nil, err
	}
	switch {
	case need && authoriser == "":
		return nil, forbidden(nil, "the join of %s needs an authorising user (%s)", clip(ev.Sender()), authorisingUserKey)
	case !need && authoriser != "":
		return nil, badJSON(nil, "the join of %s needs no authorising user, but names %s", clip(ev.Sender()), clip(authoriser))
	case need:
		if _, ok := authoriserLevel(v, state, req.ResidentServer, authoriser); !ok {
			return nil, forbidden(nil, "%s cannot authorise joins: not a joined user of this server with the power to invite", clip(authoriser))
		}
	}
	return &SendJoinResult{Event: ev, Authoriser: authoriser, NeedsSignature: mustSign, PDU: []byte(ev.JSON())}, nil
}

// authoriserOf returns the authorising user a join names
// (DEF-JAUTH-1), "" when it names none or the room version has no
// restricted joins (RestrictedJoinRule, v8+; before, the key means
// nothing). The value must be a user ID (D31: anything else is refused) of
// the resident server, which is the only server that can vouch for it;
// the requesting server must not be the resident server itself.
func authoriserOf(ev *event.Event, req SendJoinRequest) (string, error) {
	if !req.RoomVersion.RestrictedJoinRule {
		return "", nil
	}
	r := jsonread.Value(ev.ContentJSON()).First(authorisingUserKey)
	if !r.Exists() {
		return "", nil
	}
	u := r.Str()
	if !r.IsString() || !isUserID(u) {
		return "", badJSON(nil, "%s is not a user ID (DECISIONS D31)", authorisingUserKey)
	}
	if req.ResidentServer == "" {
		return "", &MatrixError{ErrCode: ErrCodeUnknown, Message: "the resident server's name (ResidentServer) is needed to accept a join naming an authorising user"}
	}
	if serverName(u) != req.ResidentServer {
		return "", forbidden(nil, "%s is not a user of this server, which can only authorise joins for its own users", clip(u))
	}
	if req.Origin == req.ResidentServer {
		return "", forbidden(nil, "server %s does not send_join to itself", clip(req.Origin))
	}
	return u, nil
}

// verifyJoinSignatures checks the join's signatures against req.Keys
// (SIG-2). A join the resident server must sign lacks its signature, which
// the rules require (SIG-REQ-4): every other required server is checked
// exactly as event.VerifySignatures checks it, and the resident server's
// signature is the one it adds next. authoriserOf has made sure that the
// resident server is not the sender's.
func verifyJoinSignatures(ev *event.Event, req SendJoinRequest, mustSign bool) error {
	except := ""
	if mustSign {
		except = req.ResidentServer
	}
	if err := ev.VerifySignaturesExcept(req.Keys, except); err != nil {
		return forbidden(err, "%v", err)
	}
	return nil
}

// rejectedJoin turns an authorization failure into M_FORBIDDEN.
func rejectedJoin(err error, against string) error {
	var rej *auth.Rejection
	if errors.As(err, &rej) {
		return forbidden(err, "join refused %s: %s (%s)", against, rej.Reason, rej.Rule)
	}
	return forbidden(err, "join refused %s: %v", against, err)
}
