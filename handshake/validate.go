package handshake

import (
	"encoding/json"
	"fmt"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// Request is what a requesting server asked a resident server for with
// make_knock, make_join or make_leave; a template must match it exactly.
type Request struct {
	// RoomID is the room the request named.
	RoomID string
	// UserID is the user the request named: the template's sender and
	// state_key.
	UserID string
	// RoomVersion, when not empty, is the room version the requesting server
	// already knows the room has; the template's room_version must equal it.
	RoomVersion string
	// Ver, when not empty, is the ver parameter the request sent; the
	// template's room_version must be one of them.
	Ver []string
	// ResidentServer, when not empty, is the server the request was sent
	// to. The authorising user a restricted join template names must then
	// be one of its users, the only ones it can vouch for (DIGEST-V8-12
	// §2.4a).
	ResidentServer string
}

// Template is a make_* response that passed validation.
type Template struct {
	// RoomVersion is the room's version, as the response named it.
	RoomVersion roomversion.Version
	// Event is the template event ready for the requesting server to
	// complete, hash and sign: a JSON object with sorted keys holding only
	// PDU members (type, room_id, sender, state_key, content, auth_events,
	// prev_events, depth, origin_server_ts and origin when present). The
	// hashes, signatures and unsigned members a resident server may have
	// left in are removed, and so is the event_id of a room version 1–2
	// template: the requesting server gives the event its own ID.
	Event json.RawMessage
}

// ValidateKnockTemplate checks a make_knock response body on the
// requesting server before it signs the knock: the room version must be
// known, have knocking, and agree with want; the event must be an
// m.room.member event with content exactly {"membership": "knock"}, sender
// and state_key want.UserID and room_id want.RoomID, with every PDU member
// present and valid for the room version and no event_id (room versions
// 3+). Anything else is refused with a *TemplateError naming the member.
func ValidateKnockTemplate(response []byte, want Request) (*Template, error) {
	return validateTemplate(response, want, event.MembershipKnock)
}

// ValidateJoinTemplate is [ValidateKnockTemplate] for make_join responses:
// the membership must be join, and a response without room_version means
// room version 1, as the spec says for make_join. In room versions with
// restricted joins (v8+) the content may also carry
// join_authorised_via_users_server, the authorising user the resident
// server chose (DEF-JAUTH-1): it must be a user ID, of want.ResidentServer
// when that is set. The validated template keeps it, since the join is
// then valid only with it and with the resident server's signature.
func ValidateJoinTemplate(response []byte, want Request) (*Template, error) {
	return validateTemplate(response, want, event.MembershipJoin)
}

// ValidateLeaveTemplate is [ValidateKnockTemplate] for make_leave
// responses: the membership must be leave, and a response without
// room_version means room version 1.
func ValidateLeaveTemplate(response []byte, want Request) (*Template, error) {
	return validateTemplate(response, want, event.MembershipLeave)
}

// templateMembers are the members a template may carry, and whether the
// validated template keeps them.
var templateMembers = map[string]bool{
	"type": true, "room_id": true, "sender": true, "state_key": true,
	"content": true, "auth_events": true, "prev_events": true, "depth": true,
	"origin_server_ts": true, "origin": true,
	"hashes": false, "signatures": false, "unsigned": false,
}

// requiredMembers must be present in every template.
var requiredMembers = []string{
	"type", "room_id", "sender", "state_key", "content",
	"auth_events", "prev_events", "depth", "origin_server_ts",
}

// maxResponseBytes bounds a make_* response: a template is one PDU, at
// most event.MaxPDUBytes as canonical JSON, with room for whitespace.
const maxResponseBytes = 4 * event.MaxPDUBytes

func validateTemplate(response []byte, want Request, membership string) (*Template, error) {
	if !isRoomID(want.RoomID) || !isUserID(want.UserID) {
		return nil, refuse("", "the request to check against needs a room ID and a user ID")
	}
	if len(response) > maxResponseBytes {
		return nil, refuse("", "response is %d bytes, more than %d", len(response), maxResponseBytes)
	}
	// Valid JSON without duplicate keys anywhere (DECISIONS X2): what is
	// signed must not be ambiguous.
	if _, err := event.CanonicalJSON(response); err != nil {
		return nil, &TemplateError{Reason: "not valid JSON", Err: err}
	}
	root := jsonread.Parse(string(response))
	if !root.IsObject() {
		return nil, refuse("", "not a JSON object")
	}
	v, err := templateVersion(root.First("room_version"), want, membership)
	if err != nil {
		return nil, err
	}
	if !isRoomIDOf(want.RoomID, v) {
		// FMT-12-4, ROOMID-1: a v12 room's ID is derived from its create
		// event and has no domain; earlier versions' IDs have one.
		return nil, refuse("room_version", "room version %s does not have room IDs like %s", v.ID, clip(want.RoomID))
	}
	evR := root.First("event")
	if !evR.IsObject() {
		return nil, refuse("event", "missing or not an object")
	}
	fields := map[string]any{}
	var bad error
	for it := jsonread.ScanMembers(string(evR), 1); bad == nil && it.Next(); {
		k := it.UnescapedKey()
		keep, known := templateMembers[k]
		switch {
		case k == "event_id" && v.EventIDFormat == roomversion.EventIDGiven:
			// Versions 1–2: the requesting server assigns its own ID.
		case k == "event_id":
			bad = refuse("event.event_id", "not allowed in room version %s (DECISIONS D16)", v.ID)
		case !known:
			bad = refuse("event."+k, "not a member of a membership template")
		case keep:
			fields[k] = json.RawMessage(it.Val)
		}
	}
	if bad != nil {
		return nil, bad
	}
	for _, m := range requiredMembers {
		if _, ok := fields[m]; !ok {
			return nil, refuse("event."+m, "missing")
		}
	}
	if err := checkIdentity(evR, want, membership, v); err != nil {
		return nil, err
	}
	out, err := marshalObject(fields)
	if err != nil {
		return nil, &TemplateError{Field: "event", Reason: "cannot encode", Err: err}
	}
	// Every member must also be valid for the room version: the probe is
	// the template with placeholder hashes and signatures.
	if _, err := probeEvent(fields, v); err != nil {
		cause := err
		if me, ok := err.(*MatrixError); ok && me.Err != nil {
			cause = me.Err
		}
		field := "event"
		if ve, ok := cause.(*event.ValidationError); ok && ve.Field != "" {
			field = "event." + ve.Field
		}
		return nil, &TemplateError{Field: field, Reason: "not valid for room version " + v.ID + ": " + cause.Error(), Err: cause}
	}
	return &Template{RoomVersion: v, Event: out}, nil
}

// templateVersion reads and checks the response's room_version.
func templateVersion(r jsonread.Value, want Request, membership string) (roomversion.Version, error) {
	id := "1"
	switch {
	case r.IsString():
		id = r.Str()
	case r.Exists():
		return roomversion.Version{}, refuse("room_version", "not a string")
	case membership == event.MembershipKnock:
		return roomversion.Version{}, refuse("room_version", "missing; make_knock responses must name the room version")
	}
	v, err := roomversion.Lookup(id)
	if err != nil {
		return roomversion.Version{}, &TemplateError{Field: "room_version", Reason: fmt.Sprintf("unsupported room version %q", clip(id)), Err: err}
	}
	if want.RoomVersion != "" && id != want.RoomVersion {
		return roomversion.Version{}, refuse("room_version", "%q, but the room has version %q", clip(id), want.RoomVersion)
	}
	if len(want.Ver) > 0 && !contains(want.Ver, id) {
		return roomversion.Version{}, refuse("room_version", "%q was not among the versions requested", clip(id))
	}
	if membership == event.MembershipKnock && !v.Knocking {
		return roomversion.Version{}, refuse("room_version", "room version %s does not support knocking", id)
	}
	return v, nil
}

// checkIdentity checks that the template is the membership event asked
// for: type, sender, state_key, room_id and content.
func checkIdentity(ev jsonread.Value, want Request, membership string, v roomversion.Version) error {
	str := func(name, wantValue string) error {
		r := ev.First(name)
		if !r.IsString() {
			return refuse("event."+name, "not a string")
		}
		if r.Str() != wantValue {
			return refuse("event."+name, "%q, but %q was asked for", clip(r.Str()), clip(wantValue))
		}
		return nil
	}
	if err := str("type", event.TypeMember); err != nil {
		return err
	}
	if err := str("room_id", want.RoomID); err != nil {
		return err
	}
	if err := str("sender", want.UserID); err != nil {
		return err
	}
	if err := str("state_key", want.UserID); err != nil {
		return err
	}
	content := ev.First("content")
	if !content.IsObject() {
		return refuse("event.content", "not an object")
	}
	var bad error
	for it := jsonread.ScanMembers(string(content), 1); bad == nil && it.Next(); {
		k, val := it.UnescapedKey(), jsonread.Value(it.Val)
		switch {
		case k == authorisingUserKey && membership == event.MembershipJoin && v.RestrictedJoinRule:
			bad = checkTemplateAuthoriser(val, want)
		case k != "membership":
			// The requesting server writes the content it signs; a template
			// that puts words in its user's mouth is refused.
			bad = refuse("event.content."+k, "not part of a membership template")
		case !val.IsString() || val.Str() != membership:
			bad = refuse("event.content.membership", "%s, but %q was asked for", clip(string(val)), membership)
		}
	}
	if bad != nil {
		return bad
	}
	if !content.First("membership").Exists() {
		return refuse("event.content.membership", "missing")
	}
	return nil
}

// checkTemplateAuthoriser checks the authorising user of a join template
// (DEF-JAUTH-1, D31): a user ID, of want.ResidentServer when that is set.
func checkTemplateAuthoriser(val jsonread.Value, want Request) error {
	field := "event.content." + authorisingUserKey
	u := val.Str()
	if !val.IsString() || !isUserID(u) || len(u) > event.MaxIDBytes {
		return refuse(field, "not a user ID (DECISIONS D31)")
	}
	if want.ResidentServer != "" && serverName(u) != want.ResidentServer {
		return refuse(field, "%q is not a user of %s, the server asked", clip(u), clip(want.ResidentServer))
	}
	return nil
}
