package auth_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/receipt"
)

// judge returns the verdict of every event of f in order, as FORMAT.md
// defines it, through the receipt pipeline a server runs (receipt.Check):
// an invalid PDU is rejected; when the fixture has keys, the signatures
// must verify and a content-hash mismatch means the event is judged, and
// used as an auth event, in its redacted form (also with check_hashes); an
// auth event that is missing, later or rejected rejects (AUTHEV-3), in room
// version 12 the implied create event included; otherwise CheckAuthEvents
// decides.
func judge(f *fixture.Fixture) (map[string]error, map[string]bool) {
	errs := map[string]error{}
	allowed := map[string]bool{}
	judged := map[string]*event.Event{}
	var ring event.KeyLookup
	if f.Keys != nil {
		r := event.KeyRing{}
		for server, ks := range f.Keys {
			r[server] = map[string]event.PublicKey{}
			for id, k := range ks {
				pub, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(k.Key, "="))
				if err == nil && len(pub) == ed25519.PublicKeySize {
					r[server][id] = event.PublicKey{Key: pub, ValidUntilTS: k.ValidUntilTS}
				}
			}
		}
		ring = r
	}
	opts := receipt.Options{SkipSignatures: f.Keys == nil, SkipContentHash: f.Keys == nil && !f.CheckHashes}
	for _, en := range f.Events {
		in := receipt.Input{Event: en.Event, Keys: ring, AuthEvents: func(id string) (*event.Event, bool) {
			a := f.Lookup(id)
			if a == nil || a.Index >= en.Index {
				return nil, false
			}
			return judged[id], !allowed[id]
		}}
		if en.Event == nil {
			in.PDU, in.Version = en.Raw, f.RoomVersion
		}
		r := receipt.Check(in, opts)
		errs[en.ID] = r.Err
		allowed[en.ID] = r.Accepted()
		judged[en.ID] = r.Event
	}
	return errs, allowed
}

func runFixtureDir(t *testing.T, pattern string) (passed, total int) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures at %s: %v", pattern, err)
	}
	sort.Strings(files)
	for _, path := range files {
		f, err := fixture.LoadFile(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		errs, allowed := judge(f)
		for _, id := range f.AuthOrder {
			total++
			want := f.Auth[id] == "allowed"
			if allowed[id] == want {
				passed++
				continue
			}
			t.Errorf("%s: %s: want %s, got %v", f.Name, id, f.Auth[id], errs[id])
		}
	}
	return passed, total
}

func TestFixturesAuth(t *testing.T) {
	dirs, _ := filepath.Glob("../testdata/conformance/auth-*")
	for _, d := range dirs {
		t.Run(filepath.Base(d), func(t *testing.T) {
			p, n := runFixtureDir(t, filepath.Join(d, "*.json"))
			t.Logf("%s: %d/%d auth verdicts", filepath.Base(d), p, n)
		})
	}
}

func TestFixturesRandom(t *testing.T) {
	for _, d := range []string{"random", "random-v8-12"} {
		t.Run(d, func(t *testing.T) {
			p, n := runFixtureDir(t, "../testdata/conformance/"+d+"/*.json")
			t.Logf("%s: %d/%d auth verdicts", d, p, n)
		})
	}
}

// TestFixturesV8to12Other judges the auth verdicts of the v8–12 areas that
// are not about the rules alone (event IDs and room IDs, redaction,
// resolution inputs).
func TestFixturesV8to12Other(t *testing.T) {
	for _, d := range []string{"event-ids-v8-12", "redaction-v8-12", "resolve-v8-12"} {
		t.Run(d, func(t *testing.T) {
			p, n := runFixtureDir(t, "../testdata/conformance/"+d+"/*.json")
			t.Logf("%s: %d/%d auth verdicts", d, p, n)
		})
	}
}

// TestRejectionIsError checks the error shape callers rely on.
func TestRejectionIsError(t *testing.T) {
	var err error = &auth.Rejection{Rule: auth.RuleSender1, EventID: "$x", Reason: "r"}
	var rej *auth.Rejection
	if !errors.As(err, &rej) || rej.Rule != auth.RuleSender1 {
		t.Fatal("errors.As failed")
	}
	if got := err.Error(); got != "auth: $x rejected by SENDER-1: r" {
		t.Fatal(got)
	}
}

// authEventsOf returns the auth events CheckAuthEvents takes for ev, the
// event at index in f, for the benchmarks' corpus: those ev lists, then,
// in room version 12, the implied create event. Each must be in f, earlier
// and allowed; judged holds the events to hand out.
func authEventsOf(f *fixture.Fixture, index int, ev *event.Event, allowed map[string]bool, judged map[string]*event.Event) ([]*event.Event, error) {
	ids := ev.AuthEventIDs()
	if c, ok := ev.ImpliedCreateEventID(); ok {
		ids = append(ids, c)
	}
	aes := make([]*event.Event, 0, len(ids))
	for _, id := range ids {
		ae := f.Lookup(id)
		if ae == nil || ae.Index >= index || !allowed[id] {
			return nil, &auth.Rejection{Rule: auth.RuleAuthEv3, EventID: ev.ID(), Reason: "auth event " + id + " is missing, later or rejected"}
		}
		aes = append(aes, judged[id])
	}
	return aes, nil
}
