package event

import (
	"github.com/mxauth/mxauth/roomversion"
)

// The redaction algorithm (DIGEST §6.2): RED-1 top-level whitelist, RED-2
// per-type content whitelists, RED-3 only top-level content keys are
// matched and their values kept whole. Room versions 1–5 keep
// content.aliases of m.room.aliases, 6–7 do not (EDGE-V4).

// redactionRules is the version's redaction data, read directly.
type redactionRules = roomversion.RedactionRules

func rulesFor(v roomversion.Version) redactionRules { return v.Redaction }

// RED-2 content whitelists. These slices are never modified.
var (
	keepMember            = []string{"membership"}
	keepCreate            = []string{"creator"}
	keepJoinRules         = []string{"join_rule"}
	keepPowerLevels       = []string{"ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"}
	keepHistoryVisibility = []string{"history_visibility"}
	keepAliases           = []string{"aliases"}
)

// contentKeys returns the content keys that survive redaction for an event
// of type typ (RED-2), or nil when content becomes {}.
func contentKeys(r redactionRules, typ string) []string {
	switch typ {
	case TypeMember:
		return keepMember
	case TypeCreate:
		return keepCreate
	case TypeJoinRules:
		return keepJoinRules
	case TypePowerLevels:
		return keepPowerLevels
	case TypeHistoryVisibility:
		return keepHistoryVisibility
	case TypeAliases:
		if r.KeepAliasesAliases {
			return keepAliases
		}
	}
	return nil
}

// redactTopKeep reports whether top-level key k survives redaction (RED-1).
func redactTopKeep(k string) bool {
	switch k {
	case "event_id", "type", "room_id", "sender", "state_key", "content", "hashes",
		"signatures", "depth", "prev_events", "prev_state", "auth_events", "origin",
		"origin_server_ts", "membership":
		return true
	}
	return false
}

// numModeFor returns the canonical-JSON number rules of a room version
// (CJ-STRICT for v6–7, CJ-LAX for v1–5).
func numModeFor(v roomversion.Version) numMode {
	if v.StrictCanonicalJSON {
		return numStrict
	}
	return numLax
}

// RedactJSON applies the redaction algorithm of room version v (RED-1..3)
// to the JSON object raw and returns the result as canonical JSON, with the
// number rules of v. raw must be a JSON object; it is validated as a PDU's
// text is (no duplicate keys, no lone surrogates, CJ-STRICT in v6–7) but
// not checked for the PDU fields.
func RedactJSON(raw []byte, v roomversion.Version) ([]byte, error) {
	if err := v.Valid(); err != nil {
		return nil, err
	}
	s := string(raw)
	if _, err := scanJSON(s, v.StrictCanonicalJSON); err != nil {
		return nil, err
	}
	if !isObjectText(s) {
		return nil, invalid("", "not a JSON object")
	}
	return encodeOwned(s, numModeFor(v), redactKeepSigs, rulesFor(v))
}

// Redact returns the event's redacted form (RED-1..3) as canonical JSON.
// For an event of room version 3+ built with [NewWithID] the result has no
// event_id, as the event's text has none.
func (e *Event) Redact() ([]byte, error) {
	return encodeOwned(e.raw, numModeFor(e.version), redactKeepSigs, rulesFor(e.version))
}

// Redacted returns the event in its redacted form (RED-1..4) as an Event
// with the same ID, so that callers can judge it as the spec requires when
// its content hash does not match (HASH-C-4).
func (e *Event) Redacted() (*Event, error) {
	b, err := e.Redact()
	if err != nil {
		return nil, err
	}
	r, err := parse(b, e.version, false)
	if err != nil {
		return nil, err
	}
	r.id = e.id
	return r, nil
}

// isObjectText reports whether the scanned JSON text s is an object.
func isObjectText(s string) bool {
	i := skipWS(s, 0)
	return i < len(s) && s[i] == '{'
}
