package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// BenchmarkCorpusPass checks every corpus event once per pass, warm
// (auth events memoised) and cold (auth events parsed afresh before each
// pass, outside the timer). It suits instruction counting: under
// valgrind --tool=callgrind (GOGC=off GOMAXPROCS=1
// GODEBUG=asyncpreemptoff=1, --toggle-collect on auth.CheckAuthEvents),
// the difference between -test.benchtime=3x (four passes) and 1x (one)
// is three passes' checks, free of the corpus loading (whose own checks
// the toggle also counts); cold minus warm is what a first check costs
// over a memoised one.
func BenchmarkCorpusPass(b *testing.B) {
	cs := corpus(b)
	copies := make([][]*event.Event, len(cs))
	b.Run("warm", func(b *testing.B) {
		for k := range cs {
			copies[k] = cs[k].auth
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			checkPass(cs, copies)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cs)), "ns/check")
	})
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			for k := range cs {
				copies[k] = fresh(b, cs[k].auth)
			}
			b.StartTimer()
			checkPass(cs, copies)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cs)), "ns/check")
	})
}

// checkPass checks every corpus event against its entry of authEvents.
//
//go:noinline
func checkPass(cs []corpusCase, authEvents [][]*event.Event) {
	for k := range cs {
		_ = auth.CheckAuthEvents(cs[k].ev, authEvents[k])
	}
}

// BenchmarkReadPowerLevels reads the power-levels events of the corpus's
// auth events as a first check does: one pass over each content.
func BenchmarkReadPowerLevels(b *testing.B) {
	seen := map[string]bool{}
	var pls []*event.Event
	bytes := 0
	for _, c := range corpus(b) {
		for _, a := range c.auth {
			if a != nil && a.Type() == event.TypePowerLevels && !seen[a.ID()] {
				seen[a.ID()] = true
				pls = append(pls, a)
				bytes += len(a.ContentJSON())
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, e := range pls {
			auth.ReadPowerLevelsOnce(e)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pls)), "ns/event")
	b.ReportMetric(float64(bytes)/float64(len(pls)), "bytes/event")
}

// TestCorpusFirstCheckZeroAlloc: judging an allowed corpus event against
// auth events parsed afresh, seen for the first time, allocates nothing
// either: a first check reads the power-levels and create contents into
// its own stack and caches nothing (the check after it caches).
func TestCorpusFirstCheckZeroAlloc(t *testing.T) {
	if auth.RaceEnabled {
		t.Skip("-race instrumentation allocates; allocation counts are checked without it")
	}
	for _, c := range corpus(t) {
		if !c.allowed {
			continue
		}
		// AllocsPerRun calls its function twice for one run: a fresh copy
		// of the auth events each time.
		copies := [][]*event.Event{fresh(t, c.auth), fresh(t, c.auth)}
		k := 0
		if n := testing.AllocsPerRun(1, func() { _ = auth.CheckAuthEvents(c.ev, copies[k%2]); k++ }); n != 0 {
			t.Errorf("%s (%s) allocates %v times on its first check", c.ev.ID(), c.ev.Type(), n)
		}
	}
}
