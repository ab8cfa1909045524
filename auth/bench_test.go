package auth_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
)

type corpusCase struct {
	ev      *event.Event
	auth    []*event.Event
	allowed bool
}

// corpus returns every event of the public fixtures whose auth events are
// all present, earlier and allowed, with its verdict.
func corpus(tb testing.TB) []corpusCase {
	tb.Helper()
	var files []string
	for _, p := range []string{"../testdata/conformance/auth-*/*.json", "../testdata/conformance/random/*.json", "../testdata/conformance/random-v8-12/*.json", "../testdata/conformance/event-ids-v8-12/*.json"} {
		m, _ := filepath.Glob(p)
		files = append(files, m...)
	}
	if len(files) == 0 {
		tb.Fatal("no conformance fixtures under ../testdata/conformance: run from the auth package directory (go test does)")
	}
	var out []corpusCase
	for _, path := range files {
		f, err := fixture.LoadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		_, allowed := judge(f)
		judged := map[string]*event.Event{}
		for _, en := range f.Events {
			judged[en.ID] = en.Event
		}
		for _, en := range f.Events {
			if en.Event == nil {
				continue
			}
			aes, err := authEventsOf(f, en.Index, en.Event, allowed, judged)
			if err != nil {
				continue
			}
			out = append(out, corpusCase{en.Event, aes, allowed[en.ID]})
		}
	}
	return out
}

func BenchmarkCorpusOwnAuthEvents(b *testing.B) {
	cs := corpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = auth.CheckAuthEvents(c.ev, c.auth)
	}
}

// BenchmarkCorpusMedian times each corpus event separately and reports the
// median per-check time (third-party invites, which verify an ed25519
// signature, would dominate a mean), over the whole corpus and per room
// version (v1–7 together; v8, v9, v10, v11 and v12 apart).
func BenchmarkCorpusMedian(b *testing.B) {
	all := corpus(b)
	groups := map[string][]corpusCase{"all": all}
	for _, c := range all {
		g := "v1-7"
		if c.ev.Version().RestrictedJoinRule {
			g = "v" + c.ev.Version().ID
		}
		groups[g] = append(groups[g], c)
	}
	for _, g := range []string{"all", "v1-7", "v8", "v9", "v10", "v11", "v12"} {
		cs := groups[g]
		if len(cs) == 0 {
			continue
		}
		b.Run(g, func(b *testing.B) { medianBench(b, cs) })
		b.Run(g+"/cold", func(b *testing.B) { coldMedianBench(b, cs) })
	}
	b.Run("all/parse+check", func(b *testing.B) { parseCheckMedianBench(b, all) })
}

// parseCheckMedianBench times parsing the auth events afresh (event
// IDs given, as a server's store has them) and checking against them,
// per event, with the warm check of the same event taken back to back:
// what a check costs a server that loads the auth events for it.
func parseCheckMedianBench(b *testing.B, cs []corpusCase) {
	const reps = 20
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = auth.CheckAuthEvents(c.ev, fresh(b, c.auth))
	}
	b.StopTimer()
	times := make([]float64, len(cs))
	warm := make([]float64, len(cs))
	for i := range cs {
		c := &cs[i]
		start := time.Now()
		for r := 0; r < reps; r++ {
			_ = auth.CheckAuthEvents(c.ev, fresh(b, c.auth))
		}
		times[i] = float64(time.Since(start).Nanoseconds()) / reps
		start = time.Now()
		for r := 0; r < reps; r++ {
			_ = auth.CheckAuthEvents(c.ev, c.auth)
		}
		warm[i] = float64(time.Since(start).Nanoseconds()) / reps
	}
	sort.Float64s(times)
	sort.Float64s(warm)
	b.ReportMetric(times[len(times)/2], "median-ns/check")
	b.ReportMetric(times[len(times)*9/10], "p90-ns/check")
	b.ReportMetric(warm[len(warm)/2], "warm-median-ns/check")
	b.ReportMetric(float64(len(cs)), "events")
}

// fresh returns copies of evs parsed afresh from their JSON, with nothing
// memoised on them.
func fresh(tb testing.TB, evs []*event.Event) []*event.Event {
	out := make([]*event.Event, len(evs))
	for i, e := range evs {
		if e == nil {
			continue
		}
		c, err := event.NewWithID([]byte(e.JSON()), e.ID(), e.Version())
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = c
	}
	return out
}

// coldMedianBench is medianBench with auth events parsed afresh for every
// check, nothing memoised on them, as a server that loads them from its
// store sees it. Parsing is outside the timed loops (check-only cold): each
// timed batch checks copies parsed before it; parseCheckMedianBench
// includes the parse.
func coldMedianBench(b *testing.B, cs []corpusCase) {
	const reps = 50
	copies := make([][]*event.Event, reps)
	times := make([]float64, len(cs))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; {
		c := &cs[(i/reps)%len(cs)]
		b.StopTimer()
		for r := range copies {
			copies[r] = fresh(b, c.auth)
		}
		b.StartTimer()
		for r := 0; r < reps && i < b.N; r++ {
			_ = auth.CheckAuthEvents(c.ev, copies[r])
			i++
		}
	}
	b.StopTimer()
	// Cold and warm times of each event are taken back to back, so that
	// their ratio survives a noisy machine.
	warm := make([]float64, len(cs))
	for i := range cs {
		c := &cs[i]
		for r := range copies {
			copies[r] = fresh(b, c.auth)
		}
		start := time.Now()
		for r := 0; r < reps; r++ {
			_ = auth.CheckAuthEvents(c.ev, copies[r])
		}
		times[i] = float64(time.Since(start).Nanoseconds()) / reps
		// copies[0] was seen once above; the next check caches what it
		// reads (GetReused), and the timed ones read the cache.
		_ = auth.CheckAuthEvents(c.ev, copies[0])
		start = time.Now()
		for r := 0; r < reps; r++ {
			_ = auth.CheckAuthEvents(c.ev, copies[0])
		}
		warm[i] = float64(time.Since(start).Nanoseconds()) / reps
	}
	sort.Float64s(times)
	sort.Float64s(warm)
	b.ReportMetric(times[len(times)/2], "median-ns/check")
	b.ReportMetric(times[len(times)*9/10], "p90-ns/check")
	b.ReportMetric(warm[len(warm)/2], "warm-median-ns/check")
	b.ReportMetric(times[len(times)/2]/warm[len(warm)/2], "cold/warm")
	b.ReportMetric(float64(len(cs)), "events")
}

func medianBench(b *testing.B, cs []corpusCase) {
	const reps = 200
	times := make([]float64, len(cs))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = auth.CheckAuthEvents(c.ev, c.auth)
	}
	b.StopTimer()
	for i := range cs {
		c := &cs[i]
		start := time.Now()
		for r := 0; r < reps; r++ {
			_ = auth.CheckAuthEvents(c.ev, c.auth)
		}
		times[i] = float64(time.Since(start).Nanoseconds()) / reps
	}
	sort.Float64s(times)
	b.ReportMetric(times[len(times)/2], "median-ns/check")
	b.ReportMetric(times[len(times)*9/10], "p90-ns/check")
	b.ReportMetric(float64(len(cs)), "events")
}

func BenchmarkCorpusOwnAuthEventsAllowedOnly(b *testing.B) {
	var cs []corpusCase
	for _, c := range corpus(b) {
		if c.allowed {
			cs = append(cs, c)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = auth.CheckAuthEvents(c.ev, c.auth)
	}
}

// TestCorpusAllowedZeroAlloc checks that judging an allowed corpus event
// does not allocate, third-party invites (which verify the identity
// server's signature) included.
func TestCorpusAllowedZeroAlloc(t *testing.T) {
	if auth.RaceEnabled {
		t.Skip("-race instrumentation allocates; allocation counts are checked without it")
	}
	for _, c := range corpus(t) {
		if !c.allowed {
			continue
		}
		if n := testing.AllocsPerRun(5, func() { _ = auth.CheckAuthEvents(c.ev, c.auth) }); n != 0 {
			t.Errorf("%s (%s) allocates %v times", c.ev.ID(), c.ev.Type(), n)
		}
	}
}

// bigRoom is a v7 room with n joined members, join rule knock and one
// invited user.
func bigRoom(tb testing.TB, n int) (auth.StateMap, roomversion.Version) {
	v := roomversion.V7()
	s, _ := baseState(tb, v)
	put := func(e *event.Event) {
		sk, _ := e.StateKey()
		s[auth.StateKey{Type: e.Type(), StateKey: sk}] = e
	}
	put(build(tb, v, jr("knock")))
	for i := 0; i < n; i++ {
		u := fmt.Sprintf("@user%d:a.test", i)
		put(build(tb, v, mem(u, u, "join")))
	}
	return s, v
}

func BenchmarkLargeState(b *testing.B) {
	s, v := bigRoom(b, 10000)
	events := []struct {
		name string
		ev   *event.Event
	}{
		{"join", build(b, v, mem(carol, carol, "join"))},
		{"knock", build(b, v, mem(eve, eve, "knock"))},
		{"power_levels", build(b, v, st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50,"`+bob+`":10}}`))},
		{"message", build(b, v, msg("m.room.message", "@user5000:a.test", `{"body":"hello"}`))},
	}
	for _, e := range events {
		if err := auth.Check(e.ev, s); err != nil {
			b.Fatalf("%s: %v", e.name, err)
		}
		b.Run(e.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = auth.Check(e.ev, s)
			}
		})
	}
}

// BenchmarkPowerLevelsLargeUsers changes one entry (and, as a worst case,
// every entry) of a users map of
// 2 000 and of 5 000 members (5 000 short user IDs are about as many as fit
// in a 64 KiB PDU), with sorted keys, as canonical JSON writes them, and
// shuffled: pairing the old and new maps must cost one pass plus the
// changed entries (issue 14: at most 300 µs at 5 000 users).
func BenchmarkPowerLevelsLargeUsers(b *testing.B) {
	for _, n := range []int{2000, 5000} {
		for _, sorted := range []bool{true, false} {
			name := fmt.Sprintf("%d/sorted", n)
			if !sorted {
				name = fmt.Sprintf("%d/unsorted", n)
			}
			b.Run(name, func(b *testing.B) { benchLargeUsers(b, n, sorted, n/2) })
		}
	}
	// The worst case for pairing by what changed: every entry changes.
	b.Run("5000/sorted/all-changed", func(b *testing.B) { benchLargeUsers(b, 5000, true, -2) })
}

func largeUsersJSON(n, changed int, sorted bool) string {
	parts := make([]string, 0, n+1)
	parts = append(parts, `"`+alice+`":100`)
	for i := 0; i < n; i++ {
		lvl := 0
		if i == changed || changed == -2 {
			lvl = 10
		}
		parts = append(parts, fmt.Sprintf(`"@%04d:a":%d`, i, lvl))
	}
	if sorted {
		sort.Strings(parts)
	} else {
		for i := range parts {
			j := (i * 7919) % len(parts)
			parts[i], parts[j] = parts[j], parts[i]
		}
	}
	return `{"users":{` + strings.Join(parts, ",") + `}}`
}

// benchLargeUsers changes users entry changed (-2: every entry) of a users
// map of n entries.
func benchLargeUsers(b *testing.B, n int, sorted bool, changed int) {
	s, v := bigRoom(b, 0)
	old := build(b, v, st("m.room.power_levels", alice, "", largeUsersJSON(n, -1, sorted)))
	s[auth.StateKey{Type: "m.room.power_levels"}] = old
	ev := build(b, v, st("m.room.power_levels", alice, "", largeUsersJSON(n, changed, sorted)))
	if err := auth.Check(ev, s); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = auth.Check(ev, s)
	}
}
