package auth_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// noSK marks a spec without a state_key.
const noSK = "\x00none"

// spec describes a test event. Missing fields take defaults: room
// !r:a.test, no state key, empty content.
type spec struct {
	id       string // without '$'; the v1–2 ID gets ":<domain of sender>" unless it holds ':'
	typ      string
	sender   string
	sk       string // noSK for none; set via st()
	content  string
	prev     []string // full IDs
	auth     []string // full IDs
	room     string
	redacts  string // raw JSON value of a top-level redacts, "" for none
	hasState bool
}

func st(typ, sender, sk, content string) spec {
	return spec{typ: typ, sender: sender, sk: sk, content: content, hasState: true}
}

func msg(typ, sender, content string) spec {
	return spec{typ: typ, sender: sender, sk: noSK, content: content}
}

var counter int

// build makes an event of room version v from s, with event.Parse for
// v1–2 (the PDU carries event_id) and event.NewWithID otherwise.
func build(t testing.TB, v roomversion.Version, s spec) *event.Event {
	t.Helper()
	e, err := buildErr(v, s)
	if err != nil {
		t.Fatalf("building %+v: %v", s, err)
	}
	return e
}

func eventID(v roomversion.Version, s spec) string {
	id := s.id
	if id == "" {
		counter++
		id = fmt.Sprintf("e%d", counter)
	}
	if v.EventIDFormat == roomversion.EventIDGiven && !strings.Contains(id, ":") {
		d := "a.test"
		if i := strings.IndexByte(s.sender, ':'); i >= 0 {
			d = s.sender[i+1:]
		}
		id += ":" + d
	}
	return "$" + id
}

func buildErr(v roomversion.Version, s spec) (*event.Event, error) {
	id := eventID(v, s)
	room := s.room
	// Room version 12: the create event (m.room.create, "") has no room_id,
	// and every other event's room_id names the base room's create event
	// ($create, see baseState) unless the spec gives another.
	omitRoom := false
	if room == "" {
		room = "!r:a.test"
		if v.RoomIDFromCreateEvent {
			room = "!create"
			omitRoom = s.typ == "m.room.create" && s.sk == ""
		}
	}
	content := s.content
	if content == "" {
		content = "{}"
	}
	q := func(x string) string { b, _ := json.Marshal(x); return string(b) }
	refs := func(ids []string) string {
		parts := make([]string, len(ids))
		for i, r := range ids {
			if v.EventFormat == roomversion.FormatV1 {
				parts[i] = `[` + q(r) + `,{"sha256":"aaaa"}]`
			} else {
				parts[i] = q(r)
			}
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	var b strings.Builder
	b.WriteString(`{"type":` + q(s.typ) + `,"sender":` + q(s.sender))
	if !omitRoom {
		b.WriteString(`,"room_id":` + q(room))
	}
	b.WriteString(`,"content":` + content + `,"depth":5,"origin_server_ts":1000`)
	b.WriteString(`,"hashes":{"sha256":"aaaa"},"signatures":{}`)
	b.WriteString(`,"auth_events":` + refs(s.auth) + `,"prev_events":` + refs(s.prev))
	if s.sk != noSK {
		b.WriteString(`,"state_key":` + q(s.sk))
	}
	if s.redacts != "" {
		b.WriteString(`,"redacts":` + s.redacts)
	}
	if v.EventIDFormat == roomversion.EventIDGiven {
		b.WriteString(`,"event_id":` + q(id) + `}`)
		return event.Parse([]byte(b.String()), v)
	}
	b.WriteString(`}`)
	return event.NewWithID([]byte(b.String()), id, v)
}

// Users of the base room.
const (
	alice = "@alice:a.test" // creator, PL 100
	mod   = "@mod:a.test"   // PL 50, joined
	bob   = "@bob:a.test"   // PL 0, joined
	carol = "@carol:a.test" // invited
	dave  = "@dave:a.test"  // banned
	eve   = "@eve:a.test"   // no membership
	kim   = "@kim:a.test"   // knocking (v7 only: set by cases)
	rem   = "@rem:b.test"   // on another server, joined
)

// baseState is the room most cases start from: join rule invite, PL
// alice 100, mod 50, rem 0. In v12 alice is the creator (infinite, so her
// users entry, which no accepted v12 PL event could hold, is never read),
// the create event's ID is $create and every other event's room_id is
// !create.
func baseState(t testing.TB, v roomversion.Version) (auth.StateMap, *event.Event) {
	s := auth.StateMap{}
	create := build(t, v, spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `"}`})
	put := func(e *event.Event) {
		sk, _ := e.StateKey()
		s[auth.StateKey{Type: e.Type(), StateKey: sk}] = e
	}
	put(create)
	put(build(t, v, st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50}}`)))
	put(build(t, v, st("m.room.join_rules", alice, "", `{"join_rule":"invite"}`)))
	for _, m := range []struct{ u, m string }{{alice, "join"}, {mod, "join"}, {bob, "join"}, {carol, "invite"}, {dave, "ban"}, {rem, "join"}} {
		sender := m.u
		if m.m != "join" {
			sender = alice
		}
		put(build(t, v, st("m.room.member", sender, m.u, `{"membership":"`+m.m+`"}`)))
	}
	return s, create
}

// wantRule asserts that err is nil (want == "") or a *Rejection by want.
func wantRule(t *testing.T, err error, want auth.RuleID) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want allowed, got %v", err)
		}
		return
	}
	var rej *auth.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("want rejection by %s, got %v", want, err)
	}
	if rej.Rule != want {
		t.Fatalf("want rejection by %s, got %v", want, err)
	}
}

func versions(ids ...string) []roomversion.Version {
	if len(ids) == 0 {
		return roomversion.Supported()
	}
	out := make([]roomversion.Version, 0, len(ids))
	for _, id := range ids {
		v, err := roomversion.Lookup(id)
		if err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}
