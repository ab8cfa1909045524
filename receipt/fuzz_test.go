package receipt_test

import (
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
)

// FuzzCheck feeds arbitrary PDU text, in every room version, to the
// pipeline of a small signed room. Properties: the result is well formed
// (checkResultShape: the step, error, rejection and event agree), and an
// event that parses is judged the same whether it is given as bytes or as
// the parsed event.
func FuzzCheck(f *testing.F) {
	rooms := map[string]*testRoom{}
	for _, v := range roomversion.Supported() {
		r := newTestRoom(f, v)
		rooms[v.ID] = r
		f.Add(uint8(len(rooms)-1), r.pdu(f, r.message(alice, "hi")))
		f.Add(uint8(len(rooms)-1), r.pdu(f, r.message("@bob:example.org", "hi")))
		f.Add(uint8(len(rooms)-1), []byte(r.message(alice, "unsigned")))
	}
	versions := roomversion.Supported()
	f.Fuzz(func(t *testing.T, which uint8, pdu []byte) {
		v := versions[int(which)%len(versions)]
		r := rooms[v.ID]
		for _, opts := range []receipt.Options{{}, {SkipSignatures: true, SkipContentHash: true}} {
			res := receipt.Check(r.input(pdu), opts)
			checkResultShape(t, res, "fuzz")
			ev, err := event.Parse(pdu, v)
			if err != nil {
				if res.Step != receipt.StepFormat {
					t.Fatalf("parse fails (%v) but the pipeline got past the format step", err)
				}
				continue
			}
			in := r.input(nil)
			in.PDU, in.Event = nil, ev
			again := receipt.Check(in, opts)
			if again.Step != res.Step || again.Accepted() != res.Accepted() || again.Redacted != res.Redacted {
				t.Fatalf("bytes: step %v accepted %v; parsed event: step %v accepted %v", res.Step, res.Accepted(), again.Step, again.Accepted())
			}
		}
	})
}
