package handshake

import (
	"encoding/json"
	"fmt"
)

// Matrix error codes (errcode) the handshake answers with.
const (
	// ErrCodeForbidden: the user or server may not do this (auth rules,
	// join rule, membership, wrong origin).
	ErrCodeForbidden = "M_FORBIDDEN"
	// ErrCodeIncompatibleRoomVersion: the room's version is not one the
	// requesting server listed in ver, or (for knocks) has no knocking. The
	// error carries room_version.
	ErrCodeIncompatibleRoomVersion = "M_INCOMPATIBLE_ROOM_VERSION"
	// ErrCodeBadJSON: the submitted event is not a valid PDU or not the
	// event the endpoint expects (type, membership, room, event ID).
	ErrCodeBadJSON = "M_BAD_JSON"
	// ErrCodeNotFound: the resident server does not know the room.
	ErrCodeNotFound = "M_NOT_FOUND"
	// ErrCodeInvalidParam: a request parameter is malformed.
	ErrCodeInvalidParam = "M_INVALID_PARAM"
	// ErrCodeMissingParam: a required request parameter is absent (ver on
	// make_knock).
	ErrCodeMissingParam = "M_MISSING_PARAM"
	// ErrCodeUnableToAuthoriseJoin: the join of a restricted or
	// knock_restricted room depends on the user's membership of rooms the
	// join rules allow, and the resident server cannot tell (its
	// AllowedRoomsFunc failed or is missing); the requesting server may try
	// another resident server (DIGEST-V8-12 §2.4a).
	ErrCodeUnableToAuthoriseJoin = "M_UNABLE_TO_AUTHORISE_JOIN"
	// ErrCodeUnableToGrantJoin: the join of a restricted or
	// knock_restricted room needs an authorising user and the resident
	// server has no joined user of its own with the power to invite; the
	// requesting server should try another resident server (§2.4a).
	ErrCodeUnableToGrantJoin = "M_UNABLE_TO_GRANT_JOIN"
	// ErrCodeUnknown: the caller's inputs contradict each other (for
	// example a room version that is not the one of the room's create
	// event); a server answers it as an internal error.
	ErrCodeUnknown = "M_UNKNOWN"
)

// MatrixError is an error a resident server answers a handshake request
// with. It marshals to the spec's error body: {"errcode", "error"} plus
// "room_version" when RoomVersion is set.
type MatrixError struct {
	// ErrCode is the Matrix error code, one of the ErrCode* constants.
	ErrCode string
	// Message is a human-readable explanation.
	Message string
	// RoomVersion is the room's version; set for
	// M_INCOMPATIBLE_ROOM_VERSION, where the spec requires it.
	RoomVersion string
	// Err is the underlying cause, if any: an *auth.Rejection when the
	// authorization rules refused the event, an *event.ValidationError for
	// an invalid PDU.
	Err error
}

// Error implements error.
func (e *MatrixError) Error() string {
	if e.RoomVersion != "" {
		return fmt.Sprintf("%s: %s (room version %s)", e.ErrCode, e.Message, e.RoomVersion)
	}
	return e.ErrCode + ": " + e.Message
}

// Unwrap returns the underlying cause.
func (e *MatrixError) Unwrap() error { return e.Err }

// HTTPStatus returns the HTTP status the spec pairs with the error code:
// 403 for M_FORBIDDEN, 404 for M_NOT_FOUND, 500 for M_UNKNOWN and 400
// otherwise.
// (Plain numbers: a library without I/O need not link net/http for four
// constants.)
func (e *MatrixError) HTTPStatus() int {
	switch e.ErrCode {
	case ErrCodeForbidden:
		return 403
	case ErrCodeNotFound:
		return 404
	case ErrCodeUnknown:
		return 500
	}
	return 400
}

// MarshalJSON writes the spec's error body.
func (e *MatrixError) MarshalJSON() ([]byte, error) {
	body := struct {
		ErrCode     string `json:"errcode"`
		Error       string `json:"error"`
		RoomVersion string `json:"room_version,omitempty"`
	}{e.ErrCode, e.Message, e.RoomVersion}
	return json.Marshal(body)
}

func forbidden(cause error, format string, args ...any) *MatrixError {
	return &MatrixError{ErrCode: ErrCodeForbidden, Message: fmt.Sprintf(format, args...), Err: cause}
}

func badJSON(cause error, format string, args ...any) *MatrixError {
	return &MatrixError{ErrCode: ErrCodeBadJSON, Message: fmt.Sprintf(format, args...), Err: cause}
}

// TemplateError reports a make_* response that the requesting server must
// refuse rather than sign: it is malformed, or it is not the event that was
// asked for (a forged or mistaken template).
type TemplateError struct {
	// Field is the JSON path of the offending member ("event.state_key",
	// "room_version"), or "" for the whole response.
	Field string
	// Reason says what is wrong.
	Reason string
	// Err is the underlying cause, if any.
	Err error
}

// Error implements error.
func (e *TemplateError) Error() string {
	if e.Field == "" {
		return "handshake: template refused: " + e.Reason
	}
	return "handshake: template refused: " + e.Field + ": " + e.Reason
}

// Unwrap returns the underlying cause.
func (e *TemplateError) Unwrap() error { return e.Err }

func refuse(field, format string, args ...any) *TemplateError {
	return &TemplateError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
