package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// checkFromStack is a caller that keeps its auth events in an array on
// its own stack, as a server's hot path would, and hands CheckAuthEvents
// a slice of it. It is not inlined, so that the array is this frame's.
//
//go:noinline
func checkFromStack(ev *event.Event, aes []*event.Event) error {
	var arr [8]*event.Event
	n := copy(arr[:], aes)
	return auth.CheckAuthEvents(ev, arr[:n])
}

// TestCheckAuthEventsStackSliceZeroAlloc checks that CheckAuthEvents does
// not make a caller's stack array escape: judging an allowed corpus event
// through checkFromStack allocates nothing (the array would otherwise be
// moved to the heap on every call).
func TestCheckAuthEventsStackSliceZeroAlloc(t *testing.T) {
	if auth.RaceEnabled {
		t.Skip("-race instrumentation allocates; allocation counts are checked without it")
	}
	checked := 0
	for _, c := range corpus(t) {
		if !c.allowed || len(c.auth) > 8 {
			continue
		}
		if err := checkFromStack(c.ev, c.auth); err != nil {
			t.Fatalf("%s: allowed in the corpus, rejected from a stack slice: %v", c.ev.ID(), err)
		}
		if n := testing.AllocsPerRun(5, func() { _ = checkFromStack(c.ev, c.auth) }); n != 0 {
			t.Errorf("%s (%s) allocates %v times from a stack slice", c.ev.ID(), c.ev.Type(), n)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no allowed corpus event checked")
	}
}

// TestSelectionFitsAuthLookup checks the bound CheckAuthEvents relies on
// to hold accepted auth events inline: selection picks at most 6 pairs,
// so the accepted entries, plus the implied create event of room version
// 12, never exceed 8.
func TestSelectionFitsAuthLookup(t *testing.T) {
	var buf [16]auth.StateKey
	for _, c := range corpus(t) {
		if n := len(auth.SelectAuthEvents(c.ev, buf[:0])); n > 6 {
			t.Errorf("%s: selection picks %d pairs, more than 6", c.ev.ID(), n)
		}
	}
}
