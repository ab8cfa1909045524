package builder_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// testKey is the deterministic signing key of server (public test key).
func testKey(server string) builder.SigningKey {
	seed := sha256.Sum256([]byte("mxauth builder test key " + server))
	return builder.SigningKey{ServerName: server, KeyID: "ed25519:1", PrivateKey: ed25519.NewKeyFromSeed(seed[:])}
}

// ring is the key ring of the test servers.
func ring(servers ...string) event.KeyRing {
	r := event.KeyRing{}
	for _, s := range servers {
		k := testKey(s)
		r[s] = map[string]event.PublicKey{k.KeyID: {Key: k.PrivateKey.Public().(ed25519.PublicKey)}}
	}
	return r
}

// room is a room under construction: its state, its last event and the
// counters the caller of Build supplies (depth, timestamp, v1–2 IDs).
type room struct {
	v      roomversion.Version
	id     string
	state  auth.StateMap
	events map[string]*event.Event
	last   *event.Event
	n      int
}

// proto completes p with the room's ID, prev event, depth, timestamp and
// (v1–2) event ID local part.
func (r *room) proto(p builder.Proto) builder.Proto {
	r.n++
	p.RoomID = r.id
	if r.v.RoomIDFromCreateEvent && p.Type == event.TypeCreate && p.StateKey != nil && *p.StateKey == "" {
		p.RoomID = "" // FMT-12-1: the create event names no room
	}
	if r.last != nil {
		p.PrevEvents = []string{r.last.ID()}
		p.Depth = r.last.Depth() + 1
		if r.v.EventFormat == roomversion.FormatV1 {
			h, _ := builder.ReferenceHash(r.last)
			p.PrevEventHashes = map[string]string{r.last.ID(): h}
		}
	} else {
		p.Depth = 1
	}
	p.OriginServerTS = 1_700_000_000_000 + int64(r.n)
	if r.v.EventIDFormat == roomversion.EventIDGiven {
		p.EventIDLocalpart = fmt.Sprintf("e%d", r.n)
	}
	return p
}

// build builds p in the room, signed by the sender's server.
func (r *room) build(p builder.Proto) (*builder.Result, error) {
	return builder.Build(r.proto(p), r.v, r.state, testKey(domain(p.Sender)))
}

// add builds p, requires it to be allowed, and applies it.
func (r *room) add(t testing.TB, p builder.Proto) *builder.Result {
	t.Helper()
	res, err := r.build(p)
	if err != nil {
		t.Fatalf("build %s: %v", p.Type, err)
	}
	if err := auth.Check(res.Event, r.state); err != nil {
		t.Fatalf("%s %s not allowed: %v", p.Type, res.Event.JSON(), err)
	}
	r.apply(res)
	return res
}

func (r *room) apply(res *builder.Result) {
	ev := res.Event
	if r.id == "" {
		r.id = res.RoomID
	}
	r.events[ev.ID()] = ev
	r.last = ev
	if sk, ok := ev.StateKey(); ok {
		r.state[auth.StateKey{Type: ev.Type(), StateKey: sk}] = ev
	}
}

func domain(user string) string {
	for i := 0; i < len(user); i++ {
		if user[i] == ':' {
			return user[i+1:]
		}
	}
	return ""
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

const (
	alice = "@alice:a.example"
	bob   = "@bob:b.example"
	carol = "@carol:c.example"
)

func createContent(v roomversion.Version) map[string]any {
	c := map[string]any{"room_version": v.ID}
	if !v.CreatorIsCreateSender {
		c["creator"] = alice
	}
	return c
}

func powerContent(v roomversion.Version) map[string]any {
	users := map[string]any{bob: 50}
	if !v.PrivilegedCreators {
		users[alice] = 100
	}
	return map[string]any{"users": users, "users_default": 0, "events_default": 0,
		"state_default": 50, "ban": 50, "kick": 50, "redact": 50, "invite": 0}
}

func member(m string) map[string]any { return map[string]any{"membership": m} }

// newRoom builds create, alice's join, power levels and a public join
// rule, then bob's join.
func newRoom(t testing.TB, v roomversion.Version) *room {
	t.Helper()
	r := &room{v: v, state: auth.StateMap{}, events: map[string]*event.Event{}}
	if !v.RoomIDFromCreateEvent {
		r.id = "!room:a.example"
	}
	r.add(t, builder.Proto{Type: event.TypeCreate, StateKey: builder.StateKey(""), Sender: alice, ContentMap: createContent(v)})
	r.add(t, builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(alice), Sender: alice, ContentMap: member("join")})
	r.add(t, builder.Proto{Type: event.TypePowerLevels, StateKey: builder.StateKey(""), Sender: alice, ContentMap: powerContent(v)})
	r.add(t, builder.Proto{Type: event.TypeJoinRules, StateKey: builder.StateKey(""), Sender: alice, ContentMap: map[string]any{"join_rule": "public"}})
	r.add(t, builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(bob), Sender: bob, ContentMap: member("join")})
	return r
}

// checkBuilt asserts the properties every built event has: it parses
// again with the same ID, also after a JSON round trip; its signature
// verifies; its content hash is valid; its auth events are the ones it
// lists.
func checkBuilt(t testing.TB, res *builder.Result, v roomversion.Version) {
	t.Helper()
	ev := res.Event
	again, err := event.Parse([]byte(ev.JSON()), v)
	if err != nil || again.ID() != ev.ID() {
		t.Fatalf("reparse: %v, id %v vs %s", err, again, ev.ID())
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(ev.JSON()))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	rt, err := event.Parse(mustJSON(m), v)
	if err != nil || rt.ID() != ev.ID() {
		t.Fatalf("JSON round trip: %v, id changed from %s", err, ev.ID())
	}
	if err := ev.VerifySignatures(ring("a.example", "b.example", "c.example", "d.example", "e.example")); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if ok, err := ev.ContentHashValid(); !ok || err != nil {
		t.Fatalf("content hash valid = %v, %v", ok, err)
	}
	listed := ev.AuthEventIDs()
	if len(listed) != len(res.AuthEvents) {
		t.Fatalf("auth_events %v, result lists %d", listed, len(res.AuthEvents))
	}
	for i, ae := range res.AuthEvents {
		if listed[i] != ae.ID() {
			t.Fatalf("auth_events[%d] = %s, result has %s", i, listed[i], ae.ID())
		}
		if v.RoomIDFromCreateEvent && ae.Type() == event.TypeCreate && ae.StateKeyEquals("") {
			t.Fatalf("SEL-1 (v12): the create event is listed")
		}
	}
}

// authList is what CheckAuthEvents receives for a built event: its listed
// auth events, plus the implied create event in versions whose room ID
// names it (the auth package's contract for v12). It also checks
// Result.ImpliedCreate against the state.
func authList(t testing.TB, res *builder.Result, state auth.State) []*event.Event {
	t.Helper()
	list := append([]*event.Event(nil), res.AuthEvents...)
	id, implied := res.Event.ImpliedCreateEventID()
	if !implied {
		if res.ImpliedCreate != nil {
			t.Fatalf("ImpliedCreate set outside v12")
		}
		return list
	}
	if c := state.StateEvent(event.TypeCreate, ""); res.ImpliedCreate != c || c.ID() != id {
		t.Fatalf("ImpliedCreate %v, state's create %v, room_id names %s", res.ImpliedCreate, c, id)
	}
	return append(list, res.ImpliedCreate)
}

// ruleOf returns the rule of a *auth.Rejection, "" for nil, and "?" for
// another error.
func ruleOf(err error) auth.RuleID {
	if err == nil {
		return ""
	}
	var rej *auth.Rejection
	if errors.As(err, &rej) {
		return rej.Rule
	}
	return "?"
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// fieldIs reports whether err is a *builder.FieldError naming field.
func fieldIs(err error, field string) bool {
	var fe *builder.FieldError
	return errors.As(err, &fe) && fe.Field == field
}
