package handshake_test

import (
	"encoding/base64"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
)

const (
	roomID = "!room:example.org"
	alice  = "@alice:example.org"
	bob    = "@bob:remote.example"
	baseTS = int64(1714000001000)
)

var (
	resident = pdutest.NewSigner("example.org")
	remote   = pdutest.NewSigner("remote.example")
)

// testRoom is a room built event by event with real PDUs; state is its
// current state and last its latest event.
type testRoom struct {
	t     testing.TB
	v     roomversion.Version
	id    string // the room ID: roomID, or in v12 the one the create event gives
	state auth.StateMap
	last  *event.Event
	n     int64
}

// newRoom creates a room of version v: Alice creates it, joins, takes PL
// 100 (in v12 she is the creator, whom the power levels may not list) and,
// unless joinRule is "", sets that join rule.
func newRoom(t testing.TB, v roomversion.Version, joinRule string) *testRoom {
	t.Helper()
	return newRoomWith(t, v, joinRule, nil, nil)
}

// newRoomWith is newRoom with extra create content (v12
// additional_creators, say) and extra power levels content.
func newRoomWith(t testing.TB, v roomversion.Version, joinRule string, create, pl map[string]any) *testRoom {
	t.Helper()
	r := &testRoom{t: t, v: v, id: roomID, state: auth.StateMap{}}
	cc := map[string]any{"creator": alice, "room_version": v.ID}
	for k, x := range create {
		cc[k] = x
	}
	c := r.add(event.TypeCreate, alice, "", cc)
	if v.RoomIDFromCreateEvent {
		r.id = event.RoomIDOfCreateEventID(c.ID())
	}
	r.member(alice, alice, event.MembershipJoin)
	users := map[string]any{alice: 100}
	if v.PrivilegedCreators {
		users = map[string]any{}
	}
	plc := map[string]any{"users": users}
	for k, x := range pl {
		plc[k] = x
	}
	r.add(event.TypePowerLevels, alice, "", plc)
	if joinRule != "" {
		r.add(event.TypeJoinRules, alice, "", map[string]any{"join_rule": joinRule})
	}
	return r
}

// add appends a state event, checks that the auth rules allow it and
// applies it to the state.
func (r *testRoom) add(typ, sender, sk string, content map[string]any) *event.Event {
	r.t.Helper()
	ev := r.build(typ, sender, sk, content)
	if err := auth.Check(ev, r.state); err != nil {
		r.t.Fatalf("setting up the room: %v", err)
	}
	r.apply(ev)
	return ev
}

func (r *testRoom) member(sender, target, membership string) *event.Event {
	r.t.Helper()
	return r.add(event.TypeMember, sender, target, map[string]any{"membership": membership})
}

func (r *testRoom) apply(ev *event.Event) {
	sk, _ := ev.StateKey()
	r.state[auth.StateKey{Type: ev.Type(), StateKey: sk}] = ev
	r.last = ev
}

// build makes a signed PDU with auth events selected by the auth package.
func (r *testRoom) build(typ, sender, sk string, content map[string]any) *event.Event {
	r.t.Helper()
	fields := map[string]any{
		"type": typ, "room_id": r.id, "sender": sender, "state_key": sk,
		"content": content, "origin_server_ts": baseTS + r.n*1000,
		"auth_events": []any{}, "prev_events": []any{}, "depth": int64(1),
	}
	r.n++
	if r.last != nil {
		fields["prev_events"] = []any{ref(r.v, r.t, r.last)}
		fields["depth"] = r.last.Depth() + 1
	}
	if r.v.RoomIDFromCreateEvent && typ == event.TypeCreate && sk == "" {
		delete(fields, "room_id") // FMT-12-1
	}
	if r.v.EventIDFormat == roomversion.EventIDGiven {
		fields["event_id"] = "$" + string(rune('a'+r.n)) + "ev:" + serverOf(sender)
	}
	signer := resident
	if serverOf(sender) == remote.Server {
		signer = remote
	}
	_, probe, err := pdutest.Build(r.v, fields, signer)
	if err != nil {
		r.t.Fatal(err)
	}
	var refs []any
	for _, k := range auth.SelectAuthEvents(probe, nil) {
		if r.v.RoomIDFromCreateEvent && k.Type == event.TypeCreate {
			continue // SEL-1 (v12)
		}
		if a := r.state[k]; a != nil {
			refs = append(refs, ref(r.v, r.t, a))
		}
	}
	if refs == nil {
		refs = []any{}
	}
	fields["auth_events"] = refs
	_, ev, err := pdutest.Build(r.v, fields, signer)
	if err != nil {
		r.t.Fatal(err)
	}
	return ev
}

// ref is how version v refers to ev from auth_events and prev_events.
func ref(v roomversion.Version, t testing.TB, ev *event.Event) any {
	if v.EventFormat != roomversion.FormatV1 {
		return ev.ID()
	}
	h, err := ev.ReferenceHash()
	if err != nil {
		t.Fatal(err)
	}
	return []any{ev.ID(), map[string]any{"sha256": b64(h[:])}}
}

func serverOf(id string) string {
	for i := range id {
		if id[i] == ':' {
			return id[i+1:]
		}
	}
	return ""
}

func b64(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }

// makeReq is a make_* request for bob against r.
func (r *testRoom) makeReq(ver ...string) handshake.MakeRequest {
	return handshake.MakeRequest{
		RoomVersion: r.v, RoomID: r.id, UserID: bob, Ver: ver,
		PrevEvents: []*event.Event{r.last}, Depth: r.last.Depth() + 1,
		OriginServerTS: baseTS + 100000, Origin: "remote.example",
	}
}
