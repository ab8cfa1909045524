package builder

import (
	"strconv"
	"strings"

	"github.com/mxauth/mxauth/auth"
)

// Error is the type of the package's sentinel errors. They are constants,
// so no caller can replace them; compare with errors.Is.
type Error string

// Error implements error.
func (e Error) Error() string { return string(e) }

// ErrNoCreateEvent is returned (wrapped) when a state has no
// (m.room.create, "") entry: every event but the create event itself needs
// one to be built or judged (SEL-1, AUTHEV-4, ROOMID-1).
const ErrNoCreateEvent Error = "there is no create event in this state"

// FieldError reports an input that cannot be built: a field of the
// [Proto], of the [SigningKey] or the room version. Field is the PDU field
// name ("type", "state_key", "content", "prev_events", ...), or
// "SigningKey.<name>", "version", "event" and "fetch" for the other
// inputs. A PDU that the
// event package refuses once assembled is reported the same way, with the
// *event.ValidationError as the error it wraps.
type FieldError struct {
	// Field names the offending input.
	Field string
	// Reason says what is wrong with it.
	Reason string

	err error
}

// Error implements error: "builder: invalid <field>: <reason>".
func (e *FieldError) Error() string {
	return "builder: invalid " + e.Field + ": " + e.Reason
}

// Unwrap returns the underlying error, if any.
func (e *FieldError) Unwrap() error { return e.err }

func fieldErr(field, reason string) error { return &FieldError{Field: field, Reason: reason} }

// MissingEventsError reports state entries whose events the caller's store
// does not have. Keys and IDs are parallel and sorted by key.
type MissingEventsError struct {
	// Keys are the (type, state_key) entries whose events are missing.
	Keys []auth.StateKey
	// IDs are the event IDs the entries name.
	IDs []string
}

// Error implements error, listing at most a few of the missing IDs.
func (e *MissingEventsError) Error() string {
	var b strings.Builder
	b.WriteString("builder: ")
	b.WriteString(strconv.Itoa(len(e.IDs)))
	b.WriteString(" state events missing: ")
	for i, id := range e.IDs {
		if i == 5 {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(id)
		b.WriteString(" at ")
		b.WriteString(keyString(e.Keys[i]))
	}
	return b.String()
}

// EntryError reports a state entry whose event does not belong there: its
// (type, state_key) is not the entry's key, it is nil, or it is not the
// event the entry names.
type EntryError struct {
	// Key is the entry's (type, state_key).
	Key auth.StateKey
	// ID is the event ID involved, when known.
	ID string
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *EntryError) Error() string {
	s := "builder: state entry " + keyString(e.Key)
	if e.ID != "" {
		s += " (" + e.ID + ")"
	}
	return s + ": " + e.Reason
}

func keyString(k auth.StateKey) string {
	return "(" + strconv.Quote(k.Type) + ", " + strconv.Quote(k.StateKey) + ")"
}
