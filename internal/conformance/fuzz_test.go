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
// rooms, invalid PDUs).
func FuzzFixture(f *testing.F) {
	for _, name := range []string{
		"auth-create/create-minimal-v1.json",
		"resolve-v2/ruma-minimal-private-chat-v3.json",
		"auth-member-knock/knock-flow-v7.json",
		"redaction/redaction-aliases-v1.json",
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
		if err != nil {
			return
		}
		res := conformance.Run(fx)
		_ = res
	})
}
