package conformance

import (
	"bytes"
	"encoding/json"
	"sort"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// checkRedactions compares the redacted form of each event named in the
// fixture's `redact` member with the expectation, in event ID order.
func checkRedactions(f *fixture.Fixture) []Outcome {
	ids := make([]string, 0, len(f.Redact))
	for id := range f.Redact {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return f.Lookup(ids[i]).Index < f.Lookup(ids[j]).Index })
	out := make([]Outcome, 0, len(ids))
	for _, id := range ids {
		out = append(out, checkRedaction(f, id, f.Redact[id]))
	}
	return out
}

func checkRedaction(f *fixture.Fixture, id string, want json.RawMessage) Outcome {
	o := Outcome{Kind: KindRedact, Subject: id, Expected: compactJSON(want)}
	got, err := redactEntry(f, f.Lookup(id))
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

// redactEntry returns the redacted form of a fixture event; an invalid PDU
// is redacted from its raw text.
func redactEntry(f *fixture.Fixture, en *fixture.Entry) ([]byte, error) {
	if en.Event != nil {
		return en.Event.Redact()
	}
	return event.RedactJSON(en.Raw, f.RoomVersion)
}

// compactJSON removes insignificant whitespace for display.
func compactJSON(raw []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return string(raw)
	}
	return buf.String()
}
