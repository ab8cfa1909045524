package synth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres/synth"
	"github.com/stretchr/testify/require"
)

func TestDeterministic(t *testing.T) {
	for _, v := range roomversion.Supported() {
		cfg := synth.Config{RoomVersion: v, Seed: 7, Members: 30, StateEvents: 100, Forks: 3, Conflicts: 40}
		a, err := synth.Generate(cfg)
		require.NoError(t, err, v.ID)
		b, err := synth.Generate(cfg)
		require.NoError(t, err)
		require.Equal(t, a.Raw, b.Raw)
		require.Equal(t, a.StateSets, b.StateSets)
		require.Len(t, a.Events, 4+30+100+40)
		require.Len(t, a.StateSets, 3)
		c, err := synth.Generate(synth.Config{RoomVersion: v, Seed: 8, Members: 30, StateEvents: 100, Forks: 3, Conflicts: 40})
		require.NoError(t, err)
		require.NotEqual(t, a.Raw, c.Raw)
	}
}

// TestEventsAllowed checks that the generated history is valid: every event
// passes the authorization rules against its own auth events, so the rooms
// model honest traffic.
func TestEventsAllowed(t *testing.T) {
	for _, v := range roomversion.Supported() {
		for _, cfg := range []synth.Config{
			{RoomVersion: v, Seed: 3, Members: 50, StateEvents: 300, Forks: 2, Conflicts: 100},
			{RoomVersion: v, Seed: 4, Members: 20, Pool: 60, StateEvents: 1500, PLEvery: 10, Forks: 3, Conflicts: 100},
		} {
			checkAllowed(t, v, cfg)
		}
	}
}

func checkAllowed(t *testing.T, v roomversion.Version, cfg synth.Config) {
	{
		room, err := synth.Generate(cfg)
		require.NoError(t, err)
		for _, ev := range room.Events {
			st := auth.StateMap{}
			ids := ev.AuthEventIDs()
			if c, ok := ev.ImpliedCreateEventID(); ok {
				ids = append(append([]string(nil), ids...), c) // v12: C is implied (ROOMID-1)
			}
			for _, id := range ids {
				a, ok := room.Fetch(id)
				require.True(t, ok)
				sk, _ := a.StateKey()
				st[auth.StateKey{Type: a.Type(), StateKey: sk}] = a
			}
			require.NoError(t, auth.Check(ev, st), "v%s %s %s", v.ID, ev.Type(), ev.JSON())
			for _, id := range ids {
				a, _ := room.Fetch(id)
				require.Less(t, a.Depth(), ev.Depth())
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	_, err := synth.Generate(synth.Config{Members: -1})
	require.Error(t, err)
	_, err = synth.Generate(synth.Config{Forks: 65})
	require.Error(t, err)
	r, err := synth.Generate(synth.Config{})
	require.NoError(t, err)
	require.Len(t, r.StateSets, 2)
	require.Equal(t, r.StateSets[0], r.StateSets[1])
}
