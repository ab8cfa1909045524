package stateres

import (
	"errors"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// SR2-DEF-6 with Synapse's assertion: a power event of X with no create
// event among its auth events aborts resolution v2 and v2.1 with a typed
// error; a non-power event without one, and algorithm v1, resolve.
func TestNoCreateEventError(t *testing.T) {
	for _, tc := range []struct {
		name    string
		v       roomversion.Version
		typ     string
		content map[string]any
		wantErr bool
	}{
		{"SR2-DEF-6/v2-join-rules", roomversion.V2(), "m.room.join_rules", map[string]any{"join_rule": "invite"}, true},
		{"SR2-DEF-6/v6-power-levels", roomversion.V6(), "m.room.power_levels", map[string]any{"users": map[string]any{alice: 100}}, true},
		{"SR2-5/v6-topic-is-not-a-power-event", roomversion.V6(), "m.room.topic", map[string]any{"topic": "x"}, false},
		{"SR1-4/v1-never-orders-by-power", roomversion.V1(), "m.room.join_rules", map[string]any{"join_rule": "invite"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGraph(t, tc.v)
			g.room(nil)
			// Cites alice's join and the power levels, not the create event.
			g.add(spec{ID: "$nc", Type: tc.typ, Sender: alice, StateKey: sk(""), Content: tc.content, Auth: []string{"$ja", "$pl"}, Depth: 5, TS: 5000})
			g.rej["$nc"] = true // as it was on receipt (AUTHEV: no create event)
			base := g.set(baseIDs...)
			other := g.set(baseIDs...)
			k, _ := keyOf(g.evs["$nc"])
			other[k] = "$nc"
			for _, sets := range [][]StateSet{{base, other}, {other, base}} {
				out, err := Resolve(g.input(sets...))
				if !tc.wantErr {
					require.NoError(t, err)
					if id, ok := base[k]; ok {
						require.Equal(t, id, out[k], "the rejected event never wins")
					} else {
						require.NotContains(t, out, k)
					}
					continue
				}
				require.ErrorIs(t, err, ErrNoCreateEvent)
				var nc *NoCreateEventError
				require.ErrorAs(t, err, &nc)
				require.Equal(t, "$nc", nc.EventID)
				require.Empty(t, nc.Implied)
				require.False(t, errors.Is(err, ErrOtherRoom))
				require.Contains(t, err.Error(), "no create event in the auth events of $nc")
			}
		})
	}
}

// SR21-DEF-0: in v12 the create event is implied by room_id; when Fetch
// cannot supply it, the power events have no create event and the error
// names the implied ID.
func TestNoCreateEventErrorV12Implied(t *testing.T) {
	g, cite := room12(t, roomversion.V12())
	g.add(spec{ID: "$jr2", Type: "m.room.join_rules", Sender: alice, StateKey: sk(""), Content: map[string]any{"join_rule": "invite"}, Auth: cite("$pl0", "$ja"), Depth: 7, TS: 1600})
	a := g.set("$ja", "$pl0", "$jr1")
	b := g.set("$ja", "$pl0", "$jr2")
	in := g.input(a, b)
	_, err := Resolve(in)
	require.NoError(t, err, "with the create event available")

	fetch := in.Fetch
	in.Fetch = func(id string) (*event.Event, bool) {
		if id == "$create" {
			return nil, false
		}
		return fetch(id)
	}
	_, err = Resolve(in)
	var nc *NoCreateEventError
	require.ErrorAs(t, err, &nc)
	require.Equal(t, "$create", nc.Implied)
	require.Contains(t, []string{"$jr1", "$jr2"}, nc.EventID)
	require.Equal(t, "$jr1", nc.EventID, "the smallest ID is named")
}

// A state event of another room is ErrOtherRoom to errors.Is as well.
func TestRoomMismatchIsErrOtherRoom(t *testing.T) {
	err := error(&RoomMismatchError{EventID: "$x", RoomID: "!a:x", Want: "!b:x"})
	require.ErrorIs(t, err, ErrOtherRoom)
	require.False(t, errors.Is(err, ErrNoCreateEvent))
}
