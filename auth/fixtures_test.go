package auth_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// judge returns the verdict of every event of f in order, as FORMAT.md
// defines it: an invalid PDU is rejected; when the fixture has keys, the
// signatures must verify (SIG-REQ-*, in v8+ also the authorising server
// of a join, SIG-REQ-4) and a content-hash mismatch means the event is
// judged, and used as an auth event, in its redacted form; an auth event
// that is missing, later or rejected rejects (AUTHEV-3), in room version
// 12 the implied create event included; otherwise CheckAuthEvents decides,
// given the listed auth events plus, in v12, the implied create event.
func judge(f *fixture.Fixture) (map[string]error, map[string]bool) {
	checkHashes := checkHashesOf(f.Path)
	errs := map[string]error{}
	allowed := map[string]bool{}
	judged := map[string]*event.Event{}
	var ring event.KeyRing
	if f.Keys != nil {
		ring = event.KeyRing{}
		for server, ks := range f.Keys {
			ring[server] = map[string]event.PublicKey{}
			for id, k := range ks {
				pub, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(k.Key, "="))
				if err == nil && len(pub) == ed25519.PublicKeySize {
					ring[server][id] = event.PublicKey{Key: pub, ValidUntilTS: k.ValidUntilTS}
				}
			}
		}
	}
	for _, en := range f.Events {
		ev, err := receive(en, ring, checkHashes)
		if err == nil {
			var aes []*event.Event
			if aes, err = authEventsOf(f, en.Index, ev, allowed, judged); err == nil {
				err = auth.CheckAuthEvents(ev, aes)
			}
		}
		errs[en.ID] = err
		allowed[en.ID] = err == nil
		judged[en.ID] = ev
	}
	return errs, allowed
}

// checkHashesOf reads the fixture's check_hashes member (FORMAT.md), which
// the loader does not keep.
func checkHashesOf(path string) bool {
	var m struct {
		CheckHashes bool `json:"check_hashes"`
	}
	data, err := os.ReadFile(path)
	return err == nil && json.Unmarshal(data, &m) == nil && m.CheckHashes
}

// receive is steps 1 and 2 of FORMAT.md: a valid PDU, signatures when the
// fixture has keys, and the content hash when it has keys or check_hashes.
func receive(en *fixture.Entry, ring event.KeyRing, checkHashes bool) (*event.Event, error) {
	if en.Event == nil {
		return nil, en.ParseErr
	}
	ev := en.Event
	if ring != nil {
		if err := ev.VerifySignatures(ring); err != nil {
			return nil, err
		}
	} else if !checkHashes {
		return ev, nil
	}
	ok, err := ev.ContentHashValid()
	if err != nil {
		return nil, err
	}
	if !ok {
		return ev.Redacted()
	}
	return ev, nil
}

// authEventsOf returns the auth events CheckAuthEvents takes for ev, the
// event at index in f: those ev lists, then, in room version 12, the
// implied create event. Each must be in f, earlier and allowed (AUTHEV-3).
// judged holds the events as judged (redacted on a hash mismatch).
func authEventsOf(f *fixture.Fixture, index int, ev *event.Event, allowed map[string]bool, judged map[string]*event.Event) ([]*event.Event, error) {
	ids := ev.AuthEventIDs()
	if c, ok := ev.ImpliedCreateEventID(); ok {
		ids = append(append([]string(nil), ids...), c)
	}
	aes := make([]*event.Event, 0, len(ids))
	for _, id := range ids {
		ae := f.Lookup(id)
		if ae == nil || ae.Index >= index || !allowed[id] {
			if _, implied := ev.ImpliedCreateEventID(); implied && ae == nil && id == ids[len(ids)-1] {
				// An unknown implied create event: not an event, so it
				// cannot be the room's create (ROOMID-1).
				return nil, &auth.Rejection{Rule: auth.RuleRoomID1, EventID: ev.ID(), Reason: "room_id names " + id + ", which is not in the fixture"}
			}
			return nil, &auth.Rejection{Rule: auth.RuleAuthEv3, EventID: ev.ID(), Reason: "auth event " + id + " is missing, later or rejected"}
		}
		aes = append(aes, judged[id])
	}
	return aes, nil
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
