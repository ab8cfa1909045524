package conformance_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
)

// FuzzFixture feeds arbitrary bytes to the fixture loader and runs whatever
// loads: judging every event, resolving every case and redacting. None of
// it may panic or hang, whatever the graph (cycles, missing events, other
// rooms, invalid PDUs, v12 room IDs naming nothing), and the verdicts keep
// their shape (one per event, each rejection naming a rule).
func FuzzFixture(f *testing.F) {
	for _, name := range []string{
		"auth-create/create-minimal-v1.json",
		"resolve-v2/ruma-minimal-private-chat-v3.json",
		"auth-member-knock/knock-flow-v7.json",
		"redaction/redaction-aliases-v1.json",
		"auth-v12-creators/create-6-valid-v12.json",
		"auth-restricted/member-jauth-1-leave-with-key-v10.json",
		"spec-signatures/spec-signatures-key-validity-v12.json",
		"format-v2/receipt-state-before-own-effect-v6.json",
		"format-v2/resolve-error-other-room-v6.json",
		"../cmd/edited-id-v6.json",
	} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "conformance", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"fixture":1,"name":"n","description":"","room_version":"2","events":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fx, err := fixture.Load("fuzz.json", data)
		strict := err == nil
		if !strict {
			// What the commands read: edited events and no expectations.
			fx, err = fixture.LoadOptions{AllowChangedIDs: true, AllowNothingToCheck: true}.Load("fuzz.json", data)
			if err != nil {
				return
			}
		}
		res := conformance.Run(fx)
		if strict && len(res.Outcomes) == 0 {
			t.Fatal("a fixture that loads has nothing to check")
		}
		for _, en := range fx.Changed {
			if en.ComputedID == "" || en.ComputedID == en.ID || fx.Lookup(en.ID) != en {
				t.Fatalf("changed event %d: ID %s, computed %s", en.Index, en.ID, en.ComputedID)
			}
		}
		// Properties: one verdict per event, in order; a passing result
		// has no failed outcome; every auth outcome names an event.
		vs := conformance.Judge(fx)
		if len(vs) != len(fx.Events) {
			t.Fatalf("%d verdicts for %d events", len(vs), len(fx.Events))
		}
		for i, v := range vs {
			if v.Index != i || v.ID != fx.Events[i].ID {
				t.Fatalf("verdict %d is for %d %s", i, v.Index, v.ID)
			}
			if !v.Allowed && v.Rule == "" {
				t.Fatalf("%s rejected without a rule", v.ID)
			}
		}
		if res.Passed && len(res.Failures()) > 0 {
			t.Fatal("passed with failures")
		}
		for _, o := range res.Outcomes {
			if o.Kind == conformance.KindAuth && fx.Lookup(o.Subject) == nil {
				t.Fatalf("auth outcome for unknown %s", o.Subject)
			}
		}
	})
}
