package conformance

import (
	"fmt"
	"strings"

	"github.com/mxauth/mxauth/internal/fixture"
)

// Kind names what an [Outcome] checks.
type Kind string

// The kinds of expectation a fixture can hold, and [KindFormat] for a file
// that breaks the fixture format.
const (
	KindAuth      Kind = "auth"
	KindAuthState Kind = "auth_state"
	KindResolve   Kind = "resolve"
	KindRedact    Kind = "redact"
	KindFormat    Kind = "format"
)

// Outcome is the check of one expectation.
type Outcome struct {
	Kind Kind `json:"kind"`
	// Subject is the event ID (auth, redact) or the resolve case's name.
	Subject string `json:"subject"`
	// Case is the name of an auth_state case, when it has one.
	Case string `json:"case,omitempty"`
	// Expected and Got are the expected and the obtained value: a verdict,
	// or compact JSON for resolve and redact.
	Expected string `json:"expected"`
	Got      string `json:"got"`
	// Rule and Reason explain a rejection (auth outcomes only).
	Rule   string `json:"rule,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Diff says briefly what differs (resolve and redact outcomes only).
	Diff string `json:"diff,omitempty"`
	OK   bool   `json:"ok"`
}

// Result is the outcome of running one fixture.
type Result struct {
	// Path is the fixture file, Name its name (the path's base name when
	// the file could not be loaded).
	Path   string `json:"path"`
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	// Error is set when the file breaks the fixture format.
	Error    string    `json:"error,omitempty"`
	Outcomes []Outcome `json:"outcomes,omitempty"`
}

// FormatFailure returns the failed result of a file that could not be
// loaded as a fixture.
func FormatFailure(path, name string, err error) Result {
	return Result{Path: path, Name: name, Error: err.Error()}
}

// Failures returns the outcomes that did not hold.
func (r Result) Failures() []Outcome {
	var out []Outcome
	for _, o := range r.Outcomes {
		if !o.OK {
			out = append(out, o)
		}
	}
	return out
}

// maxListed bounds how many failures [Result.Summary] spells out.
const maxListed = 3

// Summary says in one line what differed; it is empty for a passed
// fixture.
func (r Result) Summary() string {
	if r.Error != "" {
		return "bad fixture: " + r.Error
	}
	fails := r.Failures()
	if len(fails) == 0 {
		if r.Passed {
			return ""
		}
		return "no expectation checked"
	}
	parts := make([]string, 0, maxListed+1)
	for i, o := range fails {
		if i == maxListed {
			parts = append(parts, fmt.Sprintf("and %d more", len(fails)-maxListed))
			break
		}
		parts = append(parts, o.String())
	}
	return strings.Join(parts, "; ")
}

// String describes a failed outcome in one line.
func (o Outcome) String() string {
	switch o.Kind {
	case KindAuth:
		s := fmt.Sprintf("auth %s: expected %s, got %s", o.Subject, o.Expected, o.Got)
		if o.Rule != "" || o.Reason != "" {
			s += fmt.Sprintf(" (%s: %s)", o.Rule, o.Reason)
		}
		return s
	case KindAuthState:
		s := fmt.Sprintf("auth_state %s", o.Subject)
		if o.Case != "" {
			s += fmt.Sprintf(" (%q)", o.Case)
		}
		s += fmt.Sprintf(": expected %s, got %s", o.Expected, o.Got)
		if o.Rule != "" || o.Reason != "" {
			s += fmt.Sprintf(" (%s: %s)", o.Rule, o.Reason)
		}
		return s
	case KindResolve:
		return fmt.Sprintf("resolve %q: %s", o.Subject, o.Diff)
	case KindRedact:
		return fmt.Sprintf("redact %s: %s", o.Subject, o.Diff)
	case KindFormat:
		return o.Diff
	}
	return fmt.Sprintf("%s %s: expected %s, got %s", o.Kind, o.Subject, o.Expected, o.Got)
}

// ChangedIDOutcome is the failed outcome for an event of a fixture with
// computed IDs whose text was edited after its ID was computed (an entry
// of [fixture.Fixture.Changed]): the fixture breaks the format, and the
// runner says so first while the rest of it is still judged, with the
// event read under the ID the file refers to it by.
func ChangedIDOutcome(en *fixture.Entry) Outcome {
	return Outcome{Kind: KindFormat, Subject: en.ID, Expected: en.ID, Got: en.ComputedID,
		Diff: fmt.Sprintf("events[%d]: this event's computed ID changed: it is now %s, and the fixture refers to it as %s (was it edited after its ID was computed?)",
			en.Index, en.ComputedID, en.ID)}
}
