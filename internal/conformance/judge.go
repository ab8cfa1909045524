package conformance

import (
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// Rule IDs of the receipt pipeline steps that come before the
// authorization rules (DIGEST §6.9).
const (
	// RuleInvalidPDU marks an event that is not a valid PDU (PDU-1).
	RuleInvalidPDU = "PDU-1"
	// RuleSignatures marks an event whose signatures fail (PDU-2).
	RuleSignatures = "PDU-2"
	// RuleHash marks an event whose redacted form, taken after a content
	// hash mismatch (PDU-3), cannot be built.
	RuleHash = "PDU-3"
)

// Verdict is the judgement on one event of a fixture.
type Verdict struct {
	// Index is the event's position in the fixture's events array.
	Index int
	// ID is the event's ID.
	ID string
	// Allowed is the verdict.
	Allowed bool
	// Rule and Reason explain a rejection: a rule ID of the authorization
	// rules (DIGEST §2), or one of RuleInvalidPDU, RuleSignatures and
	// RuleHash.
	Rule   string
	Reason string
	// Err is the error behind a rejection: an *auth.Rejection, an
	// *event.ValidationError, a signature error.
	Err error
	// Redacted reports that the content hash did not match, so the event
	// was judged, and is used as an auth event, in its redacted form.
	Redacted bool
	// Event is the event as judged (its redacted form when Redacted), or
	// nil for an invalid PDU.
	Event *event.Event
}

// Verdict returns "allowed" or "rejected", as fixtures spell verdicts.
func (v *Verdict) Verdict() string {
	if v.Allowed {
		return "allowed"
	}
	return "rejected"
}

// Options tune how events are judged. The zero value follows FORMAT.md.
type Options struct {
	// AlwaysCheckHashes checks content hashes in fixtures without keys too
	// (by default the hash is checked together with the signatures, only
	// when the fixture has keys).
	AlwaysCheckHashes bool
}

// Judge judges every event of f in array order (FORMAT.md `auth`) and
// returns one verdict per event, in the same order.
func Judge(f *fixture.Fixture) []Verdict { return Options{}.Judge(f) }

// Judge is [Judge] with the options o.
func (o Options) Judge(f *fixture.Fixture) []Verdict {
	verdicts := make([]Verdict, len(f.Events))
	var keys *keyRing
	if f.Keys != nil {
		keys = newKeyRing(f.Keys)
	}
	for i, en := range f.Events {
		v := &verdicts[i]
		v.Index, v.ID = en.Index, en.ID
		o.judgeOne(f, en, keys, verdicts, v)
	}
	return verdicts
}

// judgeOne fills v, the verdict on en; verdicts holds the verdicts on the
// events before en.
func (o Options) judgeOne(f *fixture.Fixture, en *fixture.Entry, keys *keyRing, verdicts []Verdict, v *Verdict) {
	reject := func(rule string, err error) {
		v.Rule, v.Err = rule, err
		v.Reason = err.Error()
		var rej *auth.Rejection
		if errors.As(err, &rej) {
			v.Rule, v.Reason = string(rej.Rule), rej.Reason
		}
	}
	// 1. A valid PDU for the room version.
	ev := en.Event
	if ev == nil {
		err := en.ParseErr
		if err == nil {
			err = errors.New("invalid PDU")
		}
		reject(RuleInvalidPDU, err)
		return
	}
	v.Event = ev
	// 2. Signatures, then the content hash.
	if keys != nil {
		if err := keys.verify(ev); err != nil {
			reject(RuleSignatures, err)
			return
		}
	}
	if keys != nil || o.AlwaysCheckHashes {
		ok, err := ev.ContentHashValid()
		if err != nil {
			reject(RuleHash, fmt.Errorf("content hash: %w", err))
			return
		}
		if !ok {
			red, err := ev.Redacted()
			if err != nil {
				reject(RuleHash, fmt.Errorf("content hash mismatch, and the redacted form is invalid: %w", err))
				return
			}
			v.Redacted, v.Event, ev = true, red, red
		}
	}
	// 3. Every auth event known, earlier and allowed (AUTHEV-3).
	authEvents := make([]*event.Event, 0, len(ev.AuthEventIDs()))
	for _, id := range ev.AuthEventIDs() {
		a := f.Lookup(id)
		switch {
		case a == nil:
			reject(string(rejectedAuthEventRule), authEventRejection(ev, fmt.Sprintf("auth event %s is not in the fixture", id)))
			return
		case a.Index >= en.Index:
			reject(string(rejectedAuthEventRule), authEventRejection(ev, fmt.Sprintf("auth event %s does not come before the event", id)))
			return
		case !verdicts[a.Index].Allowed:
			reject(string(rejectedAuthEventRule), authEventRejection(ev, fmt.Sprintf("auth event %s was rejected", id)))
			return
		}
		authEvents = append(authEvents, verdicts[a.Index].Event)
	}
	// 4. The authorization rules against the event's own auth events.
	if err := auth.CheckAuthEvents(ev, authEvents); err != nil {
		reject("AUTH", err)
		return
	}
	v.Allowed = true
}
