package builder_test

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

func fetcher(r *room) func(string) (*event.Event, bool) {
	return func(id string) (*event.Event, bool) { ev, ok := r.events[id]; return ev, ok }
}

// TestStateRoundTrip: ID-keyed → event-keyed → ID-keyed is the identity,
// and the event-keyed state judges as the room's own.
func TestStateRoundTrip(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V1(), roomversion.V10()} {
		r := newRoom(t, v)
		ids, err := builder.IDsOf(r.state)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(r.state) {
			t.Fatalf("IDsOf: %d entries of %d", len(ids), len(r.state))
		}
		st, err := builder.StateFromIDs(ids, fetcher(r))
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(st, r.state) {
			t.Errorf("StateFromIDs(IDsOf(s)) differs from s")
		}
		var evs []*event.Event
		for _, ev := range r.state {
			evs = append(evs, ev, ev) // the same event twice is one entry
		}
		st2, err := builder.StateFromEvents(evs)
		if err != nil || !maps.Equal(st2, r.state) {
			t.Errorf("StateFromEvents: %v", err)
		}
		res, err := r.build(builder.Proto{Type: "m.room.message", Sender: bob, Content: []byte(`{}`)})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := auth.Check(res.Event, st), auth.Check(res.Event, r.state); ruleOf(a) != ruleOf(b) {
			t.Errorf("adapted state judges %v, room state %v", a, b)
		}
	}
}

// TestStateFromIDsErrors: missing events are reported together and in key
// order; misplaced events and a missing create event by name.
func TestStateFromIDsErrors(t *testing.T) {
	r := newRoom(t, roomversion.V10())
	ids, _ := builder.IDsOf(r.state)

	t.Run("missing", func(t *testing.T) {
		m := maps.Clone(ids)
		m[auth.StateKey{Type: event.TypeMember, StateKey: carol}] = "$gone2"
		m[auth.StateKey{Type: "m.room.topic"}] = "$gone1"
		m[auth.StateKey{Type: "m.room.avatar"}] = "$gone0"
		_, err := builder.StateFromIDs(m, fetcher(r))
		var me *builder.MissingEventsError
		if !errors.As(err, &me) {
			t.Fatalf("err = %v", err)
		}
		if strings.Join(me.IDs, ",") != "$gone0,$gone2,$gone1" || len(me.Keys) != 3 || me.Keys[0].Type != "m.room.avatar" {
			t.Errorf("missing %v at %v", me.IDs, me.Keys)
		}
		if !strings.Contains(err.Error(), "$gone1") {
			t.Errorf("message %q", err)
		}
	})
	t.Run("misplaced", func(t *testing.T) {
		m := maps.Clone(ids)
		m[auth.StateKey{Type: event.TypeMember, StateKey: carol}] = ids[auth.StateKey{Type: event.TypeMember, StateKey: bob}]
		_, err := builder.StateFromIDs(m, fetcher(r))
		var ee *builder.EntryError
		if !errors.As(err, &ee) || ee.Key.StateKey != carol {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("fetch returns another event", func(t *testing.T) {
		_, err := builder.StateFromIDs(ids, func(string) (*event.Event, bool) { return r.last, true })
		var ee *builder.EntryError
		if !errors.As(err, &ee) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("no create event", func(t *testing.T) {
		m := maps.Clone(ids)
		delete(m, auth.StateKey{Type: event.TypeCreate})
		_, err := builder.StateFromIDs(m, fetcher(r))
		if !errors.Is(err, builder.ErrNoCreateEvent) || !strings.Contains(err.Error(), "there is no create event in this state") {
			t.Errorf("err = %v", err)
		}
		var evs []*event.Event
		for k, ev := range r.state {
			if k.Type != event.TypeCreate {
				evs = append(evs, ev)
			}
		}
		if _, err := builder.StateFromEvents(evs); !errors.Is(err, builder.ErrNoCreateEvent) {
			t.Errorf("StateFromEvents: %v", err)
		}
	})
	t.Run("StateFromEvents conflicts", func(t *testing.T) {
		other, err := r.build(builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(bob), Sender: bob, ContentMap: member("leave")})
		if err != nil {
			t.Fatal(err)
		}
		var ee *builder.EntryError
		if _, err := builder.StateFromEvents([]*event.Event{r.state[auth.StateKey{Type: event.TypeMember, StateKey: bob}], other.Event}); !errors.As(err, &ee) {
			t.Errorf("two events at one key: %v", err)
		}
		msg, err := r.build(builder.Proto{Type: "m.room.message", Sender: bob})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := builder.StateFromEvents([]*event.Event{msg.Event}); !errors.As(err, &ee) {
			t.Errorf("a message event: %v", err)
		}
	})
	t.Run("IDsOf misplaced", func(t *testing.T) {
		s := maps.Clone(r.state)
		s[auth.StateKey{Type: "m.room.topic"}] = r.last
		if _, err := builder.IDsOf(s); err == nil {
			t.Error("nil error")
		}
	})
}
