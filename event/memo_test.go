package event

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

type memoKeyA struct{}
type memoKeyB struct{}

func TestMemoComputesOncePerKey(t *testing.T) {
	ev, err := NewWithID([]byte(`{"type":"m.room.topic","sender":"@a:x","room_id":"!r:x","state_key":"","content":{"topic":"t"},"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{},"auth_events":[],"prev_events":[]}`), "$e", roomversion.V6())
	require.NoError(t, err)
	var calls atomic.Int32
	compute := func(e *Event) any { calls.Add(1); return e.Get("content.topic").Str }

	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				require.Equal(t, "t", ev.Memo(memoKeyA{}, compute))
			}
		}()
	}
	wg.Wait()
	require.LessOrEqual(t, calls.Load(), int32(8), "computed at most once per racing goroutine")

	calls.Store(0)
	require.Equal(t, 42, ev.Memo(memoKeyB{}, func(*Event) any { calls.Add(1); return 42 }))
	require.Equal(t, 42, ev.Memo(memoKeyB{}, func(*Event) any { calls.Add(1); return 0 }))
	require.Equal(t, int32(1), calls.Load(), "a second key replaces the first and is then cached")
}
