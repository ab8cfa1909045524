package event

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

func memoEvent(t *testing.T) *Event {
	t.Helper()
	ev, err := NewWithID([]byte(`{"type":"m.room.topic","sender":"@a:x","room_id":"!r:x","state_key":"","content":{"topic":"t"},"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{},"auth_events":[],"prev_events":[]}`), "$e", roomversion.V6())
	require.NoError(t, err)
	return ev
}

// TestMemoSlotsAreIndependent: no use of one slot evicts or replaces the value of another slot.
func TestMemoSlotsAreIndependent(t *testing.T) {
	ev := memoEvent(t)
	a, b := NewMemoSlot[*string](), NewMemoSlot[int]()
	var calls atomic.Int32
	topic := func(e *Event) *string { calls.Add(1); s := gjson.Get(e.ContentJSON(), "topic").Str; return &s }
	first := a.Get(ev, topic)
	require.Equal(t, "t", *first)
	require.False(t, b.Cached(ev))
	require.Equal(t, 7, b.Get(ev, func(*Event) int { return 7 }))
	for i := 0; i < 100; i++ {
		other := NewMemoSlot[int]()
		require.Equal(t, i, other.Get(ev, func(*Event) int { return i }))
	}
	require.Same(t, first, a.Get(ev, topic), "a's value survives every other slot")
	require.Equal(t, int32(1), calls.Load(), "computed once")
	require.Equal(t, 7, b.Get(ev, func(*Event) int { return -1 }))
	require.True(t, a.Cached(ev) && b.Cached(ev))

	// Another event has its own values.
	ev2 := memoEvent(t)
	require.False(t, a.Cached(ev2))
	require.Equal(t, 8, b.Get(ev2, func(*Event) int { return 8 }))
	require.Equal(t, 7, b.Get(ev, func(*Event) int { return -1 }))
}

// TestMemoSlotConcurrent races many goroutines over several slots of one
// event (run with -race): every call of one slot returns the same kept
// value, whichever goroutine computed it.
func TestMemoSlotConcurrent(t *testing.T) {
	ev := memoEvent(t)
	const nSlots, nG = 6, 8
	slots := make([]MemoSlot[*int], nSlots)
	for i := range slots {
		slots[i] = NewMemoSlot[*int]()
	}
	var calls [nSlots]atomic.Int32
	got := make([][nSlots]*int, nG)
	var wg sync.WaitGroup
	for g := 0; g < nG; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 50; r++ {
				for i := range slots {
					k := (i + g) % nSlots
					p := slots[k].Get(ev, func(*Event) *int { calls[k].Add(1); v := k; return &v })
					require.Equal(t, k, *p)
					if got[g][k] == nil {
						got[g][k] = p
					}
					require.Same(t, got[g][k], p, "a slot's value never changes once read")
				}
			}
		}()
	}
	wg.Wait()
	for k := 0; k < nSlots; k++ {
		require.LessOrEqual(t, calls[k].Load(), int32(nG), "computed at most once per racing goroutine")
		for g := 1; g < nG; g++ {
			require.Same(t, got[0][k], got[g][k], "all goroutines see the one kept value of slot %d", k)
		}
	}
}

func TestMemoSlotZeroAndNil(t *testing.T) {
	ev := memoEvent(t)
	var zero MemoSlot[int]
	n := 0
	for i := 0; i < 3; i++ {
		require.Equal(t, i+1, zero.Get(ev, func(*Event) int { n++; return n }))
	}
	require.False(t, zero.Cached(ev), "the zero slot caches nothing")
	s := NewMemoSlot[int]()
	require.Equal(t, 0, s.Get(nil, func(*Event) int { t.Fatal("compute called for a nil event"); return 1 }))
	require.False(t, s.Cached(nil))
}

// TestMemoSlotGetAllocs: reading a cached value allocates nothing (the
// allowed auth path stays at 0 allocations).
func TestMemoSlotGetAllocs(t *testing.T) {
	ev := memoEvent(t)
	s := NewMemoSlot[*int]()
	v := 3
	compute := func(*Event) *int { return &v }
	s.Get(ev, compute)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = s.Get(ev, compute) }))
}

// BenchmarkMemoSlotGet reads cached values of three slots of one event,
// the auth path's use: no allocation, no eviction.
func BenchmarkMemoSlotGet(b *testing.B) {
	ev, err := Parse(member1KB, roomversion.V6())
	if err != nil {
		b.Fatal(err)
	}
	s1, s2, s3 := NewMemoSlot[*int](), NewMemoSlot[*string](), NewMemoSlot[int]()
	v, str := 1, "x"
	f1 := func(*Event) *int { return &v }
	f2 := func(*Event) *string { return &str }
	f3 := func(*Event) int { return 3 }
	b.ReportAllocs()
	for b.Loop() {
		_ = s1.Get(ev, f1)
		_ = s2.Get(ev, f2)
		_ = s3.Get(ev, f3)
	}
}
