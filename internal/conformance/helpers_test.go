package conformance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/stretchr/testify/require"
)

var corpusDir = filepath.Join("..", "..", "testdata", "conformance")

// loadCorpus loads every fixture of the public corpus.
func loadCorpus(t testing.TB) []*fixture.Fixture {
	t.Helper()
	files, err := fixture.Find(corpusDir)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := make([]*fixture.Fixture, 0, len(files))
	for _, p := range files {
		f, err := fixture.LoadFile(p)
		require.NoError(t, err, p)
		out = append(out, f)
	}
	return out
}

// editFixture loads a corpus fixture after passing its decoded JSON
// through edit. Only v1–2 fixtures survive the re-encoding byte for byte
// in what matters (their event IDs are given).
func editFixture(t *testing.T, rel string, edit func(map[string]any)) *fixture.Fixture {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	edit(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	f, err := fixture.Load(rel, out)
	require.NoError(t, err)
	return f
}

// eventByID finds a decoded event of a decoded v1–2 fixture.
func eventByID(t *testing.T, m map[string]any, id string) map[string]any {
	t.Helper()
	for _, e := range m["events"].([]any) {
		ev := e.(map[string]any)
		if ev["event_id"] == id {
			return ev
		}
	}
	t.Fatalf("no event %s", id)
	return nil
}

// verdictOf returns the verdict on the event with the given ID.
func verdictOf(t *testing.T, vs []Verdict, id string) Verdict {
	t.Helper()
	for _, v := range vs {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no verdict for %s", id)
	return Verdict{}
}
