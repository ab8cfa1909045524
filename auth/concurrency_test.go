package auth_test

import (
	"sync"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/stretchr/testify/require"
)

// TestConcurrentChecks judges the corpus from several goroutines at once,
// sharing the same create and power-levels events (whose parsed content is
// memoised on the event), and requires the verdicts a single goroutine
// gets. Run with -race.
func TestConcurrentChecks(t *testing.T) {
	// The verdicts of one goroutine, on a separately parsed copy, so that
	// the concurrent run below starts with nothing memoised.
	ref := corpus(t)
	want := make([]bool, len(ref))
	for i, c := range ref {
		want[i] = auth.CheckAuthEvents(c.ev, c.auth) == nil
	}
	cs := corpus(t)
	require.Len(t, cs, len(ref))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range cs {
				i := (k*7 + g*131) % len(cs)
				if got := auth.CheckAuthEvents(cs[i].ev, cs[i].auth) == nil; got != want[i] {
					errs <- cs[i].ev.ID()
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		require.Fail(t, "verdict differs under concurrency", id)
	}
}
