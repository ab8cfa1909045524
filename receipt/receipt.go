package receipt

import (
	"errors"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Step is one step of the receipt pipeline (DIGEST §6.9).
type Step uint8

// The steps, in the order they run. StepNone, the zero value, names no step:
// it is the Step of a [Result] that no step refused.
const (
	// StepNone: no step refused the event.
	StepNone Step = iota
	// StepFormat is PDU-1: a valid PDU for its room version.
	StepFormat
	// StepSignatures is PDU-2: the required signatures verify.
	StepSignatures
	// StepContentHash is PDU-3: the content hash matches, or the redacted
	// form is judged instead; it refuses only an event whose redacted form
	// cannot be built.
	StepContentHash
	// StepAuthEvents is PDU-4: the auth events are known and accepted
	// (AUTHEV-3) and the rules pass against them.
	StepAuthEvents
	// StepStateBefore is PDU-5: the rules pass against the state before the
	// event.
	StepStateBefore
	// StepCurrentState is PDU-6: the rules pass against the current state;
	// a failure is a soft-fail.
	StepCurrentState
)

// String names the step in words ("signatures", "auth events", …).
func (s Step) String() string {
	switch s {
	case StepNone:
		return "none"
	case StepFormat:
		return "format"
	case StepSignatures:
		return "signatures"
	case StepContentHash:
		return "content hash"
	case StepAuthEvents:
		return "auth events"
	case StepStateBefore:
		return "state before the event"
	case StepCurrentState:
		return "current state"
	}
	return "unknown step"
}

// Rule returns the step's rule ID in DIGEST §6.9, "PDU-1" to "PDU-6", or ""
// for StepNone and unknown values.
func (s Step) Rule() string {
	switch s {
	case StepFormat:
		return "PDU-1"
	case StepSignatures:
		return "PDU-2"
	case StepContentHash:
		return "PDU-3"
	case StepAuthEvents:
		return "PDU-4"
	case StepStateBefore:
		return "PDU-5"
	case StepCurrentState:
		return "PDU-6"
	}
	return ""
}

// AuthEventLookup returns the event with the given ID as the caller holds
// it (in its redacted form if it was accepted after a content-hash
// mismatch) and whether the caller rejected it. A nil event that is not
// rejected means the event is unknown. Both count against the event that
// cites it (AUTHEV-3).
type AuthEventLookup func(id string) (ev *event.Event, rejected bool)

// Input is what [Check] judges and what it judges it against.
type Input struct {
	// PDU is the event as received, and Version its room version. Give
	// either PDU or Event, not both.
	PDU     []byte
	Version roomversion.Version
	// EventID, with PDU in room versions 3 and later, is an ID the caller
	// already knows (an event loaded from its own store, whose text carries
	// no event_id): the PDU is parsed with event.NewWithID instead of
	// deriving the ID. Leave it empty for events received over federation.
	EventID string
	// Event is an already parsed event, instead of PDU. Its format was
	// checked when it was parsed; when Version is also set it must be the
	// event's room version.
	Event *event.Event
	// Keys holds the servers' verification keys, with validity already
	// capped (DECISIONS S2). Nil holds no keys, so signatures fail unless
	// [Options.SkipSignatures] is set.
	Keys event.KeyLookup
	// AuthEvents finds the events the PDU cites. Nil knows no event, so
	// every event other than a create event is rejected (AUTHEV-3).
	AuthEvents AuthEventLookup
	// StateBefore is the state before the event, the resolution of its prev
	// events' states (PDU-5). Nil skips the step. A non-nil but empty state
	// (a nil auth.StateMap included) is checked like any other and fails.
	StateBefore auth.State
	// CurrentState is the room's current state (PDU-6). Nil skips the
	// step; as with StateBefore, only a nil interface counts as absent.
	CurrentState auth.State
}

// Options tune [Check]. The zero value runs every step, the safe choice for
// events received over federation.
type Options struct {
	// SkipSignatures leaves out step 2, for events whose signatures the
	// caller has already verified (events from its own store).
	SkipSignatures bool
	// SkipContentHash leaves out step 3, for events whose hash the caller
	// has already checked (and which it keeps in the form it judged).
	SkipContentHash bool
}

// Result is the outcome of [Check].
type Result struct {
	// Step is the step that refused the event, or StepNone when every
	// step that ran passed.
	Step Step
	// Event is the event as judged: its redacted form when Redacted, nil
	// when the format step refused it. Store this form, not the original.
	Event *event.Event
	// Redacted reports that the content hash did not match (PDU-3), so the
	// redacted form was judged.
	Redacted bool
	// Err is nil when Step is StepNone, and otherwise an *[Error] that
	// unwraps to the cause: an *auth.Rejection from step 4 on, an
	// *event.ValidationError or an [InputError] at the format step, a
	// signature error at step 2.
	Err error
}

// Accepted reports that the event passed every step that ran.
func (r Result) Accepted() bool { return r.Step == StepNone && r.Err == nil && r.Event != nil }

// SoftFailed reports that the event passed steps 1 to 5 but fails against
// the current state (PDU-6): it is kept, but neither relayed to clients nor
// used as a prev event.
func (r Result) SoftFailed() bool { return r.Step == StepCurrentState }

// Refused reports that the event was dropped (steps 1 to 3) or rejected
// (steps 4 and 5).
func (r Result) Refused() bool { return !r.Accepted() && !r.SoftFailed() }

// Rejection returns the *auth.Rejection behind a refusal or soft-fail by
// the authorization rules (steps 4 to 6), or nil.
func (r Result) Rejection() *auth.Rejection {
	if e, ok := r.Err.(*Error); ok {
		if rej, ok := e.Err.(*auth.Rejection); ok {
			return rej
		}
	}
	return nil
}

// Rule names what refused or soft-failed the event: the rule of the
// *auth.Rejection from step 4 on (for example "AUTHEV-3" or "SENDER-1"),
// otherwise the step's rule ID ("PDU-1", "PDU-2", "PDU-3"); "" when the
// event was accepted.
func (r Result) Rule() string {
	if rej := r.Rejection(); rej != nil {
		return string(rej.Rule)
	}
	if r.Err == nil {
		return ""
	}
	return r.Step.Rule()
}

// Reason says in words why the event was refused or soft-failed, without
// the step and event ID that Err's message starts with: the rejection's
// reason, or the message of the cause; "" when the event was accepted.
func (r Result) Reason() string {
	if rej := r.Rejection(); rej != nil {
		return rej.Reason
	}
	var e *Error
	if errors.As(r.Err, &e) && e.Err != nil {
		return e.Err.Error()
	}
	if r.Err != nil {
		return r.Err.Error()
	}
	return ""
}

// Error is the error of a refused or soft-failed event.
type Error struct {
	// Step is the step that refused the event.
	Step Step
	// EventID is the event's ID, when it is known.
	EventID string
	// Err is the cause.
	Err error
}

// Error implements error: "receipt: <event> refused at PDU-4 (auth events):
// <cause>".
func (e *Error) Error() string {
	verb := " refused at "
	if e.Step == StepCurrentState {
		verb = " soft-failed at "
	}
	id := e.EventID
	if id == "" {
		id = "event"
	}
	msg := "receipt: " + id + verb + e.Step.Rule() + " (" + e.Step.String() + ")"
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause, for errors.As and errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// InputError is a refusal at the format step caused by the [Input] itself
// rather than by the PDU's text.
type InputError string

// Error implements error.
func (e InputError) Error() string { return string(e) }

// The input errors.
const (
	// ErrNoPDU: neither PDU nor Event was given.
	ErrNoPDU InputError = "no PDU given"
	// ErrPDUAndEvent: both PDU and Event were given.
	ErrPDUAndEvent InputError = "both a PDU and a parsed event given; give one"
	// ErrVersionMismatch: Event's room version is not Version.
	ErrVersionMismatch InputError = "the parsed event's room version is not the one given"
	// ErrNoEventID: the parsed event given has no event ID (a zero
	// event.Event). A room version 1–2 PDU whose event_id is empty is
	// refused by event.Parse, at the format step.
	ErrNoEventID InputError = "the parsed event has no event ID"
)

// Check runs the receipt pipeline on in.PDU or in.Event and says which step,
// if any, refused it. It never panics.
func Check(in Input, opts Options) Result {
	var r Result
	refuse := func(s Step, id string, err error) Result {
		r.Step, r.Err = s, &Error{Step: s, EventID: id, Err: err}
		return r
	}
	// 1. Format (PDU-1).
	ev, err := parse(in, !opts.SkipContentHash)
	if err != nil {
		return refuse(StepFormat, in.EventID, err)
	}
	r.Event = ev
	// 2. Signatures (PDU-2), on the event as received.
	if !opts.SkipSignatures {
		if err := ev.VerifySignatures(in.Keys); err != nil {
			return refuse(StepSignatures, ev.ID(), err)
		}
	}
	// 3. Content hash (PDU-3): a mismatch means the redacted form is judged.
	if !opts.SkipContentHash {
		red, err := hashChecked(ev)
		if err != nil {
			return refuse(StepContentHash, ev.ID(), err)
		}
		if red != ev {
			r.Event, r.Redacted, ev = red, true, red
		}
	}
	// 4. Auth events (PDU-4).
	if err := checkAuthEvents(ev, in.AuthEvents); err != nil {
		return refuse(StepAuthEvents, ev.ID(), err)
	}
	// 5. State before the event (PDU-5).
	if in.StateBefore != nil {
		if err := auth.Check(ev, in.StateBefore); err != nil {
			return refuse(StepStateBefore, ev.ID(), err)
		}
	}
	// 6. Current state (PDU-6): a soft-fail.
	if in.CurrentState != nil {
		if err := auth.Check(ev, in.CurrentState); err != nil {
			return refuse(StepCurrentState, ev.ID(), err)
		}
	}
	return r
}

// parse returns the event step 1 accepts. With chash the parse also checks
// the content hash step 3 reads, in the same pass (event.ParseOptions).
func parse(in Input, chash bool) (*event.Event, error) {
	switch {
	case in.Event != nil && in.PDU != nil:
		return nil, ErrPDUAndEvent
	case in.Event != nil:
		ev := in.Event
		if err := ev.Version().Valid(); err != nil {
			return nil, err
		}
		if ev.ID() == "" {
			return nil, ErrNoEventID
		}
		// Identity of the two versions, not a behaviour switch.
		if in.Version.ID != "" && in.Version.ID != ev.Version().ID {
			return nil, ErrVersionMismatch
		}
		return ev, nil
	case len(in.PDU) == 0:
		return nil, ErrNoPDU
	}
	if err := in.Version.Valid(); err != nil {
		return nil, err
	}
	ev, err := event.ParseWith(in.PDU, in.Version, event.ParseOptions{ID: in.EventID, ContentHash: chash})
	switch {
	case err != nil:
		return nil, err
	case ev.ID() == "":
		return nil, ErrNoEventID // defensive: Parse refuses an empty v1–2 event_id
	}
	return ev, nil
}

// hashChecked returns ev when its content hash matches, and its redacted
// form otherwise (PDU-3, HASH-C-4).
func hashChecked(ev *event.Event) (*event.Event, error) {
	ok, err := ev.ContentHashValid()
	if err != nil {
		return nil, err
	}
	if ok {
		return ev, nil
	}
	red, err := ev.Redacted()
	if err != nil {
		return nil, hashError{err}
	}
	return red, nil
}

// hashError is a content-hash mismatch whose redacted form is invalid.
type hashError struct{ err error }

func (e hashError) Error() string {
	return "content hash mismatch, and the redacted form is invalid: " + e.err.Error()
}

func (e hashError) Unwrap() error { return e.err }
