package auth_test

import (
	"errors"
	"path/filepath"
	"sort"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// judge returns the verdict of every event of f in order, as FORMAT.md
// defines it without signatures: an invalid PDU is rejected; an auth event
// that is missing, later or rejected rejects (AUTHEV-3); otherwise
// CheckAuthEvents decides.
func judge(f *fixture.Fixture) (map[string]error, map[string]bool) {
	errs := map[string]error{}
	allowed := map[string]bool{}
	for _, en := range f.Events {
		err := judgeOne(f, en, allowed)
		errs[en.ID] = err
		allowed[en.ID] = err == nil
	}
	return errs, allowed
}

func judgeOne(f *fixture.Fixture, en *fixture.Entry, allowed map[string]bool) error {
	if en.Event == nil {
		return en.ParseErr
	}
	var authEvents []*event.Event
	for _, id := range en.Event.AuthEventIDs() {
		ae := f.Lookup(id)
		if ae == nil || ae.Index >= en.Index || !allowed[id] {
			return &auth.Rejection{Rule: auth.RuleAuthEv3, EventID: en.ID, Reason: "auth event " + id + " is missing, later or rejected"}
		}
		authEvents = append(authEvents, ae.Event)
	}
	return auth.CheckAuthEvents(en.Event, authEvents)
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
	p, n := runFixtureDir(t, "../testdata/conformance/random/*.json")
	t.Logf("random: %d/%d auth verdicts", p, n)
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
