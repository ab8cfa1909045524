package conformance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCorpus runs every fixture of the public corpus; each must pass.
func TestCorpus(t *testing.T) {
	for _, f := range loadCorpus(t) {
		t.Run(f.Name, func(t *testing.T) {
			r := Run(f)
			require.True(t, r.Passed, r.Summary())
		})
	}
}

// TestCorpusHashPolicy documents why the hash check needs keys by
// default: in the corpus's fixtures without keys every PDU carries a
// matching content hash, so checking hashes there too changes no verdict.
// Fixtures that test a hash mismatch have keys (spec-redaction-hash-
// mismatch-v5) or "check_hashes" (red-11-create-federate-v10), where the
// hash is checked either way.
func TestCorpusHashPolicy(t *testing.T) {
	for _, f := range loadCorpus(t) {
		a := Judge(f)
		b := Options{AlwaysCheckHashes: true}.Judge(f)
		for i := range a {
			require.Equal(t, a[i].Allowed, b[i].Allowed, "%s %s", f.Name, a[i].ID)
			if f.Keys == nil && !f.CheckHashes {
				require.False(t, b[i].Redacted, "%s %s: content hash mismatch in a fixture without keys", f.Name, a[i].ID)
			}
		}
	}
}
