package stateres_test

import (
	"fmt"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
)

// BenchmarkResolveExplain compares resolution without and with
// Input.Explain on the same room in the same binary: "off" must cost what
// BenchmarkResolve costs (same allocations), "on" shows what explaining
// adds.
func BenchmarkResolveExplain(b *testing.B) {
	for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V12(), roomversion.V1()} {
		for _, explain := range []bool{false, true} {
			name := fmt.Sprintf("v%s/events=10000/conflicts=100/explain=%v", v.ID, explain)
			b.Run(name, func(b *testing.B) {
				room := benchRoom(b, v, 10_000, 100)
				in := room.Input()
				in.Explain = explain
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					res, err := stateres.ResolveReport(in)
					if err != nil {
						b.Fatal(err)
					}
					if explain != (res.Explanations != nil) {
						b.Fatal("explanations reported only when asked")
					}
				}
			})
		}
	}
}
