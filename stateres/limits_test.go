package stateres

import (
	"errors"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// A conflicted topic whose candidate cites an event the caller lacks: the
// state resolves as Synapse's would, and ResolveReport names the missing
// event so a server can fetch it and resolve again.
func TestResolveReportNamesMissingEvents(t *testing.T) {
	g := newGraph(t, roomversion.V6())
	g.room(nil)
	g.add(spec{ID: "$t1", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "1"}, Auth: []string{"$create", "$pl", "$ja", "$gone"}, Depth: 5, TS: 5000})
	g.add(spec{ID: "$t2", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "2"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 6000})
	in := g.input(g.set(append([]string{"$t1"}, baseIDs...)...), g.set(append([]string{"$t2"}, baseIDs...)...))
	res, err := ResolveReport(in)
	require.NoError(t, err)
	require.Equal(t, "$t2", res.State[key("m.room.topic", "")])
	require.Equal(t, []string{"$gone"}, res.Missing)
	// The same input without the missing reference reports nothing.
	out, err := ResolveReport(g.input(g.set(baseIDs...), g.set(baseIDs...)))
	require.NoError(t, err)
	require.Empty(t, out.Missing)
}

// MaxEvents and MaxBytes bound what one call holds; both fail with their
// own sentinel error.
func TestLimits(t *testing.T) {
	g := newGraph(t, roomversion.V6())
	g.room(nil)
	g.add(spec{ID: "$t1", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "1"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 5000})
	g.add(spec{ID: "$t2", Type: "m.room.topic", Sender: alice, StateKey: sk(""), Content: map[string]any{"topic": "2"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 5, TS: 6000})
	in := g.input(g.set(append([]string{"$t1"}, baseIDs...)...), g.set(append([]string{"$t2"}, baseIDs...)...))
	in.MaxEvents = 2
	_, err := Resolve(in)
	require.True(t, errors.Is(err, ErrTooManyEvents), "%v", err)
	in.MaxEvents = 0
	in.MaxBytes = 2 * HeldEventOverhead
	_, err = Resolve(in)
	require.True(t, errors.Is(err, ErrTooManyBytes), "%v", err)
	in.MaxBytes = 0
	_, err = Resolve(in)
	require.NoError(t, err)
}
