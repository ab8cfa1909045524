// Package conformance judges loaded conformance fixtures (FORMAT.md,
// version 1) with this module's implementation and compares the outcome
// with each fixture's expectations.
//
// The package is pure: it takes fixtures already loaded by
// internal/fixture and never touches files. [Judge] gives the verdict on
// every event of a fixture, following the receipt pipeline of DIGEST §6.9
// as FORMAT.md's `auth` section restates it; [Run] checks every expectation
// of a fixture (auth verdicts, resolve cases, redactions) and reports each
// one as an [Outcome].
//
// Content hashes are checked only when the fixture has `keys`, together
// with the signatures (FORMAT.md step 2, DIGEST PDU-2/PDU-3). The public
// corpus was labelled by running Synapse's event auth for fixtures without
// keys and from the spec for fixtures with keys; every PDU of a fixture
// without keys carries a correct content hash, and the fixtures that test
// a mismatch (judging the redacted form) have keys, so the corpus cannot
// tell the two policies apart and the literal reading of FORMAT.md is
// used. [Options.AlwaysCheckHashes] applies the hash check to fixtures
// without keys as well.
package conformance
