package auth

import (
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Meaning is the client-facing interpretation of a membership change
// (DIGEST §4.1), corrected where the rules disagree with the table (§4.2).
type Meaning string

// Meanings of membership changes.
const (
	MeaningNoChange         Meaning = "no change"
	MeaningInvited          Meaning = "invited"
	MeaningReinvited        Meaning = "re-invited"
	MeaningKnockAccepted    Meaning = "knock accepted"
	MeaningInviteAccepted   Meaning = "invite accepted"
	MeaningJoined           Meaning = "joined"
	MeaningProfileChange    Meaning = "profile change"
	MeaningLeft             Meaning = "left"
	MeaningInviteDeclined   Meaning = "invite declined"
	MeaningInviteWithdrawn  Meaning = "invite withdrawn"
	MeaningKicked           Meaning = "kicked"
	MeaningKnockRetracted   Meaning = "knock retracted"
	MeaningKnockDenied      Meaning = "knock denied"
	MeaningUnbanned         Meaning = "unbanned"
	MeaningBanned           Meaning = "banned"
	MeaningKickedAndBanned  Meaning = "kicked and banned"
	MeaningKnocked          Meaning = "knocked"
	MeaningReknocked        Meaning = "re-knocked"
	MeaningThirdPartyInvite Meaning = "third-party invite of a member"
	MeaningIllegal          Meaning = "illegal"
)

// Requirement is what the authorization rules need for a membership change
// to be allowed (DIGEST §4.2).
type Requirement string

// Requirements of membership changes. "cap" requirements include the
// sender being joined.
const (
	// RequireNever: the rules reject the change in every room version.
	RequireNever Requirement = "never"
	// RequireNothing: always allowed (a self-leave from invite or join).
	RequireNothing Requirement = "always"
	// RequireInviteCap: sender joined and PL ≥ invite; target not joined
	// or banned.
	RequireInviteCap Requirement = "inv-cap"
	// RequireKickCap: sender joined, PL ≥ kick and target PL < sender PL.
	RequireKickCap Requirement = "kick-cap"
	// RequireBanCap: sender joined, PL ≥ ban and target PL < sender PL.
	RequireBanCap Requirement = "ban-cap"
	// RequireUnbanCap: PL ≥ ban as well as the kick capability.
	RequireUnbanCap Requirement = "unban-cap"
	// RequireJoinRuleMember: join rule invite (v7+: or knock) or public;
	// also restricted (v8+) or knock_restricted (v10+), where an invited
	// or joined user needs nothing more (MEMBER-JOIN-R-1;
	// [RestrictedTransitions]).
	RequireJoinRuleMember Requirement = "join rule invite, knock (v7) or public"
	// RequireJoinRulePublic: join rule public; or, in v8+, restricted or
	// knock_restricted with an authorising user ([RequireAuthorisingUser],
	// [RestrictedTransitions]).
	RequireJoinRulePublic Requirement = "join rule public"
	// RequireJoinRuleKnock: join rule knock, in versions with Knocking.
	RequireJoinRuleKnock Requirement = "join rule knock"
	// RequireThirdParty: only through a valid third-party invite
	// (MEMBER-INVITE-TPI-*; EDGE-M7).
	RequireThirdParty Requirement = "third-party invite"
	// RequireKnocking: allowed unconditionally, in versions with Knocking.
	RequireKnocking Requirement = "knocking room version"
	// RequireAuthorisingUser: the join names an authorising user A who is
	// joined and has at least the invite level in the auth state
	// (MEMBER-JOIN-R-2), and domain(A) signed it (MEMBER-JAUTH-1,
	// SIG-REQ-4). Room versions 8+ under restricted, 10+ under
	// knock_restricted.
	RequireAuthorisingUser Requirement = "authorising user"
	// RequireCreateSender: only the create event's sender, and only as the
	// first event after the create event (MEMBER-JOIN-1); room version 12's
	// additional creators get no bypass.
	RequireCreateSender Requirement = "create event's sender, first join"
)

// TransitionInfo describes one membership change: from Prev ("" for none,
// which behaves like leave) to Next, by the target itself or by another
// user.
type TransitionInfo struct {
	// Prev and Next are the previous and new memberships.
	Prev, Next string
	// SenderIsTarget is true for a change a user makes to themselves.
	SenderIsTarget bool
	// Meaning interprets the change.
	Meaning Meaning
	// Requirement is what the rules need to allow it.
	Requirement Requirement
	// KnockOnly marks changes possible only in versions with Knocking.
	KnockOnly bool
}

// Allowed reports whether the rules of v can ever allow the change.
func (t TransitionInfo) Allowed(v roomversion.Version) bool {
	if t.Requirement == RequireNever {
		return false
	}
	return !t.KnockOnly || v.Knocking
}

// transitionTable is DIGEST §4.2 with the §4.1 meanings, every
// (previous, next, self) combination of none/invite/join/leave/ban/knock.
var transitionTable = buildTransitions()

func buildTransitions() []TransitionInfo {
	const (
		none   = ""
		invite = event.MembershipInvite
		join   = event.MembershipJoin
		leave  = event.MembershipLeave
		ban    = event.MembershipBan
		knock  = event.MembershipKnock
	)
	type row struct {
		prev, next string
		self       bool
		m          Meaning
		r          Requirement
		knockOnly  bool
	}
	rows := []row{}
	add := func(prev, next string, self bool, m Meaning, r Requirement, knockOnly bool) {
		rows = append(rows, row{prev, next, self, m, r, knockOnly})
	}
	for _, prev := range []string{none, leave} {
		add(prev, invite, false, MeaningInvited, RequireInviteCap, false)
		add(prev, invite, true, MeaningIllegal, RequireNever, false) // self-invite
		add(prev, join, true, MeaningJoined, RequireJoinRulePublic, false)
		add(prev, join, false, MeaningIllegal, RequireNever, false)
		add(prev, leave, true, MeaningIllegal, RequireNever, false)
		add(prev, leave, false, MeaningNoChange, RequireKickCap, false) // external leave
		add(prev, ban, false, MeaningBanned, RequireBanCap, false)
		add(prev, ban, true, MeaningIllegal, RequireNever, false)
		add(prev, knock, true, MeaningKnocked, RequireJoinRuleKnock, true)
		add(prev, knock, false, MeaningIllegal, RequireNever, false)
	}
	// invite →
	add(invite, invite, false, MeaningReinvited, RequireInviteCap, false)
	add(invite, invite, true, MeaningIllegal, RequireNever, false)
	add(invite, join, true, MeaningInviteAccepted, RequireJoinRuleMember, false)
	add(invite, join, false, MeaningIllegal, RequireNever, false)
	add(invite, leave, true, MeaningInviteDeclined, RequireNothing, false)
	add(invite, leave, false, MeaningInviteWithdrawn, RequireKickCap, false)
	add(invite, ban, false, MeaningBanned, RequireBanCap, false)
	add(invite, ban, true, MeaningIllegal, RequireNever, false)
	add(invite, knock, true, MeaningIllegal, RequireNever, false) // since spec #1717
	add(invite, knock, false, MeaningIllegal, RequireNever, false)
	// join →
	add(join, invite, false, MeaningThirdPartyInvite, RequireThirdParty, false)
	add(join, invite, true, MeaningIllegal, RequireNever, false)
	add(join, join, true, MeaningProfileChange, RequireJoinRuleMember, false)
	add(join, join, false, MeaningIllegal, RequireNever, false)
	add(join, leave, true, MeaningLeft, RequireNothing, false)
	add(join, leave, false, MeaningKicked, RequireKickCap, false)
	add(join, ban, false, MeaningKickedAndBanned, RequireBanCap, false)
	add(join, ban, true, MeaningIllegal, RequireNever, false)
	add(join, knock, true, MeaningIllegal, RequireNever, false)
	add(join, knock, false, MeaningIllegal, RequireNever, false)
	// ban →
	add(ban, invite, false, MeaningIllegal, RequireNever, false)
	add(ban, invite, true, MeaningIllegal, RequireNever, false)
	add(ban, join, true, MeaningIllegal, RequireNever, false)
	add(ban, join, false, MeaningIllegal, RequireNever, false)
	add(ban, leave, true, MeaningIllegal, RequireNever, false)
	add(ban, leave, false, MeaningUnbanned, RequireUnbanCap, false)
	add(ban, ban, false, MeaningNoChange, RequireBanCap, false)
	add(ban, ban, true, MeaningIllegal, RequireNever, false)
	add(ban, knock, true, MeaningIllegal, RequireNever, false)
	add(ban, knock, false, MeaningIllegal, RequireNever, false)
	// knock → (reachable only with Knocking)
	add(knock, invite, false, MeaningKnockAccepted, RequireInviteCap, true)
	add(knock, invite, true, MeaningIllegal, RequireNever, false)
	add(knock, join, true, MeaningJoined, RequireJoinRulePublic, true)
	add(knock, join, false, MeaningIllegal, RequireNever, false)
	add(knock, leave, true, MeaningKnockRetracted, RequireKnocking, true)
	add(knock, leave, false, MeaningKnockDenied, RequireKickCap, true)
	add(knock, ban, false, MeaningBanned, RequireBanCap, true)
	add(knock, ban, true, MeaningIllegal, RequireNever, false)
	add(knock, knock, true, MeaningReknocked, RequireJoinRuleKnock, true)
	add(knock, knock, false, MeaningIllegal, RequireNever, false)

	out := make([]TransitionInfo, len(rows))
	for i, r := range rows {
		out[i] = TransitionInfo{Prev: r.prev, Next: r.next, SenderIsTarget: r.self, Meaning: r.m, Requirement: r.r, KnockOnly: r.knockOnly}
	}
	return out
}

// Transition describes the change from membership prev ("" for none) to
// next, made by the target (senderIsTarget) or by another user. An unknown
// membership gives an illegal transition.
func Transition(prev, next string, senderIsTarget bool) TransitionInfo {
	for _, t := range transitionTable {
		if t.Prev == prev && t.Next == next && t.SenderIsTarget == senderIsTarget {
			return t
		}
	}
	return TransitionInfo{Prev: prev, Next: next, SenderIsTarget: senderIsTarget, Meaning: MeaningIllegal, Requirement: RequireNever}
}

// Transitions returns every entry of the table as a new slice the caller
// may keep.
func Transitions() []TransitionInfo {
	return append([]TransitionInfo(nil), transitionTable...)
}

// JoinRuleTransition is one cell of DIGEST-V8-12 §4.1: a user's own join or
// knock (sender = target) from Prev ("" for none) to Next under JoinRule,
// one of the join rules of room versions 8+.
type JoinRuleTransition struct {
	// JoinRule is "restricted" (v8+) or "knock_restricted" (v10+).
	JoinRule string
	// Prev and Next are the previous and new memberships.
	Prev, Next string
	// Requirement is RequireNothing (allowed), RequireAuthorisingUser or
	// RequireNever.
	Requirement Requirement
}

// Known reports whether the join rule is a rule of v (DEF-JR-1). Where it
// is unknown every join but the creator's first (MEMBER-JOIN-1) and every
// knock is rejected.
func (t JoinRuleTransition) Known(v roomversion.Version) bool {
	switch t.JoinRule {
	case "restricted":
		return v.RestrictedJoinRule
	case "knock_restricted":
		return v.KnockRestrictedJoinRule
	}
	return false
}

// Allowed reports whether the rules of v can ever allow the change.
func (t JoinRuleTransition) Allowed(v roomversion.Version) bool {
	return t.Known(v) && t.Requirement != RequireNever
}

// RestrictedTransitions returns the cells of DIGEST-V8-12 §4.1 (none and
// leave listed apart): joins under restricted and knock_restricted, and
// knocks under knock_restricted, as a new slice the caller may keep.
func RestrictedTransitions() []JoinRuleTransition {
	const (
		none   = ""
		invite = event.MembershipInvite
		join   = event.MembershipJoin
		leave  = event.MembershipLeave
		ban    = event.MembershipBan
		knock  = event.MembershipKnock
	)
	var out []JoinRuleTransition
	for _, rule := range []string{"restricted", "knock_restricted"} {
		for _, c := range []struct {
			prev string
			r    Requirement
		}{
			{none, RequireAuthorisingUser}, {leave, RequireAuthorisingUser},
			{invite, RequireNothing}, // MEMBER-JOIN-R-1
			{join, RequireNothing},   // profile update, MEMBER-JOIN-R-1
			{ban, RequireNever},      // MEMBER-JOIN-3
			{knock, RequireAuthorisingUser},
		} {
			out = append(out, JoinRuleTransition{JoinRule: rule, Prev: c.prev, Next: join, Requirement: c.r})
		}
	}
	for _, c := range []struct {
		prev string
		r    Requirement
	}{
		{none, RequireNothing}, {leave, RequireNothing},
		{invite, RequireNever}, // invite→knock, since spec #1717
		{join, RequireNever}, {ban, RequireNever},
		{knock, RequireNothing}, // re-knock
	} {
		out = append(out, JoinRuleTransition{JoinRule: "knock_restricted", Prev: c.prev, Next: knock, Requirement: c.r})
	}
	return out
}

// CreatorTransition is one row of DIGEST-V8-12 §4.2: what can be done to a
// creator T of a room version 12 room (DEF-CREATORS-1), whose level is
// infinite (D27), so that no one, not even another creator, outranks T.
type CreatorTransition struct {
	// Prev and Next are T's previous and new memberships.
	Prev, Next string
	// SenderIsTarget is true for a change T makes to themselves.
	SenderIsTarget bool
	// SenderIsCreator is true when the sender (if not T) is a creator too.
	SenderIsCreator bool
	// Meaning interprets the change.
	Meaning Meaning
	// Requirement is what the rules need: RequireNever, RequireNothing,
	// RequireInviteCap, RequireCreateSender or RequireJoinRuleMember /
	// RequireJoinRulePublic (the normal join rules, no creator bypass).
	Requirement Requirement
}

// CreatorTransitions returns the rows of DIGEST-V8-12 §4.2 as a new slice
// the caller may keep. They hold in room versions with PrivilegedCreators.
func CreatorTransitions() []CreatorTransition {
	const (
		invite = event.MembershipInvite
		join   = event.MembershipJoin
		leave  = event.MembershipLeave
		ban    = event.MembershipBan
	)
	return []CreatorTransition{
		{Prev: join, Next: leave, Meaning: MeaningKicked, Requirement: RequireNever},
		{Prev: join, Next: leave, SenderIsCreator: true, Meaning: MeaningKicked, Requirement: RequireNever},
		{Prev: join, Next: ban, Meaning: MeaningKickedAndBanned, Requirement: RequireNever},
		{Prev: join, Next: ban, SenderIsCreator: true, Meaning: MeaningKickedAndBanned, Requirement: RequireNever},
		{Prev: leave, Next: ban, SenderIsCreator: true, Meaning: MeaningBanned, Requirement: RequireNever},
		{Prev: leave, Next: invite, Meaning: MeaningInvited, Requirement: RequireInviteCap},
		{Prev: join, Next: leave, SenderIsTarget: true, Meaning: MeaningLeft, Requirement: RequireNothing},
		{Prev: "", Next: join, SenderIsTarget: true, Meaning: MeaningJoined, Requirement: RequireCreateSender},
		{Prev: invite, Next: join, SenderIsTarget: true, Meaning: MeaningInviteAccepted, Requirement: RequireJoinRuleMember},
		{Prev: leave, Next: join, SenderIsTarget: true, Meaning: MeaningJoined, Requirement: RequireJoinRulePublic},
	}
}
