package judgeproto

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"
)

// BenchmarkServeFixture is one fixture's session through Serve in
// memory: hello, load, and an auth question per event; the cost the
// protocol adds per fixture on the judge's side, judging included.
func BenchmarkServeFixture(b *testing.B) {
	f := loadFixture(b, filepath.Join(corpusDir, "resolve-v2", "ruma-ban-vs-power-levels-v6.json"))
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	_ = enc.Encode(&Request{ID: 0, Op: OpHello, Protocol: Version})
	load := loadRequest(f)
	load.ID = 1
	_ = enc.Encode(load)
	allowed := make([]bool, len(f.Events))
	for i := range allowed {
		allowed[i] = true
	}
	for i, en := range f.Events {
		_ = enc.Encode(&Request{ID: int64(i + 2), Op: OpAuth, Event: en.ID, AuthEvents: refsOf(f, en, allowed)})
	}
	input := in.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		if err := Serve(bytes.NewReader(input), io.Discard, Identity{Name: "bench"}, &Reference{}, 0); err != nil {
			b.Fatal(err)
		}
	}
}
