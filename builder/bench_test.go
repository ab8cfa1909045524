package builder_test

import (
	"testing"

	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
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

// BenchmarkSignAndParse is the floor BenchmarkBuildMessage is compared
// with: event.Sign and event.Parse of the same message, already assembled.
func BenchmarkSignAndParse(b *testing.B) {
	for _, v := range []roomversion.Version{roomversion.V10(), roomversion.V12()} {
		b.Run("v"+v.ID, func(b *testing.B) {
			r := newRoom(b, v)
			p := r.proto(builder.Proto{Type: "m.room.message", Sender: bob, Content: []byte(`{"msgtype":"m.text","body":"hello"}`)})
			key := testKey("b.example")
			res, err := builder.Build(p, v, r.state, key)
			if err != nil {
				b.Fatal(err)
			}
			raw := []byte(res.Event.JSON())
			b.ReportAllocs()
			for b.Loop() {
				signed, err := event.Sign(raw, v, key.ServerName, key.KeyID, key.PrivateKey)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := event.Parse(signed, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
