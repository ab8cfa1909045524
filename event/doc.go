// Package event parses and inspects Matrix PDUs of room versions 1 to 7.
//
// An [Event] is immutable and backed by the exact JSON it was parsed from.
// The fields every authorization check reads (type, state_key, sender,
// room_id, membership, auth and prev event IDs) are extracted once, at
// parse time, as views into that JSON; everything else is read lazily with
// gjson. The package also implements canonical JSON, content and reference
// hashes, event IDs, the redaction algorithm and ed25519 signatures, each
// per room version as [roomversion.Version] describes it.
//
// The package performs no I/O and knows no authorization rules.
package event
