package knockfixtures

import (
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// Case is one fixture: a name, a description and the events, each with
// the verdict labelled from the spec.
type Case struct {
	// Name is the fixture's name and file name (without .json).
	Name string
	// Description says what the case shows.
	Description string
	// Build appends the case's events.
	Build func(r *Room)
	// Version is the room version.
	Version roomversion.Version
}

// Cases returns the knock-lifecycle cases. Every label names the rule of
// DIGEST §2.5 that decides the event, and the §4.2 cell it exercises.
func Cases() []Case {
	return []Case{
		{
			Name:        "lifecycle-knock-v7",
			Description: "Bob (another server) knocks on a room whose join rule is knock: allowed. A knock sent by Alice with Bob as state_key is rejected, and so is a knock whose auth events leave out the join rules (the rule then counts as invite).",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Rejected, "MEMBER-KNOCK-2: sender differs from state_key (EDGE-M12)", Alice, Bob, event.MembershipKnock)
				r.MemberWithout(event.TypeJoinRules, Rejected, "MEMBER-KNOCK-1: no join rules among the auth events, so the rule is invite (D1, EDGE-H09)", Bob, Bob, event.MembershipKnock)
				r.Member(Allowed, "MEMBER-KNOCK-3: join rule knock, none -> knock", Bob, Bob, event.MembershipKnock)
			},
		},
		{
			Name:        "lifecycle-retract-v7",
			Description: "Bob knocks, then retracts the knock (knock -> leave by himself, MEMBER-LEAVE-1 in v7). Leaving again from leave is rejected.",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-KNOCK-3: none -> knock", Bob, Bob, event.MembershipKnock)
				r.Member(Allowed, "MEMBER-LEAVE-1 (v7): self-leave while knocking (EDGE-H05)", Bob, Bob, event.MembershipLeave)
				r.Member(Rejected, "MEMBER-LEAVE-1: self-leave from leave (EDGE-M5)", Bob, Bob, event.MembershipLeave)
			},
		},
		{
			Name:        "lifecycle-reknock-v7",
			Description: "Bob knocks, knocks again with a reason (knock -> knock), retracts, and knocks once more (leave -> knock): all allowed.",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-KNOCK-3: none -> knock", Bob, Bob, event.MembershipKnock)
				r.Add(Allowed, "MEMBER-KNOCK-3: knock -> knock, a re-knock (EDGE-H07)", event.TypeMember, Bob, Bob,
					map[string]any{"membership": event.MembershipKnock, "reason": "I would like to join"})
				r.Member(Allowed, "MEMBER-LEAVE-1 (v7): knock -> leave by self", Bob, Bob, event.MembershipLeave)
				r.Member(Allowed, "MEMBER-KNOCK-3: leave -> knock", Bob, Bob, event.MembershipKnock)
			},
		},
		{
			Name:        "lifecycle-accept-invite-then-join-v7",
			Description: "Bob knocks; joining straight from knock is rejected under join rule knock; Alice accepts the knock with an invite, and Bob's join is then allowed (MEMBER-JOIN-4 in v7).",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-KNOCK-3: none -> knock", Bob, Bob, event.MembershipKnock)
				r.Member(Rejected, "MEMBER-JOIN-6: join rule knock needs an invite; knock -> join is not enough (EDGE-H04)", Bob, Bob, event.MembershipJoin)
				r.Member(Allowed, "MEMBER-INVITE-3: knock -> invite, the knock accepted (Alice joined, PL 100 >= invite 0)", Alice, Bob, event.MembershipInvite)
				r.Member(Allowed, "MEMBER-JOIN-4 (v7): join rule knock and membership invite (EDGE-H04)", Bob, Bob, event.MembershipJoin)
			},
		},
		{
			Name:        "lifecycle-deny-kick-v7",
			Description: "Bob knocks and Alice denies the knock with a kick (knock -> leave by another user); Bob may knock again afterwards.",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-KNOCK-3: none -> knock", Bob, Bob, event.MembershipKnock)
				r.Member(Allowed, "MEMBER-LEAVE-4: knock -> leave by Alice, PL 100 >= kick 50 and Bob's 0 < 100", Alice, Bob, event.MembershipLeave)
				r.Member(Allowed, "MEMBER-KNOCK-3: leave -> knock after a denial", Bob, Bob, event.MembershipKnock)
			},
		},
		{
			Name:        "lifecycle-deny-ban-v7",
			Description: "Bob knocks and Alice denies the knock with a ban; Bob can then neither knock again nor leave.",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-KNOCK-3: none -> knock", Bob, Bob, event.MembershipKnock)
				r.Member(Allowed, "MEMBER-BAN-2: knock -> ban by Alice, PL 100 >= ban 50 and Bob's 0 < 100", Alice, Bob, event.MembershipBan)
				r.Member(Rejected, "MEMBER-KNOCK-4: knock while banned (EDGE-M12)", Bob, Bob, event.MembershipKnock)
				r.Member(Rejected, "MEMBER-LEAVE-1: self-leave from ban", Bob, Bob, event.MembershipLeave)
			},
		},
		{
			Name:        "lifecycle-knock-while-banned-v7",
			Description: "Alice bans Bob before he ever knocked; his knock is rejected.",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-BAN-2: none -> ban by Alice (EDGE-M11)", Alice, Bob, event.MembershipBan)
				r.Member(Rejected, "MEMBER-KNOCK-4: knock while banned (EDGE-M12)", Bob, Bob, event.MembershipKnock)
			},
		},
		{
			Name:        "lifecycle-knock-while-joined-v7",
			Description: "Bob is invited and joins; a knock while joined is rejected.",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-INVITE-3: none -> invite by Alice", Alice, Bob, event.MembershipInvite)
				r.Member(Allowed, "MEMBER-JOIN-4 (v7): join rule knock and membership invite", Bob, Bob, event.MembershipJoin)
				r.Member(Rejected, "MEMBER-KNOCK-4: knock while joined (EDGE-M12)", Bob, Bob, event.MembershipKnock)
			},
		},
		{
			Name:        "lifecycle-knock-while-invited-v7",
			Description: "Bob is invited; a knock while invited is rejected (invite -> knock, EDGE-H06).",
			Version:     roomversion.V7(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Allowed, "MEMBER-INVITE-3: none -> invite by Alice", Alice, Bob, event.MembershipInvite)
				r.Member(Rejected, "MEMBER-KNOCK-4: invite -> knock is illegal since #1717 (EDGE-H06)", Bob, Bob, event.MembershipKnock)
			},
		},
		{
			Name:        "lifecycle-knock-v6",
			Description: "Room version 6 has no knocking: a knock is an unknown membership even under join rule knock, and that join rule also blocks an invited user's join.",
			Version:     roomversion.V6(),
			Build: func(r *Room) {
				knockRoom(r)
				r.Member(Rejected, "MEMBER-UNKNOWN-1: knock is not a membership in v6 (EDGE-M13)", Bob, Bob, event.MembershipKnock)
				r.Member(Allowed, "MEMBER-INVITE-3: none -> invite by Alice", Alice, Bob, event.MembershipInvite)
				r.Member(Rejected, "MEMBER-JOIN-6: knock is an unknown join rule in v6 (EDGE-J2)", Bob, Bob, event.MembershipJoin)
			},
		},
	}
}

// knockRoom appends the room's setup: Alice creates the room, joins, takes
// power level 100 and sets the join rule to knock.
func knockRoom(r *Room) {
	r.Add(Allowed, "CREATE-5", event.TypeCreate, Alice, "",
		map[string]any{"creator": Alice, "room_version": r.Version().ID})
	r.Member(Allowed, "MEMBER-JOIN-1: the creator's first join", Alice, Alice, event.MembershipJoin)
	r.Add(Allowed, "PL-2: the first power levels", event.TypePowerLevels, Alice, "",
		map[string]any{"users": map[string]any{Alice: 100}})
	r.Add(Allowed, "DEFAULT-1: Alice's PL 100 >= state_default 50; the value knock is not checked", event.TypeJoinRules, Alice, "",
		map[string]any{"join_rule": "knock"})
}
