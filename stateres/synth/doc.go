// Package synth generates synthetic Matrix rooms for tests, benchmarks and
// the command-line tool: a linear history (create, power levels, join
// rules, members joining, state changes) followed by a fork into several
// branches whose conflicting state events (power-level changes, kicks,
// bans, topic and custom state, profile changes, new joins) make the state
// sets to resolve.
//
// Output is deterministic for a given [Config]: the same seed gives the
// same bytes, IDs and state sets. There is no I/O and no clock.
//
// # Event IDs
//
// Every event is real PDU JSON in its room version's format and is parsed
// with the event package, but its ID is synthetic: "$" followed by 43
// URL-safe base64 characters derived from the seed and the event's index
// (plus ":" and a server name in room versions 1–2, whose PDUs carry it).
// For room versions 3+ events are built with [event.NewWithID], which
// trusts a caller-given ID, instead of computing reference hashes. This
// keeps generating a 100,000-event room fast while still giving IDs that
// look and sort like real ones, so tie-breaks on event IDs behave as in a
// real room. Hashes and signatures are placeholders: the rooms are for
// authorization and state resolution, not for signature checks.
package synth
