package handshake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type templateKind struct {
	membership string
	validate   func([]byte, handshake.Request) (*handshake.Template, error)
	setup      func(r *testRoom)
}

func kinds() []templateKind {
	return []templateKind{
		{
			membership: "knock",
			validate:   handshake.ValidateKnockTemplate,
		},
		{
			membership: "join",
			validate:   handshake.ValidateJoinTemplate,
			setup:      func(r *testRoom) { r.member(alice, bob, event.MembershipInvite) },
		},
		{
			membership: "leave",
			validate:   handshake.ValidateLeaveTemplate,
			setup:      func(r *testRoom) { r.add(event.TypeMember, bob, bob, map[string]any{"membership": "knock"}) },
		},
	}
}

// goodResponse returns a genuine make_* response body for bob in a v7
// knock room.
func goodResponse(t testing.TB, k templateKind) []byte {
	t.Helper()
	r := newRoom(t, roomversion.V7(), "knock")
	if k.setup != nil {
		k.setup(r)
	}
	var resp *handshake.MakeResponse
	var err error
	switch k.membership {
	case "knock":
		resp, err = handshake.MakeKnock(r.makeReq("7"), r.state)
	case "join":
		resp, err = handshake.MakeJoin(r.makeReq("7"), r.state)
	case "leave":
		resp, err = handshake.MakeLeave(r.makeReq(), r.state)
	}
	require.NoError(t, err)
	body, err := json.Marshal(resp)
	require.NoError(t, err)
	return body
}

// edit decodes body, applies f to the response object and its event, and
// re-encodes it.
func edit(t testing.TB, body []byte, f func(resp, ev map[string]any)) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var resp map[string]any
	require.NoError(t, dec.Decode(&resp))
	ev, _ := resp["event"].(map[string]any)
	f(resp, ev)
	out, err := json.Marshal(resp)
	require.NoError(t, err)
	return out
}

func wantRequest() handshake.Request {
	return handshake.Request{RoomID: roomID, UserID: bob, Ver: []string{"6", "7"}}
}

func TestValidateGenuineTemplates(t *testing.T) {
	for _, k := range kinds() {
		t.Run(k.membership, func(t *testing.T) {
			body := goodResponse(t, k)
			tpl, err := k.validate(body, wantRequest())
			require.NoError(t, err)
			assert.Equal(t, "7", tpl.RoomVersion.ID)
			var resp handshake.MakeResponse
			require.NoError(t, json.Unmarshal(body, &resp))
			assert.JSONEq(t, string(resp.Event), string(tpl.Event))

			want := wantRequest()
			want.RoomVersion = "7"
			_, err = k.validate(body, want)
			require.NoError(t, err)

			// hashes, signatures and unsigned left in by a resident server
			// are tolerated and dropped.
			withExtras := edit(t, body, func(_, ev map[string]any) {
				ev["hashes"] = map[string]any{"sha256": "abc"}
				ev["signatures"] = map[string]any{"example.org": map[string]any{"ed25519:1": "sig"}}
				ev["unsigned"] = map[string]any{"age": 5}
			})
			tpl, err = k.validate(withExtras, wantRequest())
			require.NoError(t, err)
			assert.JSONEq(t, string(resp.Event), string(tpl.Event))
		})
	}
}

func TestValidateRefusesForgedTemplates(t *testing.T) {
	other := map[string]string{"knock": "join", "join": "leave", "leave": "ban"}
	for _, k := range kinds() {
		body := goodResponse(t, k)
		cases := []struct {
			name  string
			body  []byte
			want  func(*handshake.Request)
			field string
		}{
			{"wrong membership", edit(t, body, func(_, ev map[string]any) {
				ev["content"] = map[string]any{"membership": other[k.membership]}
			}), nil, "event.content.membership"},
			{"membership not a string", edit(t, body, func(_, ev map[string]any) {
				ev["content"] = map[string]any{"membership": 5}
			}), nil, "event.content.membership"},
			{"membership missing", edit(t, body, func(_, ev map[string]any) {
				ev["content"] = map[string]any{}
			}), nil, "event.content.membership"},
			{"extra content", edit(t, body, func(_, ev map[string]any) {
				ev["content"].(map[string]any)["displayname"] = "Mallory"
			}), nil, "event.content.displayname"},
			{"other user's state_key", edit(t, body, func(_, ev map[string]any) {
				ev["state_key"] = "@carol:remote.example"
			}), nil, "event.state_key"},
			{"other sender", edit(t, body, func(_, ev map[string]any) {
				ev["sender"] = "@mallory:example.org"
			}), nil, "event.sender"},
			{"other room", edit(t, body, func(_, ev map[string]any) {
				ev["room_id"] = "!other:example.org"
			}), nil, "event.room_id"},
			{"wrong type", edit(t, body, func(_, ev map[string]any) {
				ev["type"] = "m.room.power_levels"
			}), nil, "event.type"},
			{"unsupported room version", edit(t, body, func(resp, _ map[string]any) {
				resp["room_version"] = "99"
			}), func(r *handshake.Request) { r.Ver = nil }, "room_version"},
			{"room version not requested", body, func(r *handshake.Request) { r.Ver = []string{"5", "6"} }, "room_version"},
			{"mismatched room version", body, func(r *handshake.Request) { r.RoomVersion = "6" }, "room_version"},
			{"room version not a string", edit(t, body, func(resp, _ map[string]any) {
				resp["room_version"] = 7
			}), nil, "room_version"},
			{"event_id in v3+", edit(t, body, func(_, ev map[string]any) {
				ev["event_id"] = "$forged"
			}), nil, "event.event_id"},
			{"unknown member", edit(t, body, func(_, ev map[string]any) {
				ev["redacts"] = "$x"
			}), nil, "event.redacts"},
			{"negative depth", edit(t, body, func(_, ev map[string]any) {
				ev["depth"] = -1
			}), nil, "event.depth"},
			{"auth_events in the v1 format", edit(t, body, func(_, ev map[string]any) {
				ev["auth_events"] = []any{[]any{"$a", map[string]any{"sha256": "x"}}}
			}), nil, "event.auth_events"},
			{"event not an object", edit(t, body, func(resp, _ map[string]any) {
				resp["event"] = "x"
			}), nil, "event"},
			{"duplicate key", []byte(strings.Replace(string(body), `"sender":`, `"sender":"@bob:remote.example","sender":`, 1)), nil, ""},
			{"not JSON", []byte(`{"room_version":`), nil, ""},
		}
		for _, m := range []string{"type", "room_id", "sender", "state_key", "content", "auth_events", "prev_events", "depth", "origin_server_ts"} {
			cases = append(cases, struct {
				name  string
				body  []byte
				want  func(*handshake.Request)
				field string
			}{"missing " + m, edit(t, body, func(_, ev map[string]any) { delete(ev, m) }), nil, "event." + m})
		}
		for _, c := range cases {
			t.Run(k.membership+"/"+c.name, func(t *testing.T) {
				want := wantRequest()
				if c.want != nil {
					c.want(&want)
				}
				tpl, err := k.validate(c.body, want)
				assert.Nil(t, tpl)
				var te *handshake.TemplateError
				require.True(t, errors.As(err, &te), "want *TemplateError, got %v", err)
				assert.Equal(t, c.field, te.Field, "%v", err)
				assert.Contains(t, err.Error(), "template refused")
			})
		}
	}
}

func TestValidateKnockVersionRules(t *testing.T) {
	body := goodResponse(t, kinds()[0])
	v6 := edit(t, body, func(resp, _ map[string]any) { resp["room_version"] = "6" })
	_, err := handshake.ValidateKnockTemplate(v6, wantRequest())
	var te *handshake.TemplateError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "room_version", te.Field)
	assert.Contains(t, te.Reason, "knocking")

	noVersion := edit(t, body, func(resp, _ map[string]any) { delete(resp, "room_version") })
	_, err = handshake.ValidateKnockTemplate(noVersion, wantRequest())
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "room_version", te.Field)

	// make_join without room_version means version 1, whose event format
	// a v7 template does not have.
	join := goodResponse(t, kinds()[1])
	noVersion = edit(t, join, func(resp, _ map[string]any) { delete(resp, "room_version") })
	_, err = handshake.ValidateJoinTemplate(noVersion, handshake.Request{RoomID: roomID, UserID: bob})
	require.True(t, errors.As(err, &te))
	assert.True(t, strings.HasPrefix(te.Field, "event"), te.Field)

	_, err = handshake.ValidateJoinTemplate(join, handshake.Request{RoomID: roomID})
	require.True(t, errors.As(err, &te))
}

func TestValidateV1JoinTemplate(t *testing.T) {
	r := newRoom(t, roomversion.V1(), "public")
	resp, err := handshake.MakeJoin(r.makeReq("1"), r.state)
	require.NoError(t, err)
	body, err := json.Marshal(resp)
	require.NoError(t, err)
	// A v1 template may carry the resident server's event_id; it is
	// dropped, as the requesting server names its own event.
	body = edit(t, body, func(_, ev map[string]any) { ev["event_id"] = "$resident:example.org" })
	tpl, err := handshake.ValidateJoinTemplate(body, handshake.Request{RoomID: roomID, UserID: bob, Ver: []string{"1"}})
	require.NoError(t, err)
	assert.NotContains(t, string(tpl.Event), "event_id")
	assert.Equal(t, "1", tpl.RoomVersion.ID)
}
