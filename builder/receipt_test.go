package builder_test

import (
	"testing"

	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
)

// checkReceipt runs a built event's wire text through the receipt
// pipeline, as its receiver would, with the room's events as the known
// auth events and the state it was built from as the state before it: a
// built event is never dropped (format, signatures, content hash) and is
// accepted or rejected as its own auth events decide (verdict).
func checkReceipt(t testing.TB, r *room, res *builder.Result, verdict error) {
	t.Helper()
	out := receipt.Check(receipt.Input{
		PDU:     []byte(res.Event.JSON()),
		Version: r.v,
		Keys:    ring("a.example", "b.example", "c.example", "d.example", "e.example"),
		AuthEvents: func(id string) (*event.Event, bool) {
			return r.events[id], false
		},
		StateBefore: r.state,
	}, receipt.Options{})
	if out.Redacted || (out.Step != receipt.StepNone && out.Step < receipt.StepAuthEvents) {
		t.Fatalf("receipt refuses a built event at %v (redacted %v): %v", out.Step, out.Redacted, out.Err)
	}
	if out.Event == nil || out.Event.ID() != res.Event.ID() {
		t.Fatalf("receipt judged %v, built %s", out.Event, res.Event.ID())
	}
	want := receipt.StepNone
	if verdict != nil {
		want = receipt.StepAuthEvents
	}
	var got error
	if rej := out.Rejection(); rej != nil {
		got = rej
	}
	if out.Step != want || ruleOf(got) != ruleOf(verdict) {
		t.Fatalf("receipt: step %v, %v; CheckAuthEvents: %v", out.Step, out.Err, verdict)
	}
}
