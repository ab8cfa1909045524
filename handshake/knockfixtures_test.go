package handshake_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake/internal/knockfixtures"
	"github.com/mxauth/mxauth/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite testdata/conformance/knock-lifecycle from the generator")

const fixtureDir = "../testdata/conformance/knock-lifecycle"

// TestKnockLifecycleFixtures checks that the fixture files are what the
// generator builds (run with -update to rewrite them), and that the auth
// package's verdict on every event agrees with the label written from the
// spec, including the rule that rejects.
func TestKnockLifecycleFixtures(t *testing.T) {
	files, err := knockfixtures.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(fixtureDir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(f.Name, ".json"), func(t *testing.T) {
			path := filepath.Join(fixtureDir, f.Name)
			onDisk, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./handshake -run KnockLifecycle -update)", err)
			}
			if !bytes.Equal(onDisk, f.Data) {
				t.Fatalf("%s differs from the generator's output (run with -update)", path)
			}
			fx, err := fixture.Load(path, onDisk)
			if err != nil {
				t.Fatal(err)
			}
			judgeFixture(t, fx, f.Room.Events())
		})
	}
}

// judgeFixture judges every event as FORMAT.md says and compares with the
// labels; built holds the generator's labels in event order.
func judgeFixture(t *testing.T, fx *fixture.Fixture, built []*knockfixtures.Built) {
	t.Helper()
	keys := event.KeyRing{}
	for server, ks := range fx.Keys {
		keys[server] = map[string]event.PublicKey{}
		for id, k := range ks {
			pub, err := base64.RawStdEncoding.DecodeString(k.Key)
			if err != nil {
				t.Fatalf("key %s %s: %v", server, id, err)
			}
			keys[server][id] = event.PublicKey{Key: pub, ValidUntilTS: k.ValidUntilTS}
		}
	}
	if len(fx.Events) != len(built) {
		t.Fatalf("%d events in the file, %d built", len(fx.Events), len(built))
	}
	allowed := map[string]*event.Event{}
	for i, en := range fx.Events {
		label := built[i]
		if want := fx.Auth[en.ID]; want != label.Expect {
			t.Fatalf("event %d: file says %q, generator %q", i, want, label.Expect)
		}
		if en.Event == nil {
			t.Fatalf("event %d is not a valid PDU: %v", i, en.ParseErr)
		}
		if err := en.Event.VerifySignatures(keys); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if ok, err := en.Event.ContentHashValid(); err != nil || !ok {
			t.Fatalf("event %d: content hash valid=%v err=%v", i, ok, err)
		}
		var authEvents []*event.Event
		err := error(nil)
		for _, id := range en.Event.AuthEventIDs() {
			a := allowed[id]
			if a == nil {
				err = errors.New("auth event " + id + " unknown or rejected (AUTHEV-3)")
				break
			}
			authEvents = append(authEvents, a)
		}
		if err == nil {
			err = auth.CheckAuthEvents(en.Event, authEvents)
		}
		got := knockfixtures.Allowed
		if err != nil {
			got = knockfixtures.Rejected
		}
		if got != label.Expect {
			t.Errorf("event %d (%s): labelled %s (%s), judged %s: %v", i, en.ID, label.Expect, label.Note, got, err)
			continue
		}
		if got == knockfixtures.Allowed {
			allowed[en.ID] = en.Event
			continue
		}
		wantRule, _, _ := strings.Cut(label.Note, ":")
		wantRule, _, _ = strings.Cut(wantRule, " ")
		var rej *auth.Rejection
		if !errors.As(err, &rej) || string(rej.Rule) != wantRule {
			t.Errorf("event %d: labelled rejected by %s, got %v", i, wantRule, err)
		}
	}
}
