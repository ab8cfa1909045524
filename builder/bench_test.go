package builder_test

import (
	"testing"

	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/roomversion"
)

// BenchmarkBuildMessage builds one m.room.message in a five-event room:
// validation, probe parse, selection, content hash, one Ed25519
// signature and the final parse.
func BenchmarkBuildMessage(b *testing.B) {
	for _, v := range []roomversion.Version{roomversion.V10(), roomversion.V12()} {
		b.Run("v"+v.ID, func(b *testing.B) {
			r := newRoom(b, v)
			p := r.proto(builder.Proto{Type: "m.room.message", Sender: bob, Content: []byte(`{"msgtype":"m.text","body":"hello"}`)})
			key := testKey("b.example")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := builder.Build(p, v, r.state, key); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
