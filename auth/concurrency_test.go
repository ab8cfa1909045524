package auth_test

import (
	"sync"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
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

// TestCallerMemoDoesNotEvict checks that a caller caching its own values
// on the state events in MemoSlots of its own leaves the rules' cached values in place: checks
// stay allocation-free, as they are with the rules' values cached.
func TestCallerMemoDoesNotEvict(t *testing.T) {
	v := roomversion.V10()
	s, _ := baseState(t, v)
	ev := build(t, v, msg("m.room.message", bob, `{"body":"hi"}`))
	wantRule(t, auth.Check(ev, s), "")
	slots := []event.MemoSlot[int]{event.NewMemoSlot[int](), event.NewMemoSlot[int]()}
	n := testing.AllocsPerRun(20, func() {
		for _, e := range s {
			for _, slot := range slots {
				slot.Get(e, func(*event.Event) int { return 1 })
			}
		}
		_ = auth.Check(ev, s)
	})
	if n != 0 {
		t.Fatalf("a check after the caller's own caching allocates %v times", n)
	}
}
