// Package conformance judges loaded conformance fixtures (FORMAT.md,
// format versions 1 and 2, room versions 1–12) with this module's implementation and
// compares the outcome with each fixture's expectations.
//
// The package is pure: it takes fixtures already loaded by
// internal/fixture and never touches files. [Judge] gives the verdict on
// every event of a fixture by running each event, in array order, through
// the public receipt pipeline (package receipt, DIGEST §6.9) as FORMAT.md's
// `auth` section restates it: the auth events an event may name are the
// events before it, with their verdicts; in room version 12 the create
// event its room_id implies is one of them. [Run] checks every expectation
// of a fixture (auth verdicts, format 2's auth_state cases, resolve cases
// with an expected state or error, redactions) and reports each one as an
// [Outcome]. [Options.JudgeAuthState] runs an auth_state case through the
// same pipeline with the state before the event (PDU-5) and the current
// state (PDU-6). The outcomes are built by the exported functions
// ([AuthOutcome], [AuthStateOutcome], [ResolveOutcome], [RedactOutcome],
// [Result.Finish]) that a run through an external judge uses too.
//
// Signatures are checked when the fixture has `keys`, whose every server
// is in the key ring (among them a restricted join's authorising server).
// Content hashes are checked then too, or when the fixture says
// "check_hashes": true (FORMAT.md step 2, DIGEST PDU-2/PDU-3). The public
// corpus was labelled by running Synapse's event auth for fixtures without
// keys and from the spec for fixtures with keys; every PDU of a fixture
// without keys or check_hashes carries a correct content hash, so the
// corpus cannot tell that policy from checking every hash, and the literal
// reading of FORMAT.md is used. [Options.AlwaysCheckHashes] applies the
// hash check to every fixture.
package conformance
