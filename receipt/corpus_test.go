package receipt_test

import (
	"encoding/base64"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

var corpusDir = filepath.Join("..", "testdata", "conformance")

// loadCorpus loads every fixture of the public conformance corpus.
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

// ring turns a fixture's keys into a key ring (undecodable keys left out).
func ring(f *fixture.Fixture) event.KeyLookup {
	if f.Keys == nil {
		return nil
	}
	r := event.KeyRing{}
	for server, ks := range f.Keys {
		r[server] = map[string]event.PublicKey{}
		for id, k := range ks {
			pub, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(k.Key, "="))
			if err == nil && len(pub) == 32 {
				r[server][id] = event.PublicKey{Key: pub, ValidUntilTS: k.ValidUntilTS}
			}
		}
	}
	return r
}

// corpusRun holds the pipeline's results on every event of one fixture,
// judged in file order with FORMAT.md's options.
type corpusRun struct {
	f       *fixture.Fixture
	opts    receipt.Options
	keys    event.KeyLookup
	results []receipt.Result
}

// lookupBefore returns the auth-event lookup of the event at index i: the
// events before it, with their results.
func (c *corpusRun) lookupBefore(i int) receipt.AuthEventLookup {
	return func(id string) (*event.Event, bool) {
		a := c.f.Lookup(id)
		if a == nil || a.Index >= i {
			return nil, false
		}
		r := c.results[a.Index]
		return r.Event, !r.Accepted()
	}
}

// input is the pipeline's input for the event at index i: the parsed event,
// or the raw text of an invalid PDU.
func (c *corpusRun) input(i int) receipt.Input {
	en := c.f.Events[i]
	in := receipt.Input{Event: en.Event, Keys: c.keys, AuthEvents: c.lookupBefore(i)}
	if en.Event == nil {
		in.PDU, in.Version = en.Raw, c.f.RoomVersion
		if c.f.GivenIDs && c.f.RoomVersion.EventIDFormat != roomversion.EventIDGiven {
			in.EventID = en.ID
		}
	}
	return in
}

func runCorpusFixture(f *fixture.Fixture) *corpusRun {
	c := &corpusRun{f: f, keys: ring(f), results: make([]receipt.Result, len(f.Events))}
	c.opts = receipt.Options{SkipSignatures: f.Keys == nil, SkipContentHash: f.Keys == nil && !f.CheckHashes}
	for i := range f.Events {
		c.results[i] = receipt.Check(c.input(i), c.opts)
	}
	return c
}

// checkResultShape asserts what every Result promises, whatever the event.
func checkResultShape(t *testing.T, r receipt.Result, what string) {
	t.Helper()
	if r.Accepted() {
		require.Equal(t, receipt.StepNone, r.Step, what)
		require.NoError(t, r.Err, what)
		require.NotNil(t, r.Event, what)
		require.False(t, r.Refused(), what)
		return
	}
	require.NotEqual(t, receipt.StepNone, r.Step, what)
	var re *receipt.Error
	require.True(t, errors.As(r.Err, &re), what)
	require.Equal(t, r.Step, re.Step, what)
	require.True(t, strings.HasPrefix(r.Err.Error(), "receipt: "), what)
	require.Contains(t, r.Err.Error(), r.Step.Rule(), what)
	if r.Step == receipt.StepFormat {
		require.Nil(t, r.Event, what)
	} else {
		require.NotNil(t, r.Event, what)
		require.Equal(t, r.Event.ID(), re.EventID, what)
	}
	if r.Step >= receipt.StepAuthEvents {
		var rej *auth.Rejection
		require.True(t, errors.As(r.Err, &rej), what)
		require.Same(t, rej, r.Rejection(), what)
		require.NotEmpty(t, rej.Rule, what)
	} else {
		require.Nil(t, r.Rejection(), what)
	}
	require.Equal(t, r.Step == receipt.StepCurrentState, r.SoftFailed(), what)
	require.Equal(t, !r.SoftFailed(), r.Refused(), what)
}

// TestCorpusVerdicts runs the pipeline on every event of the public
// corpus, in file order, and compares each verdict the fixture states.
// Only the resolve and redact expectations are left to the runner.
func TestCorpusVerdicts(t *testing.T) {
	compared := 0
	for _, f := range loadCorpus(t) {
		c := runCorpusFixture(f)
		for i, r := range c.results {
			what := f.Name + " " + f.Events[i].ID
			checkResultShape(t, r, what)
			want, ok := f.Auth[f.Events[i].ID]
			if !ok {
				continue
			}
			require.Equal(t, want == "allowed", r.Accepted(), "%s: %v", what, r.Err)
			compared++
		}
	}
	require.Greater(t, compared, 3000)
}

// authState is the state an accepted event's auth events form, with the
// implied create event in room version 12.
func authState(t *testing.T, c *corpusRun, i int, ev *event.Event) auth.StateMap {
	t.Helper()
	lookup := c.lookupBefore(i)
	st := auth.StateMap{}
	ids := ev.AppendAuthEventIDs(nil)
	if id, ok := ev.ImpliedCreateEventID(); ok {
		ids = append(ids, id)
	}
	for _, id := range ids {
		a, rejected := lookup(id)
		require.False(t, rejected)
		require.NotNil(t, a)
		sk, _ := a.StateKey()
		st[auth.StateKey{Type: a.Type(), StateKey: sk}] = a
	}
	return st
}

// TestCorpusStateSteps is a property of steps 5 and 6: an event accepted
// against its own auth events is still accepted when those same events are
// also given as the state before it and as the current state; given an
// empty state instead, an event the rules reject there (almost every
// non-create event: no create event, ROOMID-1 or FED-1) is rejected at
// step 5, and with the auth state before it but an empty current state
// it is soft-failed instead, not rejected.
func TestCorpusStateSteps(t *testing.T) {
	checked := 0
	for _, f := range loadCorpus(t) {
		c := runCorpusFixture(f)
		for i, r := range c.results {
			if !r.Accepted() {
				continue
			}
			what := f.Name + " " + f.Events[i].ID
			in := c.input(i)
			st := authState(t, c, i, r.Event)
			in.StateBefore, in.CurrentState = st, st
			got := receipt.Check(in, c.opts)
			require.True(t, got.Accepted(), "%s: %v", what, got.Err)

			if r.Event.Type() == event.TypeCreate {
				continue
			}
			in.StateBefore, in.CurrentState = auth.StateMap{}, nil
			got = receipt.Check(in, c.opts)
			checkResultShape(t, got, what)
			if got.Accepted() {
				continue // v1–5 m.room.aliases: ALIAS-1 comes before FED-1
			}
			require.Equal(t, receipt.StepStateBefore, got.Step, what)

			in.StateBefore, in.CurrentState = st, auth.StateMap{}
			got = receipt.Check(in, c.opts)
			checkResultShape(t, got, what)
			require.True(t, got.SoftFailed(), what)
			require.Contains(t, got.Err.Error(), "soft-failed at PDU-6", what)
			checked++
		}
	}
	require.Greater(t, checked, 2000)
}

// TestConcurrentChecks runs the corpus through the pipeline from several
// goroutines at once, sharing the parsed events and the lookups: every
// result must equal the one-goroutine result (run with -race to check the
// events' memoised state).
func TestConcurrentChecks(t *testing.T) {
	type job struct {
		c *corpusRun
		i int
	}
	var jobs []job
	for _, f := range loadCorpus(t) {
		c := runCorpusFixture(f)
		for i := range c.results {
			jobs = append(jobs, job{c, i})
		}
	}
	const workers = 4
	errs := make(chan string, workers)
	for w := range workers {
		go func() {
			for k := w; k < len(jobs); k += workers {
				j := jobs[k]
				got := receipt.Check(j.c.input(j.i), j.c.opts)
				want := j.c.results[j.i]
				if got.Step != want.Step || got.Accepted() != want.Accepted() || got.Redacted != want.Redacted {
					errs <- j.c.f.Name + " " + j.c.f.Events[j.i].ID + ": differs when checked concurrently"
					return
				}
			}
			errs <- ""
		}()
	}
	for range workers {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}
