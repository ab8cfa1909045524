package conformance

import (
	"bytes"
	"encoding/json"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

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
