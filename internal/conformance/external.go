package conformance

import (
	"encoding/json"
	"sort"

	"github.com/mxauth/mxauth/internal/fixture"
)

// This file lets a runner that obtains its answers elsewhere (an external
// judge, internal/judgeproto) build the same outcomes as [Run].

// AuthOutcome is the outcome of the `auth` expectation on event id, given
// the verdict obtained ("allowed", "rejected", or a description of an
// error) and, for a rejection, its rule and reason.
func AuthOutcome(f *fixture.Fixture, id, got, rule, reason string) Outcome {
	o := Outcome{Kind: KindAuth, Subject: id, Expected: f.Auth[id], Got: got}
	if got != "allowed" {
		o.Rule, o.Reason = rule, reason
	}
	o.OK = o.Expected == o.Got
	return o
}

// AuthStateOutcome is the outcome of an `auth_state` case (format 2),
// given the verdict obtained ("allowed", "rejected", "soft_failed", or a
// description of an error) and, for a refusal, its rule and reason.
func AuthStateOutcome(c fixture.AuthStateCase, got, rule, reason string) Outcome {
	o := Outcome{Kind: KindAuthState, Subject: c.Event, Case: c.Name, Expected: c.Expected, Got: got}
	if got != fixture.VerdictAllowed {
		o.Rule, o.Reason = rule, reason
	}
	o.OK = o.Expected == o.Got
	return o
}

// ResolveOutcome compares the state obtained for a resolve case (or the
// error resolving it, with code its kind as [fixture.ResolveErrorCode]
// names it, "" for none) with its expectation, as [Run] does.
func ResolveOutcome(rc fixture.ResolveCase, got State, code string, err error) Outcome {
	if rc.ExpectedError != "" {
		o := Outcome{Kind: KindResolve, Subject: rc.Name, Expected: "error " + rc.ExpectedError}
		switch {
		case err == nil:
			o.Got = stateJSON(got)
			o.Diff = "expected error " + rc.ExpectedError + ", got a state: " + o.Got
		case code != rc.ExpectedError:
			o.Got = "error: " + err.Error()
			if code != "" {
				o.Got = "error " + code + ": " + err.Error()
			}
			o.Diff = "expected error " + rc.ExpectedError + ", got " + o.Got
		default:
			o.Got, o.OK = "error "+code, true
		}
		return o
	}
	o := Outcome{Kind: KindResolve, Subject: rc.Name, Expected: stateJSON(rc.Expected)}
	if err != nil {
		o.Got = "error: " + err.Error()
		o.Diff = "resolution failed: " + err.Error()
		return o
	}
	o.Got = stateJSON(got)
	o.Diff = stateDiff(rc.Expected, got)
	o.OK = o.Diff == ""
	return o
}

// RedactOrder lists the events of the fixture's `redact` member in the
// order [Run] checks them (event order).
func RedactOrder(f *fixture.Fixture) []string {
	ids := make([]string, 0, len(f.Redact))
	for id := range f.Redact {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return f.Lookup(ids[i]).Index < f.Lookup(ids[j]).Index })
	return ids
}

// RedactOutcome compares the redacted form obtained for event id (or the
// error redacting it) with the expectation want, by value, as [Run] does.
func RedactOutcome(id string, want json.RawMessage, got []byte, err error) Outcome {
	o := Outcome{Kind: KindRedact, Subject: id, Expected: compactJSON(want)}
	if err != nil {
		o.Got = "error: " + err.Error()
		o.Diff = "redaction failed: " + err.Error()
		return o
	}
	o.Got = string(got)
	w, err := decodeValue(want)
	if err != nil {
		o.Diff = "expected value is not JSON: " + err.Error()
		return o
	}
	g, err := decodeValue(got)
	if err != nil {
		o.Diff = "redacted form is not JSON: " + err.Error()
		return o
	}
	if d := jsonDiff("", w, g); d != "" {
		o.Diff = d
		return o
	}
	o.OK = true
	return o
}

// Finish sets r.Passed from r.Outcomes, as [Run] does: a fixture passes
// only when every outcome holds.
func (r *Result) Finish() {
	r.Passed = true
	for _, oc := range r.Outcomes {
		if !oc.OK {
			r.Passed = false
			return
		}
	}
}
