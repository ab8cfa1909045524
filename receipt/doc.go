// Package receipt runs the checks a homeserver applies, in order, to a PDU
// it receives over federation (DIGEST §6.9, PDU-1..PDU-6), so that callers
// need not compose them by hand and cannot leave one out.
//
// [Check] takes the PDU (its bytes and room version, or an already parsed
// *event.Event), the caller's signing keys, a lookup of the event's auth
// events telling whether each was rejected, and optionally the state before
// the event and the room's current state. It runs:
//
//  1. Format (PDU-1): the PDU must be valid for its room version, or it is
//     dropped.
//  2. Signatures (PDU-2): every required server's signature must verify
//     with the caller's keys (event.VerifySignatures; from room version 8
//     this includes the server of a restricted join's authorising user), or
//     it is dropped.
//  3. Content hash (PDU-3): on a mismatch the event is replaced by its
//     redacted form, which every later step judges; only when the redacted
//     form cannot be built is the event dropped.
//  4. Auth events (PDU-4): every event named in auth_events, and in room
//     version 12 the create event the room_id implies, must be known and
//     not rejected (AUTHEV-3), and the event must pass the authorization
//     rules against them (auth.CheckAuthEvents). Otherwise it is rejected.
//  5. State before the event (PDU-5), when the caller supplies it: the
//     rules against that state (auth.Check), or it is rejected.
//  6. Current state (PDU-6), when the caller supplies it: the rules against
//     the room's current state. A failure here is a soft-fail, not a
//     rejection: the event is kept but not relayed nor used as a prev event.
//
// The [Result] says which [Step] refused the event and carries the error,
// an *[Error] that unwraps to the underlying *auth.Rejection,
// *event.ValidationError or signature error, so errors.As works on it.
//
// The zero value of [Options] runs every step. The package performs no
// I/O, keeps no state between calls and never panics on nil or zero
// arguments: a missing PDU is refused at the format step, a nil key lookup
// holds no keys, a nil auth-event lookup knows no events.
package receipt
