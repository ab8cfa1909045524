package conformance

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
)

// Rule IDs of the receipt pipeline steps that come before the
// authorization rules (DIGEST §6.9); each is the Rule of the matching
// receipt.Step.
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
	// Judged, when not nil, is called after each event is judged in
	// array order, to show progress on large fixtures. It must be safe
	// for concurrent use when fixtures are judged concurrently.
	Judged func()
}

// Judge judges every event of f in array order (FORMAT.md `auth`) and
// returns one verdict per event, in the same order.
func Judge(f *fixture.Fixture) []Verdict { return Options{}.Judge(f) }

// Judge is [Judge] with the options o.
func (o Options) Judge(f *fixture.Fixture) []Verdict {
	verdicts := make([]Verdict, len(f.Events))
	var keys event.KeyLookup
	if f.Keys != nil {
		keys = newKeyRing(f.Keys)
	}
	opts := o.receiptOptions(f)
	for i, en := range f.Events {
		v := &verdicts[i]
		v.Index, v.ID = en.Index, en.ID
		judgeOne(f, en, keys, opts, verdicts, v)
		if o.Judged != nil {
			o.Judged()
		}
	}
	return verdicts
}

// receiptOptions are the pipeline's options for f: signatures only when
// the fixture has keys; content hashes then, or with "check_hashes", or
// with o.AlwaysCheckHashes (FORMAT.md `auth`, step 2).
func (o Options) receiptOptions(f *fixture.Fixture) receipt.Options {
	return receipt.Options{
		SkipSignatures:  f.Keys == nil,
		SkipContentHash: f.Keys == nil && !f.CheckHashes && !o.AlwaysCheckHashes,
	}
}

// judgeOne fills v, the verdict on en, by the receipt pipeline; verdicts
// holds the verdicts on the events before en, which are the only events
// its auth events may name (FORMAT.md `auth`, step 3).
func judgeOne(f *fixture.Fixture, en *fixture.Entry, keys event.KeyLookup, opts receipt.Options, verdicts []Verdict, v *Verdict) {
	r := receipt.Check(receiptInput(f, en, keys, verdicts), opts)
	v.Event, v.Redacted = r.Event, r.Redacted
	if r.Accepted() {
		v.Allowed = true
		return
	}
	v.Err = r.Err
	v.Rule, v.Reason = explain(f, en, r, verdicts)
}

// receiptInput is the receipt pipeline's input for en: the event (or its
// raw text when it is not a valid PDU), the keys, and as auth events the
// earlier events with the verdicts on them.
func receiptInput(f *fixture.Fixture, en *fixture.Entry, keys event.KeyLookup, verdicts []Verdict) receipt.Input {
	in := receipt.Input{
		Event: en.Event,
		Keys:  keys,
		AuthEvents: func(id string) (*event.Event, bool) {
			a := f.Lookup(id)
			if a == nil || a.Index >= en.Index {
				return nil, false
			}
			return verdicts[a.Index].Event, !verdicts[a.Index].Allowed
		},
	}
	if en.Event == nil {
		// An invalid PDU: the pipeline's format step says why.
		in.PDU, in.Version = en.Raw, f.RoomVersion
		if f.GivenIDs && f.RoomVersion.EventIDFormat != roomversion.EventIDGiven {
			in.EventID = en.ID
		}
	}
	return in
}

// explain returns the rule and reason of a refusal r of en, for a
// fixture author: AUTHEV-3 names the auth event at fault, and an invalid
// PDU says why it did not parse.
func explain(f *fixture.Fixture, en *fixture.Entry, r receipt.Result, verdicts []Verdict) (rule, reason string) {
	rule, reason = r.Rule(), r.Reason()
	if rej := r.Rejection(); rej != nil {
		if rej.Rule == auth.RuleAuthEv3 && r.Step == receipt.StepAuthEvents {
			if why := authEv3Detail(f, en, r.Event, verdicts); why != "" {
				reason = why
			}
		}
	}
	if r.Step == receipt.StepFormat && en.ParseErr != nil {
		reason = en.ParseErr.Error()
	}
	return rule, reason
}

// JudgeAuthState judges the event of the auth_state case c through the
// whole receipt pipeline (FORMAT.md, format 2): its auth events as for
// `auth`, with verdicts (from [Options.Judge] on f) on the events before
// it, then the state before it and the current state the case gives. It
// returns "allowed", "rejected" or "soft_failed", and for a refusal its
// rule and reason.
func (o Options) JudgeAuthState(f *fixture.Fixture, verdicts []Verdict, c fixture.AuthStateCase) (got, rule, reason string) {
	en := f.Lookup(c.Event)
	var keys event.KeyLookup
	if f.Keys != nil {
		keys = newKeyRing(f.Keys)
	}
	in := receiptInput(f, en, keys, verdicts)
	if c.StateBefore != nil {
		in.StateBefore = receivedState(f, verdicts, c.StateBefore)
	}
	if c.CurrentState != nil {
		in.CurrentState = receivedState(f, verdicts, c.CurrentState)
	}
	r := receipt.Check(in, o.receiptOptions(f))
	switch {
	case r.Accepted():
		return fixture.VerdictAllowed, "", ""
	case r.SoftFailed():
		got = fixture.VerdictSoftFailed
	default:
		got = fixture.VerdictRejected
	}
	rule, reason = explain(f, en, r, verdicts)
	return got, rule, reason
}

// receivedState builds a state from event IDs, each event in the form it
// was judged in (redacted after a content hash mismatch). The loader has
// checked that each is a valid state event, once per key.
func receivedState(f *fixture.Fixture, verdicts []Verdict, ids []string) auth.StateMap {
	st := make(auth.StateMap, len(ids))
	for _, id := range ids {
		ev := verdicts[f.Lookup(id).Index].Event
		if ev == nil {
			ev = f.Lookup(id).Event
		}
		sk, _ := ev.StateKey()
		st[auth.StateKey{Type: ev.Type(), StateKey: sk}] = ev
	}
	return st
}

// authEv3Detail says, for a fixture author, why ev (the event at en) fails
// AUTHEV-3: its first auth event (in v12 the implied create event last)
// that is not in the fixture, does not come before it, or was rejected,
// with that event's own rule, so a chain of rejections can be followed.
func authEv3Detail(f *fixture.Fixture, en *fixture.Entry, ev *event.Event, verdicts []Verdict) string {
	if ev == nil {
		return ""
	}
	ids := ev.AppendAuthEventIDs(nil)
	if c, ok := ev.ImpliedCreateEventID(); ok {
		ids = append(ids, c)
	}
	for _, id := range ids {
		a := f.Lookup(id)
		switch {
		case a == nil:
			return "auth event " + id + " is not in the fixture"
		case a.Index >= en.Index:
			return "auth event " + id + " does not come before the event"
		case !verdicts[a.Index].Allowed:
			return "auth event " + id + " was rejected (" + verdicts[a.Index].Rule + ")"
		}
	}
	return ""
}
