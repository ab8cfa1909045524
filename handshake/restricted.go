package handshake

import (
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// authorisingUserKey is the member-content key naming the authorising user
// of a restricted join (DEF-JAUTH-1, room versions 8+).
const authorisingUserKey = "join_authorised_via_users_server"

// AllowedRoomsFunc answers, for the join of a restricted or knock_restricted
// room, whether userID is joined to at least one of roomIDs: the rooms the
// room's join rules name in allow entries of type m.room_membership, in
// their order and without repeats (DIGEST-V8-12 §2.4a). Only the caller
// knows other rooms, so only it can answer.
//
// It returns false when the user is in none of them, and an error when it
// cannot tell (the resident server is in none of the rooms, a lookup
// failed); the join is then refused with M_FORBIDDEN or
// M_UNABLE_TO_AUTHORISE_JOIN respectively; the error is that
// *MatrixError's cause and is not written into its message. roomIDs is
// the function's to keep.
type AllowedRoomsFunc func(userID string, roomIDs []string) (bool, error)

// restrictedRule reports whether the room's join rule is restricted (with
// RestrictedJoinRule, v8+) or knock_restricted (with
// KnockRestrictedJoinRule, v10+), the rules under which a join may need an
// authorising user (DEF-JR-1, MEMBER-JOIN-R-1..3). A missing join-rules
// event is invite (D1); a non-string rule is none of these.
func restrictedRule(v roomversion.Version, state auth.State) bool {
	jr := joinRuleOf(state)
	return (v.RestrictedJoinRule && jr == "restricted") ||
		(v.KnockRestrictedJoinRule && jr == "knock_restricted")
}

// joinRuleOf returns the join_rule string of the state's join-rules event,
// "invite" without one (D1) and "" when it is not a string.
func joinRuleOf(state auth.State) string {
	ev := state.StateEvent(event.TypeJoinRules, "")
	if ev == nil {
		return "invite"
	}
	r := jsonread.Value(ev.ContentJSON()).First("join_rule")
	if !r.IsString() {
		return ""
	}
	return r.Str()
}

// membershipOf returns the string membership of userID in state, "" when
// there is none or it is not a string.
func membershipOf(state auth.State, userID string) string {
	ev := state.StateEvent(event.TypeMember, userID)
	if ev == nil {
		return ""
	}
	m, kind := ev.Membership()
	if kind != event.String {
		return ""
	}
	return m
}

// allowedRoomIDs returns the room IDs of the join rules' allow entries of
// the form {"type": "m.room_membership", "room_id": <string>}, in order and
// without repeats. Entries of other types or shapes are skipped, and an
// allow that is not an array names no room (§2.4a).
func allowedRoomIDs(state auth.State) []string {
	ev := state.StateEvent(event.TypeJoinRules, "")
	if ev == nil {
		return nil
	}
	allow := jsonread.Value(ev.ContentJSON()).First("allow")
	if !allow.IsArray() {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	allow.Elements(func(entry jsonread.Value) bool {
		if !entry.IsObject() {
			return true
		}
		typ, room := entry.First("type"), entry.First("room_id")
		if !typ.IsString() || typ.Str() != "m.room_membership" || !room.IsString() || seen[room.Str()] {
			return true
		}
		seen[room.Str()] = true
		out = append(out, room.Str())
		return true
	})
	return out
}

// needsAuthoriser decides on the resident server whether the join of
// userID needs an authorising user, and checks the allow conditions when
// it does (DIGEST-V8-12 §2.4a; the auth side is MEMBER-JOIN-R-1..3, D26):
//
//   - a join rule other than restricted / knock_restricted (as the version
//     flags know them): no authorising user; the auth rules decide;
//   - the user is joined or invited (MEMBER-JOIN-R-1), or banned (the rules
//     refuse the join whatever it carries, MEMBER-JOIN-3): none, and allow
//     is not read;
//   - otherwise the user must be in a room allow names, which allowed
//     answers: no such room or a "no" is M_FORBIDDEN, a missing function
//     or an error M_UNABLE_TO_AUTHORISE_JOIN.
func needsAuthoriser(v roomversion.Version, state auth.State, userID string, allowed AllowedRoomsFunc) (bool, error) {
	if !restrictedRule(v, state) {
		return false, nil
	}
	switch membershipOf(state, userID) {
	case event.MembershipJoin, event.MembershipInvite, event.MembershipBan:
		return false, nil
	}
	rooms := allowedRoomIDs(state)
	if len(rooms) == 0 {
		return false, forbidden(nil, "%s is not invited, and the join rules allow no room whose members may join", clip(userID))
	}
	if allowed == nil {
		return false, &MatrixError{ErrCode: ErrCodeUnableToAuthoriseJoin, Message: "this server cannot check membership of the rooms the join rules allow"}
	}
	ok, err := allowed(userID, rooms)
	if err != nil {
		// The caller's error is the cause, not part of the message a remote
		// server reads.
		return false, &MatrixError{ErrCode: ErrCodeUnableToAuthoriseJoin, Message: fmt.Sprintf("this server cannot check whether %s is in a room the join rules allow", clip(userID)), Err: err}
	}
	if !ok {
		return false, forbidden(nil, "%s is not joined to any room the join rules allow", clip(userID))
	}
	return true, nil
}

// authoriserLevel returns the power level of user when user can authorise
// a restricted join on residentServer's behalf (DIGEST-V8-12 §2.4a,
// MEMBER-JOIN-R-2): user is of residentServer (byte-exact server name),
// joined in state, and has a power level (DEF-PL-1; infinite for a v12
// creator) at least the invite level (DEF-PL-2, default 0). ok is false
// otherwise, and when a level it needs cannot be read.
func authoriserLevel(v roomversion.Version, state auth.State, residentServer, user string) (auth.Level, bool) {
	invite, ok := inviteLevel(v, state)
	if !ok {
		return auth.Level{}, false
	}
	return levelAtLeast(state, residentServer, user, invite)
}

// levelAtLeast is [authoriserLevel] with the invite level already read.
func levelAtLeast(state auth.State, residentServer, user string, invite auth.Level) (auth.Level, bool) {
	if residentServer == "" || !isUserID(user) || serverName(user) != residentServer {
		return auth.Level{}, false
	}
	if membershipOf(state, user) != event.MembershipJoin {
		return auth.Level{}, false
	}
	lvl, err := auth.UserPowerLevel(state, user)
	if err != nil {
		return auth.Level{}, false
	}
	if !lvl.AtLeast(invite) {
		return auth.Level{}, false
	}
	return lvl, true
}

// inviteLevel is DEF-PL-2 for invite: content.invite of the power-levels
// event, 0 when there is none or it has no invite key. ok is false for a
// value that is not a power level under v's parsing (DEF-PL-4).
func inviteLevel(v roomversion.Version, state auth.State) (auth.Level, bool) {
	pl := state.StateEvent(event.TypePowerLevels, "")
	if pl == nil {
		return auth.IntLevel(0), true
	}
	r := jsonread.Value(pl.ContentJSON()).First("invite")
	if !r.Exists() {
		return auth.IntLevel(0), true
	}
	n, ok := auth.ParsePowerLevel(string(r), v)
	if !ok {
		return auth.Level{}, false
	}
	return auth.IntLevel(n), true
}

// chooseAuthoriser picks the authorising user of a restricted join on the
// resident server (DIGEST-V8-12 §2.4a): among candidates, the users that
// [authoriserLevel] accepts, the one with the highest power level, ties
// going to the lowest user ID in byte order, so the choice never depends
// on the order of candidates or of a map. candidates nil means every
// member event of state, which only an auth.StateMap can list (M_UNKNOWN
// for any other state). No eligible user is M_UNABLE_TO_GRANT_JOIN.
func chooseAuthoriser(v roomversion.Version, state auth.State, residentServer string, candidates []string) (string, error) {
	if residentServer == "" {
		return "", &MatrixError{ErrCode: ErrCodeUnknown, Message: "the resident server's name (ResidentServer) is needed to choose a local authorising user"}
	}
	if candidates == nil {
		m, ok := state.(auth.StateMap)
		if !ok {
			return "", &MatrixError{ErrCode: ErrCodeUnknown, Message: "this state cannot list its members: AuthorisingUsers must name the candidates for authorising user"}
		}
		for k := range m {
			if k.Type == event.TypeMember {
				candidates = append(candidates, k.StateKey)
			}
		}
	}
	best, bestLevel := "", auth.Level{}
	invite, ok := inviteLevel(v, state)
	for _, u := range candidates {
		if !ok {
			break // an invite level that is not a number: nobody qualifies
		}
		l, eligible := levelAtLeast(state, residentServer, u, invite)
		if !eligible {
			continue
		}
		if best == "" || bestLevel.Less(l) || (l.Compare(bestLevel) == 0 && u < best) {
			best, bestLevel = u, l
		}
	}
	if best == "" {
		return "", &MatrixError{ErrCode: ErrCodeUnableToGrantJoin, Message: fmt.Sprintf("no user of %s in the room may invite, so this server cannot authorise the join; try another server in the room", clip(residentServer))}
	}
	return best, nil
}
