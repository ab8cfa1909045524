package event

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"

	"github.com/mxauth/mxauth/roomversion"
)

// DeriveEventID returns the event ID room version v (3+) derives from the
// PDU text raw, without judging whether the PDU is valid. Parse and
// ComputeEventID refuse an invalid PDU outright; a caller that must still
// name one (to log it, to report it, or to label it in a conformance
// fixture) uses this. The text is read the way the network's reference
// implementation reads JSON before hashing: a key that repeats keeps its
// last value, and numbers are written as in room versions 1–5 (CJ-LAX)
// whatever v says. Everything else follows the reference hash (HASH-R-1..3)
// and EID-3/EID-4. It fails only when the text is not JSON at all.
func DeriveEventID(raw []byte, v roomversion.Version) (string, error) {
	enc, err := idEncoding(v)
	if err != nil {
		return "", err
	}
	if len(raw) > maxRawInputBytes {
		return "", invalid("", "PDU text is %d bytes, more than %d", len(raw), maxRawInputBytes)
	}
	// Decoding into generic values and encoding again drops repeated keys
	// (the last one wins) and keeps every number's digits (UseNumber).
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return "", invalid("", "not a JSON object: %v", err)
	}
	text, err := json.Marshal(doc)
	if err != nil {
		return "", invalid("", "cannot re-encode: %v", err)
	}
	b, err := encodeOwned(string(text), numLax, redactForSigning, v)
	if err != nil {
		return "", err
	}
	return formatEventID(sha256.Sum256(b), enc), nil
}
