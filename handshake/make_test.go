package handshake_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// matrixErr asserts that err is a *MatrixError with code and returns it.
func matrixErr(t *testing.T, err error, code string) *handshake.MatrixError {
	t.Helper()
	var me *handshake.MatrixError
	require.True(t, errors.As(err, &me), "want *MatrixError %s, got %v", code, err)
	assert.Equal(t, code, me.ErrCode, "message: %s", me.Message)
	return me
}

// rejectedBy asserts that err wraps an *auth.Rejection by rule.
func rejectedBy(t *testing.T, err error, rule auth.RuleID) {
	t.Helper()
	var rej *auth.Rejection
	require.True(t, errors.As(err, &rej), "want a rejection by %s, got %v", rule, err)
	assert.Equal(t, rule, rej.Rule)
}

type templateJSON struct {
	Type       string            `json:"type"`
	RoomID     string            `json:"room_id"`
	Sender     string            `json:"sender"`
	StateKey   *string           `json:"state_key"`
	Content    map[string]any    `json:"content"`
	AuthEvents []string          `json:"auth_events"`
	PrevEvents []string          `json:"prev_events"`
	Depth      int64             `json:"depth"`
	TS         int64             `json:"origin_server_ts"`
	Origin     string            `json:"origin"`
	Hashes     map[string]string `json:"hashes"`
	EventID    *string           `json:"event_id"`
}

func TestMakeKnockTemplate(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")
	req := r.makeReq("6", "7")
	req.ResidentServer = "example.org"
	resp, err := handshake.MakeKnock(req, r.state)
	require.NoError(t, err)
	assert.Equal(t, "7", resp.RoomVersion)

	var tpl templateJSON
	require.NoError(t, json.Unmarshal(resp.Event, &tpl))
	assert.Equal(t, event.TypeMember, tpl.Type)
	assert.Equal(t, roomID, tpl.RoomID)
	assert.Equal(t, bob, tpl.Sender)
	require.NotNil(t, tpl.StateKey)
	assert.Equal(t, bob, *tpl.StateKey)
	assert.Equal(t, map[string]any{"membership": "knock"}, tpl.Content)
	assert.Equal(t, []string{r.last.ID()}, tpl.PrevEvents)
	assert.Equal(t, r.last.Depth()+1, tpl.Depth)
	assert.Equal(t, baseTS+100000, tpl.TS)
	assert.Equal(t, "example.org", tpl.Origin)
	assert.Nil(t, tpl.Hashes, "a template carries no hashes")
	assert.Nil(t, tpl.EventID)
	// SEL: create, power levels, join rules; Bob has no member event yet.
	assert.ElementsMatch(t, []string{
		r.state[auth.StateKey{Type: event.TypeCreate}].ID(),
		r.state[auth.StateKey{Type: event.TypePowerLevels}].ID(),
		r.state[auth.StateKey{Type: event.TypeJoinRules}].ID(),
	}, tpl.AuthEvents)

	body, err := json.Marshal(resp)
	require.NoError(t, err)
	assert.JSONEq(t, `{"room_version":"7","event":`+string(resp.Event)+`}`, string(body))
}

func TestMakeKnockCitesOwnMemberEvent(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")
	knock := r.add(event.TypeMember, bob, bob, map[string]any{"membership": "knock"})
	leave := r.member(bob, bob, event.MembershipLeave)
	resp, err := handshake.MakeKnock(r.makeReq("7"), r.state)
	require.NoError(t, err)
	var tpl templateJSON
	require.NoError(t, json.Unmarshal(resp.Event, &tpl))
	assert.Contains(t, tpl.AuthEvents, leave.ID())
	assert.NotContains(t, tpl.AuthEvents, knock.ID())
	assert.Len(t, tpl.AuthEvents, 4)
}

// TestMakeKnockErrors runs each error path in a v6 and a v7 room. In v6
// every path that gets past the ver check ends at "no knocking in this
// room version" (M_FORBIDDEN), before the join rule or membership is read.
func TestMakeKnockErrors(t *testing.T) {
	type want struct {
		code        string
		roomVersion string
		rule        auth.RuleID
	}
	cases := []struct {
		name     string
		joinRule string
		setup    func(r *testRoom)
		ver      []string
		v7, v6   want
	}{
		{
			name: "ver missing", joinRule: "knock",
			v7: want{code: handshake.ErrCodeMissingParam},
			v6: want{code: handshake.ErrCodeMissingParam},
		},
		{
			name: "room version not in ver", joinRule: "knock", ver: []string{"1", "5"},
			v7: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "7"},
			v6: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "ok", joinRule: "knock", ver: []string{"6", "7"},
			v7: want{},
			v6: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "join rule invite", joinRule: "invite", ver: []string{"6", "7"},
			v7: want{code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock1},
			v6: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "join rule public", joinRule: "public", ver: []string{"6", "7"},
			v7: want{code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock1},
			v6: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "no join rules event (invite, D1)", ver: []string{"6", "7"},
			v7: want{code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock1},
			v6: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "banned", joinRule: "knock", ver: []string{"6", "7"},
			setup: func(r *testRoom) { r.member(alice, bob, event.MembershipBan) },
			v7:    want{code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock4},
			v6:    want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "invited", joinRule: "knock", ver: []string{"6", "7"},
			setup: func(r *testRoom) { r.member(alice, bob, event.MembershipInvite) },
			v7:    want{code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock4},
			v6:    want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
		{
			name: "joined", joinRule: "knock", ver: []string{"6", "7"},
			setup: func(r *testRoom) {
				r.member(alice, bob, event.MembershipInvite)
				if r.v.Knocking {
					r.member(bob, bob, event.MembershipJoin)
				}
			},
			v7: want{code: handshake.ErrCodeForbidden, rule: auth.RuleMemberKnock4},
			v6: want{code: handshake.ErrCodeIncompatibleRoomVersion, roomVersion: "6"},
		},
	}
	for _, c := range cases {
		for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V7()} {
			t.Run(c.name+"/v"+v.ID, func(t *testing.T) {
				w := c.v7
				if v.ID == "6" {
					w = c.v6
				}
				r := newRoom(t, v, c.joinRule)
				if c.setup != nil {
					c.setup(r)
				}
				resp, err := handshake.MakeKnock(r.makeReq(c.ver...), r.state)
				if w.code == "" {
					require.NoError(t, err)
					require.NotNil(t, resp)
					return
				}
				assert.Nil(t, resp)
				me := matrixErr(t, err, w.code)
				assert.Equal(t, w.roomVersion, me.RoomVersion)
				if w.rule != "" {
					rejectedBy(t, err, w.rule)
				}
			})
		}
	}
}

func TestMakeErrorsOnInputs(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")

	req := r.makeReq("7")
	req.RoomID = "!other:example.org"
	_, err := handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeNotFound)

	_, err = handshake.MakeKnock(r.makeReq("7"), auth.StateMap{})
	matrixErr(t, err, handshake.ErrCodeNotFound)

	_, err = handshake.MakeKnock(r.makeReq("7"), nil)
	matrixErr(t, err, handshake.ErrCodeNotFound)

	req = r.makeReq("7")
	req.UserID = "bob"
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeInvalidParam)

	req = r.makeReq("7")
	req.Origin = "example.org"
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeForbidden)

	req = r.makeReq("7")
	req.RoomID = "room"
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeInvalidParam)

	req = r.makeReq("6", "7")
	req.RoomVersion = roomversion.V6()
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeUnknown)

	req = r.makeReq("7")
	req.PrevEvents = nil
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeUnknown)

	req = r.makeReq("7")
	req.Depth = -1
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeUnknown)

	req = r.makeReq("7")
	req.RoomVersion = roomversion.Version{}
	_, err = handshake.MakeKnock(req, r.state)
	matrixErr(t, err, handshake.ErrCodeUnknown)
}

func TestMakeJoin(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V7()} {
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newRoom(t, v, "invite")
			_, err := handshake.MakeJoin(r.makeReq(v.ID), r.state)
			matrixErr(t, err, handshake.ErrCodeForbidden)
			rejectedBy(t, err, auth.RuleMemberJoin6)

			_, err = handshake.MakeJoin(r.makeReq(), r.state)
			me := matrixErr(t, err, handshake.ErrCodeIncompatibleRoomVersion)
			assert.Equal(t, v.ID, me.RoomVersion, "an empty ver means [\"1\"]")

			r.member(alice, bob, event.MembershipInvite)
			resp, err := handshake.MakeJoin(r.makeReq(v.ID), r.state)
			require.NoError(t, err)
			var tpl templateJSON
			require.NoError(t, json.Unmarshal(resp.Event, &tpl))
			assert.Equal(t, map[string]any{"membership": "join"}, tpl.Content)
			assert.Len(t, tpl.AuthEvents, 4, "create, PL, Bob's invite, join rules")
		})
	}
	t.Run("v7 knock room needs an invite", func(t *testing.T) {
		r := newRoom(t, roomversion.V7(), "knock")
		r.add(event.TypeMember, bob, bob, map[string]any{"membership": "knock"})
		_, err := handshake.MakeJoin(r.makeReq("7"), r.state)
		matrixErr(t, err, handshake.ErrCodeForbidden)
		rejectedBy(t, err, auth.RuleMemberJoin6)
		r.member(alice, bob, event.MembershipInvite)
		_, err = handshake.MakeJoin(r.makeReq("7"), r.state)
		require.NoError(t, err)
	})
	t.Run("v1 pairs", func(t *testing.T) {
		r := newRoom(t, roomversion.V1(), "public")
		resp, err := handshake.MakeJoin(r.makeReq(), r.state)
		require.NoError(t, err, "an empty ver means [\"1\"]")
		var tpl struct {
			AuthEvents [][]json.RawMessage `json:"auth_events"`
			PrevEvents [][]json.RawMessage `json:"prev_events"`
		}
		require.NoError(t, json.Unmarshal(resp.Event, &tpl))
		require.Len(t, tpl.PrevEvents, 1)
		h, err := r.last.ReferenceHash()
		require.NoError(t, err)
		assert.JSONEq(t, `["`+r.last.ID()+`",{"sha256":"`+b64(h[:])+`"}]`, `[`+string(tpl.PrevEvents[0][0])+`,`+string(tpl.PrevEvents[0][1])+`]`)
		assert.Len(t, tpl.AuthEvents, 3, "create, PL, join rules")
	})
}

func TestMakeLeave(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")
	_, err := handshake.MakeLeave(r.makeReq(), r.state)
	matrixErr(t, err, handshake.ErrCodeForbidden)
	rejectedBy(t, err, auth.RuleMemberLeave1)

	knock := r.add(event.TypeMember, bob, bob, map[string]any{"membership": "knock"})
	resp, err := handshake.MakeLeave(r.makeReq(), r.state)
	require.NoError(t, err, "v7: a knocking user may leave")
	var tpl templateJSON
	require.NoError(t, json.Unmarshal(resp.Event, &tpl))
	assert.Equal(t, map[string]any{"membership": "leave"}, tpl.Content)
	assert.Contains(t, tpl.AuthEvents, knock.ID())
	assert.NotContains(t, tpl.AuthEvents, r.state[auth.StateKey{Type: event.TypeJoinRules}].ID(), "a leave does not cite join rules")
}

func TestMatrixErrorJSON(t *testing.T) {
	e := &handshake.MatrixError{ErrCode: handshake.ErrCodeIncompatibleRoomVersion, Message: "nope", RoomVersion: "7"}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"errcode":"M_INCOMPATIBLE_ROOM_VERSION","error":"nope","room_version":"7"}`, string(b))
	assert.Equal(t, 400, e.HTTPStatus())

	e = &handshake.MatrixError{ErrCode: handshake.ErrCodeForbidden, Message: "no"}
	b, err = json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"errcode":"M_FORBIDDEN","error":"no"}`, string(b))
	assert.Equal(t, 403, e.HTTPStatus())
	assert.Equal(t, 404, (&handshake.MatrixError{ErrCode: handshake.ErrCodeNotFound}).HTTPStatus())
	assert.Contains(t, e.Error(), "M_FORBIDDEN")
}
