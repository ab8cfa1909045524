package event

import (
	"github.com/mxauth/mxauth/roomversion"
)

// The redaction algorithm (DIGEST §6.2, DIGEST-V8-12 §6.2): RED-1 top-level
// whitelist, RED-2 per-type content whitelists, RED-3 only top-level content
// keys are matched and their values kept whole, with one exception in v11+
// (RED-11-TPI). What a version keeps beyond the v6–7 algorithm is data:
// the Keep* flags of roomversion.RedactionRules, read here at the point of
// use. The canonical encoder applies these filters while it writes, so the
// redacted form, the reference hash and the signing input come from one
// pass over the PDU text.

// redaction is the room version whose redaction algorithm an encoding
// applies, the zero Version for an encoding that redacts nothing. Its
// flags (Redaction.Keep*, RoomIDFromCreateEvent) are read where they apply.
type redaction = roomversion.Version

// keySet names the redaction whitelist that filters the members of one
// object while it is encoded. The zero value, keepWhole, is no filter.
type keySet uint8

const (
	// keepWhole writes the value as it is (no redaction filter).
	keepWhole keySet = iota
	// keepNothing writes {}: no member survives (RED-2, types without a
	// whitelist).
	keepNothing
	// The RED-2 whitelists of content, per event type.
	keepMemberContent
	keepCreateContent
	keepJoinRulesContent
	keepPowerLevelsContent
	keepHistoryVisibilityContent
	keepAliasesContent
	keepRedactionContent
	// keepSignedOnly filters content.third_party_invite of a v11+ member
	// event down to its signed member (RED-11-TPI, DECISIONS D25).
	keepSignedOnly
)

// contentKeys returns the whitelist that filters the content of an event
// of type typ (RED-2): keepNothing when content becomes {}, keepWhole when
// all of it survives (RED-11-CREATE).
func contentKeys(r *redaction, typ string) keySet {
	switch typ {
	case TypeMember:
		return keepMemberContent
	case TypeCreate:
		if r.Redaction.KeepCreateContent {
			return keepWhole
		}
		return keepCreateContent
	case TypeJoinRules:
		return keepJoinRulesContent
	case TypePowerLevels:
		return keepPowerLevelsContent
	case TypeHistoryVisibility:
		return keepHistoryVisibilityContent
	case TypeAliases:
		if r.Redaction.KeepAliasesAliases {
			return keepAliasesContent
		}
	case TypeRedaction:
		if r.Redaction.KeepRedactionRedacts {
			return keepRedactionContent
		}
	}
	return keepNothing
}

// keepKey reports whether the member key, with raw value text val, of an
// object filtered by set survives redaction, and which set filters its
// value in turn (RED-2, RED-3: keys match exactly, case included, and kept
// values are whole except for RED-11-TPI).
//
//   - m.room.member: membership; join_authorised_via_users_server from v9
//     (KeepMemberJoinAuthorisedVia); third_party_invite from v11
//     (KeepMemberThirdPartyInviteSigned), reduced to {"signed": …} when it
//     is an object with signed, to {} when it is an object without, and
//     dropped when it is not an object (RED-11-TPI, DECISIONS D25).
//   - m.room.create: creator (v1–10; v11+ keeps everything, see
//     contentKeys).
//   - m.room.join_rules: join_rule; allow from v8 (KeepJoinRulesAllow).
//   - m.room.power_levels: ban, events, events_default, kick, redact,
//     state_default, users, users_default; invite from v11
//     (KeepPowerLevelsInvite). notifications never survives.
//   - m.room.history_visibility: history_visibility.
//   - m.room.aliases: aliases in v1–5 (KeepAliasesAliases).
//   - m.room.redaction: redacts from v11 (KeepRedactionRedacts).
func keepKey(r *redaction, set keySet, key, val string) (bool, keySet) {
	switch set {
	case keepWhole:
		return true, keepWhole
	case keepMemberContent:
		switch key {
		case "membership":
			return true, keepWhole
		case "join_authorised_via_users_server":
			return r.Redaction.KeepMemberJoinAuthorisedVia, keepWhole
		case "third_party_invite":
			return r.Redaction.KeepMemberThirdPartyInviteSigned && isObjectText(val), keepSignedOnly
		}
	case keepSignedOnly:
		return key == "signed", keepWhole
	case keepCreateContent:
		return key == "creator", keepWhole
	case keepJoinRulesContent:
		return key == "join_rule" || (key == "allow" && r.Redaction.KeepJoinRulesAllow), keepWhole
	case keepPowerLevelsContent:
		switch key {
		case "ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default":
			return true, keepWhole
		case "invite":
			return r.Redaction.KeepPowerLevelsInvite, keepWhole
		}
	case keepHistoryVisibilityContent:
		return key == "history_visibility", keepWhole
	case keepAliasesContent:
		return key == "aliases", keepWhole
	case keepRedactionContent:
		return key == "redacts", keepWhole
	}
	return false, keepWhole
}

// redactTopKeep reports whether top-level key k survives redaction
// (RED-1). Room versions 11+ no longer keep origin, membership and
// prev_state (DropOriginMembershipPrevState).
func redactTopKeep(r redaction, k string) bool {
	switch k {
	case "event_id", "type", "room_id", "sender", "state_key", "content", "hashes",
		"signatures", "depth", "prev_events", "auth_events", "origin_server_ts":
		return true
	case "prev_state", "origin", "membership":
		return !r.Redaction.DropOriginMembershipPrevState
	}
	return false
}

// numModeFor returns the canonical-JSON number rules of a room version
// (CJ-STRICT for v6+, CJ-LAX for v1–5).
func numModeFor(v roomversion.Version) numMode {
	if v.StrictCanonicalJSON {
		return numStrict
	}
	return numLax
}

// RedactJSON applies the redaction algorithm of room version v (RED-1..3,
// RED-11-*) to the JSON object raw and returns the result as canonical
// JSON, with the number rules of v. raw must be a JSON object; it is
// validated as a PDU's text is (no duplicate keys, no lone surrogates,
// CJ-STRICT in v6+) but not checked for the PDU fields.
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
	return encodeOwned(s, numModeFor(v), redactKeepSigs, v)
}

// Redact returns the event's redacted form (RED-1..3, RED-11-*) as
// canonical JSON. For an event of room version 3+ built with [NewWithID]
// the result has no event_id, as the event's text has none.
func (e *Event) Redact() ([]byte, error) {
	return encodeOwned(e.text(), numModeFor(*e.ver()), redactKeepSigs, *e.ver())
}

// Redacted returns the event in its redacted form (RED-1..4) as an Event
// with the same ID, so that callers can judge it as the spec requires when
// its content hash does not match (HASH-C-4).
func (e *Event) Redacted() (*Event, error) {
	b, err := e.Redact()
	if err != nil {
		return nil, err
	}
	return parseGiven(b, *e.ver(), false, false, e.ID())
}

// isObjectText reports whether the scanned JSON text s is an object.
func isObjectText(s string) bool {
	i := skipWS(s, 0)
	return i < len(s) && s[i] == '{'
}
