package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/stretchr/testify/require"
)

// budgetPer1000 is the time a run of 1 000 fixtures may take.
const budgetPer1000 = 5 * time.Second

// requireWithinBudget fails when the time extrapolated to 1 000 fixtures
// exceeds the budget (not enforced under the race detector).
func requireWithinBudget(t *testing.T, per1000 time.Duration) {
	t.Helper()
	if raceEnabled {
		t.Logf("race detector on: budget of %v not enforced", budgetPer1000)
		return
	}
	require.Less(t, per1000, budgetPer1000)
}

// timeRun returns the best of three wall times of "mxauth conformance
// paths...".
func timeRun(t testing.TB, paths ...string) time.Duration {
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		run(append([]string{"conformance"}, paths...), strings.NewReader(""), io.Discard, io.Discard)
		if d := time.Since(start); d < best {
			best = d
		}
	}
	return best
}

// TestCorpusSpeed times the public corpus and extrapolates to 1 000
// fixtures. The random fixtures (16–80 events, resolve cases) dominate.
func TestCorpusSpeed(t *testing.T) {
	files, err := fixture.Find(corpus)
	require.NoError(t, err)
	d := timeRun(t, corpus)
	per1000 := d * 1000 / time.Duration(len(files))
	t.Logf("%d fixtures in %v: %v per 1000 fixtures", len(files), d, per1000)
	requireWithinBudget(t, per1000)
}

func BenchmarkCorpus(b *testing.B) {
	for b.Loop() {
		run([]string{"conformance", corpus}, strings.NewReader(""), io.Discard, io.Discard)
	}
}
