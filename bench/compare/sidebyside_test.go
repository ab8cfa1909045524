//go:build goexperiment.jsonv2 || go1.27

package compare

import (
	"crypto/sha256"
	"encoding/json/v2"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"maunium.net/go/mautrix/federation/eventauth"
	"maunium.net/go/mautrix/federation/pdu"
	"maunium.net/go/mautrix/id"
)

// noKey is the key lookup given to mautrix: the corpus's third-party
// invite keys are in the events themselves, and no server key is needed.
func noKey(string, id.KeyID, time.Time) (id.SigningKey, time.Time, error) {
	return "", time.Time{}, errors.New("no keys in this benchmark")
}

// mxParseID parses a PDU and derives its event ID with mxauth.
func mxParseID(c *pduCase) (string, error) {
	ev, err := event.Parse(c.raw, c.v)
	if err != nil {
		return "", err
	}
	return ev.ID(), nil
}

// mauParseID parses a PDU and derives its event ID with mautrix.
func mauParseID(c *pduCase) (string, error) {
	var p *pdu.PDU
	if err := json.Unmarshal(c.raw, &p); err != nil {
		return "", err
	}
	eid, err := p.GetEventID(c.rv)
	return string(eid), err
}

// mxFresh parses c's auth events afresh: nothing is memoised on them.
func mxFresh(tb testing.TB, c *authCase) []*event.Event {
	out := make([]*event.Event, len(c.authRaw))
	for i, raw := range c.authRaw {
		e, err := event.NewWithID(raw, c.authIDs[i], c.v)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = e
	}
	return out
}

// mauFresh parses the PDUs of c's auth events afresh.
func mauFresh(tb testing.TB, c *authCase) (authPDUs, create []*pdu.PDU) {
	byID := map[string]*pdu.PDU{}
	for i, raw := range c.authRaw {
		var p *pdu.PDU
		if err := json.Unmarshal(raw, &p); err != nil {
			tb.Fatal(err)
		}
		byID[c.authIDs[i]] = p
	}
	for _, aid := range c.mev.AuthEvents {
		authPDUs = append(authPDUs, byID[string(aid)])
	}
	if c.create != nil {
		create = []*pdu.PDU{byID[c.authIDs[len(c.authIDs)-1]]}
	}
	return authPDUs, create
}

// mauCheck is mautrix's check of c against the given auth event PDUs
// (and, v12, the implied create event), fetched through getEvents as
// mautrix asks for them.
func mauCheck(c *authCase, authPDUs, create []*pdu.PDU) error {
	get := func(ids []id.EventID) ([]*pdu.PDU, error) {
		if create != nil && len(ids) == 1 && strings.HasPrefix(string(ids[0]), "$") && string(ids[0][1:]) == string(c.mev.RoomID[1:]) {
			return create, nil
		}
		return authPDUs, nil
	}
	return eventauth.Authorize(c.rv, c.mev, nil, get, noKey)
}

// sameIDs checks that mxauth derives every PDU's fixture ID, and returns
// the PDUs for which mautrix derives it too (it differs on some of the
// corpus's edge cases of canonical JSON).
func sameIDs(tb testing.TB, pdus []pduCase) []pduCase {
	var out []pduCase
	for i := range pdus {
		c := &pdus[i]
		a, err := mxParseID(c)
		if err != nil || a != c.id {
			tb.Fatalf("mxauth derives %q (%v) for the fixture's %s", a, err, c.id)
		}
		if b, err := mauParseID(c); err == nil && b == c.id {
			out = append(out, *c)
		}
	}
	return out
}

// agreed returns the auth cases on which both libraries reach the same
// verdict, and how many there were in all.
func agreed(cs []authCase) (out []authCase, allowed int) {
	for i := range cs {
		c := &cs[i]
		mx := auth.CheckAuthEvents(c.ev, c.auth) == nil
		mau := mauCheck(c, c.mauth, c.create) == nil
		if mx == mau {
			out = append(out, *c)
			if mx {
				allowed++
			}
		}
	}
	return out, allowed
}

// timeEach returns the time of one call of f, averaged over reps calls
// prepared by prep outside the timing. One prepared call runs untimed
// first, so that each library (and the bare SHA-256) is timed with the
// event's bytes and its own code already in cache: otherwise whichever
// side runs first on an event pays the cache misses for the others.
func timeEach(reps int, prep func(r int), f func(r int)) float64 {
	prep(0)
	f(0)
	for r := 0; r < reps; r++ {
		prep(r)
	}
	start := time.Now()
	for r := 0; r < reps; r++ {
		f(r)
	}
	return float64(time.Since(start).Nanoseconds()) / float64(reps)
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// subset returns the xs[i] for which in(i).
func subset(xs []float64, in func(int) bool) []float64 {
	var out []float64
	for i, x := range xs {
		if in(i) {
			out = append(out, x)
		}
	}
	return out
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// row is one line of the ratio table: per-event medians (ns) and the
// ratio of the medians and of the totals.
type row struct {
	name               string
	mx, mau            float64
	medRatio, sumRatio float64
}

func (r row) String() string {
	return fmt.Sprintf("%-34s %10.0f %10.0f %8.2f× %8.2f×", r.name, r.mx, r.mau, r.medRatio, r.sumRatio)
}

func rowOf(name string, mx, mau []float64) row {
	return row{name, median(mx), median(mau), median(mau) / median(mx), sum(mau) / sum(mx)}
}

const rounds = 3

// TestSideBySide runs the two libraries on the same events in
// interleaved rounds (each event timed in one library, then the other)
// and prints the ratio table. It checks that both derive the same event
// ID for every corpus event, and that they agree on most verdicts.
func TestSideBySide(t *testing.T) {
	pdus, auths := loadCorpus(t)
	same, allowed := agreed(auths)
	nh := 0
	for i := range same {
		if same[i].hand {
			nh++
		}
	}
	t.Logf("corpus: %d PDUs (room versions 3–12, computed IDs); %d auth cases, %d with the same verdict in both (%d allowed; %d from hand-labelled fixtures)", len(pdus), len(auths), len(same), allowed, nh)
	if len(pdus) == 0 || len(same)*10 < len(auths)*9 {
		t.Fatalf("the libraries agree on %d of %d verdicts", len(same), len(auths))
	}
	all := len(pdus)
	pdus = sameIDs(t, pdus)
	hand := 0
	for i := range pdus {
		if pdus[i].hand {
			hand++
		}
	}
	t.Logf("parse + event ID: mautrix derives the fixture's event ID for %d of %d PDUs (%d hand-labelled); those are timed", len(pdus), all, hand)
	const reps = 10
	var table []row
	// The best time of each event over the rounds, for the SHA-256 ratio
	// as BenchmarkParseAndID in package event takes it (least
	// interference from the other library's collections).
	bestMx, bestSHA := make([]float64, len(pdus)), make([]float64, len(pdus))
	for round := 1; round <= rounds; round++ {
		n := len(pdus)
		pmx, pmau, sha, pratio := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := range pdus {
			c := &pdus[i]
			none := func(int) {}
			pmx[i] = timeEach(reps, none, func(int) { _, _ = mxParseID(c) })
			pmau[i] = timeEach(reps, none, func(int) { _, _ = mauParseID(c) })
			sha[i] = timeEach(reps, none, func(int) { _ = sha256.Sum256(c.raw) })
			pratio[i] = pmx[i] / sha[i]
			if round == 1 || pmx[i] < bestMx[i] {
				bestMx[i] = pmx[i]
			}
			if round == 1 || sha[i] < bestSHA[i] {
				bestSHA[i] = sha[i]
			}
		}
		m := len(same)
		cmx, cmau, wmx, wmau := make([]float64, m), make([]float64, m), make([]float64, m), make([]float64, m)
		pcmx, pcmau := make([]float64, m), make([]float64, m)
		mxCopies := make([][]*event.Event, reps)
		mauCopies, mauCreates := make([][]*pdu.PDU, reps), make([][]*pdu.PDU, reps)
		for i := range same {
			c := &same[i]
			cmx[i] = timeEach(reps, func(r int) { mxCopies[r] = mxFresh(t, c) }, func(r int) { _ = auth.CheckAuthEvents(c.ev, mxCopies[r]) })
			cmau[i] = timeEach(reps, func(r int) { mauCopies[r], mauCreates[r] = mauFresh(t, c) }, func(r int) { _ = mauCheck(c, mauCopies[r], mauCreates[r]) })
			wmx[i] = timeEach(reps, func(int) {}, func(int) { _ = auth.CheckAuthEvents(c.ev, c.auth) })
			wmau[i] = timeEach(reps, func(int) {}, func(int) { _ = mauCheck(c, c.mauth, c.create) })
			pcmx[i] = timeEach(reps, func(int) {}, func(int) { _ = auth.CheckAuthEvents(c.ev, mxFresh(t, c)) })
			pcmau[i] = timeEach(reps, func(int) {}, func(int) { a, cr := mauFresh(t, c); _ = mauCheck(c, a, cr) })
		}
		hp := func(i int) bool { return pdus[i].hand }
		ha := func(i int) bool { return same[i].hand }
		table = append(table,
			rowOf(fmt.Sprintf("round %d parse + event ID", round), pmx, pmau),
			rowOf(fmt.Sprintf("round %d auth check, nothing memoised", round), cmx, cmau),
			rowOf(fmt.Sprintf("round %d auth check, warm", round), wmx, wmau),
			rowOf(fmt.Sprintf("round %d parse auth events + check", round), pcmx, pcmau),
			rowOf(fmt.Sprintf("round %d hand-labelled: parse + ID", round), subset(pmx, hp), subset(pmau, hp)),
			rowOf(fmt.Sprintf("round %d hand-labelled: check, cold", round), subset(cmx, ha), subset(cmau, ha)),
			rowOf(fmt.Sprintf("round %d hand-labelled: check, warm", round), subset(wmx, ha), subset(wmau, ha)),
		)
		t.Logf("round %d: mxauth parse + event ID / bare SHA-256 of the PDU bytes: median over events %.2f× (median SHA-256 %.0f ns)", round, median(pratio), median(sha))
	}
	best := make([]float64, len(pdus))
	for i := range best {
		best[i] = bestMx[i] / bestSHA[i]
	}
	t.Logf("best of %d rounds per event: mxauth parse + event ID / bare SHA-256: median over events %.2f×", rounds, median(best))
	t.Logf("%-34s %10s %10s %9s %9s", "per event (ns, median)", "mxauth", "mautrix", "med ratio", "sum ratio")
	for _, r := range table {
		t.Log(r.String())
	}
}

// The benchmarks below time the same work one library at a time, for
// benchstat; TestSideBySide gives the interleaved ratios.

func benchPDUs(b *testing.B, f func(*pduCase) (string, error)) {
	pdus, _ := loadCorpus(b)
	pdus = sameIDs(b, pdus)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = f(&pdus[i%len(pdus)])
	}
}

func BenchmarkParseIDMxauth(b *testing.B)  { benchPDUs(b, mxParseID) }
func BenchmarkParseIDMautrix(b *testing.B) { benchPDUs(b, mauParseID) }

func BenchmarkCheckWarmMxauth(b *testing.B) {
	_, auths := loadCorpus(b)
	cs, _ := agreed(auths)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = auth.CheckAuthEvents(c.ev, c.auth)
	}
}

func BenchmarkCheckWarmMautrix(b *testing.B) {
	_, auths := loadCorpus(b)
	cs, _ := agreed(auths)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = mauCheck(c, c.mauth, c.create)
	}
}

// BenchmarkCheckColdMxauth and BenchmarkCheckColdMautrix check against
// auth events parsed afresh for every check; the parse is outside the
// timing (BenchmarkParseCheck* include it).
func BenchmarkCheckColdMxauth(b *testing.B) {
	_, auths := loadCorpus(b)
	cs, _ := agreed(auths)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		b.StopTimer()
		aes := mxFresh(b, c)
		b.StartTimer()
		_ = auth.CheckAuthEvents(c.ev, aes)
	}
}

func BenchmarkCheckColdMautrix(b *testing.B) {
	_, auths := loadCorpus(b)
	cs, _ := agreed(auths)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		b.StopTimer()
		aes, create := mauFresh(b, c)
		b.StartTimer()
		_ = mauCheck(c, aes, create)
	}
}

// BenchmarkParseCheckMxauth and BenchmarkParseCheckMautrix parse the auth
// events and then check: what a server that loads them from its store
// pays per check.
func BenchmarkParseCheckMxauth(b *testing.B) {
	_, auths := loadCorpus(b)
	cs, _ := agreed(auths)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		_ = auth.CheckAuthEvents(c.ev, mxFresh(b, c))
	}
}

func BenchmarkParseCheckMautrix(b *testing.B) {
	_, auths := loadCorpus(b)
	cs, _ := agreed(auths)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &cs[i%len(cs)]
		aes, create := mauFresh(b, c)
		_ = mauCheck(c, aes, create)
	}
}
