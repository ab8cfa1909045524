package auth

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

func reuseEvent(t *testing.T) *event.Event {
	t.Helper()
	e, err := event.NewWithID([]byte(`{"type":"m.room.power_levels","state_key":"","sender":"@a:a.test","room_id":"!r:a.test","content":{"users":{"@a:a.test":100}},"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$pl", roomversion.V7())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestGetReusedCachesOnSecondUse: the first use of an event computes
// nothing and caches nothing (the caller reads for itself), the second
// computes and caches, and every later one returns that value; marking
// the first use allocates nothing. An event with another slot's value
// cached is evidently held: it caches at once.
func TestGetReusedCachesOnSecondUse(t *testing.T) {
	s, other := event.NewMemoSlot[*int](), event.NewMemoSlot[*int]()
	calls := 0
	compute := func(*event.Event) *int { calls++; v := calls; return &v }

	// AllocsPerRun calls its function twice for one run: one event each.
	firsts := []*event.Event{reuseEvent(t), reuseEvent(t)}
	k := 0
	if n := testing.AllocsPerRun(1, func() {
		if _, ok := s.GetReused(firsts[k%2], compute); ok {
			t.Fatal("first use: want nothing cached")
		}
		k++
	}); n != 0 {
		t.Fatalf("marking the first use allocates %v times", n)
	}
	e := firsts[0]
	if calls != 0 || s.Cached(e) {
		t.Fatalf("first use computed %d times, cached %v", calls, s.Cached(e))
	}
	v, ok := s.GetReused(e, compute)
	if !ok || v == nil || *v != 1 || !s.Cached(e) {
		t.Fatalf("second use: %v %v, cached %v", v, ok, s.Cached(e))
	}
	for i := 0; i < 3; i++ {
		if w, ok := s.GetReused(e, compute); !ok || w != v {
			t.Fatalf("later use %d: %v %v, want the cached %v", i, w, ok, v)
		}
		if w := s.Get(e, compute); w != v {
			t.Fatalf("Get after GetReused: %v, want %v", w, v)
		}
	}
	if calls != 1 {
		t.Fatalf("computed %d times, want 1", calls)
	}
	// The mark of s on a second event does not hide other's values, nor
	// other's mark s's.
	e2 := reuseEvent(t)
	s.GetReused(e2, compute)
	if _, ok := other.GetReused(e2, compute); !ok || !other.Cached(e2) {
		t.Fatal("another slot's first use on a marked event: want it cached at once")
	}
	if w, ok := s.GetReused(e2, compute); !ok || *w != 3 || !s.Cached(e2) {
		t.Fatalf("second use of s on e2: %v %v", w, ok)
	}
}

// TestGetReusedConcurrent races first and second uses of several slots
// on one event: every goroutine that gets a value of a slot gets the same
// one, and each slot ends up cached.
func TestGetReusedConcurrent(t *testing.T) {
	e := reuseEvent(t)
	slots := []event.MemoSlot[*int]{event.NewMemoSlot[*int](), event.NewMemoSlot[*int](), event.NewMemoSlot[*int]()}
	var seen [3]atomic.Pointer[int]
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for r := 0; r < 4; r++ {
				i := (g + r) % len(slots)
				v, ok := slots[i].GetReused(e, func(*event.Event) *int { return new(int) })
				if !ok {
					continue
				}
				if !seen[i].CompareAndSwap(nil, v) && seen[i].Load() != v {
					t.Errorf("slot %d: two values returned", i)
				}
			}
		}(g)
	}
	wg.Wait()
	for i, s := range slots {
		if v, ok := s.GetReused(e, func(*event.Event) *int { return new(int) }); !ok || (seen[i].Load() != nil && v != seen[i].Load()) || !s.Cached(e) {
			t.Errorf("slot %d: after the race %v %v, cached %v", i, v, ok, s.Cached(e))
		}
	}
}
