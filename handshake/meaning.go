package handshake

import (
	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/jsonread"
)

// DescribeMembership says what the member event ev means to a user reading
// the room, given the target's membership before it (prev, "" when the
// target had no member event, which the m.room.member schema reads as
// leave): "knocked", "knock accepted", "knock retracted", "knock denied",
// "re-knocked", "invite declined", "kicked", and so on.
//
// The meaning is the auth package's transition table (auth.Transition,
// DIGEST §4.1 corrected by §4.2), so where the spec's interpretation table
// and the rules disagree the rules win: invite→knock is illegal and
// knock→join (a public room) is a join. The result is auth.MeaningIllegal
// when the rules of ev's room version can never allow the change (a knock
// in versions 1–6, a self-ban, …), when a join→invite lacks the third-party
// invite that alone allows it (EDGE-M7), and when ev is not a member event
// with a string membership. The creator's first join sent by another user
// (MEMBER-JOIN-1, EDGE-M1) needs the room's state to recognise and is
// reported as illegal too.
func DescribeMembership(ev *event.Event, prev string) auth.Meaning {
	if ev == nil || ev.Type() != event.TypeMember || !ev.IsState() {
		return auth.MeaningIllegal
	}
	next, kind := ev.Membership()
	if kind != event.String {
		return auth.MeaningIllegal
	}
	target, _ := ev.StateKey()
	t := auth.Transition(prev, next, ev.Sender() == target)
	if !t.Allowed(ev.Version()) {
		return auth.MeaningIllegal
	}
	if t.Requirement == auth.RequireThirdParty && !jsonread.Value(ev.ContentJSON()).First("third_party_invite").Exists() {
		return auth.MeaningIllegal
	}
	return t.Meaning
}
