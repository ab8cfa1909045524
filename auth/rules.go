package auth

// RuleID is the stable identifier of an authorization rule or shared
// definition of DIGEST §2, such as "MEMBER-JOIN-4".
type RuleID string

// Shared definitions (DIGEST §2.0). A rejection names DEF-PL-4 when a
// power-level value a check needs is not a number (DECISIONS D11, X1).
const (
	RuleDefPL1       RuleID = "DEF-PL-1"
	RuleDefPL2       RuleID = "DEF-PL-2"
	RuleDefPL3       RuleID = "DEF-PL-3"
	RuleDefPL4       RuleID = "DEF-PL-4"
	RuleDefMem1      RuleID = "DEF-MEM-1"
	RuleDefJR1       RuleID = "DEF-JR-1"
	RuleDefSig       RuleID = "DEF-SIG"
	RuleDefAuthTypes RuleID = "DEF-AUTHTYPES"
	RuleDefOrder     RuleID = "DEF-ORDER"

	// RuleDefCreators1 defines the creators of a room version 12 room: the
	// create event's sender plus every string of
	// content.additional_creators (DIGEST-V8-12 §2.0). They have an
	// infinite power level (DEF-PL-1, DECISIONS D27). Room version 12
	// (PrivilegedCreators).
	RuleDefCreators1 RuleID = "DEF-CREATORS-1"
	// RuleDefJAuth1 defines the authorising user of a join,
	// content.join_authorised_via_users_server (room versions 8+,
	// RestrictedJoinRule).
	RuleDefJAuth1 RuleID = "DEF-JAUTH-1"
)

// m.room.create rules (DIGEST §2.1).
const (
	RuleCreate1 RuleID = "CREATE-1"
	RuleCreate2 RuleID = "CREATE-2"
	RuleCreate3 RuleID = "CREATE-3"
	RuleCreate4 RuleID = "CREATE-4"
	RuleCreate5 RuleID = "CREATE-5"

	// RuleCreate6 rejects a create event whose content.additional_creators
	// is present and is not an array of valid user IDs (an '@', a ':' and a
	// valid server name after it, ports of 1–5 ASCII digits, at most 255
	// bytes; DECISIONS D34, X3). Room version 12 (PrivilegedCreators).
	RuleCreate6 RuleID = "CREATE-6"
	// RuleCreate7 refuses an event of type m.room.create whose state_key is
	// not "" (or absent): it cannot be the create event of a room whose ID
	// derives from it (DECISIONS D28). Room version 12
	// (RoomIDFromCreateEvent); v1–11 allow it (D10).
	RuleCreate7 RuleID = "CREATE-7"
)

// RuleRoomID1 rejects an event whose room_id is not "!" followed by the ID
// (without '$') of the accepted m.room.create event with state_key "" it is
// judged with: the implied create event (DIGEST-V8-12 §2.1a). Room version
// 12 (RoomIDFromCreateEvent), every event but the create event.
const RuleRoomID1 RuleID = "ROOMID-1"

// Auth-event validity rules (DIGEST §2.2). AUTHEV-3 is decided by the
// caller, which knows earlier verdicts.
const (
	RuleAuthEv1 RuleID = "AUTHEV-1"
	RuleAuthEv2 RuleID = "AUTHEV-2"
	RuleAuthEv3 RuleID = "AUTHEV-3"
	RuleAuthEv4 RuleID = "AUTHEV-4"
	RuleAuthEv5 RuleID = "AUTHEV-5"
)

// RuleFed1 is the m.federate rule (DIGEST §2.3, DECISIONS D4).
const RuleFed1 RuleID = "FED-1"

// m.room.aliases rules, room versions with SpecialCaseAliasesAuth (§2.4).
const (
	RuleAlias1 RuleID = "ALIAS-1"
	RuleAlias2 RuleID = "ALIAS-2"
	RuleAlias3 RuleID = "ALIAS-3"
)

// m.room.member rules (DIGEST §2.5).
const (
	RuleMember1 RuleID = "MEMBER-1"

	// RuleMemberJAuth1 rejects a join whose
	// content.join_authorised_via_users_server is present and is not a
	// string holding ':' (DECISIONS D31); the signature of that user's
	// server the spec rule asks for is checked with the signatures
	// (event.VerifySignatures, SIG-REQ-4), not here, and only joins carry
	// the key with effect (D22). Room versions 8+ (RestrictedJoinRule).
	RuleMemberJAuth1 RuleID = "MEMBER-JAUTH-1"

	RuleMemberJoin1 RuleID = "MEMBER-JOIN-1"
	RuleMemberJoin2 RuleID = "MEMBER-JOIN-2"
	RuleMemberJoin3 RuleID = "MEMBER-JOIN-3"
	RuleMemberJoin4 RuleID = "MEMBER-JOIN-4"
	RuleMemberJoin5 RuleID = "MEMBER-JOIN-5"
	RuleMemberJoin6 RuleID = "MEMBER-JOIN-6"

	// RuleMemberJoinR1 allows a join under the restricted (v8+) or
	// knock_restricted (v10+) join rule when the sender is invited or
	// joined.
	RuleMemberJoinR1 RuleID = "MEMBER-JOIN-R-1"
	// RuleMemberJoinR2 rejects any other such join unless the authorising
	// user is present, joined and has at least the invite level in the auth
	// state (DECISIONS D26; the allow list is never read). Room versions 8+.
	RuleMemberJoinR2 RuleID = "MEMBER-JOIN-R-2"
	// RuleMemberJoinR3 allows the join otherwise. Room versions 8+.
	RuleMemberJoinR3 RuleID = "MEMBER-JOIN-R-3"

	RuleMemberInviteTPI1 RuleID = "MEMBER-INVITE-TPI-1"
	RuleMemberInviteTPI2 RuleID = "MEMBER-INVITE-TPI-2"
	RuleMemberInviteTPI3 RuleID = "MEMBER-INVITE-TPI-3"
	RuleMemberInviteTPI4 RuleID = "MEMBER-INVITE-TPI-4"
	RuleMemberInviteTPI5 RuleID = "MEMBER-INVITE-TPI-5"
	RuleMemberInviteTPI6 RuleID = "MEMBER-INVITE-TPI-6"
	RuleMemberInviteTPI7 RuleID = "MEMBER-INVITE-TPI-7"
	RuleMemberInviteTPI8 RuleID = "MEMBER-INVITE-TPI-8"

	RuleMemberInvite1 RuleID = "MEMBER-INVITE-1"
	RuleMemberInvite2 RuleID = "MEMBER-INVITE-2"
	RuleMemberInvite3 RuleID = "MEMBER-INVITE-3"
	RuleMemberInvite4 RuleID = "MEMBER-INVITE-4"

	RuleMemberLeave1 RuleID = "MEMBER-LEAVE-1"
	RuleMemberLeave2 RuleID = "MEMBER-LEAVE-2"
	RuleMemberLeave3 RuleID = "MEMBER-LEAVE-3"
	RuleMemberLeave4 RuleID = "MEMBER-LEAVE-4"
	RuleMemberLeave5 RuleID = "MEMBER-LEAVE-5"

	RuleMemberBan1 RuleID = "MEMBER-BAN-1"
	RuleMemberBan2 RuleID = "MEMBER-BAN-2"
	RuleMemberBan3 RuleID = "MEMBER-BAN-3"

	RuleMemberKnock1 RuleID = "MEMBER-KNOCK-1"
	RuleMemberKnock2 RuleID = "MEMBER-KNOCK-2"
	RuleMemberKnock3 RuleID = "MEMBER-KNOCK-3"
	RuleMemberKnock4 RuleID = "MEMBER-KNOCK-4"

	RuleMemberUnknown1 RuleID = "MEMBER-UNKNOWN-1"
)

// Generic rules (DIGEST §2.6–§2.9).
const (
	RuleSender1   RuleID = "SENDER-1"
	RuleTPI1      RuleID = "TPI-1"
	RulePower1    RuleID = "POWER-1"
	RuleStateKey1 RuleID = "STATEKEY-1"
)

// m.room.power_levels rules (DIGEST §2.10).
const (
	// RulePL0a rejects a power-levels event whose users_default,
	// events_default, state_default, ban, redact, kick or invite is
	// present (null included) and not a JSON integer. Room versions 10+
	// (IntegerPowerLevels), every power-levels event (D23, D35).
	RulePL0a RuleID = "PL-0a"
	// RulePL0b rejects a power-levels event whose events or notifications
	// is present and not an object of JSON integers. Room versions 10+.
	RulePL0b RuleID = "PL-0b"
	// RulePL1 rejects users that is not an object of user IDs to levels
	// (v10+: JSON integers only).
	RulePL1 RuleID = "PL-1"
	// RulePL1b rejects a power-levels event whose users names a creator
	// (byte-exact), whoever sends it. Room version 12 (PrivilegedCreators).
	RulePL1b RuleID = "PL-1b"
	RulePL2  RuleID = "PL-2"
	RulePL3  RuleID = "PL-3"
	RulePL4  RuleID = "PL-4"
	RulePL5  RuleID = "PL-5"
	RulePL6  RuleID = "PL-6"
	RulePL7  RuleID = "PL-7"
	RulePL8  RuleID = "PL-8"
)

// m.room.redaction rules, room versions with RedactionAuthRule (§2.11).
const (
	RuleRedact1 RuleID = "REDACT-1"
	RuleRedact2 RuleID = "REDACT-2"
	RuleRedact3 RuleID = "REDACT-3"
)

// RuleDefault1 is the fallthrough rule (DIGEST §2.12).
const RuleDefault1 RuleID = "DEFAULT-1"
