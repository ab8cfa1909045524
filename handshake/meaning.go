package handshake

import (
	"github.com/mxauth/mxauth/event"
)

// MembershipChange is what a member event means to a user reading the
// room, given the target's previous membership: the client-facing
// interpretation of DIGEST §4.1, with the knock lifecycle spelled out.
type MembershipChange string

// The changes [DescribeMembership] reports.
const (
	// ChangeNone: the membership did not change (invite→invite,
	// leave→leave, ban→ban, knock→knock, which is a re-knock).
	ChangeNone MembershipChange = "no change"
	// ChangeProfile: join→join, a display name or avatar change.
	ChangeProfile MembershipChange = "profile changed"
	// ChangeJoined: the user joined (from leave, invite, or, in a public
	// room, knock).
	ChangeJoined MembershipChange = "joined"
	// ChangeInvited: leave→invite.
	ChangeInvited MembershipChange = "invited"
	// ChangeInviteRejected: invite→leave by the invitee.
	ChangeInviteRejected MembershipChange = "invite rejected"
	// ChangeInviteWithdrawn: invite→leave by someone else.
	ChangeInviteWithdrawn MembershipChange = "invite withdrawn"
	// ChangeLeft: join→leave by the user.
	ChangeLeft MembershipChange = "left"
	// ChangeKicked: join→leave by someone else.
	ChangeKicked MembershipChange = "kicked"
	// ChangeBanned: a ban of a user who was not joined (from leave,
	// invite or knock; knock→ban denies a knock for good).
	ChangeBanned MembershipChange = "banned"
	// ChangeKickedAndBanned: join→ban.
	ChangeKickedAndBanned MembershipChange = "kicked and banned"
	// ChangeUnbanned: ban→leave.
	ChangeUnbanned MembershipChange = "unbanned"
	// ChangeKnocked: leave→knock, a request to join (room version 7).
	ChangeKnocked MembershipChange = "knocked"
	// ChangeKnockAccepted: knock→invite, the knock was accepted.
	ChangeKnockAccepted MembershipChange = "knock accepted"
	// ChangeKnockRetracted: knock→leave by the knocking user.
	ChangeKnockRetracted MembershipChange = "knock retracted"
	// ChangeKnockDenied: knock→leave by someone else.
	ChangeKnockDenied MembershipChange = "knock denied"
	// ChangeInvalid: the authorization rules never allow this change, or
	// the event is not a member event of a known membership; a room that
	// accepted it is broken, and a client should not present it as any of
	// the above.
	ChangeInvalid MembershipChange = "invalid"
)

// DescribeMembership says what the member event ev means, given the
// target's membership before it (prev; "" when there was none, which
// counts as leave, as the m.room.member schema says). The name follows the
// spec's interpretation table (DIGEST §4.1); whether the change can happen
// at all follows the authorization rules' transition table (§4.2) for
// ev's room version, which wins where the two disagree: invite→knock is
// invalid, knock→join (a public room) is a join, and knock in room
// versions 1–6 is invalid.
func DescribeMembership(ev *event.Event, prev string) MembershipChange {
	if ev == nil || ev.Type() != event.TypeMember || !ev.IsState() {
		return ChangeInvalid
	}
	next, kind := ev.Membership()
	if kind != event.String {
		return ChangeInvalid
	}
	if prev == "" {
		prev = event.MembershipLeave
	}
	target, _ := ev.StateKey()
	self := ev.Sender() == target
	if !transitionPossible(ev, prev, next, self) {
		return ChangeInvalid
	}
	return changeName(prev, next, self)
}

// changeName names a change the rules can allow.
func changeName(prev, next string, self bool) MembershipChange {
	if prev == next {
		if next == event.MembershipJoin {
			return ChangeProfile
		}
		return ChangeNone
	}
	switch next {
	case event.MembershipJoin:
		return ChangeJoined
	case event.MembershipInvite:
		if prev == event.MembershipKnock {
			return ChangeKnockAccepted
		}
		return ChangeInvited
	case event.MembershipKnock:
		return ChangeKnocked
	case event.MembershipBan:
		if prev == event.MembershipJoin {
			return ChangeKickedAndBanned
		}
		return ChangeBanned
	case event.MembershipLeave:
		switch prev {
		case event.MembershipInvite:
			if self {
				return ChangeInviteRejected
			}
			return ChangeInviteWithdrawn
		case event.MembershipJoin:
			if self {
				return ChangeLeft
			}
			return ChangeKicked
		case event.MembershipBan:
			return ChangeUnbanned
		case event.MembershipKnock:
			if self {
				return ChangeKnockRetracted
			}
			return ChangeKnockDenied
		}
	}
	return ChangeInvalid
}
