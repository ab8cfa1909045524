package event

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"slices"
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
	areas, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*"))
	out := map[string][]corpusEvent{}
	for _, a := range areas {
		if st, err := os.Stat(a); err != nil || !st.IsDir() {
			continue
		}
		area := filepath.Base(a)
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
// (NewWithID for "ids": "given"), one event per iteration, per fixture area
// and over the whole corpus; it also reports the median time and
// allocations per event, and CPU time per event (cpu-ns/op) since the
// machine may be shared.
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
	for _, a := range areas {
		b.Run(a, func(b *testing.B) { run(b, corpus[a]) })
	}
	b.Run("all", func(b *testing.B) {
		run(b, all)
		b.StopTimer()
		const reps = 20
		times := make([]float64, 0, len(all))
		allocs := make([]float64, 0, len(all))
		for k := range all {
			ce := &all[k]
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
	})
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
