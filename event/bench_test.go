package event

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/roomversion"
)

// corpusEvent is one event of the public corpus as a runner loads it.
type corpusEvent struct {
	raw   []byte
	v     roomversion.Version
	given string // non-empty for v3+ "ids": "given" (raw is stripped)
}

func (c *corpusEvent) load() (*Event, error) {
	if c.given != "" {
		return NewWithID(c.raw, c.given, c.v)
	}
	return Parse(c.raw, c.v)
}

func loadCorpus(b testing.TB) map[string][]corpusEvent {
	b.Helper()
	out := map[string][]corpusEvent{}
	for _, area := range allAreas(b) {
		for _, path := range fixtureFiles(b, area) {
			f, v := loadFixture(b, path)
			for _, raw := range f.Events {
				ce := corpusEvent{raw: raw, v: v}
				if v.EventIDFormat != roomversion.EventIDGiven && f.IDs == "given" {
					s, id, err := StripEventID(raw)
					if err != nil {
						continue // invalid text of the format fixtures
					}
					ce.raw, ce.given = s, id
				}
				if _, err := ce.load(); err != nil {
					continue // invalid PDUs of the format fixtures
				}
				out[area] = append(out[area], ce)
			}
		}
	}
	return out
}

// BenchmarkParseAndID parses every valid corpus event and derives its ID
// (NewWithID for "ids": "given"), one event per iteration, per fixture area,
// per group of room versions (v1-7, v8-10, v11, v12) and over the whole
// corpus; the group and "all" runs also report the median time and
// allocations per event, and every run CPU time per event (cpu-ns/op)
// since the machine may be shared.
func BenchmarkParseAndID(b *testing.B) {
	corpus := loadCorpus(b)
	var all []corpusEvent
	areas := make([]string, 0, len(corpus))
	for a := range corpus {
		areas = append(areas, a)
	}
	slices.Sort(areas)
	for _, a := range areas {
		all = append(all, corpus[a]...)
	}
	run := func(b *testing.B, evs []corpusEvent) {
		b.ReportAllocs()
		c := cpuNow()
		for i := 0; b.Loop(); i++ {
			if _, err := evs[i%len(evs)].load(); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, c)
	}
	medians := func(b *testing.B, evs []corpusEvent) {
		b.StopTimer()
		const reps = 20
		times := make([]float64, 0, len(evs))
		allocs := make([]float64, 0, len(evs))
		for k := range evs {
			ce := &evs[k]
			start := time.Now()
			for r := 0; r < reps; r++ {
				_, _ = ce.load()
			}
			times = append(times, float64(time.Since(start).Nanoseconds())/reps)
			allocs = append(allocs, testing.AllocsPerRun(reps, func() { _, _ = ce.load() }))
		}
		slices.Sort(times)
		slices.Sort(allocs)
		b.ReportMetric(times[len(times)/2], "median-ns/event")
		b.ReportMetric(allocs[len(allocs)/2], "median-allocs/event")
		b.ReportMetric(times[len(times)*99/100], "p99-ns/event")
		b.ReportMetric(float64(len(evs)), "events")
		all, computed := shaRatios(evs)
		b.ReportMetric(all, "median-x-sha256")
		b.ReportMetric(computed, "median-x-sha256-computed")
	}
	for _, a := range areas {
		b.Run(a, func(b *testing.B) { run(b, corpus[a]) })
	}
	groups := []struct {
		name   string
		lo, hi int // room versions, inclusive
	}{{"v1-7", 1, 7}, {"v8-10", 8, 10}, {"v11", 11, 11}, {"v12", 12, 12}}
	for _, g := range groups {
		var evs []corpusEvent
		for _, ce := range all {
			if n, _ := strconv.Atoi(ce.v.ID); n >= g.lo && n <= g.hi {
				evs = append(evs, ce)
			}
		}
		if len(evs) == 0 {
			continue
		}
		b.Run(g.name, func(b *testing.B) {
			run(b, evs)
			medians(b, evs)
		})
	}
	b.Run("all", func(b *testing.B) {
		run(b, all)
		medians(b, all)
	})
	// The corpus is indented; PDUs on the wire are compact. all-compact
	// is the same events without the whitespace (json.Compact keeps key
	// order and every byte of the values).
	compact := make([]corpusEvent, 0, len(all))
	for _, ce := range all {
		var buf bytes.Buffer
		if err := json.Compact(&buf, ce.raw); err != nil {
			b.Fatal(err)
		}
		ce.raw = buf.Bytes()
		compact = append(compact, ce)
	}
	b.Run("all-compact", func(b *testing.B) {
		run(b, compact)
		medians(b, compact)
	})
}

// shaRatios measures, for every event of evs, the time of parse + ID
// (NewWithID for "ids": "given") over the time of a bare sha256.Sum256 of
// the same PDU bytes, and returns the median ratio over all events and over
// those whose ID is computed (no hashing is done for given IDs). The two
// are timed alternately, seven rounds each, keeping the fastest round of
// each, so that load from other processes on a shared machine affects both
// alike.
func shaRatios(evs []corpusEvent) (all, computed float64) {
	const reps, rounds = 8, 7
	ratios := make([]float64, 0, len(evs))
	comp := make([]float64, 0, len(evs))
	var sink [32]byte
	for k := range evs {
		ce := &evs[k]
		best := [2]time.Duration{1 << 62, 1 << 62}
		for r := 0; r < rounds; r++ {
			start := time.Now()
			for n := 0; n < reps; n++ {
				_, _ = ce.load()
			}
			best[0] = min(best[0], time.Since(start))
			start = time.Now()
			for n := 0; n < reps; n++ {
				sink = sha256.Sum256(ce.raw)
			}
			best[1] = min(best[1], time.Since(start))
		}
		ratio := float64(best[0]) / float64(max(best[1], 1))
		ratios = append(ratios, ratio)
		if ce.given == "" && ce.v.EventIDFormat != roomversion.EventIDGiven {
			comp = append(comp, ratio)
		}
	}
	_ = sink
	median := func(xs []float64) float64 {
		if len(xs) == 0 {
			return 0
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	return median(ratios), median(comp)
}

// v12Join is a v12 m.room.member join with no auth events but the implied
// create event, and v11Redaction a v11 redaction with content.redacts.
var (
	v12Join      = []byte(`{"auth_events":[],"content":{"displayname":"Alice","membership":"join"},"depth":2,"hashes":{"sha256":"k69V+Xd8XxDc80VgqyU8hiOvi4wDubJOHpi6ingzeDo"},"origin_server_ts":1768200002000,"prev_events":["$lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54"],"room_id":"!lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54","sender":"@tulir:maunium.net","signatures":{"maunium.net":{"ed25519:1":"tJyhjOQWdIa9PNNEnPEp+2HEOKMQdvs/Wk3WaXSAHrGBE2ljzWgwzUs7buUHlSpmKnJ9dmsD5EXa55UjzJpTCw"}},"state_key":"@tulir:maunium.net","type":"m.room.member"}`)
	v11Redaction = []byte(`{"auth_events":["$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","$CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"],"content":{"reason":"spam","redacts":"$DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"},"depth":40,"hashes":{"sha256":"thishashcoversallfieldsincasethisisredactedxyz"},"origin_server_ts":1714000000000,"prev_events":["$EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE"],"room_id":"!abcdefghijklmnop:example.org","sender":"@alice:example.org","signatures":{"example.org":{"ed25519:key1":"these86bytesofbase64signaturedatawouldnormallybeherebutwehaveafakeone01234567890abcdefgh"}},"type":"m.room.redaction"}`)
)

// BenchmarkParseAndIDV11V12 parses single v11 and v12 events, beside the
// v6 member of BenchmarkParseAndIDMember1KB.
func BenchmarkParseAndIDV11V12(b *testing.B) {
	for _, c := range []struct {
		name string
		raw  []byte
		v    roomversion.Version
	}{
		{"v11-redaction", v11Redaction, roomversion.V11()},
		{"v12-join", v12Join, roomversion.V12()},
		{"v11-member1KB", member1KB, roomversion.V11()},
		{"v12-member1KB", member1KB, roomversion.V12()},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			b.ReportAllocs()
			cpu := cpuNow()
			for b.Loop() {
				if _, err := Parse(c.raw, c.v); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// member1KB is a v6 m.room.member join of about 1 KB.
var member1KB = func() []byte {
	s := `{"auth_events":["$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","$CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC","$DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"],` +
		`"content":{"avatar_url":"mxc://example.org/SEsfnsuifSDFSSEFsdfsdfsdf","displayname":"Alice Margatroid (she/her) \u00e9\u00e8","membership":"join","reason":"` + strings.Repeat("hello there ", 12) + `"},` +
		`"depth":12345,"hashes":{"sha256":"thishashcoversallfieldsincasethisisredactedxyz"},"origin":"example.org","origin_server_ts":1714000000000,` +
		`"prev_events":["$EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE","$FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"],"room_id":"!abcdefghijklmnop:example.org","sender":"@alice:example.org",` +
		`"signatures":{"example.org":{"ed25519:key1":"these86bytesofbase64signaturedatawouldnormallybeherebutwehaveafakeone01234567890abcdefgh"},"other.example":{"ed25519:a":"xyz"}},` +
		`"state_key":"@alice:example.org","type":"m.room.member","unsigned":{"age_ts":1714000000000,"prev_content":{"membership":"invite"}}}`
	return []byte(s)
}()

func BenchmarkParseAndIDMember1KB(b *testing.B) {
	v := roomversion.V6()
	b.SetBytes(int64(len(member1KB)))
	b.ReportAllocs()
	c := cpuNow()
	for b.Loop() {
		if _, err := Parse(member1KB, v); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c)
}

func BenchmarkRedact(b *testing.B) {
	e, err := Parse(member1KB, roomversion.V6())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c := cpuNow()
	for b.Loop() {
		if _, err := e.Redact(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c)
}

func BenchmarkContentHash(b *testing.B) {
	e, err := Parse(member1KB, roomversion.V6())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c := cpuNow()
	for b.Loop() {
		if _, err := e.ContentHash(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c)
}

func signedMember(b *testing.B) (*Event, KeyRing, []byte, []byte, ed25519.PublicKey) {
	b.Helper()
	v := roomversion.V6()
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	raw, err := Sign(member1KB, v, "example.org", "ed25519:key1", priv)
	if err != nil {
		b.Fatal(err)
	}
	e, err := Parse(raw, v)
	if err != nil {
		b.Fatal(err)
	}
	input, err := e.SigningInput()
	if err != nil {
		b.Fatal(err)
	}
	sig := ed25519.Sign(priv, input)
	ring := KeyRing{"example.org": {"ed25519:key1": {Key: pub}}}
	return e, ring, input, sig, pub
}

// BenchmarkVerifySignatures and BenchmarkEd25519Verify compare the full
// signature check with a bare ed25519.Verify of the same bytes.
func BenchmarkVerifySignatures(b *testing.B) {
	e, ring, _, _, _ := signedMember(b)
	b.ReportAllocs()
	c := cpuNow()
	for b.Loop() {
		if err := e.VerifySignatures(ring); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c)
}

func BenchmarkEd25519Verify(b *testing.B) {
	_, _, input, sig, pub := signedMember(b)
	b.ReportAllocs()
	c := cpuNow()
	for b.Loop() {
		if !ed25519.Verify(pub, input, sig) {
			b.Fatal("bad")
		}
	}
	reportCPU(b, c)
}

// corpusAll is every valid corpus event in a fixed order (areas sorted).
func corpusAll(b testing.TB) []corpusEvent {
	corpus := loadCorpus(b)
	areas := make([]string, 0, len(corpus))
	for a := range corpus {
		areas = append(areas, a)
	}
	slices.Sort(areas)
	var all []corpusEvent
	for _, a := range areas {
		all = append(all, corpus[a]...)
	}
	return all
}

// BenchmarkCorpusLoop runs parse + ID ("parse"), and a bare SHA-256 of
// the same bytes ("sha256") as the baseline of the same run, over the
// whole corpus one event per iteration, without the median passes of
// BenchmarkParseAndID, so that it can run under callgrind with a fixed
// -benchtime for stable instruction counts.
func BenchmarkCorpusLoop(b *testing.B) {
	all := corpusAll(b)
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := all[i%len(all)].load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	compact := make([]corpusEvent, 0, len(all))
	for _, ce := range all {
		var buf bytes.Buffer
		if err := json.Compact(&buf, ce.raw); err != nil {
			b.Fatal(err)
		}
		ce.raw = buf.Bytes()
		compact = append(compact, ce)
	}
	b.Run("parse-compact", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := compact[i%len(compact)].load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sha256", func(b *testing.B) {
		b.ReportAllocs()
		var sink [32]byte
		for i := 0; b.Loop(); i++ {
			sink = sha256.Sum256(all[i%len(all)].raw)
		}
		_ = sink
	})
}
