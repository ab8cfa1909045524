package handshake_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// restrictedJoinResponse is a genuine make_join response of a v9
// restricted room, whose template names Alice as authorising user.
func restrictedJoinResponse(t *testing.T, v roomversion.Version) []byte {
	t.Helper()
	r := restrictedRoom(t, v, "restricted", allowOther, nil, nil, nil)
	resp, err := handshake.MakeJoin(r.joinReq((&allowSpy{answer: true}).fn), r.state)
	require.NoError(t, err)
	body, err := json.Marshal(resp)
	require.NoError(t, err)
	return body
}

// TestValidateJoinTemplateAuthoriser: the requesting server's check of
// the authorising user in a join template (DEF-JAUTH-1, D31, §2.4a).
func TestValidateJoinTemplateAuthoriser(t *testing.T) {
	want := handshake.Request{RoomID: roomID, UserID: bob, Ver: []string{"9"}, ResidentServer: "example.org"}
	body := restrictedJoinResponse(t, roomversion.V9())
	tpl, err := handshake.ValidateJoinTemplate(body, want)
	require.NoError(t, err)
	var ev templateJSON
	require.NoError(t, json.Unmarshal(tpl.Event, &ev))
	assert.Equal(t, alice, ev.Content["join_authorised_via_users_server"], "the validated template keeps the key")

	anyServer := want
	anyServer.ResidentServer = ""
	_, err = handshake.ValidateJoinTemplate(edit(t, body, func(_, ev map[string]any) {
		ev["content"].(map[string]any)["join_authorised_via_users_server"] = erin
	}), anyServer)
	assert.NoError(t, err, "without ResidentServer any user ID is taken")

	const field = "event.content.join_authorised_via_users_server"
	cases := []struct {
		name  string
		body  []byte
		want  handshake.Request
		field string
	}{
		{"DEF-JAUTH-1/D31 not a string", edit(t, body, func(_, ev map[string]any) {
			ev["content"].(map[string]any)["join_authorised_via_users_server"] = 5
		}), want, field},
		{"DEF-JAUTH-1/D31 not a user ID", edit(t, body, func(_, ev map[string]any) {
			ev["content"].(map[string]any)["join_authorised_via_users_server"] = "alice"
		}), want, field},
		{"DEF-JAUTH-1/D31 null", edit(t, body, func(_, ev map[string]any) {
			ev["content"].(map[string]any)["join_authorised_via_users_server"] = nil
		}), want, field},
		{"2.4a a user of another server than the one asked", edit(t, body, func(_, ev map[string]any) {
			ev["content"].(map[string]any)["join_authorised_via_users_server"] = erin
		}), want, field},
		{"EDGE-R12 the key in a v7 join template means nothing and is refused", edit(t, body, func(resp, _ map[string]any) {
			resp["room_version"] = "7"
		}), handshake.Request{RoomID: roomID, UserID: bob, Ver: []string{"7"}}, field},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := handshake.ValidateJoinTemplate(c.body, c.want)
			var te *handshake.TemplateError
			require.True(t, errors.As(err, &te), "want *TemplateError, got %v", err)
			assert.Equal(t, c.field, te.Field, "%v", err)
		})
	}

	// D22: on a knock or leave the key has no effect, and a template that
	// carries it is not the event asked for.
	for _, k := range kinds() {
		if k.membership == "join" {
			continue
		}
		r := newRoom(t, roomversion.V10(), "knock")
		if k.setup != nil {
			k.setup(r)
		}
		var resp *handshake.MakeResponse
		if k.membership == "knock" {
			resp, err = handshake.MakeKnock(r.makeReq("10"), r.state)
		} else {
			resp, err = handshake.MakeLeave(r.makeReq(), r.state)
		}
		require.NoError(t, err)
		b, err := json.Marshal(resp)
		require.NoError(t, err)
		b = edit(t, b, func(_, ev map[string]any) {
			ev["content"].(map[string]any)["join_authorised_via_users_server"] = alice
		})
		_, err = k.validate(b, handshake.Request{RoomID: roomID, UserID: bob, Ver: []string{"10"}})
		var te *handshake.TemplateError
		require.True(t, errors.As(err, &te), "%s: want *TemplateError, got %v", k.membership, err)
		assert.Equal(t, field, te.Field)
	}
}

// TestV12Templates: make_knock, make_join and make_leave in a v12 room
// (SEL-1: no create event in auth_events; FMT-12-4: the room ID is "!"
// and the create event's ID), and their validation on the requesting
// server.
func TestV12Templates(t *testing.T) {
	v := roomversion.V12()
	r := newRoom(t, v, "knock")
	create := r.state[auth.StateKey{Type: event.TypeCreate}]
	require.Equal(t, event.RoomIDOfCreateEventID(create.ID()), r.id)

	check := func(t *testing.T, resp *handshake.MakeResponse, validate func([]byte, handshake.Request) (*handshake.Template, error)) {
		t.Helper()
		var tpl templateJSON
		require.NoError(t, json.Unmarshal(resp.Event, &tpl))
		assert.Equal(t, "12", resp.RoomVersion)
		assert.Equal(t, r.id, tpl.RoomID)
		assert.NotContains(t, tpl.AuthEvents, create.ID(), "SEL-1 (v12): the create event is implied by room_id")
		assert.Contains(t, tpl.AuthEvents, r.state[auth.StateKey{Type: event.TypePowerLevels}].ID())
		body, err := json.Marshal(resp)
		require.NoError(t, err)
		got, err := validate(body, handshake.Request{RoomID: r.id, UserID: bob, Ver: []string{"11", "12"}})
		require.NoError(t, err, "the requesting server takes a v12 template")
		assert.Equal(t, "12", got.RoomVersion.ID)

		// FMT-12-4: a v12 template for a room ID with a domain, and a v11
		// one for a derived room ID, are refused.
		forged := edit(t, body, func(_, ev map[string]any) { ev["room_id"] = roomID })
		_, err = validate(forged, handshake.Request{RoomID: roomID, UserID: bob})
		var te *handshake.TemplateError
		require.True(t, errors.As(err, &te), "want *TemplateError, got %v", err)
		assert.Equal(t, "room_version", te.Field)
		v11 := edit(t, body, func(resp, _ map[string]any) { resp["room_version"] = "11" })
		_, err = validate(v11, handshake.Request{RoomID: r.id, UserID: bob})
		require.True(t, errors.As(err, &te), "want *TemplateError, got %v", err)
		assert.Equal(t, "room_version", te.Field)
	}
	t.Run("SEL-1/ROOMID-1 make_knock", func(t *testing.T) {
		resp, err := handshake.MakeKnock(r.makeReq("12"), r.state)
		require.NoError(t, err)
		check(t, resp, handshake.ValidateKnockTemplate)
	})
	t.Run("SEL-1/ROOMID-1 make_join", func(t *testing.T) {
		r := newRoom(t, v, "public")
		resp, err := handshake.MakeJoin(r.makeReq("12"), r.state)
		require.NoError(t, err)
		var tpl templateJSON
		require.NoError(t, json.Unmarshal(resp.Event, &tpl))
		assert.NotContains(t, tpl.AuthEvents, r.state[auth.StateKey{Type: event.TypeCreate}].ID())
		assert.Len(t, tpl.AuthEvents, 2, "power levels and join rules; bob has no member event")
	})
	t.Run("SEL-1/ROOMID-1 make_leave", func(t *testing.T) {
		r := newRoom(t, v, "knock")
		r.add(event.TypeMember, bob, bob, map[string]any{"membership": "knock"})
		resp, err := handshake.MakeLeave(r.makeReq(), r.state)
		require.NoError(t, err)
		var tpl templateJSON
		require.NoError(t, json.Unmarshal(resp.Event, &tpl))
		assert.Equal(t, r.id, tpl.RoomID)
		assert.NotContains(t, tpl.AuthEvents, r.state[auth.StateKey{Type: event.TypeCreate}].ID())
	})
	t.Run("FMT-12-4 a room ID with a domain is not a v12 room ID", func(t *testing.T) {
		req := r.makeReq("12")
		req.RoomID = "!room:example.org"
		_, err := handshake.MakeKnock(req, r.state)
		matrixErr(t, err, handshake.ErrCodeInvalidParam)
	})
	t.Run("FMT-12-4 a v12 room ID is not a room ID of v11", func(t *testing.T) {
		r11 := newRoom(t, roomversion.V11(), "knock")
		req := r11.makeReq("11")
		req.RoomID = r.id
		_, err := handshake.MakeKnock(req, r11.state)
		matrixErr(t, err, handshake.ErrCodeInvalidParam)
	})
	t.Run("ROOMID-1 a room ID naming another create event is not this room", func(t *testing.T) {
		req := r.makeReq("12")
		req.RoomID = "!" + strings.Repeat("A", 43)
		_, err := handshake.MakeKnock(req, r.state)
		matrixErr(t, err, handshake.ErrCodeNotFound)
	})
	t.Run("SEL-1 send_knock in v12", func(t *testing.T) {
		raw, ev := signedKnock(t, r, remote, nil)
		res, err := handshake.SendKnock(knockRequest(r, raw, ev), r.state)
		require.NoError(t, err)
		assert.Equal(t, event.TypeCreate, res.KnockRoomState[0].Type, "stripped state starts with the create event")
	})
}

// TestStrippedStateV8to12: stripped state covers the new join rules and,
// in v12, carries the create event from which a client learns the
// creators.
func TestStrippedStateV8to12(t *testing.T) {
	r := restrictedRoom(t, roomversion.V12(), "knock_restricted", allowOther, nil, nil,
		map[string]any{"additional_creators": []any{carol}})
	got := handshake.StrippedState(r.state)
	require.NotEmpty(t, got)
	assert.Equal(t, event.TypeCreate, got[0].Type)
	var create struct {
		RoomVersion        string   `json:"room_version"`
		AdditionalCreators []string `json:"additional_creators"`
	}
	require.NoError(t, json.Unmarshal(got[0].Content, &create))
	assert.Equal(t, "12", create.RoomVersion)
	assert.Equal(t, []string{carol}, create.AdditionalCreators)
	assert.Equal(t, alice, got[0].Sender, "the create event's sender is a creator")
	b, err := json.Marshal(got[0])
	require.NoError(t, err)
	assert.NotContains(t, string(b), "room_id", "a v12 create has no room_id, and stripped state none either")

	var jr *handshake.StrippedEvent
	for i := range got {
		if got[i].Type == event.TypeJoinRules {
			jr = &got[i]
		}
	}
	require.NotNil(t, jr)
	assert.JSONEq(t, `{"join_rule":"knock_restricted","allow":[{"type":"m.room_membership","room_id":"!other:example.org"}]}`, string(jr.Content))
}

// TestDirectoryV8to12: the directory's join_rule and room_version for the
// new rules and versions.
func TestDirectoryV8to12(t *testing.T) {
	for _, c := range []struct {
		v    roomversion.Version
		rule string
	}{
		{roomversion.V8(), "restricted"},
		{roomversion.V10(), "knock_restricted"},
		{roomversion.V11(), "restricted"},
		{roomversion.V12(), "knock_restricted"},
		{roomversion.V12(), "public"},
	} {
		r := restrictedRoom(t, c.v, c.rule, allowOther, nil, nil, nil)
		assert.Equal(t, c.rule, handshake.PublicRoomJoinRule(r.state), "v%s", c.v.ID)
		assert.Equal(t, c.v.ID, handshake.PublicRoomVersion(r.state))
	}
	assert.Equal(t, "", handshake.PublicRoomVersion(nil))
	assert.Equal(t, "", handshake.PublicRoomVersion(auth.StateMap{}))
	// CREATE-3: a create event without room_version is version 1.
	r := newRoom(t, roomversion.V1(), "public")
	noVersion := r.build(event.TypeCreate, alice, "", map[string]any{"creator": alice})
	assert.Equal(t, "1", handshake.PublicRoomVersion(auth.StateMap{{Type: event.TypeCreate}: noVersion}))
}

// TestSendKnockKnockRestrictedVersions: send_knock follows the same flags
// as make_knock (Knocking, KnockRestrictedJoinRule).
func TestSendKnockKnockRestrictedVersions(t *testing.T) {
	for _, c := range []struct {
		v    roomversion.Version
		code string
	}{
		{roomversion.V8(), handshake.ErrCodeIncompatibleRoomVersion},
		{roomversion.V9(), handshake.ErrCodeIncompatibleRoomVersion},
		{roomversion.V10(), ""},
		{roomversion.V11(), ""},
		{roomversion.V12(), ""},
	} {
		t.Run("EDGE-KR1 v"+c.v.ID, func(t *testing.T) {
			r := restrictedRoom(t, c.v, "knock_restricted", allowOther, nil, nil, nil)
			ev := r.build(event.TypeMember, bob, bob, map[string]any{"membership": "knock"})
			res, err := handshake.SendKnock(knockRequest(r, []byte(ev.JSON()), ev), r.state)
			if c.code != "" {
				me := matrixErr(t, err, c.code)
				assert.Equal(t, c.v.ID, me.RoomVersion)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, ev.ID(), res.Event.ID())
		})
	}
}
