package auth

// RuleID is the stable identifier of an authorization rule or shared
// definition of DIGEST §2, such as "MEMBER-JOIN-4".
type RuleID string

// Shared definitions (DIGEST §2.0). A rejection names DEF-PL-4 when a
// power-level value a check needs is not a number (DECISIONS D11, X1).
const (
	// RuleDefPL1 defines a user's power level: users[user], else users_default,
	// else 0 with a power-levels event; without one 100 for the creator and 0 for
	// anyone else (v12: creators are infinite). Rejections name it when a v1–10
	// create event has no creator to read. Every room version.
	RuleDefPL1 RuleID = "DEF-PL-1"
	// RuleDefPL2 defines the named levels invite (default 0), kick, ban and
	// redact (default 50). Every room version.
	RuleDefPL2 RuleID = "DEF-PL-2"
	// RuleDefPL3 defines the level required to send an event: events[type], else
	// state_default (50) for state events or events_default (0) for others. Every
	// room version.
	RuleDefPL3 RuleID = "DEF-PL-3"
	// RuleDefPL4 defines how a power-level value is read (DECISIONS X1, see
	// [ParsePowerLevel]); a check rejects naming it when a value it needs is not
	// a number. Every room version (v10+: JSON integers only).
	RuleDefPL4 RuleID = "DEF-PL-4"
	// RuleDefMem1 defines a user's membership: content.membership of their
	// m.room.member event, none without one; a check rejects naming it when that
	// event has no membership (D11). Every room version.
	RuleDefMem1 RuleID = "DEF-MEM-1"
	// RuleDefJR1 defines the join rule: content.join_rule of m.room.join_rules,
	// "invite" when absent (D1). Every room version.
	RuleDefJR1 RuleID = "DEF-JR-1"
	// RuleDefSig is the preamble that every event carries a valid signature of
	// its sender's server; it is checked by event.VerifySignatures, not by Check.
	// Every room version.
	RuleDefSig RuleID = "DEF-SIG"
	// RuleDefAuthTypes lists the only state types the rules read:
	// m.room.create, m.room.member, m.room.join_rules, m.room.power_levels
	// and m.room.third_party_invite. Every room version.
	RuleDefAuthTypes RuleID = "DEF-AUTHTYPES"
	// RuleDefOrder is the order of evaluation: rules run in ID order and the
	// first that allows or rejects decides. Rejections name it for a nil event.
	// Every room version.
	RuleDefOrder RuleID = "DEF-ORDER"

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
	// RuleCreate1 rejects a create event with prev_events. Every room version.
	RuleCreate1 RuleID = "CREATE-1"
	// RuleCreate2 rejects a create event whose room_id's server differs from its
	// sender's (v1–11), or that carries a room_id at all (v12,
	// RoomIDFromCreateEvent).
	RuleCreate2 RuleID = "CREATE-2"
	// RuleCreate3 rejects a create event whose content.room_version is present
	// and not a known room version. Every room version.
	RuleCreate3 RuleID = "CREATE-3"
	// RuleCreate4 rejects a create event whose content has no creator key (its
	// value is not checked). Room versions 1–10; v11+ (CreatorIsCreateSender) do
	// not require it.
	RuleCreate4 RuleID = "CREATE-4"
	// RuleCreate5 allows a create event that passed CREATE-1..4 (and CREATE-6/7
	// in v12). Every room version.
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
	// RuleAuthEv1 rejects an event whose auth events list one (type, state_key)
	// twice. Every room version.
	RuleAuthEv1 RuleID = "AUTHEV-1"
	// RuleAuthEv2 rejects an event with an auth event that auth-event selection
	// does not pick for it (v12: also any listed create event, D24). Every room
	// version.
	RuleAuthEv2 RuleID = "AUTHEV-2"
	// RuleAuthEv3 rejects an event with an auth event that is missing or was
	// rejected; the caller decides it (see [CheckAuthEvents]). Every room
	// version.
	RuleAuthEv3 RuleID = "AUTHEV-3"
	// RuleAuthEv4 rejects an event whose auth events hold no create event. Room
	// versions 1–11 (v12 implies the create event from room_id).
	RuleAuthEv4 RuleID = "AUTHEV-4"
	// RuleAuthEv5 rejects an event with an auth event from another room. Every
	// room version.
	RuleAuthEv5 RuleID = "AUTHEV-5"
)

// RuleFed1 is the m.federate rule (DIGEST §2.3, DECISIONS D4).
const RuleFed1 RuleID = "FED-1"

// m.room.aliases rules, room versions with SpecialCaseAliasesAuth (§2.4).
const (
	// RuleAlias1 rejects an m.room.aliases event without a (non-empty) state_key.
	// Room versions 1–5 (SpecialCaseAliasesAuth).
	RuleAlias1 RuleID = "ALIAS-1"
	// RuleAlias2 rejects an m.room.aliases event whose state_key is not the
	// sender's server. Room versions 1–5.
	RuleAlias2 RuleID = "ALIAS-2"
	// RuleAlias3 allows any other m.room.aliases event, without membership or
	// power checks. Room versions 1–5.
	RuleAlias3 RuleID = "ALIAS-3"
)

// m.room.member rules (DIGEST §2.5).
const (
	// RuleMember1 rejects a member event without a state_key or without
	// content.membership. Every room version.
	RuleMember1 RuleID = "MEMBER-1"

	// RuleMemberJAuth1 rejects a join whose
	// content.join_authorised_via_users_server is present and is not a
	// string holding ':' (DECISIONS D31); the signature of that user's
	// server the spec rule asks for is checked with the signatures
	// (event.VerifySignatures, SIG-REQ-4), not here, and only joins carry
	// the key with effect (D22). Room versions 8+ (RestrictedJoinRule).
	RuleMemberJAuth1 RuleID = "MEMBER-JAUTH-1"

	// RuleMemberJoin1 allows the creator's first join: the only prev event is the
	// create event and the target is the creator (content.creator in v1–10, the
	// create event's sender in v11+). Every room version.
	RuleMemberJoin1 RuleID = "MEMBER-JOIN-1"
	// RuleMemberJoin2 rejects a join whose sender is not its target. Every room
	// version.
	RuleMemberJoin2 RuleID = "MEMBER-JOIN-2"
	// RuleMemberJoin3 rejects a join by a banned sender. Every room version.
	RuleMemberJoin3 RuleID = "MEMBER-JOIN-3"
	// RuleMemberJoin4 allows a join under the invite join rule (v7+: also knock)
	// by an invited or joined sender; anyone else is rejected by MEMBER-JOIN-6.
	// Every room version.
	RuleMemberJoin4 RuleID = "MEMBER-JOIN-4"
	// RuleMemberJoin5 allows a join under the public join rule. Every room
	// version.
	RuleMemberJoin5 RuleID = "MEMBER-JOIN-5"
	// RuleMemberJoin6 rejects any other join. Every room version.
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

	// RuleMemberInviteTPI1 rejects an invite with third_party_invite whose target
	// is banned. Every room version.
	RuleMemberInviteTPI1 RuleID = "MEMBER-INVITE-TPI-1"
	// RuleMemberInviteTPI2 rejects an invite whose third_party_invite has no
	// signed block. Every room version.
	RuleMemberInviteTPI2 RuleID = "MEMBER-INVITE-TPI-2"
	// RuleMemberInviteTPI3 rejects an invite whose signed block lacks mxid or
	// token. Every room version.
	RuleMemberInviteTPI3 RuleID = "MEMBER-INVITE-TPI-3"
	// RuleMemberInviteTPI4 rejects an invite whose signed.mxid is not its
	// state_key. Every room version.
	RuleMemberInviteTPI4 RuleID = "MEMBER-INVITE-TPI-4"
	// RuleMemberInviteTPI5 rejects an invite with no m.room.third_party_invite
	// event at signed.token in the auth state. Every room version.
	RuleMemberInviteTPI5 RuleID = "MEMBER-INVITE-TPI-5"
	// RuleMemberInviteTPI6 rejects an invite whose sender did not send that
	// third-party invite event. Every room version.
	RuleMemberInviteTPI6 RuleID = "MEMBER-INVITE-TPI-6"
	// RuleMemberInviteTPI7 allows the invite when a signature of signed verifies
	// against a public key of the third-party invite event (DECISIONS D17). Every
	// room version.
	RuleMemberInviteTPI7 RuleID = "MEMBER-INVITE-TPI-7"
	// RuleMemberInviteTPI8 rejects a third-party invite no key verifies, or whose
	// keys or signatures are malformed. Every room version.
	RuleMemberInviteTPI8 RuleID = "MEMBER-INVITE-TPI-8"

	// RuleMemberInvite1 rejects an invite by a sender who is not joined. Every
	// room version.
	RuleMemberInvite1 RuleID = "MEMBER-INVITE-1"
	// RuleMemberInvite2 rejects an invite of a joined or banned target. Every
	// room version.
	RuleMemberInvite2 RuleID = "MEMBER-INVITE-2"
	// RuleMemberInvite3 allows an invite when the sender's level reaches the
	// invite level. Every room version.
	RuleMemberInvite3 RuleID = "MEMBER-INVITE-3"
	// RuleMemberInvite4 rejects any other invite. Every room version.
	RuleMemberInvite4 RuleID = "MEMBER-INVITE-4"

	// RuleMemberLeave1 decides a leave by the target itself: allowed from invite
	// or join (v7+: also knock), rejected otherwise. Every room version.
	RuleMemberLeave1 RuleID = "MEMBER-LEAVE-1"
	// RuleMemberLeave2 rejects a kick or unban by a sender who is not joined.
	// Every room version.
	RuleMemberLeave2 RuleID = "MEMBER-LEAVE-2"
	// RuleMemberLeave3 rejects an unban by a sender below the ban level. Every
	// room version.
	RuleMemberLeave3 RuleID = "MEMBER-LEAVE-3"
	// RuleMemberLeave4 allows a kick when the sender reaches the kick level and
	// outranks the target. Every room version.
	RuleMemberLeave4 RuleID = "MEMBER-LEAVE-4"
	// RuleMemberLeave5 rejects any other leave of another user. Every room
	// version.
	RuleMemberLeave5 RuleID = "MEMBER-LEAVE-5"

	// RuleMemberBan1 rejects a ban by a sender who is not joined. Every room
	// version.
	RuleMemberBan1 RuleID = "MEMBER-BAN-1"
	// RuleMemberBan2 allows a ban when the sender reaches the ban level and
	// outranks the target. Every room version.
	RuleMemberBan2 RuleID = "MEMBER-BAN-2"
	// RuleMemberBan3 rejects any other ban. Every room version.
	RuleMemberBan3 RuleID = "MEMBER-BAN-3"

	// RuleMemberKnock1 rejects a knock unless the join rule is knock (v10+: or
	// knock_restricted). Room versions 7+ (Knocking).
	RuleMemberKnock1 RuleID = "MEMBER-KNOCK-1"
	// RuleMemberKnock2 rejects a knock whose sender is not its target. Room
	// versions 7+.
	RuleMemberKnock2 RuleID = "MEMBER-KNOCK-2"
	// RuleMemberKnock3 allows a knock by a sender who is not banned, invited or
	// joined. Room versions 7+.
	RuleMemberKnock3 RuleID = "MEMBER-KNOCK-3"
	// RuleMemberKnock4 rejects any other knock. Room versions 7+.
	RuleMemberKnock4 RuleID = "MEMBER-KNOCK-4"

	// RuleMemberUnknown1 rejects a member event with any other membership (in
	// v1–6 also knock). Every room version.
	RuleMemberUnknown1 RuleID = "MEMBER-UNKNOWN-1"
)

// Generic rules (DIGEST §2.6–§2.9).
const (
	// RuleSender1 rejects an event not decided yet whose sender is not joined.
	// Every room version.
	RuleSender1 RuleID = "SENDER-1"
	// RuleTPI1 decides an m.room.third_party_invite event: allowed when the
	// sender reaches the invite level, rejected otherwise. Every room version.
	RuleTPI1 RuleID = "TPI-1"
	// RulePower1 rejects an event whose required level (DEF-PL-3) is above the
	// sender's level. Every room version.
	RulePower1 RuleID = "POWER-1"
	// RuleStateKey1 rejects a state event whose state_key starts with '@' and is
	// not the sender. Every room version.
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
	// RulePL2 allows a power-levels event when there is no previous one (at its
	// state key, D5). Every room version.
	RulePL2 RuleID = "PL-2"
	// RulePL3 rejects a power-levels event that changes, adds or removes a named
	// level (users_default, events_default, state_default, ban, redact, kick,
	// invite) whose old or new value is above the sender's level. Every room
	// version.
	RulePL3 RuleID = "PL-3"
	// RulePL4 rejects a power-levels event that changes or removes an events
	// entry (v6+: also notifications) whose old value is above the sender's
	// level. Every room version.
	RulePL4 RuleID = "PL-4"
	// RulePL5 rejects a power-levels event that adds or changes an events entry
	// (v6+: also notifications) whose new value is above the sender's level.
	// Every room version.
	RulePL5 RuleID = "PL-5"
	// RulePL6 rejects a power-levels event that changes or removes another user's
	// users entry whose old value is not below the sender's level. Every room
	// version.
	RulePL6 RuleID = "PL-6"
	// RulePL7 rejects a power-levels event that adds or changes a users entry
	// (the sender's own included) whose new value is above the sender's level.
	// Every room version.
	RulePL7 RuleID = "PL-7"
	// RulePL8 allows a power-levels event that passed PL-1..7. Every room
	// version.
	RulePL8 RuleID = "PL-8"
)

// m.room.redaction rules, room versions with RedactionAuthRule (§2.11).
const (
	// RuleRedact1 allows a redaction by a sender who reaches the redact level.
	// Room versions 1–2 (RedactionAuthRule).
	RuleRedact1 RuleID = "REDACT-1"
	// RuleRedact2 allows a redaction of an event from the redaction's own server
	// (the servers of the event IDs). Room versions 1–2.
	RuleRedact2 RuleID = "REDACT-2"
	// RuleRedact3 rejects any other redaction. Room versions 1–2.
	RuleRedact3 RuleID = "REDACT-3"
)

// RuleDefault1 is the fallthrough rule (DIGEST §2.12).
const RuleDefault1 RuleID = "DEFAULT-1"
