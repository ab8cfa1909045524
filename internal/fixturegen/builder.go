// Package fixturegen builds the project's own conformance fixtures (format:
// testdata/conformance/FORMAT.md) from compact, hand-labelled case
// descriptions.
//
// A [Room] appends events one at a time. Unless a case overrides them, it
// fills depth, prev_events and auth_events from its current state as
// DIGEST §3 selects them, computes the content hash and the event ID with the
// event package, signs each event with a deterministic key of its server, and
// records the verdict the case author wrote down from the spec
// ([Allow]/[Reject], each naming the rule ID it exercises). Expected verdicts
// are never computed by this package: they are labels.
package fixturegen

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/mxauth/mxauth/roomversion"
)

// Verdict labels, as FORMAT.md spells them.
const (
	Allowed  = "allowed"
	Rejected = "rejected"
)

// Default identifiers of the fixture conventions.
const (
	RoomID = "!room:example.org"
	Alice  = "@alice:example.org"
	Bob    = "@bob:example.org"
	Carol  = "@charlie:example.org"
	Dave   = "@dave:example.org"
	Eve    = "@eve:example.org"
	Frank  = "@frank:example.org"
	Gina   = "@gina:example.org"
	Zara   = "@zara:remote.example"
)

// BaseTS is the origin_server_ts of a fixture's first event; later events
// get one second more each unless a case sets TS.
const BaseTS int64 = 1714000001000

// Raw is JSON text used verbatim (after compaction) as a content or field
// value, so that a case can spell numbers, escapes and duplicate keys
// exactly.
type Raw string

// Obj is a JSON object value; keys are written sorted.
type Obj = map[string]any

type stateKey struct{ typ, sk string }

// Event is one event of a fixture as built.
type Event struct {
	// Name is the case's handle for the event.
	Name string
	// ID is the event ID the fixture uses.
	ID string
	// JSON is the compact PDU text written to the fixture.
	JSON []byte
	// Type, Sender and StateKey are copied from the description.
	Type, Sender, StateKey string
	// HasStateKey reports whether the event is a state event.
	HasStateKey bool
	// Depth is the event's depth (as built, if numeric).
	Depth int64
	// Verdict is Allowed or Rejected.
	Verdict string
	// Rule is the rule or edge ID the verdict is labelled with.
	Rule string
	// Note is the human explanation written to notes.
	Note string

	membership string
	token      string
	refHash    string // v1–2 reference hash, for [id, hash] pairs
	valid      bool   // whether the event package could parse it
}

// Cursor is a saved position of a Room: its forward extremity and the
// state the next event sees.
type Cursor struct {
	tip   []*Event
	state map[stateKey]*Event
}

func (c Cursor) clone() Cursor {
	st := make(map[stateKey]*Event, len(c.state))
	for k, v := range c.state {
		st[k] = v
	}
	return Cursor{tip: append([]*Event(nil), c.tip...), state: st}
}

// Room builds one fixture.
type Room struct {
	// Folder is the fixture's folder under testdata/conformance.
	Folder string
	// Name is the fixture name (the file is Name + ".json").
	Name string
	// Description names the rules, edge cases and decisions covered.
	Description string
	// Version is the room version.
	Version roomversion.Version
	// GivenIDs writes "ids": "given" in room versions 3–7.
	GivenIDs bool
	// Unsigned leaves signatures empty and writes no keys.
	Unsigned bool

	events   []*Event
	byName   map[string]*Event
	cur      Cursor
	nextTS   int64
	resolves []resolveCase
	redacts  []redactCase
	servers  map[string]bool
	extraKey []keyEntry
	validTo  map[string]int64
	roomID   string
}

type resolveCase struct {
	name     string
	sets     [][]string
	rejected []string
	expected []string
}

type redactCase struct {
	name string
}

type keyEntry struct {
	server, keyID, raw string
}

// NewRoom starts a fixture in folder with the given name, room version and
// description.
func NewRoom(folder, name, version, description string) *Room {
	v, err := roomversion.Lookup(version)
	if err != nil {
		panic(err)
	}
	return &Room{
		Folder: folder, Name: name, Description: description, Version: v,
		byName: map[string]*Event{}, cur: Cursor{state: map[stateKey]*Event{}},
		nextTS: BaseTS, servers: map[string]bool{}, validTo: map[string]int64{}, roomID: RoomID,
	}
}

// WithRoomID sets the room ID of every later event; returns r.
func (r *Room) WithRoomID(id string) *Room { r.roomID = id; return r }

// Given switches a v3–7 fixture to "ids": "given" and returns r.
func (r *Room) Given() *Room { r.GivenIDs = true; return r }

// NoKeys leaves events unsigned and the fixture without keys; returns r.
func (r *Room) NoKeys() *Room { r.Unsigned = true; return r }

// Save returns the current position, to fork the graph.
func (r *Room) Save() Cursor { return r.cur.clone() }

// Restore moves back to a saved position.
func (r *Room) Restore(c Cursor) { r.cur = c.clone() }

// Get returns the named event; it panics when there is none.
func (r *Room) Get(name string) *Event {
	e := r.byName[name]
	if e == nil {
		panic(fmt.Sprintf("%s: unknown event %q", r.Name, name))
	}
	return e
}

// StateNames lists the names of the events in a cursor's state, sorted by
// (type, state_key).
func (r *Room) StateNames(c Cursor) []string {
	keys := make([]stateKey, 0, len(c.state))
	for k := range c.state {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].typ != keys[j].typ {
			return keys[i].typ < keys[j].typ
		}
		return keys[i].sk < keys[j].sk
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = c.state[k].Name
	}
	return out
}

// Resolve adds a state-resolution case. sets and rejected name events; the
// expected resolved state is given as the names of the events it holds
// (each (type, state_key) at most once), chosen by hand from the spec.
func (r *Room) Resolve(name string, sets [][]string, rejected []string, expected []string) {
	seen := map[stateKey]string{}
	for _, n := range expected {
		e := r.Get(n)
		if !e.HasStateKey {
			panic(fmt.Sprintf("%s: resolve %s: %s is not a state event", r.Name, name, n))
		}
		k := stateKey{e.Type, e.StateKey}
		if o, dup := seen[k]; dup {
			panic(fmt.Sprintf("%s: resolve %s: %s and %s share a key", r.Name, name, o, n))
		}
		seen[k] = n
	}
	for _, s := range sets {
		for _, n := range s {
			r.Get(n)
		}
	}
	r.resolves = append(r.resolves, resolveCase{name, sets, rejected, expected})
}

// ExpectRedaction adds a `redact` expectation for the named event: the
// result of the redaction algorithm as this package's own, independent
// reading of RED-1..3 gives it.
func (r *Room) ExpectRedaction(name string) {
	r.Get(name)
	r.redacts = append(r.redacts, redactCase{name})
}

// AddKey lists an extra key in the fixture's keys member (for key-rotation
// style cases); raw is the JSON value written for it.
func (r *Room) AddKey(server, keyID, raw string) {
	r.extraKey = append(r.extraKey, keyEntry{server, keyID, raw})
}

// KeyValidUntil writes server's key KeyID in the keys member as
// {"key": …, "valid_until_ts": ts}: a key whose validity, already capped,
// ends at ts (FORMAT.md; DECISIONS S2).
func (r *Room) KeyValidUntil(server string, ts int64) { r.validTo[server] = ts }

// Events returns the events built so far.
func (r *Room) Events() []*Event { return r.events }

// Opt adjusts one event description.
type Opt func(*spec)

type field struct {
	key string
	raw string // "" means drop
}

type spec struct {
	name, typ, sender string
	sk                *string
	content           any
	auth, prev        []string
	authSet, prevSet  bool
	ts                int64
	depth             *int64
	fields            []field
	verdict           string
	rule, note        string
	alt               bool
	apply             *bool
	roomID            string
	id                string
	idDomain          string
	redacts           *string
	signAs            []string
	extraSigs         []keyEntry
	noSign            bool
}

// SK sets the state key.
func SK(sk string) Opt { return func(s *spec) { s.sk = &sk } }

// Content sets the content (a Go value marshalled with sorted keys, or Raw).
func Content(c any) Opt { return func(s *spec) { s.content = c } }

// Auth sets auth_events explicitly, by event name.
func Auth(names ...string) Opt {
	return func(s *spec) { s.auth = names; s.authSet = true }
}

// Prev sets prev_events explicitly, by event name.
func Prev(names ...string) Opt {
	return func(s *spec) { s.prev = names; s.prevSet = true }
}

// TS sets origin_server_ts.
func TS(ts int64) Opt { return func(s *spec) { s.ts = ts } }

// Depth sets depth.
func Depth(d int64) Opt { return func(s *spec) { s.depth = &d } }

// Field sets a top-level member to raw JSON text, replacing a generated
// one in place or appending it; Field(key, "") removes the member, and a
// key written "+name" appends a second member called name.
func Field(key, raw string) Opt {
	return func(s *spec) { s.fields = append(s.fields, field{key, raw}) }
}

// InRoom sets room_id.
func InRoom(id string) Opt { return func(s *spec) { s.roomID = id } }

// ID sets the event ID of a v1–2 (or given-ID) event explicitly.
func ID(id string) Opt { return func(s *spec) { s.id = id } }

// IDDomain sets the domain of a v1–2 event ID (default: the sender's).
func IDDomain(d string) Opt { return func(s *spec) { s.idDomain = d } }

// Redacts sets the top-level redacts member to the named event's ID.
func Redacts(name string) Opt { return func(s *spec) { s.redacts = &name } }

// SignAs signs the event with the keys of these servers instead of the
// default ones (the sender's server, and in v1–2 the event ID's); with no
// server, no key KeyID signs it (only ExtraSig signatures, if any).
func SignAs(servers ...string) Opt {
	return func(s *spec) { s.signAs = append([]string{}, servers...) }
}

// ExtraSig adds a signature by server under keyID, made with
// SigningKey(server, keyID), beside the event's other signatures. The
// key is not written to the fixture's keys (AddKey can list it), so by
// default it is a key the verifier does not know (DECISIONS S1).
func ExtraSig(server, keyID string) Opt {
	return func(s *spec) { s.extraSigs = append(s.extraSigs, keyEntry{server: server, keyID: keyID}) }
}

// NoSign leaves this event's signatures empty.
func NoSign() Opt { return func(s *spec) { s.noSign = true } }

// Alt marks an alternative: the event neither updates the room's state nor
// becomes the new forward extremity, so several alternatives can be judged
// against the same state.
func Alt() Opt { return func(s *spec) { s.alt = true } }

// Apply forces whether an event updates the builder's state (by default
// allowed events do and rejected ones do not).
func Apply(b bool) Opt { return func(s *spec) { s.apply = &b } }

// Allow labels the event allowed by rule, with a note for readers.
func Allow(rule, note string) Opt {
	return func(s *spec) { s.verdict, s.rule, s.note = Allowed, rule, note }
}

// Reject labels the event rejected by rule, with a note for readers.
func Reject(rule, note string) Opt {
	return func(s *spec) { s.verdict, s.rule, s.note = Rejected, rule, note }
}

// Add appends an event. name is the case's handle (and in v1–2 the event
// ID's opaque part).
func (r *Room) Add(name, typ, sender string, opts ...Opt) *Event {
	if _, dup := r.byName[name]; dup {
		panic(fmt.Sprintf("%s: duplicate event name %q", r.Name, name))
	}
	s := &spec{name: name, typ: typ, sender: sender, roomID: r.roomID}
	for _, o := range opts {
		o(s)
	}
	if s.verdict == "" {
		panic(fmt.Sprintf("%s: event %q has no verdict label", r.Name, name))
	}
	if s.content == nil {
		s.content = Obj{}
	}
	e := r.build(s)
	if r.Version.RoomIDFromCreateEvent && s.typ == "m.room.create" && s.sk != nil && *s.sk == "" && r.roomID == RoomID {
		// FMT-12-1, ROOMID-1: the first create event names the room.
		r.roomID = "!" + strings.TrimPrefix(e.ID, "$")
	}
	r.events = append(r.events, e)
	r.byName[name] = e
	apply := e.Verdict == Allowed
	if s.apply != nil {
		apply = *s.apply
	}
	if !s.alt {
		if apply && e.HasStateKey {
			r.cur.state[stateKey{e.Type, e.StateKey}] = e
		}
		if apply {
			r.cur.tip = []*Event{e}
		}
	}
	return e
}

// Tip sets the forward extremity used as default prev_events.
func (r *Room) Tip(names ...string) {
	r.cur.tip = nil
	for _, n := range names {
		r.cur.tip = append(r.cur.tip, r.Get(n))
	}
}

// SetState puts the named event into the builder's state (used by auto
// auth selection) without adding anything.
func (r *Room) SetState(name string) {
	e := r.Get(name)
	r.cur.state[stateKey{e.Type, e.StateKey}] = e
}

// DropState removes a key from the builder's state.
func (r *Room) DropState(typ, sk string) { delete(r.cur.state, stateKey{typ, sk}) }

// selectAuth implements the auth-events selection of DIGEST §3 (SEL-1..6,
// and SEL-1/SEL-7 as DIGEST-V8-12 §3 changes them) against the builder's
// current state.
func (r *Room) selectAuth(s *spec, membership, token string) []*Event {
	var keys []stateKey
	if s.typ == "m.room.create" {
		return nil
	}
	// SEL-1: the create event, except where room_id implies it (v12).
	if !r.Version.RoomIDFromCreateEvent {
		keys = append(keys, stateKey{"m.room.create", ""})
	}
	keys = append(keys, stateKey{"m.room.power_levels", ""}, stateKey{"m.room.member", s.sender})
	if s.typ == "m.room.member" && s.sk != nil {
		if *s.sk != s.sender {
			keys = append(keys, stateKey{"m.room.member", *s.sk})
		}
		switch membership {
		case "join", "invite", "knock":
			keys = append(keys, stateKey{"m.room.join_rules", ""})
		}
		if membership == "invite" && token != "" {
			keys = append(keys, stateKey{"m.room.third_party_invite", token})
		}
		// SEL-7 (v8+): a join's authorising user's member event.
		if a := authoriserOf(s.content); r.Version.RestrictedJoinRule && membership == "join" && a != "" {
			keys = append(keys, stateKey{"m.room.member", a})
		}
	}
	var out []*Event
	for _, k := range keys {
		if e := r.cur.state[k]; e != nil {
			out = append(out, e)
		}
	}
	return out
}

func domainOf(id string) string {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		return id[i+1:]
	}
	return ""
}

func marshal(v any) string {
	switch x := v.(type) {
	case Raw:
		return string(x)
	case json.RawMessage:
		return string(x)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// contentInfo extracts membership and the third-party-invite token.
func contentInfo(content string) (membership, token string) {
	var c struct {
		Membership any `json:"membership"`
		TPI        struct {
			Signed struct {
				Token any `json:"token"`
			} `json:"signed"`
		} `json:"third_party_invite"`
	}
	_ = json.Unmarshal([]byte(content), &c)
	membership, _ = c.Membership.(string)
	token, _ = c.TPI.Signed.Token.(string)
	return
}

// authoriserOf returns a member content's join_authorised_via_users_server
// when it is a string.
func authoriserOf(content any) string {
	var c struct {
		A any `json:"join_authorised_via_users_server"`
	}
	_ = json.Unmarshal([]byte(marshal(content)), &c)
	a, _ := c.A.(string)
	return a
}

// MarshalJSON writes the raw text, so Raw values nest inside Obj.
func (r Raw) MarshalJSON() ([]byte, error) { return []byte(r), nil }
