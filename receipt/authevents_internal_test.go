package receipt

import (
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// TestCheckAuthEventsZeroAlloc: step 4 keeps its auth-event buffer on the
// stack (auth.CheckAuthEvents retains no reference to it), so judging a
// corpus event whose auth events are all known and that the rules allow
// allocates nothing, without a pool. The fixtures are those of auth's
// TestCorpusAllowedZeroAlloc; a few spec-* edge fixtures (power levels
// given as strings, escaped third-party-invite keys) allocate inside the
// rules, not here.
func TestCheckAuthEventsZeroAlloc(t *testing.T) {
	if raceEnabled {
		t.Skip("-race instrumentation allocates; allocation counts are checked without it")
	}
	var files []string
	for _, g := range []string{"auth-*/*.json", "random/*.json", "random-v8-12/*.json", "event-ids-v8-12/*.json"} {
		m, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", g))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	checked := 0
	for _, p := range files {
		f, err := fixture.LoadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*event.Event{}
		for _, en := range f.Events {
			if en.Event != nil {
				byID[en.ID] = en.Event
			}
		}
		lookup := func(id string) (*event.Event, bool) { return byID[id], false }
		for _, en := range f.Events {
			if en.Event == nil || checkAuthEvents(en.Event, lookup) != nil {
				continue
			}
			if n := testing.AllocsPerRun(3, func() { _ = checkAuthEvents(en.Event, lookup) }); n != 0 {
				t.Errorf("%s: %s allocates %v times", p, en.ID, n)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d allowed events checked", checked)
	}
}
