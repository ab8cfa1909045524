// Package event parses and inspects Matrix PDUs of room versions 1 to 12.
//
// An [Event] is immutable and backed by the exact JSON it was parsed from.
// The fields every authorization check reads (type, state_key, sender,
// room_id, membership, auth and prev event IDs) are extracted once, at
// parse time, as views into that JSON; everything else is read from the raw
// text that [Event.JSON] and [Event.ContentJSON] return. The package also implements canonical JSON, content and reference
// hashes, event IDs, the redaction algorithm and ed25519 signatures, each
// per room version as [roomversion.Version] describes it: versions differ
// only through its flags.
//
// Entry points, with the rule IDs of DIGEST and DIGEST-V8-12 they
// implement:
//
//   - [Parse] and [NewWithID] validate a PDU (FMT-*, CJ-STRICT, DECISIONS
//     D16, D20, D21, X2; FMT-6 byte limits in every version, D33; in v8+ a
//     join's authorising user, D31; in v12 the room_id rules FMT-12-1..3
//     with D24, D28) in one pass over its text and, for room versions 3+,
//     derive the event ID (EID-3/4, EID-12-1); [StripEventID] prepares a
//     PDU whose ID is known.
//   - In room version 12 the create event has no room_id; its
//     [Event.RoomID] is the room ID derived from its ID, and every other
//     event's [Event.ImpliedCreateEventID] names the create event its
//     room_id implies ([RoomIDOfCreateEventID], [CreateEventIDOfRoomID]).
//   - [CanonicalJSON] is the general canonical JSON encoder (CJ-1..5);
//     PDUs are encoded with the number rules of their version (CJ-LAX,
//     CJ-STRICT).
//   - [Event.Redact], [Event.Redacted] and [RedactJSON] apply the
//     redaction algorithm (RED-1..4, and RED-2's v8, v9 and v11 changes,
//     RED-11-TPI, RED-11-CREATE), read from the version's
//     [roomversion.RedactionRules]; [Event.Redacts] reads a redaction's
//     target where the version puts it (FMT-11-1).
//   - [Event.ContentHash], [Event.ContentHashValid] and
//     [Event.ReferenceHash] compute the hashes (HASH-C-*, HASH-R-*).
//   - [Sign] and [SignJSON] sign (SIG-1); [Event.VerifySignatures] checks
//     an event against caller-supplied keys (SIG-2, SIG-REQ-1..4,
//     SIG-KEY-*, DECISIONS S1, S2, D22, D32); [VerifyJSONSignature] checks
//     a detached signature such as a third-party invite's.
//
// Invalid PDUs are reported as *[ValidationError], signature failures as
// *[SignatureError].
//
// The package performs no I/O, reads no clock and knows no authorization
// rules.
package event
