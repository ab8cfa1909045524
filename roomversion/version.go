package roomversion

import (
	"fmt"
)

// EventFormat is the PDU schema a room version uses (FMT-*).
type EventFormat int

const (
	// FormatV1 is pdu_v1 (room versions 1–2): event_id on the wire, auth and
	// prev events as [event_id, {"sha256": hash}] pairs.
	FormatV1 EventFormat = iota + 1
	// FormatV3 is pdu_v3 (room version 3): no event_id, plain ID lists.
	FormatV3
	// FormatV4 is pdu_v4 and pdu_v6 (room versions 4–7): as FormatV3, with
	// URL-safe event IDs.
	FormatV4
)

// EventIDFormat says how an event's ID is obtained (EID-*).
type EventIDFormat int

const (
	// EventIDGiven means the PDU carries an opaque "$local:domain" ID (EID-1).
	EventIDGiven EventIDFormat = iota + 1
	// EventIDRefHashStd is "$" + unpadded standard base64 of the reference
	// hash (EID-3, room version 3).
	EventIDRefHashStd
	// EventIDRefHashURL is "$" + unpadded URL-safe base64 of the reference
	// hash (EID-4, room versions 4–7).
	EventIDRefHashURL
)

// StateResAlgorithm selects the state-resolution algorithm (§5).
type StateResAlgorithm int

const (
	// StateResV1 is state resolution v1 (room version 1).
	StateResV1 StateResAlgorithm = iota + 1
	// StateResV2 is state resolution v2 (room versions 2–7).
	StateResV2
)

// RedactionRules selects the redaction algorithm (RED-*).
type RedactionRules int

const (
	// RedactionV1 keeps content.aliases of m.room.aliases (room versions 1–5).
	RedactionV1 RedactionRules = iota + 1
	// RedactionV6 drops the m.room.aliases special case (room versions 6–7).
	RedactionV6
)

// MaxSafeInteger is 2^53−1, the largest integer canonical JSON allows and the
// depth ceiling applied in every version (DECISIONS D20).
const MaxSafeInteger = 1<<53 - 1

// Version describes one room version. The zero value is not a valid
// version; obtain one from [Lookup], [Default], [Supported] or one of the
// V1…V7 functions, and copy and modify it to build a custom version.
type Version struct {
	// ID is the identifier used in m.room.create content.room_version.
	ID string
	// Stable reports whether the version is stable (all of 1–7 are).
	Stable bool

	// EventFormat is the PDU schema.
	EventFormat EventFormat
	// EventIDFormat says how event IDs are obtained.
	EventIDFormat EventIDFormat
	// StateRes selects the state-resolution algorithm.
	StateRes StateResAlgorithm
	// Redaction selects the redaction algorithm.
	Redaction RedactionRules

	// StrictCanonicalJSON rejects PDUs holding floats or integers outside
	// ±(2^53−1) (CJ-STRICT, v6+). When false the encoder is lax (CJ-LAX).
	StrictCanonicalJSON bool
	// EnforceKeyValidity makes signature checks honour a key's validity end
	// (SIG-KEY-2, v5+).
	EnforceKeyValidity bool
	// EventIDDomainSignature requires a signature from the domain of the
	// event ID as well as the sender's (SIG-REQ-2, v1–2).
	EventIDDomainSignature bool
	// MaxDepth is the largest allowed depth (FMT-5 with DECISIONS D20).
	MaxDepth int64

	// SpecialCaseAliasesAuth enables the m.room.aliases rule (ALIAS-*, v1–5).
	SpecialCaseAliasesAuth bool
	// RedactionAuthRule enables the explicit redaction auth rule with
	// event-ID domains (REDACT-*, v1–2).
	RedactionAuthRule bool
	// NotificationsPowerLevels checks content.notifications in the
	// power-levels rules (PL-4/PL-5, v6+).
	NotificationsPowerLevels bool
	// Knocking enables the knock membership and join rule (MEMBER-KNOCK-*,
	// v7).
	Knocking bool
	// StringyPowerLevels accepts power-level values written as strings
	// (DEF-PL-4, v1–7).
	StringyPowerLevels bool
	// FloatyPowerLevels accepts float power-level values truncated toward
	// zero (DEF-PL-4, v1–5).
	FloatyPowerLevels bool
}

// String returns the version identifier.
func (v Version) String() string { return v.ID }

// Valid reports whether v names known algorithms, so that the other
// packages can rely on its enumerated fields.
func (v Version) Valid() error {
	switch {
	case v.ID == "":
		return fmt.Errorf("roomversion: empty version identifier")
	case v.EventFormat < FormatV1 || v.EventFormat > FormatV4:
		return fmt.Errorf("roomversion %q: unknown event format %d", v.ID, v.EventFormat)
	case v.EventIDFormat < EventIDGiven || v.EventIDFormat > EventIDRefHashURL:
		return fmt.Errorf("roomversion %q: unknown event ID format %d", v.ID, v.EventIDFormat)
	case (v.EventFormat == FormatV1) != (v.EventIDFormat == EventIDGiven):
		return fmt.Errorf("roomversion %q: event format and event ID format disagree", v.ID)
	case v.StateRes != StateResV1 && v.StateRes != StateResV2:
		return fmt.Errorf("roomversion %q: unknown state resolution %d", v.ID, v.StateRes)
	case v.Redaction != RedactionV1 && v.Redaction != RedactionV6:
		return fmt.Errorf("roomversion %q: unknown redaction rules %d", v.ID, v.Redaction)
	case v.MaxDepth <= 0:
		return fmt.Errorf("roomversion %q: max depth must be positive", v.ID)
	}
	return nil
}

// DefaultID is the identifier of the default version for new rooms.
const DefaultID = "6"

// V1 returns room version 1.
func V1() Version {
	return Version{
		ID: "1", Stable: true,
		EventFormat: FormatV1, EventIDFormat: EventIDGiven,
		StateRes: StateResV1, Redaction: RedactionV1,
		EventIDDomainSignature: true,
		MaxDepth:               MaxSafeInteger,
		SpecialCaseAliasesAuth: true, RedactionAuthRule: true,
		StringyPowerLevels: true, FloatyPowerLevels: true,
	}
}

// V2 returns room version 2: version 1 with state resolution v2.
func V2() Version {
	v := V1()
	v.ID = "2"
	v.StateRes = StateResV2
	return v
}

// V3 returns room version 3: hashed event IDs, no redaction auth rule.
func V3() Version {
	v := V2()
	v.ID = "3"
	v.EventFormat = FormatV3
	v.EventIDFormat = EventIDRefHashStd
	v.EventIDDomainSignature = false
	v.RedactionAuthRule = false
	return v
}

// V4 returns room version 4: URL-safe event IDs.
func V4() Version {
	v := V3()
	v.ID = "4"
	v.EventFormat = FormatV4
	v.EventIDFormat = EventIDRefHashURL
	return v
}

// V5 returns room version 5: signing-key validity enforced.
func V5() Version {
	v := V4()
	v.ID = "5"
	v.EnforceKeyValidity = true
	return v
}

// V6 returns room version 6: strict canonical JSON, no aliases rule,
// notifications power levels, v6 redaction.
func V6() Version {
	v := V5()
	v.ID = "6"
	v.Redaction = RedactionV6
	v.StrictCanonicalJSON = true
	v.SpecialCaseAliasesAuth = false
	v.NotificationsPowerLevels = true
	v.FloatyPowerLevels = false
	return v
}

// V7 returns room version 7: knocking.
func V7() Version {
	v := V6()
	v.ID = "7"
	v.Knocking = true
	return v
}

// Supported returns the supported versions in order, as a new slice the
// caller may keep.
func Supported() []Version {
	return []Version{V1(), V2(), V3(), V4(), V5(), V6(), V7()}
}

// Lookup returns the descriptor for a version identifier. An unknown
// identifier is an error; there is no fallback.
func Lookup(id string) (Version, error) {
	switch id {
	case "1":
		return V1(), nil
	case "2":
		return V2(), nil
	case "3":
		return V3(), nil
	case "4":
		return V4(), nil
	case "5":
		return V5(), nil
	case "6":
		return V6(), nil
	case "7":
		return V7(), nil
	}
	return Version{}, &UnknownVersionError{ID: id}
}

// Known reports whether id is a supported version identifier.
func Known(id string) bool {
	_, err := Lookup(id)
	return err == nil
}

// Default returns the version used for new rooms (version 6).
func Default() Version { return V6() }

// UnknownVersionError is returned by [Lookup] for an identifier that is not
// a supported room version.
type UnknownVersionError struct {
	// ID is the identifier that was looked up.
	ID string
}

// Error implements error.
func (e *UnknownVersionError) Error() string {
	if len(e.ID) > 64 {
		return fmt.Sprintf("roomversion: unknown room version %q…", e.ID[:64])
	}
	return fmt.Sprintf("roomversion: unknown room version %q", e.ID)
}

// Recognized reports whether id names a room version the Matrix
// specification defines ("1" to "12"), whether or not this library
// implements it. The create-event rule CREATE-3 rejects only identifiers
// nobody knows: a create event naming version 9 is accepted by the
// network's reference implementation, and every server must reach the same
// verdict, even though mxauth can only build rooms of versions 1–7.
func Recognized(id string) bool {
	switch id {
	case "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12":
		return true
	}
	return false
}
