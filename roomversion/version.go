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
	// StateResV2 is state resolution v2 (room versions 2–11).
	StateResV2
	// StateResV21 is state resolution v2.1 (room version 12, MSC4297): the
	// iterative auth checks of the power events start from an empty state
	// (SR21-4) and the full conflicted set gains the conflicted state
	// subgraph (SR21-DEF-1, SR21-DEF-2).
	StateResV21
)

// RedactionRules is the redaction algorithm of a room version as data
// (RED-1, RED-2, DIGEST-V8-12 §6.2): which keys survive, beyond the ones
// every version keeps. The zero value is the algorithm of room versions 6
// and 7; each flag adds what one later (or earlier) version keeps. The
// names follow the behaviour, as ruma's RedactionRules do.
type RedactionRules struct {
	// KeepAliasesAliases keeps content.aliases of m.room.aliases (v1–5).
	KeepAliasesAliases bool
	// KeepJoinRulesAllow keeps content.allow of m.room.join_rules (v8+).
	KeepJoinRulesAllow bool
	// KeepMemberJoinAuthorisedVia keeps
	// content.join_authorised_via_users_server of m.room.member (v9+).
	KeepMemberJoinAuthorisedVia bool
	// KeepMemberThirdPartyInviteSigned keeps content.third_party_invite of
	// m.room.member reduced to its signed member (v11+, RED-11-TPI, D25).
	KeepMemberThirdPartyInviteSigned bool
	// KeepCreateContent keeps the whole content of m.room.create
	// (v11+, RED-11-CREATE); without it only content.creator survives.
	KeepCreateContent bool
	// KeepPowerLevelsInvite keeps content.invite of m.room.power_levels
	// (v11+).
	KeepPowerLevelsInvite bool
	// KeepRedactionRedacts keeps content.redacts of m.room.redaction
	// (v11+).
	KeepRedactionRedacts bool
	// DropOriginMembershipPrevState drops the legacy top-level keys origin,
	// membership and prev_state (v11+, RED-1).
	DropOriginMembershipPrevState bool
}

// MaxSafeInteger is 2^53−1, the largest integer canonical JSON allows and the
// depth ceiling applied in every version (DECISIONS D20).
const MaxSafeInteger = 1<<53 - 1

// Version describes one room version. The zero value is not a valid
// version; obtain one from [Lookup], [Default], [Supported] or one of the
// V1…V12 functions, and copy and modify it to build a custom version.
type Version struct {
	// ID is the identifier used in m.room.create content.room_version.
	ID string
	// Stable reports whether the version is stable (all of 1–12 are).
	Stable bool

	// EventFormat is the PDU schema.
	EventFormat EventFormat
	// EventIDFormat says how event IDs are obtained.
	EventIDFormat EventIDFormat
	// StateRes selects the state-resolution algorithm.
	StateRes StateResAlgorithm
	// Redaction is the redaction algorithm, as data.
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
	// v7+).
	Knocking bool
	// StringyPowerLevels accepts power-level values written as strings
	// (DEF-PL-4, v1–9).
	StringyPowerLevels bool
	// FloatyPowerLevels accepts float power-level values truncated toward
	// zero (DEF-PL-4, v1–5).
	FloatyPowerLevels bool

	// RestrictedJoinRule enables the restricted join rule and the
	// authorising user of a join, content.join_authorised_via_users_server:
	// MEMBER-JAUTH-1, MEMBER-JOIN-R-1..3, SEL-7 and SIG-REQ-4 (v8+).
	RestrictedJoinRule bool
	// KnockRestrictedJoinRule enables the knock_restricted join rule
	// (MEMBER-JOIN-R-*, MEMBER-KNOCK-1, v10+). It needs Knocking and
	// RestrictedJoinRule.
	KnockRestrictedJoinRule bool
	// IntegerPowerLevels type-checks power-levels content: every named
	// level, events, notifications and users values must be JSON integers
	// (PL-0a, PL-0b, PL-1, DEF-PL-4, v10+). It excludes StringyPowerLevels
	// and FloatyPowerLevels.
	IntegerPowerLevels bool
	// CreatorIsCreateSender makes the create event's sender the room's
	// creator and drops the content.creator requirement (CREATE-4 removed;
	// MEMBER-JOIN-1, DEF-PL-1, SR2-DEF-6; DECISIONS D30; v11+).
	CreatorIsCreateSender bool
	// RedactsInContent reads the target of m.room.redaction from
	// content.redacts; a top-level redacts is an unknown key (FMT-11-1,
	// v11+).
	RedactsInContent bool
	// StrictEventByteLimits makes a sender, room_id, state_key, type or
	// event ID over 255 UTF-8 bytes an invalid PDU rather than a rejected
	// one (FMT-6, DECISIONS D33, v11+). Both are refusals.
	StrictEventByteLimits bool
	// PrivilegedCreators gives the creators (the create event's sender and
	// content.additional_creators) infinite power, forbids them in a
	// power-levels users map, and validates additional_creators (DEF-PL-1,
	// DEF-CREATORS-1, PL-1b, CREATE-6, SR21-DEF-3, DECISIONS D27; v12). It
	// needs CreatorIsCreateSender.
	PrivilegedCreators bool
	// RoomIDFromCreateEvent makes the room ID "!" plus the create event's
	// ID without its "$": the create event has no room_id, every other
	// event's room_id names its create event, which is an implied auth
	// event and never listed (CREATE-2, CREATE-7, ROOMID-1, AUTHEV-2,
	// AUTHEV-4 removed, SEL-1, FMT-12-*, DECISIONS D24, D28, D29; v12).
	// It needs a reference-hash event ID format.
	RoomIDFromCreateEvent bool
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
	case v.StateRes < StateResV1 || v.StateRes > StateResV21:
		return fmt.Errorf("roomversion %q: unknown state resolution %d", v.ID, v.StateRes)
	case v.IntegerPowerLevels && (v.StringyPowerLevels || v.FloatyPowerLevels):
		return fmt.Errorf("roomversion %q: integer power levels exclude string and float levels", v.ID)
	case v.KnockRestrictedJoinRule && !(v.Knocking && v.RestrictedJoinRule):
		return fmt.Errorf("roomversion %q: knock_restricted needs knocking and restricted joins", v.ID)
	case v.PrivilegedCreators && !v.CreatorIsCreateSender:
		return fmt.Errorf("roomversion %q: privileged creators need the create sender as creator", v.ID)
	case v.RoomIDFromCreateEvent && v.EventIDFormat == EventIDGiven:
		return fmt.Errorf("roomversion %q: room IDs from the create event need hashed event IDs", v.ID)
	case v.MaxDepth <= 0:
		return fmt.Errorf("roomversion %q: max depth must be positive", v.ID)
	}
	return nil
}

// DefaultID is the identifier of the default version for new rooms: 12, as
// the specification now recommends (DIGEST-V8-12 §1.2).
const DefaultID = "12"

// V1 returns room version 1.
func V1() Version {
	return Version{
		ID: "1", Stable: true,
		EventFormat: FormatV1, EventIDFormat: EventIDGiven,
		StateRes: StateResV1, Redaction: RedactionRules{KeepAliasesAliases: true},
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
	v.Redaction.KeepAliasesAliases = false
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

// V8 returns room version 8: restricted joins through an authorising user
// (MSC3083); redaction keeps content.allow of the join rules.
func V8() Version {
	v := V7()
	v.ID = "8"
	v.RestrictedJoinRule = true
	v.Redaction.KeepJoinRulesAllow = true
	return v
}

// V9 returns room version 9: redaction keeps
// join_authorised_via_users_server of member events (MSC3375).
func V9() Version {
	v := V8()
	v.ID = "9"
	v.Redaction.KeepMemberJoinAuthorisedVia = true
	return v
}

// V10 returns room version 10: the knock_restricted join rule (MSC3787)
// and integer-only, type-checked power levels (MSC3667).
func V10() Version {
	v := V9()
	v.ID = "10"
	v.KnockRestrictedJoinRule = true
	v.IntegerPowerLevels = true
	v.StringyPowerLevels = false
	return v
}

// V11 returns room version 11: the creator is the create event's sender,
// redacts moves into content, the v11 redaction algorithm and strict
// byte limits (MSC2174, MSC2175, MSC2176, MSC3821, MSC3989).
func V11() Version {
	v := V10()
	v.ID = "11"
	v.CreatorIsCreateSender = true
	v.RedactsInContent = true
	v.StrictEventByteLimits = true
	v.Redaction.KeepMemberThirdPartyInviteSigned = true
	v.Redaction.KeepCreateContent = true
	v.Redaction.KeepPowerLevelsInvite = true
	v.Redaction.KeepRedactionRedacts = true
	v.Redaction.DropOriginMembershipPrevState = true
	return v
}

// V12 returns room version 12: room IDs from the create event's hash,
// creators with infinite power, state resolution v2.1 (MSC4291, MSC4289,
// MSC4297).
func V12() Version {
	v := V11()
	v.ID = "12"
	v.StateRes = StateResV21
	v.PrivilegedCreators = true
	v.RoomIDFromCreateEvent = true
	return v
}

// Supported returns the supported versions in order, as a new slice the
// caller may keep.
func Supported() []Version {
	return []Version{V1(), V2(), V3(), V4(), V5(), V6(), V7(), V8(), V9(), V10(), V11(), V12()}
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
	case "8":
		return V8(), nil
	case "9":
		return V9(), nil
	case "10":
		return V10(), nil
	case "11":
		return V11(), nil
	case "12":
		return V12(), nil
	}
	return Version{}, &UnknownVersionError{ID: id}
}

// Known reports whether id is a supported version identifier.
func Known(id string) bool {
	_, err := Lookup(id)
	return err == nil
}

// Default returns the version used for new rooms (version 12).
func Default() Version { return V12() }

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
// specification defines ("1" to "12"). Every recognised version is
// supported; CREATE-3 rejects a create event naming any other identifier
// (DECISIONS D37).
func Recognized(id string) bool { return Known(id) }
