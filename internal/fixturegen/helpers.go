package fixturegen

import (
	"bytes"
	"encoding/json"
)

// Shorthands for the events most cases need. Each takes the options of
// Add; options given later override the helper's defaults.

// Create adds alice's m.room.create event (name "create"), labelled
// allowed by CREATE-5 unless opts say otherwise.
func (r *Room) Create(opts ...Opt) *Event {
	content := Obj{"creator": Alice, "room_version": r.Version.ID}
	if r.Version.CreatorIsCreateSender {
		delete(content, "creator") // v11+: the creator is the sender
	}
	base := []Opt{SK(""), Content(content),
		Allow("CREATE-5", "the room's create event")}
	return r.Add("create", "m.room.create", Alice, append(base, opts...)...)
}

// CreatorJoin adds alice's first join (name "alice-join").
func (r *Room) CreatorJoin(opts ...Opt) *Event {
	base := []Opt{Allow("MEMBER-JOIN-1", "the creator's first join, prev_events = [create]")}
	return r.Member("alice-join", Alice, Alice, "join", append(base, opts...)...)
}

// PL adds an m.room.power_levels event with state_key "".
func (r *Room) PL(name, sender string, content any, opts ...Opt) *Event {
	return r.Add(name, "m.room.power_levels", sender, append([]Opt{SK(""), Content(content)}, opts...)...)
}

// JR adds an m.room.join_rules event with the given join_rule.
func (r *Room) JR(name, sender string, rule any, opts ...Opt) *Event {
	return r.Add(name, "m.room.join_rules", sender, append([]Opt{SK(""), Content(Obj{"join_rule": rule})}, opts...)...)
}

// Member adds an m.room.member event from sender about target.
func (r *Room) Member(name, sender, target, membership string, opts ...Opt) *Event {
	return r.Add(name, "m.room.member", sender, append([]Opt{SK(target), Content(Obj{"membership": membership})}, opts...)...)
}

// Join adds user's own join.
func (r *Room) Join(name, user string, opts ...Opt) *Event {
	return r.Member(name, user, user, "join", opts...)
}

// Msg adds an m.room.message.
func (r *Room) Msg(name, sender string, opts ...Opt) *Event {
	return r.Add(name, "m.room.message", sender, append([]Opt{Content(Obj{"msgtype": "m.text", "body": name})}, opts...)...)
}

// Topic adds an m.room.topic state event.
func (r *Room) Topic(name, sender, topic string, opts ...Opt) *Event {
	return r.Add(name, "m.room.topic", sender, append([]Opt{SK(""), Content(Obj{"topic": topic})}, opts...)...)
}

// Setup adds the usual opening: create, alice's join, power levels (users
// merged over {alice: 100}, or over {} in room version 12, whose creator
// has infinite power and is never listed; nil users means alice only) and, unless
// joinRule is nil, join rules. Events are named create, alice-join, pl and
// jr.
func (r *Room) Setup(users Obj, joinRule any) {
	r.Create()
	r.CreatorJoin()
	u := Obj{Alice: 100}
	if r.Version.PrivilegedCreators {
		delete(u, Alice) // v12: a creator is never listed (PL-1b)
	}
	for k, v := range users {
		u[k] = v
	}
	r.PL("pl", Alice, Obj{"users": u}, Allow("PL-2", "the first power-levels event"))
	if joinRule != nil {
		r.JR("jr", Alice, joinRule, Allow("DEFAULT-1", "alice (100) sets the join rule"))
	}
}

// Clone deep-copies a JSON-like value built from Obj, []any and scalars.
func Clone(v any) Obj {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out Obj
	d := json.NewDecoder(bytesReader(b))
	d.UseNumber()
	if err := d.Decode(&out); err != nil {
		panic(err)
	}
	return out
}

// With returns a copy of base with each path (dot-free keys, nested via
// the maps of base) set; a nil value deletes the key.
func With(base Obj, kv ...any) Obj {
	out := Clone(base)
	for i := 0; i+1 < len(kv); i += 2 {
		keys := kv[i].([]string)
		m := out
		for _, k := range keys[:len(keys)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = Obj{}
				m[k] = next
			}
			m = next
		}
		last := keys[len(keys)-1]
		if kv[i+1] == nil {
			delete(m, last)
		} else {
			m[last] = kv[i+1]
		}
	}
	return out
}

// P is a path for With.
func P(keys ...string) []string { return keys }

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
