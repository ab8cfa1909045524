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

// TestCorpusExplain: on every resolve case of the corpus, explaining
// (stateres.Input.Explain) gives the same state and error, explains each
// conflicted key once, and names as winner exactly the state's entry.
func TestCorpusExplain(t *testing.T) {
	cases := 0
	for _, f := range loadCorpus(t) {
		for _, rc := range f.Resolve {
			plain, err := Resolve(f, rc.StateSets, rc.Rejected)
			got, ex, err2 := ResolveExplained(f, rc.StateSets, rc.Rejected)
			require.Equal(t, err, err2, "%s %q", f.Name, rc.Name)
			if err != nil {
				continue
			}
			cases++
			require.Equal(t, plain, got, "%s %q", f.Name, rc.Name)
			seen := map[[2]string]bool{}
			for _, k := range ex {
				id := [2]string{k.Key.Type, k.Key.StateKey}
				require.False(t, seen[id], "%s %q: %v explained twice", f.Name, rc.Name, id)
				seen[id] = true
				require.Equal(t, got[k.Key.Type][k.Key.StateKey], k.Winner, "%s %q %v", f.Name, rc.Name, id)
				if k.Winner != "" {
					require.NotEmpty(t, k.Step, "%s %q %v", f.Name, rc.Name, id)
				}
			}
		}
	}
	require.Greater(t, cases, 100)
}
