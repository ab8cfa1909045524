// Package auth implements the Matrix authorization rules of room versions
// 1 to 12 as composable, named checks (DIGEST §2, DIGEST-V8-12 §2). Every
// rule reads the flags of the event's [roomversion.Version] where it
// applies; rejections are *[Rejection] values naming the rule and
// carrying, in [Details], the values that decided it (the levels compared,
// the memberships and join rule read, the key that was missing or
// malformed), which the message repeats. Allowed checks do not allocate.
//
// What the rules derive from the room's create and power-levels events is
// cached on those events in this package's own [event.MemoSlot] slots, so
// a caller's caching never evicts it. An event is cached on from its
// second use: the first check that sees it reads what it needs in one
// pass over its content, allocating nothing, so a check against auth
// events just loaded stays close to one against cached ones. A power-levels change is compared by what differs from the
// previous event, so a large users map costs one compare of the texts
// plus the changed entries.
//
// Entry points:
//
//   - [Check] judges an event against a [State] (its auth events, the state
//     before it, or the current state).
//   - [CheckAuthEvents] judges an event against its own auth events (PDU-4).
//     In room version 12 the caller passes the listed auth events plus the
//     implied create event, the event whose ID is
//     (*event.Event).ImpliedCreateEventID(); see its documentation for the
//     exact contract (AUTHEV-2 for a listed create event, ROOMID-1 for a
//     missing or wrong implied one).
//   - [SelectAuthEvents] lists the (type, state_key) pairs an event's
//     auth_events may hold; in room version 12 never the create event.
//   - [UserPowerLevel] and [PowerLevelFromEvents] give a user's power level
//     as a [Level], which is infinite for room version 12 creators
//     (DEF-CREATORS-1) and compares without arithmetic; state resolution
//     uses them for the sender power of its power ordering.
//   - [Transition], [RestrictedTransitions] and [CreatorTransitions]
//     describe membership changes (DIGEST §4, DIGEST-V8-12 §4).
//
// The package does not verify signatures: the signature of an authorising
// user's server on a restricted join (MEMBER-JAUTH-1, SIG-REQ-4) is checked
// by (*event.Event).VerifySignatures before the rules run. AUTHEV-3 (an
// auth event that is missing or was rejected) is the caller's, who keeps
// earlier verdicts.
package auth
