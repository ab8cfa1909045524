package builder_test

import (
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

const (
	dave = "@dave:d.example"
	eve  = "@eve:e.example"
)

var (
	fuzzUsers       = []string{alice, bob, carol, dave, eve}
	fuzzMemberships = []string{"join", "invite", "leave", "ban", "knock", "", "bogus"}
	fuzzJoinRules   = []string{"public", "invite", "knock", "restricted", "knock_restricted", "private"}
	fuzzTypes       = []string{"m.room.message", event.TypeMember, event.TypePowerLevels, "m.room.topic",
		event.TypeJoinRules, event.TypeRedaction, event.TypeCreate, event.TypeThirdPartyInvite, event.TypeAliases, ""}
)

// fuzzRoom is a room with members in every membership: alice (creator,
// joined), bob (joined, level 50), carol (invited), dave (banned), eve
// (knocking where the version and join rule allow it), a third-party
// invite with token "tok", under the given join rule.
func fuzzRoom(t testing.TB, v roomversion.Version, joinRule string) *room {
	r := newRoom(t, v)
	r.add(t, builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(carol), Sender: alice, ContentMap: member("invite")})
	r.add(t, builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(dave), Sender: alice, ContentMap: member("ban")})
	r.add(t, builder.Proto{Type: event.TypeThirdPartyInvite, StateKey: builder.StateKey("tok"), Sender: alice,
		ContentMap: map[string]any{"display_name": "f...", "key_validity_url": "https://id.example/v", "public_key": "AAAA"}})
	r.add(t, builder.Proto{Type: "m.room.topic", StateKey: builder.StateKey(""), Sender: bob, ContentMap: map[string]any{"topic": "t"}})
	jr := map[string]any{"join_rule": joinRule}
	if joinRule == "restricted" || joinRule == "knock_restricted" {
		jr["allow"] = []any{map[string]any{"type": "m.room_membership", "room_id": "!other:a.example"}}
	}
	if res, err := r.build(builder.Proto{Type: event.TypeJoinRules, StateKey: builder.StateKey(""), Sender: alice, ContentMap: jr}); err == nil {
		r.apply(res) // applied whatever the verdict: the room is only a backdrop
	} else {
		t.Fatal(err)
	}
	if v.Knocking {
		if res, err := r.build(builder.Proto{Type: event.TypeMember, StateKey: builder.StateKey(eve), Sender: eve, ContentMap: member("knock")}); err == nil && auth.Check(res.Event, r.state) == nil {
			r.apply(res)
		}
	}
	return r
}

type roomKey struct {
	v  string
	jr string
}

// FuzzBuild builds random protos in generated rooms of every version and
// asserts that a built event passes its own checks: it parses with the
// same ID, also after a JSON round trip; its signature verifies with the
// public key; its content hash is valid; it lists only selected auth
// events, never the v12 create event; and CheckAuthEvents against its auth
// events (with the implied v12 create event) decides as Check against the
// state it was built from, by the same rule; and the receipt pipeline,
// given the PDU's bytes, refuses it at no step before the auth events and
// otherwise decides as CheckAuthEvents does. Input that cannot be built
// must be refused with a *FieldError.
func FuzzBuild(f *testing.F) {
	for vi := range 12 {
		for ti := range fuzzTypes {
			f.Add(uint8(vi), uint8(ti), uint8(vi+ti), uint8(ti), uint8(vi), uint8(vi%6), "x", vi%3 == 0, false)
		}
	}
	f.Add(uint8(7), uint8(1), uint8(2), uint8(2), uint8(0), uint8(3), "", false, true)      // restricted join via alice
	f.Add(uint8(11), uint8(1), uint8(4), uint8(4), uint8(4), uint8(2), "", false, true)     // v12 knock
	f.Add(uint8(5), uint8(1), uint8(0), uint8(2), uint8(15), uint8(1), "tok", false, false) // SEL-6 invite with a token
	f.Add(uint8(2), uint8(0), uint8(1), uint8(0), uint8(0), uint8(0), `{"a":1.5}`, false, false)
	f.Add(uint8(10), uint8(5), uint8(0), uint8(0), uint8(0), uint8(0), `{"redacts":"$x"}`, false, true)

	versions := roomversion.Supported()
	rooms := map[roomKey]*room{}
	f.Fuzz(func(t *testing.T, vi, ti, si, ki, mi, ji uint8, text string, raw, extra bool) {
		v := versions[int(vi)%len(versions)]
		jr := fuzzJoinRules[int(ji)%len(fuzzJoinRules)]
		r := rooms[roomKey{v.ID, jr}]
		if r == nil {
			r = fuzzRoom(t, v, jr)
			rooms[roomKey{v.ID, jr}] = r
		}
		p := fuzzProto(r, ti, si, ki, mi, text, raw, extra)
		res, err := builder.Build(p, v, r.state, testKey(domain(p.Sender)))
		if err != nil {
			var fe *builder.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Build refused %+v with %T %v, not a *FieldError", p, err, err)
			}
			return
		}
		if via, ok := p.ContentMap["join_authorised_via_users_server"].(string); ok && v.RestrictedJoinRule {
			// SIG-REQ-4: the authorising server signs the join too.
			if res.Event, err = builder.AddSignature(res.Event, testKey(domain(via))); err != nil {
				t.Fatal(err)
			}
		}
		checkBuilt(t, res, v)
		if p.Type != event.TypeCreate {
			sel := auth.SelectAuthEvents(res.Event, nil)
			for _, k := range keysOf(res.AuthEvents) {
				found := false
				for _, s := range sel {
					found = found || s == k
				}
				if !found {
					t.Fatalf("listed %v, which selection %v does not pick", k, sel)
				}
			}
		}
		a := auth.CheckAuthEvents(res.Event, authList(t, res, r.state))
		b := auth.Check(res.Event, r.state)
		if ruleOf(a) != ruleOf(b) {
			t.Fatalf("%s\nCheckAuthEvents: %v\nCheck: %v", res.Event.JSON(), a, b)
		}
		checkReceipt(t, r, res, a)
	})
}

// fuzzProto makes a proto of the room from the fuzz arguments.
func fuzzProto(r *room, ti, si, ki, mi uint8, text string, raw, extra bool) builder.Proto {
	p := builder.Proto{
		Type:           fuzzTypes[int(ti)%len(fuzzTypes)],
		Sender:         fuzzUsers[int(si)%len(fuzzUsers)],
		RoomID:         r.id,
		PrevEvents:     []string{r.last.ID()},
		Depth:          r.last.Depth() + 1,
		OriginServerTS: 1_800_000_000_000 + int64(len(text)),
	}
	if p.Type == "" {
		p.Type = text
	}
	if r.v.EventFormat == roomversion.FormatV1 {
		h, _ := builder.ReferenceHash(r.last)
		p.PrevEventHashes = map[string]string{r.last.ID(): h}
		p.EventIDLocalpart = "f" + string(rune('a'+ki%26))
	}
	target := fuzzUsers[int(ki)%len(fuzzUsers)]
	content := map[string]any{"x": text}
	switch p.Type {
	case event.TypeMember:
		p.StateKey = builder.StateKey(target)
		if m := fuzzMemberships[int(mi)%len(fuzzMemberships)]; m != "" {
			content["membership"] = m
		}
		if extra {
			content["join_authorised_via_users_server"] = fuzzUsers[int(mi/7)%len(fuzzUsers)]
		}
		if mi%5 == 0 {
			content["third_party_invite"] = map[string]any{"signed": map[string]any{"token": text}}
		}
	case event.TypePowerLevels:
		p.StateKey = builder.StateKey("")
		content = powerContent(r.v)
		content["ban"] = int(mi) - 20
		if extra {
			content["users"].(map[string]any)[target] = int(ki)
		}
	case event.TypeJoinRules:
		p.StateKey = builder.StateKey("")
		content["join_rule"] = fuzzJoinRules[int(mi)%len(fuzzJoinRules)]
	case event.TypeRedaction:
		p.Redacts = r.last.ID()
		if extra {
			p.Redacts = text
		}
	case event.TypeCreate:
		p.StateKey = builder.StateKey("")
		if extra {
			p.StateKey = builder.StateKey(text)
		}
		content = createContent(r.v)
		if r.v.RoomIDFromCreateEvent && *p.StateKey == "" {
			p.RoomID, p.PrevEvents, p.Depth = "", nil, 1
		}
	default:
		if extra {
			p.StateKey = builder.StateKey(text)
		}
	}
	if raw {
		p.Content = []byte(text)
	} else {
		p.ContentMap = content
	}
	return p
}
