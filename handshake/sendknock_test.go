package handshake_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// signedKnock runs make_knock in r, lets mutate change the template as a
// (possibly misbehaving) requesting server would, and signs it as signer.
func signedKnock(t testing.TB, r *testRoom, signer pdutest.Signer, mutate func(ev map[string]any)) ([]byte, *event.Event) {
	t.Helper()
	resp, err := handshake.MakeKnock(r.makeReq(r.v.ID), r.state)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(resp.Event))
	dec.UseNumber()
	var ev map[string]any
	require.NoError(t, dec.Decode(&ev))
	if mutate != nil {
		mutate(ev)
	}
	raw, parsed, err := pdutest.Build(r.v, ev, signer)
	require.NoError(t, err)
	return raw, parsed
}

func knockRequest(r *testRoom, raw []byte, ev *event.Event) handshake.SendKnockRequest {
	return handshake.SendKnockRequest{
		RoomVersion: r.v, RoomID: r.id, EventID: ev.ID(), Origin: "remote.example", PDU: raw,
		Keys: pdutest.Keys(resident, remote),
	}
}

func TestSendKnockAccepts(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")
	r.add("m.room.name", alice, "", map[string]any{"name": "Knock knock"})
	raw, ev := signedKnock(t, r, remote, func(ev map[string]any) {
		ev["content"].(map[string]any)["reason"] = "let me in"
	})
	req := knockRequest(r, raw, ev)
	authEvents := make([]*event.Event, 0, 3)
	for _, id := range ev.AuthEventIDs() {
		for _, s := range r.state {
			if s.ID() == id {
				authEvents = append(authEvents, s)
			}
		}
	}
	req.AuthEvents = authEvents
	res, err := handshake.SendKnock(req, r.state)
	require.NoError(t, err)
	assert.Equal(t, ev.ID(), res.Event.ID())
	assert.Equal(t, "let me in", gjson.Get(res.Event.ContentJSON(), "reason").String())

	body, err := json.Marshal(res)
	require.NoError(t, err)
	assert.JSONEq(t, `{"knock_room_state":[
		{"type":"m.room.create","state_key":"","sender":"@alice:example.org","content":{"creator":"@alice:example.org","room_version":"7"}},
		{"type":"m.room.name","state_key":"","sender":"@alice:example.org","content":{"name":"Knock knock"}},
		{"type":"m.room.join_rules","state_key":"","sender":"@alice:example.org","content":{"join_rule":"knock"}}
	]}`, string(body))
}

func TestSendKnockRedactsOnHashMismatch(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")
	raw, ev := signedKnock(t, r, remote, func(ev map[string]any) {
		ev["content"].(map[string]any)["reason"] = "original"
	})
	// Changing the reason breaks the content hash but not the signature,
	// which covers the redacted event only (HASH-C-4). The event ID is
	// computed from the redacted form as well, so it is unchanged.
	tampered := bytes.Replace(raw, []byte(`"original"`), []byte(`"tampered"`), 1)
	res, err := handshake.SendKnock(knockRequest(r, tampered, ev), r.state)
	require.NoError(t, err)
	assert.False(t, gjson.Get(res.Event.ContentJSON(), "reason").Exists(), "the redacted knock is kept")
	m, _ := res.Event.Membership()
	assert.Equal(t, "knock", m)
}

func TestSendKnockErrors(t *testing.T) {
	carol := pdutest.NewSigner("carol.example")
	cases := []struct {
		name   string
		v      roomversion.Version
		setup  func(r *testRoom)
		mutate func(ev map[string]any)
		signer *pdutest.Signer
		req    func(req *handshake.SendKnockRequest, r *testRoom)
		code   string
		rule   auth.RuleID
	}{
		{name: "room version without knocking", v: roomversion.V6(), code: handshake.ErrCodeIncompatibleRoomVersion},
		{name: "not JSON", req: func(q *handshake.SendKnockRequest, _ *testRoom) { q.PDU = []byte("{") }, code: handshake.ErrCodeBadJSON},
		{name: "event_id in a v7 PDU", req: func(q *handshake.SendKnockRequest, _ *testRoom) {
			q.PDU = append([]byte(`{"event_id":"$x",`), q.PDU[1:]...)
		}, code: handshake.ErrCodeBadJSON},
		{name: "room in the path differs", req: func(q *handshake.SendKnockRequest, _ *testRoom) { q.RoomID = "!other:example.org" }, code: handshake.ErrCodeNotFound},
		{name: "room in the event differs", mutate: func(ev map[string]any) { ev["room_id"] = "!other:example.org" }, code: handshake.ErrCodeBadJSON},
		{name: "event ID differs from the path", req: func(q *handshake.SendKnockRequest, _ *testRoom) { q.EventID = "$other" }, code: handshake.ErrCodeBadJSON},
		{name: "not a member event", mutate: func(ev map[string]any) { ev["type"] = "m.room.message"; delete(ev, "state_key") }, code: handshake.ErrCodeBadJSON},
		{name: "membership join", mutate: func(ev map[string]any) { ev["content"] = map[string]any{"membership": "join"} }, code: handshake.ErrCodeBadJSON},
		{name: "state_key differs from sender", mutate: func(ev map[string]any) { ev["state_key"] = "@dave:remote.example" }, code: handshake.ErrCodeBadJSON},
		{name: "sender of another server", req: func(q *handshake.SendKnockRequest, _ *testRoom) { q.Origin = "carol.example" }, code: handshake.ErrCodeForbidden},
		{name: "bad signature", signer: &carol, req: func(q *handshake.SendKnockRequest, _ *testRoom) {
			q.Keys = pdutest.Keys(resident, remote)
		}, code: handshake.ErrCodeForbidden},
		{name: "banned since the template", req: func(q *handshake.SendKnockRequest, r *testRoom) {
			r.member(alice, bob, event.MembershipBan)
		}, code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock4},
		{name: "join rule changed since the template", req: func(q *handshake.SendKnockRequest, r *testRoom) {
			r.add(event.TypeJoinRules, alice, "", map[string]any{"join_rule": "invite"})
		}, code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock1},
		{name: "auth events without join rules (EDGE-H09)", req: func(q *handshake.SendKnockRequest, r *testRoom) {
			q.AuthEvents = []*event.Event{
				r.state[auth.StateKey{Type: event.TypeCreate}],
				r.state[auth.StateKey{Type: event.TypePowerLevels}],
			}
		}, code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock1},
		{name: "auth events with an extra entry", req: func(q *handshake.SendKnockRequest, r *testRoom) {
			q.AuthEvents = []*event.Event{
				r.state[auth.StateKey{Type: event.TypeCreate}],
				r.state[auth.StateKey{Type: event.TypeJoinRules}],
				r.state[auth.StateKey{Type: event.TypeMember, StateKey: alice}],
			}
		}, code: handshake.ErrCodeForbidden, rule: auth.RuleAuthEv2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := c.v
			if v.ID == "" {
				v = roomversion.V7()
			}
			r := newRoom(t, roomversion.V7(), "knock")
			if c.setup != nil {
				c.setup(r)
			}
			signer := remote
			if c.signer != nil {
				signer = *c.signer
			}
			raw, ev := signedKnock(t, r, signer, c.mutate)
			req := knockRequest(r, raw, ev)
			req.RoomVersion = v
			if v.ID == "6" {
				// The same knock, in a v6 room.
				r = newRoom(t, v, "knock")
			}
			if c.req != nil {
				c.req(&req, r)
			}
			res, err := handshake.SendKnock(req, r.state)
			assert.Nil(t, res)
			matrixErr(t, err, c.code)
			if c.rule != "" {
				rejectedBy(t, err, c.rule)
			}
		})
	}
}
