package handshake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signedJoin runs make_join for bob in r with req, checks the template as
// the joining server does, lets mutate change it as a (possibly
// misbehaving) joining server would, and signs it as signer.
func signedJoin(t testing.TB, r *testRoom, req handshake.MakeRequest, signer pdutest.Signer, mutate func(ev map[string]any)) ([]byte, string) {
	t.Helper()
	resp, err := handshake.MakeJoin(req, r.state)
	require.NoError(t, err)
	body, err := json.Marshal(resp)
	require.NoError(t, err)
	tpl, err := handshake.ValidateJoinTemplate(body, handshake.Request{
		RoomID: r.id, UserID: bob, Ver: []string{r.v.ID}, ResidentServer: "example.org",
	})
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(tpl.Event))
	dec.UseNumber()
	var ev map[string]any
	require.NoError(t, dec.Decode(&ev))
	if mutate != nil {
		mutate(ev)
	}
	fields, err := pdutest.Marshal(ev)
	require.NoError(t, err)
	raw, err := pdutest.Sign(fields, r.v, signer)
	require.NoError(t, err)
	id, err := event.ComputeEventID(raw, r.v)
	if err != nil {
		// A PDU the event package refuses (D31 values): send_join must
		// refuse it at parsing, before it looks at the ID.
		id = "$unparsable"
	}
	return raw, id
}

func joinRequest(r *testRoom, raw []byte, id string, allowed handshake.AllowedRoomsFunc) handshake.SendJoinRequest {
	return handshake.SendJoinRequest{
		RoomVersion: r.v, RoomID: r.id, EventID: id, Origin: "remote.example", PDU: raw,
		Keys: pdutest.Keys(resident, remote), ResidentServer: "example.org", AllowedRooms: allowed,
	}
}

func setKey(value any) func(ev map[string]any) {
	return func(ev map[string]any) { ev["content"].(map[string]any)["join_authorised_via_users_server"] = value }
}

// TestSendJoin covers send_join on the resident server: the shape of the
// join, the authorising user it must carry exactly when needed
// (DIGEST-V8-12 §2.4a, MEMBER-JOIN-R-1/-2, DEF-JAUTH-1, D31), the allow
// conditions checked again, and signatures (SIG-2, SIG-REQ-4).
func TestSendJoin(t *testing.T) {
	v9 := roomversion.V9()
	restricted := func(t *testing.T, v roomversion.Version) *testRoom {
		return restrictedRoom(t, v, "restricted", allowOther, map[string]any{carol: 50}, 50, nil)
	}
	cases := []struct {
		name   string
		room   func(t *testing.T) *testRoom
		setup  func(r *testRoom) // before make_join
		after  func(r *testRoom) // between make_join and send_join
		mutate func(ev map[string]any)
		signer *pdutest.Signer
		req    func(q *handshake.SendJoinRequest)
		answer bool
		err    error
		tamper bool
		code   string
		rule   auth.RuleID
		signBy string // the authorising user when accepted, "" when nothing to sign
		asked  int
	}{
		{name: "2.4a/SIG-REQ-4 a restricted join is accepted, for the resident server to sign",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, signBy: alice, asked: 2},
		{name: "2.4a/EDGE-KR2 a knock_restricted join (v10) likewise",
			room: func(t *testing.T) *testRoom {
				return restrictedRoom(t, roomversion.V10(), "knock_restricted", allowOther, nil, nil, nil)
			}, answer: true, signBy: alice, asked: 2},
		{name: "2.4a/EDGE-R21 v12 a creator authorises",
			room: func(t *testing.T) *testRoom {
				return restrictedRoom(t, roomversion.V12(), "restricted", allowOther, map[string]any{dave: 99}, 100,
					map[string]any{"additional_creators": []any{carol}})
			}, answer: true, signBy: alice, asked: 2},
		{name: "MEMBER-JOIN-R-1 an invited user's join has nothing to sign",
			room:  func(t *testing.T) *testRoom { return restricted(t, v9) },
			setup: func(r *testRoom) { r.member(alice, bob, event.MembershipInvite) }},
		{name: "MEMBER-JOIN-R-2/EDGE-R2 the authorising user is missing where needed",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			mutate: func(ev map[string]any) { delete(ev["content"].(map[string]any), "join_authorised_via_users_server") },
			code:   handshake.ErrCodeForbidden, rule: auth.RuleMemberJoinR2},
		{name: "2.4a an authorising user where none is needed (invited since make_join)",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			after: func(r *testRoom) { r.member(alice, bob, event.MembershipInvite) },
			code:  handshake.ErrCodeBadJSON},
		{name: "2.4a/EDGE-R13 an authorising user in a public room",
			room:   func(t *testing.T) *testRoom { return restrictedRoom(t, v9, "public", allowOther, nil, nil, nil) },
			mutate: setKey(alice), code: handshake.ErrCodeBadJSON},
		{name: "2.4a an authorising user of another server",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			mutate: setKey(erin), code: handshake.ErrCodeForbidden},
		{name: "DEF-JAUTH-1/D31 an authorising user that is not a user ID",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			mutate: setKey("alice"), code: handshake.ErrCodeBadJSON},
		{name: "DEF-JAUTH-1/D31 an authorising user that is not a string",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			mutate: setKey(5), code: handshake.ErrCodeBadJSON},
		{name: "MEMBER-JOIN-R-2/EDGE-R4 an authorising user below the invite level",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			mutate: setKey(dave), code: handshake.ErrCodeForbidden, rule: auth.RuleMemberJoinR2},
		{name: "2.4a the allow function says no at send_join",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 2,
			after: func(r *testRoom) {}, req: func(q *handshake.SendJoinRequest) {
				q.AllowedRooms = func(string, []string) (bool, error) { return false, nil }
			}, code: handshake.ErrCodeForbidden},
		{name: "2.4a the allow function fails at send_join",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			req: func(q *handshake.SendJoinRequest) {
				q.AllowedRooms = func(string, []string) (bool, error) { return false, errors.New("lookup failed") }
			}, code: handshake.ErrCodeUnableToAuthoriseJoin},
		{name: "2.4a without the resident server's name",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			req: func(q *handshake.SendJoinRequest) { q.ResidentServer = "" }, code: handshake.ErrCodeUnknown},
		{name: "HASH-C-4 a join to sign whose content hash does not match",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			mutate: func(ev map[string]any) { ev["content"].(map[string]any)["displayname"] = "original" },
			tamper: true, code: handshake.ErrCodeBadJSON},
		{name: "SIG-2 the joining server did not sign",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			signer: &resident, code: handshake.ErrCodeForbidden},
		{name: "SIG-2 the joining server's signature is checked for an unrestricted join too",
			room:   func(t *testing.T) *testRoom { return restrictedRoom(t, v9, "public", nil, nil, nil, nil) },
			signer: &resident, code: handshake.ErrCodeForbidden},
		{name: "a sender of another server than the requesting one",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			req: func(q *handshake.SendJoinRequest) { q.Origin = "third.example" }, code: handshake.ErrCodeForbidden},
		{name: "the event ID of the path",
			room: func(t *testing.T) *testRoom { return restricted(t, v9) }, answer: true, asked: 1,
			req: func(q *handshake.SendJoinRequest) { q.EventID = "$other" }, code: handshake.ErrCodeBadJSON},
		{name: "MEMBER-JOIN-2 a join for someone else",
			room:   func(t *testing.T) *testRoom { return restrictedRoom(t, v9, "public", nil, nil, nil, nil) },
			mutate: func(ev map[string]any) { ev["state_key"] = "@mallory:remote.example" }, code: handshake.ErrCodeBadJSON},
		{name: "not a join",
			room:   func(t *testing.T) *testRoom { return restrictedRoom(t, v9, "public", nil, nil, nil, nil) },
			mutate: func(ev map[string]any) { ev["content"] = map[string]any{"membership": "leave"} }, code: handshake.ErrCodeBadJSON},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.room(t)
			if c.setup != nil {
				c.setup(r)
			}
			spy := &allowSpy{answer: c.answer, err: c.err}
			signer := remote
			if c.signer != nil {
				signer = *c.signer
			}
			raw, id := signedJoin(t, r, r.joinReq(spy.fn), signer, c.mutate)
			if c.tamper {
				raw = bytes.Replace(raw, []byte(`"original"`), []byte(`"tampered"`), 1)
			}
			if c.after != nil {
				c.after(r)
			}
			req := joinRequest(r, raw, id, spy.fn)
			if c.req != nil {
				c.req(&req)
			}
			res, err := handshake.SendJoin(req, r.state)
			if c.code != "" {
				matrixErr(t, err, c.code)
				if c.rule != "" {
					rejectedBy(t, err, c.rule)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.asked, spy.calls, "make_join and send_join both ask about allowed rooms")
			assert.Equal(t, id, res.Event.ID())
			assert.Equal(t, c.signBy, res.Authoriser)
			assert.Equal(t, c.signBy != "", res.NeedsSignature)
			keys := pdutest.Keys(resident, remote)
			final := res.Event
			if res.NeedsSignature {
				// The caller signs as the resident server; ID and hash stay.
				signed, err := event.Sign(res.PDU, r.v, "example.org", pdutest.KeyID, resident.Priv)
				require.NoError(t, err)
				final, err = event.Parse(signed, r.v)
				require.NoError(t, err)
				assert.Equal(t, id, final.ID())
				assert.Contains(t, final.RequiredSigners(), "example.org", "SIG-REQ-4 (event package)")
				assert.Error(t, res.Event.VerifySignatures(keys), "unsigned by the resident server, the join is incomplete")
			}
			require.NoError(t, final.VerifySignatures(keys))
			require.NoError(t, auth.Check(final, r.state))
		})
	}
}
