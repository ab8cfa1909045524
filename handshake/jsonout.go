package handshake

import (
	"bytes"
	"encoding/json"
)

// marshalObject writes m as a JSON object with sorted keys, without the
// HTML escaping encoding/json applies by default, so strings keep their
// text (canonical JSON writes <, > and & raw as well).
func marshalObject(m map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// placeholderHash is a syntactically valid hashes object for probe PDUs:
// the content hash excludes hashes, so its value never matters.
var placeholderHash = map[string]any{"sha256": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}

// probeEventID is the event ID given to probe PDUs of room versions 1–2,
// whose format requires one. It never leaves the package.
const probeEventID = "$handshake-template-probe"
