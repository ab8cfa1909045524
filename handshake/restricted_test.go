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

const (
	carol = "@carol:example.org"
	dave  = "@dave:example.org"
	frank = "@frank:example.org"
	erin  = "@erin:elsewhere.example" // joined with PL 100, not on the resident server
)

// allowSpy is an AllowedRoomsFunc that records its calls.
type allowSpy struct {
	answer bool
	err    error
	calls  int
	user   string
	rooms  []string
}

func (s *allowSpy) fn(user string, rooms []string) (bool, error) {
	s.calls++
	s.user, s.rooms = user, rooms
	return s.answer, s.err
}

// withAlice returns users with Alice at 100, except in v12 where Alice is
// the creator and may not be listed (PL-1b).
func withAlice(v roomversion.Version, users map[string]any) map[string]any {
	out := map[string]any{}
	for k, x := range users {
		out[k] = x
	}
	if !v.PrivilegedCreators {
		out[alice] = 100
	}
	return out
}

// restrictedRoom builds a room of version v where carol, dave (local) and
// erin (elsewhere.example) joined while it was public, with power levels
// users (plus Alice) and invite level invite (nil: no invite key), create
// content extra, and then join rule rule with the given allow value
// (nil: no allow key).
func restrictedRoom(t testing.TB, v roomversion.Version, rule string, allow any, users map[string]any, invite any, create map[string]any) *testRoom {
	t.Helper()
	pl := map[string]any{"users": withAlice(v, users)}
	if invite != nil {
		pl["invite"] = invite
	}
	r := newRoomWith(t, v, "public", create, pl)
	for _, u := range []string{carol, dave, erin} {
		r.member(u, u, event.MembershipJoin)
	}
	jr := map[string]any{"join_rule": rule}
	if allow != nil {
		jr["allow"] = allow
	}
	r.add(event.TypeJoinRules, alice, "", jr)
	return r
}

// allowOther is an allow list naming one other room.
var allowOther = []any{map[string]any{"type": "m.room_membership", "room_id": "!other:example.org"}}

// joinReq is a make_join request for bob from the resident server
// example.org, with allowed as the allow function.
func (r *testRoom) joinReq(allowed handshake.AllowedRoomsFunc) handshake.MakeRequest {
	req := r.makeReq(r.v.ID)
	req.ResidentServer = "example.org"
	req.AllowedRooms = allowed
	return req
}

// TestMakeJoinRestricted covers the resident server's side of restricted
// and knock_restricted joins (DIGEST-V8-12 §2.4a, MEMBER-JOIN-R-1..3,
// DEF-JR-1, DEF-PL-1, DECISIONS D26): who needs an authorising user, how
// allow is read and asked about, which user is chosen, and the errors.
func TestMakeJoinRestricted(t *testing.T) {
	v9, v10, v12 := roomversion.V9(), roomversion.V10(), roomversion.V12()
	type tc struct {
		name     string
		v        roomversion.Version
		rule     string
		allow    any
		users    map[string]any
		invite   any
		create   map[string]any
		setup    func(r *testRoom)
		req      func(req *handshake.MakeRequest)
		answer   bool
		allowErr error
		noFunc   bool

		code       string      // "" for success
		rule2      auth.RuleID // the auth rejection behind M_FORBIDDEN, if any
		authoriser string      // "" for a template without the key
		calls      int         // calls of the allow function
		rooms      []string    // what it was asked, when called
	}
	fiftyFifty := map[string]any{carol: 50, dave: 50, erin: 100}
	cases := []tc{
		{name: "2.4a/EDGE-R1 a member of an allowed room gets the local user with the highest level",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, invite: 50, answer: true,
			authoriser: alice, calls: 1, rooms: []string{"!other:example.org"}},
		{name: "2.4a power tie goes to the lowest user ID",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, invite: 50, answer: true,
			req:        func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{dave, erin, carol} },
			authoriser: carol, calls: 1},
		{name: "2.4a power tie does not depend on candidate order",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, invite: 50, answer: true,
			req:        func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{carol, dave} },
			authoriser: carol, calls: 1},
		{name: "2.4a a user of another server never authorises",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, invite: 50, answer: true,
			req:  func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{erin} },
			code: handshake.ErrCodeUnableToGrantJoin, calls: 1},
		{name: "2.4a the caller's server name decides who is local",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, invite: 50, answer: true,
			req:        func(q *handshake.MakeRequest) { q.ResidentServer = "elsewhere.example" },
			authoriser: erin, calls: 1},
		{name: "2.4a/EDGE-R4 users below the invite level cannot authorise",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, invite: 75, answer: true,
			req:  func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{carol, dave} },
			code: handshake.ErrCodeUnableToGrantJoin, calls: 1},
		{name: "2.4a/EDGE-R4 with the default invite level any joined local user can authorise",
			v: v9, rule: "restricted", allow: allowOther, answer: true,
			req:        func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{dave} },
			authoriser: dave, calls: 1},
		{name: "2.4a/EDGE-R3 an invited user cannot authorise, whatever its level",
			v: v9, rule: "restricted", allow: allowOther, users: map[string]any{frank: 100}, answer: true,
			setup: func(r *testRoom) { r.member(alice, frank, event.MembershipInvite) },
			req:   func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{frank} },
			code:  handshake.ErrCodeUnableToGrantJoin, calls: 1},
		{name: "2.4a/EDGE-R3 a user who left cannot authorise",
			v: v9, rule: "restricted", allow: allowOther, users: fiftyFifty, answer: true,
			setup: func(r *testRoom) { r.member(carol, carol, event.MembershipLeave) },
			req:   func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{carol} },
			code:  handshake.ErrCodeUnableToGrantJoin, calls: 1},
		{name: "DEF-PL-4 a stringy invite level (v9) is read as a number",
			v: v9, rule: "restricted", allow: allowOther, users: map[string]any{carol: "50", dave: 49}, invite: "50", answer: true,
			req:        func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{dave, carol} },
			authoriser: carol, calls: 1},
		{name: "DEF-PL-4 an invite level that is not a number: nobody can authorise",
			v: v9, rule: "restricted", allow: allowOther, answer: true,
			setup: func(r *testRoom) {
				r.apply(r.build(event.TypePowerLevels, alice, "", map[string]any{"users": withAlice(r.v, nil), "invite": "fifty"}))
			},
			code: handshake.ErrCodeUnableToGrantJoin, calls: 1},
		{name: "MEMBER-JOIN-R-1 an invited user needs no authorising user and allow is not asked",
			v: v9, rule: "restricted", allow: allowOther,
			setup: func(r *testRoom) { r.member(alice, bob, event.MembershipInvite) }},
		{name: "MEMBER-JOIN-R-1 a joined user's profile update needs no authorising user",
			v: v9, rule: "restricted", allow: allowOther,
			setup: func(r *testRoom) {
				r.add(event.TypeJoinRules, alice, "", map[string]any{"join_rule": "public"})
				r.member(bob, bob, event.MembershipJoin)
				r.add(event.TypeJoinRules, alice, "", map[string]any{"join_rule": "restricted", "allow": allowOther})
			}},
		{name: "MEMBER-JOIN-3 a banned user is refused and allow is not asked",
			v: v9, rule: "restricted", allow: allowOther, answer: true,
			setup: func(r *testRoom) { r.member(alice, bob, event.MembershipBan) },
			code:  handshake.ErrCodeForbidden, rule2: auth.RuleMemberJoin3},
		{name: "2.4a the allow function says no",
			v: v9, rule: "restricted", allow: allowOther, answer: false,
			code: handshake.ErrCodeForbidden, calls: 1},
		{name: "2.4a the allow function cannot tell",
			v: v9, rule: "restricted", allow: allowOther, allowErr: errors.New("not in !other"),
			code: handshake.ErrCodeUnableToAuthoriseJoin, calls: 1},
		{name: "2.4a no allow function",
			v: v9, rule: "restricted", allow: allowOther, noFunc: true,
			code: handshake.ErrCodeUnableToAuthoriseJoin},
		{name: "2.4a allow entries of other types and shapes are skipped, repeats dropped",
			v: v9, rule: "restricted", answer: true, authoriser: alice, calls: 1,
			allow: []any{
				map[string]any{"type": "m.room_membership", "room_id": "!a:x"},
				map[string]any{"type": "m.space_membership", "room_id": "!s:x"},
				map[string]any{"type": "m.room_membership", "room_id": 5},
				map[string]any{"type": "m.room_membership"},
				"!c:x", 7, nil,
				map[string]any{"type": "m.room_membership", "room_id": "!a:x"},
				map[string]any{"type": "m.room_membership", "room_id": "!b:x", "via": []any{"x"}},
			},
			rooms: []string{"!a:x", "!b:x"}},
		{name: "2.4a an allow that is not an array names no room",
			v: v9, rule: "restricted", allow: map[string]any{"type": "m.room_membership", "room_id": "!a:x"}, answer: true,
			code: handshake.ErrCodeForbidden},
		{name: "2.4a no allow key: only invited users can join",
			v: v9, rule: "restricted", answer: true, code: handshake.ErrCodeForbidden},
		{name: "2.4a without the resident server's name no authoriser can be chosen",
			v: v9, rule: "restricted", allow: allowOther, answer: true,
			req:  func(q *handshake.MakeRequest) { q.ResidentServer = "" },
			code: handshake.ErrCodeUnknown, calls: 1},
		{name: "DEF-JR-1/EDGE-KR2 knock_restricted (v10) needs an authorising user",
			v: v10, rule: "knock_restricted", allow: allowOther, answer: true, authoriser: alice, calls: 1},
		{name: "DEF-JR-1/EDGE-KR3 knock_restricted is an unknown rule in v9",
			v: v9, rule: "knock_restricted", allow: allowOther, answer: true, code: handshake.ErrCodeForbidden},
		{name: "DEF-JR-1/EDGE-KR3 knock_restricted is an unknown rule in v8",
			v: roomversion.V8(), rule: "knock_restricted", allow: allowOther, answer: true, code: handshake.ErrCodeForbidden},
		{name: "DEF-JR-1/EDGE-R12 restricted is an unknown rule in v7",
			v: roomversion.V7(), rule: "restricted", allow: allowOther, answer: true, code: handshake.ErrCodeForbidden},
		{name: "DEF-PL-1/EDGE-R21 v12 an additional creator authorises with infinite power",
			v: v12, rule: "restricted", allow: allowOther, answer: true, calls: 1,
			create: map[string]any{"additional_creators": []any{carol}}, users: map[string]any{dave: 99}, invite: 100,
			req:        func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{dave, carol} },
			authoriser: carol},
		{name: "DEF-PL-1/EDGE-V12-C8 v12 a creator outranks the largest integer level",
			v: v12, rule: "restricted", allow: allowOther, answer: true, calls: 1,
			create: map[string]any{"additional_creators": []any{carol}}, users: map[string]any{dave: int64(roomversion.MaxSafeInteger)},
			req:        func(q *handshake.MakeRequest) { q.AuthorisingUsers = []string{dave, carol} },
			authoriser: carol},
		{name: "DEF-PL-1/EDGE-V12-C4 v12 two creators tie: the lowest user ID",
			v: v12, rule: "restricted", allow: allowOther, answer: true, calls: 1,
			create: map[string]any{"additional_creators": []any{carol}}, invite: 100,
			authoriser: alice},
		{name: "DEF-PL-1 v12 knock_restricted with a creator as the only candidate",
			v: v12, rule: "knock_restricted", allow: allowOther, answer: true, calls: 1, invite: 100,
			users:      map[string]any{carol: 99, dave: 99},
			authoriser: alice},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := restrictedRoom(t, c.v, c.rule, c.allow, c.users, c.invite, c.create)
			if c.setup != nil {
				c.setup(r)
			}
			spy := &allowSpy{answer: c.answer, err: c.allowErr}
			fn := spy.fn
			if c.noFunc {
				fn = nil
			}
			req := r.joinReq(fn)
			if c.req != nil {
				c.req(&req)
			}
			resp, err := handshake.MakeJoin(req, r.state)
			assert.Equal(t, c.calls, spy.calls, "calls of the allow function")
			if c.calls > 0 {
				assert.Equal(t, bob, spy.user)
			}
			if c.rooms != nil {
				assert.Equal(t, c.rooms, spy.rooms)
			}
			if c.code != "" {
				require.Error(t, err)
				matrixErr(t, err, c.code)
				if c.rule2 != "" {
					rejectedBy(t, err, c.rule2)
				}
				return
			}
			require.NoError(t, err)
			var tpl templateJSON
			require.NoError(t, json.Unmarshal(resp.Event, &tpl))
			if c.authoriser == "" {
				assert.Equal(t, map[string]any{"membership": "join"}, tpl.Content)
				return
			}
			assert.Equal(t, map[string]any{"membership": "join", "join_authorised_via_users_server": c.authoriser}, tpl.Content)
			// SEL-7: the authorising user's member event is listed.
			assert.Contains(t, tpl.AuthEvents, r.state[auth.StateKey{Type: event.TypeMember, StateKey: c.authoriser}].ID())
		})
	}
}

// TestMakeKnockRestrictedVersions: M_INCOMPATIBLE_ROOM_VERSION follows the
// flags (Knocking, KnockRestrictedJoinRule); under knock_restricted (v10+)
// a knock is judged by MEMBER-KNOCK-1 and needs no authorising user.
func TestMakeKnockRestrictedVersions(t *testing.T) {
	cases := []struct {
		name  string
		v     roomversion.Version
		rule  string
		code  string
		rule2 auth.RuleID
	}{
		{"EDGE-KR1 knock_restricted in v10 can be knocked on", roomversion.V10(), "knock_restricted", "", ""},
		{"EDGE-KR1 knock_restricted in v12 can be knocked on", roomversion.V12(), "knock_restricted", "", ""},
		{"EDGE-KR1 knock_restricted in v9 is not a rule of the version", roomversion.V9(), "knock_restricted", handshake.ErrCodeIncompatibleRoomVersion, ""},
		{"EDGE-KR1 knock_restricted in v8 is not a rule of the version", roomversion.V8(), "knock_restricted", handshake.ErrCodeIncompatibleRoomVersion, ""},
		{"EDGE-KR1 knock_restricted in v7 is not a rule of the version", roomversion.V7(), "knock_restricted", handshake.ErrCodeIncompatibleRoomVersion, ""},
		{"MEMBER-KNOCK-1/EDGE-R20 restricted cannot be knocked on", roomversion.V9(), "restricted", handshake.ErrCodeForbidden, auth.RuleMemberKnock1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := restrictedRoom(t, c.v, c.rule, allowOther, nil, nil, nil)
			resp, err := handshake.MakeKnock(r.makeReq(c.v.ID), r.state)
			if c.code == "" {
				require.NoError(t, err)
				var tpl templateJSON
				require.NoError(t, json.Unmarshal(resp.Event, &tpl))
				assert.Equal(t, map[string]any{"membership": "knock"}, tpl.Content)
				return
			}
			me := matrixErr(t, err, c.code)
			if c.code == handshake.ErrCodeIncompatibleRoomVersion {
				assert.Equal(t, c.v.ID, me.RoomVersion)
			}
			if c.rule2 != "" {
				rejectedBy(t, err, c.rule2)
			}
		})
	}
}

// listOnly is a State that cannot list its members.
type listOnly struct{ auth.StateMap }

// TestMakeJoinCandidatesOfAnyState: a State other than auth.StateMap
// cannot be listed, so the candidates must be given.
func TestMakeJoinCandidatesOfAnyState(t *testing.T) {
	r := restrictedRoom(t, roomversion.V9(), "restricted", allowOther, nil, nil, nil)
	req := r.joinReq((&allowSpy{answer: true}).fn)
	_, err := handshake.MakeJoin(req, listOnly{r.state})
	matrixErr(t, err, handshake.ErrCodeUnknown)
	req.AuthorisingUsers = []string{dave}
	resp, err := handshake.MakeJoin(req, listOnly{r.state})
	require.NoError(t, err)
	var tpl templateJSON
	require.NoError(t, json.Unmarshal(resp.Event, &tpl))
	assert.Equal(t, dave, tpl.Content["join_authorised_via_users_server"])
}

// TestRestrictedErrorCodes: the two new codes are 400s carrying no
// room_version, usable with errors.As.
func TestRestrictedErrorCodes(t *testing.T) {
	r := restrictedRoom(t, roomversion.V9(), "restricted", allowOther, map[string]any{carol: 0}, 50, nil)
	spy := &allowSpy{err: errors.New("boom")}
	_, err := handshake.MakeJoin(r.joinReq(spy.fn), r.state)
	me := matrixErr(t, err, handshake.ErrCodeUnableToAuthoriseJoin)
	assert.Equal(t, 400, me.HTTPStatus())
	assert.ErrorIs(t, err, spy.err, "the allow function's error is the cause")
	b, _ := json.Marshal(me)
	assert.Contains(t, string(b), `"errcode":"M_UNABLE_TO_AUTHORISE_JOIN"`)

	req := r.joinReq((&allowSpy{answer: true}).fn)
	req.AuthorisingUsers = []string{carol}
	_, err = handshake.MakeJoin(req, r.state)
	me = matrixErr(t, err, handshake.ErrCodeUnableToGrantJoin)
	assert.Equal(t, 400, me.HTTPStatus())
}
