package judgeproto

import (
	"encoding/base64"
	"errors"
	"unicode/utf8"
)

// Version is the protocol version this package speaks (JUDGE.md).
const Version = 1

// DefaultMaxLine is the default bound on one line, in bytes, in either
// direction (the newline excluded).
const DefaultMaxLine = 16 << 20

// The operations of protocol version 1.
const (
	OpHello   = "hello"
	OpLoad    = "load"
	OpAuth    = "auth"
	OpResolve = "resolve"
	OpRedact  = "redact"
	OpVerify  = "verify"
)

// Request is one line from the runner to the judge. Which members are set
// depends on Op; the others are omitted.
type Request struct {
	// ID numbers the question; the answer carries the same ID. The hello
	// request has ID 0, and every later request a larger ID than the one
	// before it.
	ID int64 `json:"id"`
	// Op is the operation, one of the Op constants.
	Op string `json:"op"`

	// Protocol is the runner's protocol version (hello).
	Protocol int `json:"protocol,omitempty"`
	// Runner names the runner (hello).
	Runner string `json:"runner,omitempty"`

	// RoomVersion is the room version of the loaded events (load).
	RoomVersion string `json:"room_version,omitempty"`
	// IDs is "given" when each event's ID is the one the runner sends and
	// is not to be derived from the PDU, "computed" otherwise (load).
	IDs string `json:"ids,omitempty"`
	// Events are the fixture's events in order (load).
	Events []Event `json:"events,omitempty"`
	// CheckSignatures says whether signatures are part of judging; Keys are
	// then the servers' public keys (load).
	CheckSignatures bool                      `json:"check_signatures,omitempty"`
	Keys            map[string]map[string]Key `json:"keys,omitempty"`
	// CheckHashes says whether content hashes are checked (load).
	CheckHashes bool `json:"check_hashes,omitempty"`

	// Event is the ID of the event asked about (auth, redact, verify).
	Event string `json:"event,omitempty"`
	// AuthEvents are the events the judged event may use as auth events,
	// each with whether it was rejected (auth).
	AuthEvents []Ref `json:"auth_events,omitempty"`
	// StateBefore and CurrentState, when present, are states (lists of
	// event IDs) the event is also judged against (auth).
	StateBefore  *[]string `json:"state_before,omitempty"`
	CurrentState *[]string `json:"current_state,omitempty"`

	// StateSets and Rejected are a resolution question (resolve).
	StateSets [][]string `json:"state_sets,omitempty"`
	Rejected  []string   `json:"rejected,omitempty"`
}

// Event is one loaded event: its ID and its PDU text, exact bytes.
type Event struct {
	ID string `json:"id"`
	// PDU is the event's text when it is valid UTF-8; otherwise it is
	// empty and PDUBase64 holds the bytes in standard base64.
	PDU       string `json:"pdu,omitempty"`
	PDUBase64 string `json:"pdu_base64,omitempty"`
}

// NewEvent returns the Event carrying raw exactly.
func NewEvent(id string, raw []byte) Event {
	if utf8.Valid(raw) {
		return Event{ID: id, PDU: string(raw)}
	}
	return Event{ID: id, PDUBase64: base64.StdEncoding.EncodeToString(raw)}
}

// Bytes returns the event's PDU text.
func (e Event) Bytes() ([]byte, error) {
	switch {
	case e.PDU != "" && e.PDUBase64 != "":
		return nil, errors.New("event " + e.ID + " has both pdu and pdu_base64")
	case e.PDUBase64 != "":
		b, err := base64.StdEncoding.DecodeString(e.PDUBase64)
		if err != nil {
			return nil, errors.New("event " + e.ID + ": pdu_base64 is not base64")
		}
		return b, nil
	}
	return []byte(e.PDU), nil
}

// Ref names an event and whether it was rejected.
type Ref struct {
	ID       string `json:"id"`
	Rejected bool   `json:"rejected,omitempty"`
}

// Key is a server's public key: unpadded base64, and the end of its
// validity in milliseconds (0 for none).
type Key struct {
	Key          string `json:"key"`
	ValidUntilTS int64  `json:"valid_until_ts,omitempty"`
}

// Response is one line from the judge to the runner.
type Response struct {
	// ID is the ID of the request answered.
	ID int64 `json:"id"`
	// Error, when set, says the judge could not answer the question (an
	// unsupported operation, a resolution that fails); the other members
	// are then ignored.
	Error string `json:"error,omitempty"`
	// ErrorCode, with Error in a resolve answer, names the kind of
	// resolution failure as fixtures spell it ("other_room",
	// "no_create_event"); empty for any other failure.
	ErrorCode string `json:"error_code,omitempty"`

	// Protocol, Name and Software answer hello: the protocol version the
	// judge speaks, the implementation's name and its version.
	Protocol int    `json:"protocol,omitempty"`
	Name     string `json:"name,omitempty"`
	Software string `json:"software,omitempty"`

	// Allowed is the verdict (auth); Rule and Reason explain a rejection;
	// SoftFailed marks an event refused only by the current state; EventID
	// is the ID the judge computed for the event, when it knows one.
	Allowed    *bool  `json:"allowed,omitempty"`
	Rule       string `json:"rule,omitempty"`
	Reason     string `json:"reason,omitempty"`
	SoftFailed bool   `json:"soft_failed,omitempty"`
	EventID    string `json:"event_id,omitempty"`

	// State is the resolved state, type → state_key → event ID (resolve).
	State *map[string]map[string]string `json:"state,omitempty"`

	// Redacted is the redacted event as a JSON object (redact).
	Redacted RawJSON `json:"redacted,omitempty"`

	// Valid is the signature check's result (verify); Reason says why not.
	Valid *bool `json:"valid,omitempty"`
}

// RawJSON is a JSON value carried as is.
type RawJSON []byte

// MarshalJSON implements json.Marshaler.
func (r RawJSON) MarshalJSON() ([]byte, error) {
	if len(r) == 0 {
		return []byte("null"), nil
	}
	return r, nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *RawJSON) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

// Bool returns a pointer to b, for the pointer members of Response.
func Bool(b bool) *bool { return &b }
