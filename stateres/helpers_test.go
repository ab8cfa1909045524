package stateres

import (
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

const testRoom = "!room:x.example"

// testGraph builds hand-written events for unit tests. IDs are given
// (readable) in every room version.
type testGraph struct {
	t     testing.TB
	v     roomversion.Version
	evs   map[string]*event.Event
	rej   map[string]bool
	specs []spec // in the order added
	// createID is the first create event added (v12 room IDs name it).
	createID string
}

func newGraph(t testing.TB, v roomversion.Version) *testGraph {
	return &testGraph{t: t, v: v, evs: map[string]*event.Event{}, rej: map[string]bool{}}
}

// spec describes one event; StateKey nil means a non-state event.
type spec struct {
	ID, Type, Sender string
	StateKey         *string
	Content          map[string]any
	Auth             []string
	Depth, TS        int64
	Room             string
}

func sk(s string) *string { return &s }

func (g *testGraph) add(s spec) *event.Event {
	g.t.Helper()
	room := s.Room
	if room == "" {
		room = testRoom
		if g.v.RoomIDFromCreateEvent {
			// v12: the room ID names the first create event added
			// ("$create" unless another comes first).
			room = "!create"
			if g.createID != "" {
				room = "!" + g.createID[1:]
			}
		}
	}
	pdu := map[string]any{
		"type": s.Type, "sender": s.Sender, "room_id": room, "content": s.Content,
		"depth": s.Depth, "origin_server_ts": s.TS, "hashes": map[string]any{"sha256": "AAAA"},
		"signatures": map[string]any{}, "prev_events": []any{},
	}
	if s.Content == nil {
		pdu["content"] = map[string]any{}
	}
	if s.StateKey != nil {
		pdu["state_key"] = *s.StateKey
	}
	if g.v.RoomIDFromCreateEvent && s.Type == "m.room.create" {
		delete(pdu, "room_id") // v12: the create event has none (FMT-12-1)
	}
	refs := []any{}
	for _, a := range s.Auth {
		if g.v.EventFormat == roomversion.FormatV1 {
			refs = append(refs, []any{a, map[string]any{"sha256": "AAAA"}})
		} else {
			refs = append(refs, a)
		}
	}
	pdu["auth_events"] = refs
	if g.v.EventIDFormat == roomversion.EventIDGiven {
		pdu["event_id"] = s.ID
	}
	raw, err := json.Marshal(pdu)
	require.NoError(g.t, err)
	ev, err := event.NewWithID(raw, s.ID, g.v)
	require.NoError(g.t, err, string(raw))
	g.evs[s.ID] = ev
	g.specs = append(g.specs, s)
	if s.Type == "m.room.create" && g.createID == "" {
		g.createID = s.ID
	}
	return ev
}

func (g *testGraph) fetch(id string) (*event.Event, bool) {
	ev, ok := g.evs[id]
	return ev, ok
}

// set builds a state set from event IDs.
func (g *testGraph) set(ids ...string) StateSet {
	s := StateSet{}
	for _, id := range ids {
		ev := g.evs[id]
		require.NotNil(g.t, ev, id)
		k, ok := keyOf(ev)
		require.True(g.t, ok, id)
		s[k] = id
	}
	return s
}

func (g *testGraph) input(sets ...StateSet) Input {
	return Input{
		Version: g.v, StateSets: sets, Fetch: g.fetch,
		IsRejected: func(id string) bool { return g.rej[id] },
	}
}

func (g *testGraph) resolve(sets ...StateSet) StateSet {
	g.t.Helper()
	in := g.input(sets...)
	out, err := Resolve(in)
	require.NoError(g.t, err)
	return out
}

// room builds the usual start of a room: create by alice, alice's join,
// power levels (alice 100 plus extra), public join rules. Depths 1–4,
// timestamps 1000–4000.
func (g *testGraph) room(users map[string]any) {
	if users == nil {
		users = map[string]any{}
	}
	users["@alice:x.example"] = 100
	g.add(spec{ID: "$create", Type: "m.room.create", Sender: "@alice:x.example", StateKey: sk(""),
		Content: map[string]any{"creator": "@alice:x.example"}, Depth: 1, TS: 1000})
	g.add(spec{ID: "$ja", Type: "m.room.member", Sender: "@alice:x.example", StateKey: sk("@alice:x.example"),
		Content: map[string]any{"membership": "join"}, Auth: []string{"$create"}, Depth: 2, TS: 2000})
	g.add(spec{ID: "$pl", Type: "m.room.power_levels", Sender: "@alice:x.example", StateKey: sk(""),
		Content: map[string]any{"users": users}, Auth: []string{"$create", "$ja"}, Depth: 3, TS: 3000})
	g.add(spec{ID: "$jr", Type: "m.room.join_rules", Sender: "@alice:x.example", StateKey: sk(""),
		Content: map[string]any{"join_rule": "public"}, Auth: []string{"$create", "$pl", "$ja"}, Depth: 4, TS: 4000})
}

// join adds a join by user at depth d.
func (g *testGraph) join(id, user string, d, ts int64) {
	g.add(spec{ID: id, Type: "m.room.member", Sender: user, StateKey: sk(user),
		Content: map[string]any{"membership": "join"}, Auth: []string{"$create", "$pl", "$jr"}, Depth: d, TS: ts})
}

var baseIDs = []string{"$create", "$ja", "$pl", "$jr"}

func key(typ, stateKey string) auth.StateKey { return auth.StateKey{Type: typ, StateKey: stateKey} }
