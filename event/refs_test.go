package event

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// TestRefAccessors: the index, iterator and append forms of auth_events
// and prev_events (FMT-3) agree with the lists, the appended copies are
// the caller's own, and none of the read-only forms allocates.
func TestRefAccessors(t *testing.T) {
	ev, err := Parse(member1KB, roomversion.V6())
	require.NoError(t, err)
	for _, c := range []struct {
		name   string
		list   []string
		num    int
		at     func(int) string
		seq    func() []string
		append func([]string) []string
	}{
		{"auth_events", ev.AuthEventIDs(), ev.NumAuthEvents(), ev.AuthEventID, func() (out []string) {
			for id := range ev.AuthEventIDsSeq() {
				out = append(out, id)
			}
			return out
		}, ev.AppendAuthEventIDs},
		{"prev_events", ev.PrevEventIDs(), ev.NumPrevEvents(), ev.PrevEventID, func() (out []string) {
			for id := range ev.PrevEventIDsSeq() {
				out = append(out, id)
			}
			return out
		}, ev.AppendPrevEventIDs},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NotEmpty(t, c.list)
			require.Equal(t, len(c.list), c.num)
			for i, id := range c.list {
				require.Equal(t, id, c.at(i))
			}
			require.Equal(t, "", c.at(-1))
			require.Equal(t, "", c.at(c.num))
			require.Equal(t, c.list, c.seq())
			cp := c.append([]string{"x"})
			require.Equal(t, append([]string{"x"}, c.list...), cp)
			want := c.list[0]
			cp[1] = "changed"
			require.Equal(t, want, c.at(0), "the copy is the caller's")
			require.Zero(t, testing.AllocsPerRun(50, func() {
				n := 0
				for i := 0; i < c.num; i++ {
					n += len(c.at(i))
				}
				_ = n
			}))
		})
	}
	require.Zero(t, testing.AllocsPerRun(50, func() {
		n := 0
		for id := range ev.AuthEventIDsSeq() {
			n += len(id)
		}
		for id := range ev.PrevEventIDsSeq() {
			n += len(id)
		}
		_ = n
	}), "ranging over the iterators allocates nothing")
	// Early exit from the iterator.
	n := 0
	for range ev.AuthEventIDsSeq() {
		n++
		break
	}
	require.Equal(t, 1, n)
}
