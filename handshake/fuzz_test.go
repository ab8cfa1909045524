package handshake_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/tidwall/gjson"
)

// FuzzValidateTemplate checks that template validation never panics and
// that whatever it accepts is the event asked for.
func FuzzValidateTemplate(f *testing.F) {
	for _, k := range kinds() {
		f.Add(goodResponse(f, k))
	}
	f.Add([]byte(`{"room_version":"7","event":{"content":{"membership":"knock"}}}`))
	f.Add([]byte(`[]`))
	// A v9 restricted join template naming an authorising user.
	r := restrictedRoom(f, roomversion.V9(), "restricted", allowOther, nil, nil, nil)
	resp, err := handshake.MakeJoin(r.joinReq((&allowSpy{answer: true}).fn), r.state)
	if err != nil {
		f.Fatal(err)
	}
	restricted, err := json.Marshal(resp)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(restricted)
	want := wantRequest()
	want.Ver = append(want.Ver, "9")
	f.Fuzz(func(t *testing.T, body []byte) {
		for i, validate := range []func([]byte, handshake.Request) (*handshake.Template, error){
			handshake.ValidateKnockTemplate, handshake.ValidateJoinTemplate, handshake.ValidateLeaveTemplate,
		} {
			membership := []string{"knock", "join", "leave"}[i]
			tpl, err := validate(body, want)
			if err != nil {
				continue
			}
			var ev struct {
				Sender   string         `json:"sender"`
				StateKey string         `json:"state_key"`
				RoomID   string         `json:"room_id"`
				Content  map[string]any `json:"content"`
			}
			if json.Unmarshal(tpl.Event, &ev) != nil || ev.Sender != bob || ev.StateKey != bob || ev.RoomID != roomID {
				t.Fatalf("accepted a template for someone else: %s", tpl.Event)
			}
			// The content says only what was asked: the membership, and for a
			// v8+ join the authorising user, a user ID (D22, D31).
			for k, x := range ev.Content {
				switch {
				case k == "membership" && x == membership:
				case k == "join_authorised_via_users_server" && membership == "join" && tpl.RoomVersion.RestrictedJoinRule:
					if a, ok := x.(string); !ok || serverOf(a) == "" || a[0] != '@' {
						t.Fatalf("accepted an authorising user that is not a user ID: %s", tpl.Event)
					}
				default:
					t.Fatalf("accepted content %q=%v in a %s template: %s", k, x, membership, tpl.Event)
				}
			}
		}
	})
}

// FuzzSendKnock checks that send_knock never panics and only ever accepts
// a knock by the sender for itself (issue 12): an m.room.member knock
// whose state_key is its sender, a user of the requesting server, in the
// room and with the event ID of the request path. Rooms of versions 7, 10
// (knock_restricted) and 12 are fuzzed.
func FuzzSendKnock(f *testing.F) {
	rooms := []*testRoom{
		newRoom(f, roomversion.V7(), "knock"),
		restrictedRoom(f, roomversion.V10(), "knock_restricted", allowOther, nil, nil, nil),
		newRoom(f, roomversion.V12(), "knock"),
	}
	for i, r := range rooms {
		raw, ev := signedKnock(f, r, remote, nil)
		f.Add(uint8(i), raw, ev.ID(), "remote.example")
		raw, ev = signedKnock(f, r, remote, func(ev map[string]any) { ev["state_key"] = "@carol:remote.example" })
		f.Add(uint8(i), raw, ev.ID(), "remote.example")
		raw, ev = signedKnock(f, r, resident, func(ev map[string]any) { ev["sender"] = alice; ev["state_key"] = alice })
		f.Add(uint8(i), raw, ev.ID(), "example.org")
	}
	f.Add(uint8(0), []byte(`{}`), "$x", "remote.example")
	f.Fuzz(func(t *testing.T, which uint8, pdu []byte, eventID, origin string) {
		r := rooms[int(which)%len(rooms)]
		req := handshake.SendKnockRequest{
			RoomVersion: r.v, RoomID: r.id, EventID: eventID, Origin: origin, PDU: pdu,
			Keys: pdutest.Keys(resident, remote),
		}
		res, err := handshake.SendKnock(req, r.state)
		if err != nil {
			return
		}
		ev := res.Event
		m, kind := ev.Membership()
		switch {
		case ev.Type() != event.TypeMember || kind != event.String || m != event.MembershipKnock:
			t.Fatalf("accepted something other than a knock: %s", ev.JSON())
		case !ev.StateKeyEquals(ev.Sender()):
			t.Fatalf("accepted a knock for someone else: %s", ev.JSON())
		case serverOf(ev.Sender()) != origin || origin == "":
			t.Fatalf("accepted a knock by a user of %q from %q", serverOf(ev.Sender()), origin)
		case ev.RoomID() != r.id || ev.ID() != eventID:
			t.Fatalf("accepted a knock for another room or event: %s", ev.JSON())
		}
	})
}

// FuzzMakeJoinAuthoriser checks the authorising user make_join chooses in
// a restricted room (DIGEST-V8-12 §2.4a) over fuzzed power levels,
// memberships, candidates and resident server names: it is never a user
// of another server, never one who is not joined, never one below the
// invite level, always the highest level among the eligible candidates
// (ties to the lowest ID), and M_UNABLE_TO_GRANT_JOIN comes only when no
// candidate is eligible.
func FuzzMakeJoinAuthoriser(f *testing.F) {
	f.Add(uint8(0), int64(50), int64(50), int64(50), int64(100), int64(100), uint8(0), uint8(0), uint8(0xff))
	f.Add(uint8(1), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(0x55), uint8(1), uint8(0))
	f.Add(uint8(2), int64(100), int64(99), int64(100), int64(-5), int64(7), uint8(0x1b), uint8(2), uint8(0x0f))
	f.Add(uint8(2), int64(-1), int64(-2), int64(-1), int64(0), int64(1), uint8(0), uint8(0), uint8(0x80))
	versions := []roomversion.Version{roomversion.V9(), roomversion.V10(), roomversion.V12()}
	servers := []string{"example.org", "elsewhere.example", "", "remote.example"}
	users := []string{carol, dave, erin, frank}
	f.Fuzz(func(t *testing.T, vi uint8, invite, lc, ld, le, lf int64, members, server, mask uint8) {
		v := versions[int(vi)%len(versions)]
		clamp := func(n int64) int64 { return n % roomversion.MaxSafeInteger }
		levels := map[string]any{carol: clamp(lc), dave: clamp(ld), erin: clamp(le), frank: clamp(lf)}
		r := &testRoom{t: t, v: v, id: roomID, state: auth.StateMap{}}
		apply := func(typ, sender, sk string, content map[string]any) {
			r.apply(r.build(typ, sender, sk, content))
		}
		create := map[string]any{"creator": alice, "room_version": v.ID}
		if v.PrivilegedCreators {
			create["additional_creators"] = []any{frank}
		}
		apply(event.TypeCreate, alice, "", create)
		if v.RoomIDFromCreateEvent {
			r.id = event.RoomIDOfCreateEventID(r.last.ID())
		}
		apply(event.TypeMember, alice, alice, map[string]any{"membership": "join"})
		apply(event.TypePowerLevels, alice, "", map[string]any{"users": withAlice(v, levels), "invite": clamp(invite)})
		apply(event.TypeJoinRules, alice, "", map[string]any{"join_rule": "restricted", "allow": allowOther})
		for i, u := range users {
			if m := []string{"join", "invite", "leave", ""}[(members>>(2*i))&3]; m != "" {
				apply(event.TypeMember, u, u, map[string]any{"membership": m})
			}
		}
		req := r.joinReq((&allowSpy{answer: true}).fn)
		req.ResidentServer = servers[int(server)%len(servers)]
		candidates := append([]string{alice}, users...)
		if mask&0x80 == 0 {
			req.AuthorisingUsers = nil
			for i, u := range candidates {
				if mask&(1<<i) != 0 {
					req.AuthorisingUsers = append(req.AuthorisingUsers, u)
				}
			}
			candidates = req.AuthorisingUsers
			if candidates == nil {
				req.AuthorisingUsers = []string{}
			}
		}
		// The oracle: eligible candidates and the best of them.
		inv := auth.IntLevel(clamp(invite))
		best, bestLevel := "", auth.Level{}
		for _, u := range candidates {
			m := r.state[auth.StateKey{Type: event.TypeMember, StateKey: u}]
			if m == nil || serverOf(u) != req.ResidentServer {
				continue
			}
			if ms, _ := m.Membership(); ms != "join" {
				continue
			}
			l, err := auth.UserPowerLevel(r.state, u)
			if err != nil || l.Less(inv) {
				continue
			}
			if best == "" || bestLevel.Less(l) || (l.Compare(bestLevel) == 0 && u < best) {
				best, bestLevel = u, l
			}
		}
		resp, err := handshake.MakeJoin(req, r.state)
		if err != nil {
			var me *handshake.MatrixError
			if !errors.As(err, &me) {
				t.Fatalf("not a *MatrixError: %v", err)
			}
			if me.ErrCode == handshake.ErrCodeUnableToGrantJoin && best != "" {
				t.Fatalf("M_UNABLE_TO_GRANT_JOIN although %s is eligible", best)
			}
			return
		}
		var tpl struct {
			Content map[string]any `json:"content"`
		}
		if err := json.Unmarshal(resp.Event, &tpl); err != nil {
			t.Fatal(err)
		}
		a, _ := tpl.Content["join_authorised_via_users_server"].(string)
		if a == "" {
			t.Fatalf("a restricted join of a non-member without an authorising user: %s", resp.Event)
		}
		if serverOf(a) != req.ResidentServer || req.ResidentServer == "" {
			t.Fatalf("authorising user %s is not of the resident server %q", a, req.ResidentServer)
		}
		if a != best {
			t.Fatalf("chose %s, the oracle chose %s (level %v)", a, best, bestLevel)
		}
	})
}

// FuzzSendJoin checks that send_join never panics and only ever accepts a
// join by its sender for itself, from the sender's server, in the room and
// with the path's event ID; and that a join the resident server is asked
// to sign names a joined user of the resident server with at least the
// invite level (DIGEST-V8-12 §2.4a).
func FuzzSendJoin(f *testing.F) {
	rooms := []*testRoom{
		restrictedRoom(f, roomversion.V9(), "restricted", allowOther, map[string]any{carol: 50}, 50, nil),
		restrictedRoom(f, roomversion.V10(), "knock_restricted", allowOther, nil, nil, nil),
		restrictedRoom(f, roomversion.V12(), "restricted", allowOther, map[string]any{dave: 99}, 100,
			map[string]any{"additional_creators": []any{carol}}),
		restrictedRoom(f, roomversion.V7(), "public", nil, nil, nil, nil),
	}
	for i, r := range rooms {
		raw, id := signedJoin(f, r, r.joinReq((&allowSpy{answer: true}).fn), remote, nil)
		f.Add(uint8(i), raw, id, "remote.example", true)
		raw, id = signedJoin(f, r, r.joinReq((&allowSpy{answer: true}).fn), remote, setKey(dave))
		f.Add(uint8(i), raw, id, "remote.example", true)
		raw, id = signedJoin(f, r, r.joinReq((&allowSpy{answer: true}).fn), remote, func(ev map[string]any) { ev["state_key"] = "@x:remote.example" })
		f.Add(uint8(i), raw, id, "remote.example", false)
	}
	f.Fuzz(func(t *testing.T, which uint8, pdu []byte, eventID, origin string, allowed bool) {
		r := rooms[int(which)%len(rooms)]
		req := joinRequest(r, pdu, eventID, (&allowSpy{answer: allowed}).fn)
		req.Origin = origin
		res, err := handshake.SendJoin(req, r.state)
		if err != nil {
			return
		}
		ev := res.Event
		m, kind := ev.Membership()
		switch {
		case ev.Type() != event.TypeMember || kind != event.String || m != event.MembershipJoin:
			t.Fatalf("accepted something other than a join: %s", ev.JSON())
		case !ev.StateKeyEquals(ev.Sender()):
			t.Fatalf("accepted a join for someone else: %s", ev.JSON())
		case serverOf(ev.Sender()) != origin || origin == "":
			t.Fatalf("accepted a join by a user of %q from %q", serverOf(ev.Sender()), origin)
		case ev.RoomID() != r.id || ev.ID() != eventID:
			t.Fatalf("accepted a join for another room or event: %s", ev.JSON())
		}
		if !res.NeedsSignature {
			if res.Authoriser != "" {
				t.Fatalf("an authoriser %s without a signature to add", res.Authoriser)
			}
			return
		}
		a := res.Authoriser
		if !allowed {
			t.Fatalf("signing for %s although the allow function said no", ev.Sender())
		}
		if serverOf(a) != "example.org" {
			t.Fatalf("asked to vouch for %s, not a user of the resident server", a)
		}
		mem := r.state[auth.StateKey{Type: event.TypeMember, StateKey: a}]
		if mem == nil {
			t.Fatalf("authoriser %s has no member event", a)
		}
		if ms, _ := mem.Membership(); ms != event.MembershipJoin {
			t.Fatalf("authoriser %s is %q, not joined", a, ms)
		}
		lvl, err := auth.UserPowerLevel(r.state, a)
		inv := int64(0)
		if pl := r.state[auth.StateKey{Type: event.TypePowerLevels}]; pl != nil {
			inv = gjson.Get(pl.ContentJSON(), "invite").Int()
		}
		if err != nil || lvl.Less(auth.IntLevel(inv)) {
			t.Fatalf("authoriser %s has level %v, below the invite level %d", a, lvl, inv)
		}
	})
}
