package builder_test

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// versions the table tests cover: one per change of format or rules.
func tableVersions() []roomversion.Version {
	return []roomversion.Version{roomversion.V1(), roomversion.V3(), roomversion.V6(), roomversion.V8(),
		roomversion.V10(), roomversion.V11(), roomversion.V12()}
}

var (
	idGiven  = regexp.MustCompile(`^\$e[0-9]+:[a-z.]+$`)
	idStd    = regexp.MustCompile(`^\$[A-Za-z0-9+/]{43}$`)
	idURL    = regexp.MustCompile(`^\$[A-Za-z0-9_-]{43}$`)
	roomV12  = regexp.MustCompile(`^![A-Za-z0-9_-]{43}$`)
	sortKeys = func(ks []auth.StateKey) []auth.StateKey {
		ks = slices.Clone(ks)
		slices.SortFunc(ks, func(a, b auth.StateKey) int {
			return strings.Compare(a.Type+"\x00"+a.StateKey, b.Type+"\x00"+b.StateKey)
		})
		return ks
	}
)

func keysOf(evs []*event.Event) []auth.StateKey {
	var out []auth.StateKey
	for _, ev := range evs {
		sk, _ := ev.StateKey()
		out = append(out, auth.StateKey{Type: ev.Type(), StateKey: sk})
	}
	return sortKeys(out)
}

// TestBuildVersions builds a room in each table version and checks the
// format, the ID and the auth events of every event by rule.
func TestBuildVersions(t *testing.T) {
	for _, v := range tableVersions() {
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newRoom(t, v)
			create := r.state[auth.StateKey{Type: event.TypeCreate}]

			t.Run("EID", func(t *testing.T) {
				for _, ev := range r.events {
					var re *regexp.Regexp
					switch v.EventIDFormat {
					case roomversion.EventIDGiven: // EID-1
						re = idGiven
					case roomversion.EventIDRefHashStd: // EID-3
						re = idStd
					default: // EID-4
						re = idURL
					}
					if !re.MatchString(ev.ID()) {
						t.Errorf("event ID %q does not match %s", ev.ID(), re)
					}
				}
			})
			t.Run("FMT-12-1", func(t *testing.T) {
				_, hasRoom := pduMap(t, create)["room_id"]
				if v.RoomIDFromCreateEvent {
					if hasRoom {
						t.Errorf("v12 create event carries room_id: %s", create.JSON())
					}
					if want := "!" + create.ID()[1:]; r.id != want || !roomV12.MatchString(r.id) {
						t.Errorf("room ID %q, want %q", r.id, want)
					}
				} else if !hasRoom || r.id != "!room:a.example" {
					t.Errorf("create event room_id missing or room ID %q", r.id)
				}
				for _, ev := range r.events {
					if ev != create && ev.RoomID() != r.id {
						t.Errorf("%s: room_id %q, want %q", ev.Type(), ev.RoomID(), r.id)
					}
				}
			})
			t.Run("FMT-2", func(t *testing.T) {
				ev := r.last
				m := pduMap(t, ev)
				for _, field := range []string{"auth_events", "prev_events"} {
					items, _ := m[field].([]any)
					if len(items) == 0 {
						t.Fatalf("%s is empty: %s", field, ev.JSON())
					}
					for _, item := range items {
						pair, isPair := item.([]any)
						if isPair != (v.EventFormat == roomversion.FormatV1) {
							t.Fatalf("%s entry %v: pair = %v in format %d", field, item, isPair, v.EventFormat)
						}
						if !isPair {
							continue
						}
						id, _ := pair[0].(string)
						hashes, _ := pair[1].(map[string]any)
						want, err := builder.ReferenceHash(r.events[id])
						if err != nil || len(pair) != 2 || hashes["sha256"] != want {
							t.Errorf("%s entry %v: hash, want %s (%v)", field, item, want, err)
						}
					}
				}
			})
			t.Run("SEL", func(t *testing.T) { testSelection(t, r) })
			t.Run("FMT-11-1", func(t *testing.T) { testRedaction(t, r) })
			t.Run("properties", func(t *testing.T) {
				for _, ev := range r.events {
					checkBuilt(t, &builder.Result{Event: ev, AuthEvents: authEventsOf(r, ev)}, v)
				}
			})
		})
	}
}

func authEventsOf(r *room, ev *event.Event) []*event.Event {
	var out []*event.Event
	for _, id := range ev.AuthEventIDs() {
		out = append(out, r.events[id])
	}
	return out
}

// testSelection checks the auth events of each kind of event (DIGEST §3
// table; v12 without the create column).
func testSelection(t *testing.T, r *room) {
	withCreate := func(ks ...auth.StateKey) []auth.StateKey {
		if !r.v.RoomIDFromCreateEvent {
			ks = append(ks, auth.StateKey{Type: event.TypeCreate})
		}
		return sortKeys(ks)
	}
	pl := auth.StateKey{Type: event.TypePowerLevels}
	jr := auth.StateKey{Type: event.TypeJoinRules}
	mem := func(u string) auth.StateKey { return auth.StateKey{Type: event.TypeMember, StateKey: u} }
	tpi := auth.StateKey{Type: event.TypeThirdPartyInvite, StateKey: "tok"}
	r.add(t, builder.Proto{Type: tpi.Type, StateKey: builder.StateKey(tpi.StateKey), Sender: alice,
		ContentMap: map[string]any{"display_name": "c...", "key_validity_url": "https://id.example/v", "public_key": "AAAA"}})
	tpiInvite := map[string]any{"membership": "invite", "third_party_invite": map[string]any{"display_name": "c...",
		"signed": map[string]any{"mxid": carol, "token": "tok", "signatures": map[string]any{}}}}
	tests := []struct {
		rule  string
		proto builder.Proto
		want  []auth.StateKey
	}{
		{"SEL-0 create", builder.Proto{Type: event.TypeCreate, StateKey: builder.StateKey(""), Sender: alice, ContentMap: createContent(r.v)}, nil},
		{"SEL-1..3 message", builder.Proto{Type: "m.room.message", Sender: bob, ContentMap: map[string]any{"body": "x"}}, withCreate(pl, mem(bob))},
		{"SEL-1..3 state", builder.Proto{Type: "m.room.topic", StateKey: builder.StateKey(""), Sender: alice, ContentMap: map[string]any{"topic": "t"}}, withCreate(pl, mem(alice))},
		{"SEL-4,5 invite of a user without member event", builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(carol), Sender: bob, ContentMap: member("invite")}, withCreate(pl, mem(bob), jr)},
		{"SEL-6 third-party invite", builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(carol), Sender: bob, ContentMap: tpiInvite}, withCreate(pl, mem(bob), jr, tpi)},
		{"SEL-4 ban (no join rules)", builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(bob), Sender: alice, ContentMap: member("ban")}, withCreate(pl, mem(alice), mem(bob))},
		{"SEL-4 self leave (one member entry)", builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(bob), Sender: bob, ContentMap: member("leave")}, withCreate(pl, mem(bob))},
		{"SEL-5 join", builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(bob), Sender: bob, ContentMap: member("join")}, withCreate(pl, mem(bob), jr)},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			res, err := r.build(tt.proto)
			if err != nil {
				t.Fatal(err)
			}
			checkBuilt(t, res, r.v)
			if got := keysOf(res.AuthEvents); !slices.Equal(got, tt.want) {
				t.Errorf("auth events %v, want %v", got, tt.want)
			}
			if tt.proto.Type == event.TypeCreate {
				return
			}
			// A built event is judged the same against its own auth events
			// as against the state it was built from.
			a, b := auth.CheckAuthEvents(res.Event, authList(t, res, r.state)), auth.Check(res.Event, r.state)
			if ruleOf(a) != ruleOf(b) {
				t.Errorf("CheckAuthEvents %v, Check %v", a, b)
			}
			checkReceipt(t, r, res, a)
		})
	}
}

// testRedaction: the target is the top-level redacts (v1–10) or
// content.redacts (v11+, FMT-11-1), from Proto.Redacts either way.
func testRedaction(t *testing.T, r *room) {
	target := r.last.ID()
	res, err := r.build(builder.Proto{Type: event.TypeRedaction, Sender: alice, Redacts: target, Content: []byte(`{"reason":"spam"}`)})
	if err != nil {
		t.Fatal(err)
	}
	checkBuilt(t, res, r.v)
	m := pduMap(t, res.Event)
	top, hasTop := m["redacts"]
	content, _ := m["content"].(map[string]any)
	inContent, hasInContent := content["redacts"]
	if r.v.RedactsInContent {
		if hasTop || inContent != target {
			t.Errorf("v11+: redacts top %v content %v, want content only", top, inContent)
		}
	} else if hasInContent || top != target {
		t.Errorf("v1–10: redacts top %v content %v, want top only", top, inContent)
	}
	if content["reason"] != "spam" {
		t.Errorf("content lost: %s", res.Event.JSON())
	}
	if err := auth.Check(res.Event, r.state); err != nil {
		t.Errorf("redaction by the room admin: %v", err)
	}
}

// TestRestrictedJoin: a join through join_authorised_via_users_server
// lists the authorising user's member event (SEL-7, v8+) and carries the
// authorising server's signature, added with AddSignature (SIG-REQ-4).
func TestRestrictedJoin(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V8(), roomversion.V10(), roomversion.V12()} {
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newRoom(t, v)
			r.add(t, builder.Proto{Type: event.TypeJoinRules, StateKey: builder.StateKey(""), Sender: alice,
				ContentMap: map[string]any{"join_rule": "restricted", "allow": []any{map[string]any{"type": "m.room_membership", "room_id": "!other:a.example"}}}})
			join := builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(carol), Sender: carol,
				ContentMap: map[string]any{"membership": "join", "join_authorised_via_users_server": alice}}
			res, err := r.build(join)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(keysOf(res.AuthEvents), auth.StateKey{Type: event.TypeMember, StateKey: alice}) {
				t.Errorf("SEL-7: authoriser's member event not listed: %v", keysOf(res.AuthEvents))
			}
			keys := ring("a.example", "c.example")
			if err := res.Event.VerifySignatures(keys); err == nil {
				t.Errorf("SIG-REQ-4: join without the authorising server's signature verifies")
			}
			signed, err := builder.AddSignature(res.Event, testKey("a.example"))
			if err != nil {
				t.Fatal(err)
			}
			if signed.ID() != res.Event.ID() {
				t.Errorf("AddSignature changed the ID: %s → %s", res.Event.ID(), signed.ID())
			}
			if err := signed.VerifySignatures(keys); err != nil {
				t.Errorf("SIG-REQ-4: %v", err)
			}
			res.Event = signed
			checkBuilt(t, res, v)
			if err := auth.CheckAuthEvents(signed, authList(t, res, r.state)); err != nil {
				t.Errorf("restricted join authorised by a joined member with invite power: %v", err)
			}
		})
	}
}

// TestNoCreateEvent: a state without a create event is named as such, not
// through FED-1 or AUTHEV-4.
func TestNoCreateEvent(t *testing.T) {
	key := testKey("a.example")
	p := builder.Proto{Type: "m.room.message", Sender: alice, RoomID: "!r:a.example", Depth: 1}
	for _, st := range []auth.State{nil, auth.StateMap{}, auth.StateMap(nil)} {
		_, err := builder.Build(p, roomversion.V10(), st, key)
		if !errorsIs(err, builder.ErrNoCreateEvent) || !strings.Contains(err.Error(), "there is no create event in this state") {
			t.Errorf("state %#v: %v", st, err)
		}
	}
}

// TestAddSignatureRefusesTampered: signing an event whose content hash
// does not match would give it another ID; AddSignature refuses.
func TestAddSignatureRefusesTampered(t *testing.T) {
	r := newRoom(t, roomversion.V10())
	res := r.add(t, builder.Proto{Type: "m.room.message", Sender: bob, ContentMap: map[string]any{"body": "a"}})
	tampered := strings.Replace(res.Event.JSON(), `"body":"a"`, `"body":"b"`, 1)
	ev, err := event.Parse([]byte(tampered), r.v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := builder.AddSignature(ev, testKey("a.example")); err == nil {
		t.Error("AddSignature signed an event with a mismatched content hash")
	}
	if _, err := builder.AddSignature(nil, testKey("a.example")); !fieldIs(err, "event") {
		t.Errorf("nil event: %v", err)
	}
	if _, err := builder.ReferenceHash(nil); err == nil {
		t.Error("ReferenceHash(nil) = nil error")
	}
	if h, err := builder.ReferenceHash(res.Event); err != nil || len(h) != base64.RawStdEncoding.EncodedLen(32) {
		t.Errorf("ReferenceHash = %q, %v", h, err)
	}
}

// TestDeterministicAndPure: the same input gives the same PDU byte for
// byte (no clock, no randomness; Ed25519 signatures are deterministic),
// and Build changes neither the proto nor the state.
func TestDeterministicAndPure(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V1(), roomversion.V12()} {
		r := newRoom(t, v)
		p := r.proto(builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(carol), Sender: bob,
			ContentMap: map[string]any{"membership": "invite", "n": []any{1, "x"}}})
		before := maps.Clone(r.state)
		prev := slices.Clone(p.PrevEvents)
		a, err := builder.Build(p, v, r.state, testKey("b.example"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := builder.Build(p, v, r.state, testKey("b.example"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Event.JSON() != b.Event.JSON() {
			t.Errorf("v%s: two builds differ:\n%s\n%s", v.ID, a.Event.JSON(), b.Event.JSON())
		}
		if !maps.Equal(before, r.state) || !slices.Equal(prev, p.PrevEvents) || p.ContentMap["membership"] != "invite" {
			t.Errorf("v%s: Build changed its input", v.ID)
		}
	}
}

// pduMap decodes an event's JSON text.
func pduMap(t testing.TB, ev *event.Event) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(ev.JSON()), &m); err != nil {
		t.Fatal(err)
	}
	return m
}
