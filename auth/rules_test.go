package auth_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

func mem(sender, target, membership string) spec {
	return st("m.room.member", sender, target, `{"membership":"`+membership+`"}`)
}

func pl(content string) spec { return st("m.room.power_levels", alice, "", content) }

func jr(rule string) spec {
	return st("m.room.join_rules", alice, "", `{"join_rule":"`+rule+`"}`)
}

// ruleCase is one row of the per-rule table: the base room (baseState)
// changed by state and drop, and the event judged by Check.
type ruleCase struct {
	rule auth.RuleID // the rule the case is about
	desc string
	vers []string // room versions; all when nil
	// state entries replace the base room's at the same key.
	state []spec
	drop  []auth.StateKey
	ev    spec
	want  auth.RuleID // "" means allowed
	// later overrides want in the room versions whose flags a later rule
	// change depends on (the first that applies wins).
	later []laterWant
	// parseMayRefuse accepts the event package refusing the event while
	// parsing it in place of the rule's rejection (the same refusal, made
	// earlier; for example D31 in event.Parse).
	parseMayRefuse bool
}

// laterWant is the expected outcome of a case in the room versions where
// flag holds.
type laterWant struct {
	flag func(roomversion.Version) bool
	want auth.RuleID
}

// refusedAtParse is a want for an event the event package already refuses
// when parsing it (a v12 create with room_id, FMT-12-1).
const refusedAtParse auth.RuleID = "PDU-1"

// Overrides for rules that changed in room versions 8–12, by flag.
func restrictedRule(w auth.RuleID) laterWant {
	return laterWant{func(v roomversion.Version) bool { return v.RestrictedJoinRule }, w}
}
func intLevels(w auth.RuleID) laterWant {
	return laterWant{func(v roomversion.Version) bool { return v.IntegerPowerLevels }, w}
}
func createSender(w auth.RuleID) laterWant {
	return laterWant{func(v roomversion.Version) bool { return v.CreatorIsCreateSender }, w}
}
func privileged(w auth.RuleID) laterWant {
	return laterWant{func(v roomversion.Version) bool { return v.PrivilegedCreators }, w}
}
func roomIDFromCreate(w auth.RuleID) laterWant {
	return laterWant{func(v roomversion.Version) bool { return v.RoomIDFromCreateEvent }, w}
}

// wantIn is tc's expected outcome in room version v.
func (tc ruleCase) wantIn(v roomversion.Version) auth.RuleID {
	for _, l := range tc.later {
		if l.flag(v) {
			return l.want
		}
	}
	return tc.want
}

const createID = "CREATE" // replaced by the create event's ID in prev

var plDefault = `{"users":{"` + alice + `":100,"` + mod + `":50}}`

func ruleCases(tpi tpiFixture) []ruleCase {
	fedFalse := func(val string) spec {
		return spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `","m.federate":` + val + `}`, hasState: true}
	}
	msgEv := msg("m.room.message", bob, `{"body":"hi"}`)
	knockers := []spec{mem(kim, kim, "knock"), jr("knock")}
	redaction := func(sender, redacts string) spec {
		s := msg("m.room.redaction", sender, `{}`)
		s.redacts = redacts
		return s
	}
	return []ruleCase{
		// CREATE-1..5 (the base state is not read).
		{rule: auth.RuleCreate1, desc: "no-prev-allowed", ev: st("m.room.create", alice, "", `{"creator":"`+alice+`"}`)},
		{rule: auth.RuleCreate1, desc: "prev-events-rejected", ev: spec{typ: "m.room.create", sender: alice, content: `{"creator":"x"}`, prev: []string{"$p:a.test"}}, want: auth.RuleCreate1},
		{rule: auth.RuleCreate2, desc: "port-in-domain-allowed", ev: spec{typ: "m.room.create", sender: "@u:a.test:8448", room: "!a:a.test:8448", content: `{"creator":"x"}`}, later: []laterWant{roomIDFromCreate(refusedAtParse)}},
		{rule: auth.RuleCreate2, desc: "other-domain-rejected", ev: st("m.room.create", rem, "", `{"creator":"x"}`), want: auth.RuleCreate2, later: []laterWant{roomIDFromCreate("")}},
		{rule: auth.RuleCreate3, desc: "known-version-allowed", ev: st("m.room.create", alice, "", `{"creator":"x","room_version":"7"}`)},
		{rule: auth.RuleCreate3, desc: "spec-version-beyond-7-allowed", ev: st("m.room.create", alice, "", `{"creator":"x","room_version":"11"}`)},
		{rule: auth.RuleCreate3, desc: "version-13-unknown-rejected", ev: st("m.room.create", alice, "", `{"creator":"x","room_version":"13"}`), want: auth.RuleCreate3},
		{rule: auth.RuleCreate3, desc: "unknown-version-rejected", ev: st("m.room.create", alice, "", `{"creator":"x","room_version":"99"}`), want: auth.RuleCreate3},
		{rule: auth.RuleCreate3, desc: "non-string-version-rejected", ev: st("m.room.create", alice, "", `{"creator":"x","room_version":7}`), want: auth.RuleCreate3},
		{rule: auth.RuleCreate4, desc: "creator-not-sender-allowed", ev: st("m.room.create", alice, "", `{"creator":"@z:c.test"}`)},
		{rule: auth.RuleCreate4, desc: "no-creator-rejected", ev: st("m.room.create", alice, "", `{}`), want: auth.RuleCreate4, later: []laterWant{createSender("")}},
		{rule: auth.RuleCreate5, desc: "state-key-x-allowed-D10", ev: st("m.room.create", alice, "x", `{"creator":"x"}`), later: []laterWant{roomIDFromCreate(auth.RuleCreate7)}},
		{rule: auth.RuleCreate5, desc: "no-state-key-allowed-D10", ev: spec{typ: "m.room.create", sender: alice, sk: noSK, content: `{"creator":"x"}`}, later: []laterWant{roomIDFromCreate(auth.RuleCreate7)}},
		{rule: auth.RuleCreate5, desc: "not-reached-rejected", ev: st("m.room.create", alice, "", `{}`), want: auth.RuleCreate4, later: []laterWant{createSender("")}},

		// FED-1 with D4.
		{rule: auth.RuleFed1, desc: "absent-remote-sender-allowed", ev: msg("m.room.message", rem, `{}`)},
		{rule: auth.RuleFed1, desc: "true-remote-sender-allowed", state: []spec{fedFalse("true")}, ev: msg("m.room.message", rem, `{}`)},
		{rule: auth.RuleFed1, desc: "false-remote-sender-rejected", state: []spec{fedFalse("false")}, ev: msg("m.room.message", rem, `{}`), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "string-false-rejected-D4", state: []spec{fedFalse(`"false"`)}, ev: msg("m.room.message", rem, `{}`), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "zero-rejected-D4", state: []spec{fedFalse("0")}, ev: msg("m.room.message", rem, `{}`), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "null-rejected-D4", state: []spec{fedFalse("null")}, ev: msg("m.room.message", rem, `{}`), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "false-local-sender-allowed", state: []spec{fedFalse("false")}, ev: msgEv},
		{rule: auth.RuleFed1, desc: "false-remote-invite-target-rejected-D4", state: []spec{fedFalse("false")}, ev: mem(bob, "@x:b.test", "invite"), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "absent-remote-invite-target-allowed", ev: mem(bob, "@x:b.test", "invite")},

		// ALIAS-1..3 (v1–5); v6+ aliases are ordinary state.
		{rule: auth.RuleAlias3, desc: "non-member-own-domain-allowed", vers: []string{"1", "2", "3", "4", "5"}, ev: st("m.room.aliases", eve, "a.test", `{"aliases":["#a:a.test"]}`)},
		{rule: auth.RuleAlias3, desc: "non-member-rejected-by-sender-rule", vers: []string{"6", "7"}, ev: st("m.room.aliases", eve, "a.test", `{}`), want: auth.RuleSender1},
		{rule: auth.RuleAlias1, desc: "no-state-key-rejected", vers: []string{"1", "5"}, ev: msg("m.room.aliases", eve, `{}`), want: auth.RuleAlias1},
		{rule: auth.RuleAlias1, desc: "state-key-allowed", vers: []string{"1", "5"}, ev: st("m.room.aliases", bob, "a.test", `{}`)},
		{rule: auth.RuleAlias2, desc: "other-domain-rejected", vers: []string{"1", "2", "3", "4", "5"}, ev: st("m.room.aliases", eve, "b.test", `{}`), want: auth.RuleAlias2},
		{rule: auth.RuleAlias2, desc: "own-domain-allowed", vers: []string{"2"}, ev: st("m.room.aliases", rem, "b.test", `{}`)},

		// MEMBER-1.
		{rule: auth.RuleMember1, desc: "no-membership-rejected", ev: st("m.room.member", bob, bob, `{}`), want: auth.RuleMember1},
		{rule: auth.RuleMember1, desc: "no-state-key-rejected", ev: msg("m.room.member", bob, `{"membership":"join"}`), want: auth.RuleMember1},
		{rule: auth.RuleMember1, desc: "profile-change-allowed", ev: st("m.room.member", bob, bob, `{"membership":"join","displayname":"B"}`)},

		// MEMBER-JOIN-1..6.
		{rule: auth.RuleMemberJoin1, desc: "creator-first-join-allowed", drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID}}},
		{rule: auth.RuleMemberJoin1, desc: "creator-joined-by-other-allowed-EDGE-M1", drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: mod, sk: alice, content: `{"membership":"join"}`, prev: []string{createID}}},
		{rule: auth.RuleMemberJoin1, desc: "two-prev-events-rejected-EDGE-M2", drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}, {Type: "m.room.join_rules"}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID, "$x:a.test"}}, want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin2, desc: "join-for-other-rejected", state: []spec{jr("public")}, ev: mem(bob, eve, "join"), want: auth.RuleMemberJoin2},
		{rule: auth.RuleMemberJoin2, desc: "self-join-allowed", state: []spec{jr("public")}, ev: mem(eve, eve, "join")},
		{rule: auth.RuleMemberJoin3, desc: "banned-public-rejected-EDGE-M3", state: []spec{jr("public")}, ev: mem(dave, dave, "join"), want: auth.RuleMemberJoin3},
		{rule: auth.RuleMemberJoin3, desc: "not-banned-public-allowed", state: []spec{jr("public")}, ev: mem(bob, bob, "join")},
		{rule: auth.RuleMemberJoin4, desc: "invite-rule-invited-allowed", ev: mem(carol, carol, "join")},
		{rule: auth.RuleMemberJoin4, desc: "invite-rule-not-invited-rejected", ev: mem(eve, eve, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin4, desc: "knock-rule-invited-allowed", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(carol, carol, "join")},
		{rule: auth.RuleMemberJoin4, desc: "knock-rule-invited-rejected-EDGE-J2", vers: []string{"1", "2", "3", "4", "5", "6"}, state: []spec{jr("knock")}, ev: mem(carol, carol, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin4, desc: "knock-rule-not-invited-rejected", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(eve, eve, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin4, desc: "no-join-rules-invited-allowed-D1", drop: []auth.StateKey{{Type: "m.room.join_rules"}}, ev: mem(carol, carol, "join")},
		{rule: auth.RuleMemberJoin4, desc: "no-join-rule-key-invited-allowed-D1", state: []spec{st("m.room.join_rules", alice, "", `{}`)}, ev: mem(carol, carol, "join")},
		{rule: auth.RuleMemberJoin5, desc: "public-allowed", state: []spec{jr("public")}, ev: mem(eve, eve, "join")},
		{rule: auth.RuleMemberJoin5, desc: "knock-to-join-public-allowed-EDGE-M4", vers: []string{"7"}, state: []spec{jr("public"), mem(kim, kim, "knock")}, ev: mem(kim, kim, "join")},
		{rule: auth.RuleMemberJoin5, desc: "invite-rule-not-public-rejected", ev: mem(eve, eve, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "private-rejected", state: []spec{jr("private")}, ev: mem(bob, bob, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "non-string-rule-rejected-D1", state: []spec{st("m.room.join_rules", alice, "", `{"join_rule":5}`)}, ev: mem(carol, carol, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "wrong-case-rule-rejected", state: []spec{jr("Public")}, ev: mem(eve, eve, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "public-not-reached-allowed", state: []spec{jr("public")}, ev: mem(eve, eve, "join")},

		// MEMBER-INVITE-1..4.
		{rule: auth.RuleMemberInvite1, desc: "invited-sender-rejected", ev: mem(carol, eve, "invite"), want: auth.RuleMemberInvite1},
		{rule: auth.RuleMemberInvite1, desc: "joined-sender-allowed", ev: mem(bob, eve, "invite")},
		{rule: auth.RuleMemberInvite2, desc: "joined-target-rejected", ev: mem(bob, mod, "invite"), want: auth.RuleMemberInvite2},
		{rule: auth.RuleMemberInvite2, desc: "banned-target-rejected", ev: mem(bob, dave, "invite"), want: auth.RuleMemberInvite2},
		{rule: auth.RuleMemberInvite2, desc: "reinvite-allowed", ev: mem(bob, carol, "invite")},
		{rule: auth.RuleMemberInvite3, desc: "level-allowed", state: []spec{pl(`{"users":{"` + mod + `":50},"invite":50}`)}, ev: mem(mod, eve, "invite")},
		{rule: auth.RuleMemberInvite4, desc: "below-level-rejected", state: []spec{pl(`{"users":{"` + mod + `":50},"invite":50}`)}, ev: mem(bob, eve, "invite"), want: auth.RuleMemberInvite4},
		{rule: auth.RuleMemberInvite3, desc: "self-invite-rejected", ev: mem(eve, eve, "invite"), want: auth.RuleMemberInvite1},
		{rule: auth.RuleMemberInvite4, desc: "knock-accepted-allowed", vers: []string{"7"}, state: knockers, ev: mem(bob, kim, "invite")},

		// MEMBER-INVITE-TPI-1..8 (D17).
		{rule: auth.RuleMemberInviteTPI7, desc: "valid-signature-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI7, desc: "url-safe-key-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubURL)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI7, desc: "sender-left-below-level-allowed-EDGE-M6", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd), mem(bob, bob, "leave"), pl(`{"invite":100}`)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI7, desc: "joined-target-allowed-EDGE-M7", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, mod, mod, "tok", tpi.signed(mod, "tok"))},
		{rule: auth.RuleMemberInviteTPI7, desc: "wrong-public-key-valid-public-keys-allowed-D17", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.otherPub + `,"public_keys":[{"public_key":` + tpi.pubStd + `}]`)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI7, desc: "undecodable-public-key-rejected-D17", state: []spec{tpi.inviteEvent(`"public_key":"!!notbase64","public_keys":[{"public_key":` + tpi.pubStd + `}]`)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok")), want: auth.RuleMemberInviteTPI8},
		{rule: auth.RuleMemberInviteTPI7, desc: "later-undecodable-key-never-read-allowed-D17", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd + `,"public_keys":[{"public_key":"xx"}]`)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI7, desc: "bad-first-signature-rejected-D17", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signedBadFirst(eve, "tok")), want: auth.RuleMemberInviteTPI8},
		{rule: auth.RuleMemberInviteTPI1, desc: "banned-target-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, dave, dave, "tok", tpi.signed(dave, "tok")), want: auth.RuleMemberInviteTPI1},
		{rule: auth.RuleMemberInviteTPI1, desc: "unbanned-target-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd), mem(alice, dave, "leave")}, ev: tpi.member(bob, dave, dave, "tok", tpi.signed(dave, "tok"))},
		{rule: auth.RuleMemberInviteTPI2, desc: "no-signed-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":{"display_name":"e"}}`), want: auth.RuleMemberInviteTPI2},
		{rule: auth.RuleMemberInviteTPI2, desc: "signed-present-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI3, desc: "no-token-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":{"signed":{"mxid":"`+eve+`"}}}`), want: auth.RuleMemberInviteTPI3},
		{rule: auth.RuleMemberInviteTPI3, desc: "mxid-and-token-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI4, desc: "mxid-not-target-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(carol, "tok")), want: auth.RuleMemberInviteTPI4},
		{rule: auth.RuleMemberInviteTPI4, desc: "mxid-is-target-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, carol, carol, "tok", tpi.signed(carol, "tok"))},
		{rule: auth.RuleMemberInviteTPI5, desc: "unknown-token-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "nope", tpi.signed(eve, "nope")), want: auth.RuleMemberInviteTPI5},
		{rule: auth.RuleMemberInviteTPI5, desc: "known-token-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI6, desc: "other-sender-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(mod, eve, eve, "tok", tpi.signed(eve, "tok")), want: auth.RuleMemberInviteTPI6},
		{rule: auth.RuleMemberInviteTPI6, desc: "same-sender-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},
		{rule: auth.RuleMemberInviteTPI8, desc: "foreign-signature-rejected", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.otherPub)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok")), want: auth.RuleMemberInviteTPI8},
		{rule: auth.RuleMemberInviteTPI8, desc: "verified-allowed", state: []spec{tpi.inviteEvent(`"public_key":` + tpi.pubStd)}, ev: tpi.member(bob, eve, eve, "tok", tpi.signed(eve, "tok"))},

		// MEMBER-LEAVE-1..5.
		{rule: auth.RuleMemberLeave1, desc: "joined-leaves-allowed", ev: mem(bob, bob, "leave")},
		{rule: auth.RuleMemberLeave1, desc: "invite-declined-allowed", ev: mem(carol, carol, "leave")},
		{rule: auth.RuleMemberLeave1, desc: "knock-retracted-allowed-EDGE-H05", vers: []string{"7"}, state: knockers, ev: mem(kim, kim, "leave")},
		{rule: auth.RuleMemberLeave1, desc: "no-membership-rejected-EDGE-M5", ev: mem(eve, eve, "leave"), want: auth.RuleMemberLeave1},
		{rule: auth.RuleMemberLeave1, desc: "banned-rejected-EDGE-M5", ev: mem(dave, dave, "leave"), want: auth.RuleMemberLeave1},
		{rule: auth.RuleMemberLeave2, desc: "invited-kicks-rejected", ev: mem(carol, bob, "leave"), want: auth.RuleMemberLeave2},
		{rule: auth.RuleMemberLeave2, desc: "joined-kicks-allowed", ev: mem(mod, bob, "leave")},
		{rule: auth.RuleMemberLeave3, desc: "unban-below-ban-rejected", state: []spec{pl(`{"users":{"` + alice + `":100,"` + mod + `":50},"ban":60}`)}, ev: mem(mod, dave, "leave"), want: auth.RuleMemberLeave3},
		{rule: auth.RuleMemberLeave3, desc: "unban-allowed", ev: mem(alice, dave, "leave")},
		{rule: auth.RuleMemberLeave4, desc: "kick-allowed", ev: mem(mod, bob, "leave")},
		{rule: auth.RuleMemberLeave4, desc: "external-leave-allowed-EDGE-M5", ev: mem(mod, eve, "leave")},
		{rule: auth.RuleMemberLeave4, desc: "unban-below-kick-rejected-EDGE-M10", state: []spec{pl(`{"users":{"` + mod + `":50},"ban":50,"kick":60}`)}, ev: mem(mod, dave, "leave"), want: auth.RuleMemberLeave5},
		{rule: auth.RuleMemberLeave5, desc: "kick-peer-rejected-EDGE-M10", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":50}}`)}, ev: mem(mod, bob, "leave"), want: auth.RuleMemberLeave5},
		{rule: auth.RuleMemberLeave5, desc: "kick-without-level-rejected", ev: mem(bob, mod, "leave"), want: auth.RuleMemberLeave5},
		{rule: auth.RuleMemberLeave5, desc: "knock-denied-allowed", vers: []string{"7"}, state: knockers, ev: mem(mod, kim, "leave")},

		// MEMBER-BAN-1..3.
		{rule: auth.RuleMemberBan1, desc: "invited-bans-rejected", ev: mem(carol, bob, "ban"), want: auth.RuleMemberBan1},
		{rule: auth.RuleMemberBan1, desc: "joined-bans-allowed", ev: mem(mod, bob, "ban")},
		{rule: auth.RuleMemberBan2, desc: "external-ban-allowed-EDGE-M11", ev: mem(mod, eve, "ban")},
		{rule: auth.RuleMemberBan2, desc: "reban-allowed", ev: mem(mod, dave, "ban")},
		{rule: auth.RuleMemberBan2, desc: "equal-target-rejected", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":50}}`)}, ev: mem(mod, bob, "ban"), want: auth.RuleMemberBan3},
		{rule: auth.RuleMemberBan3, desc: "below-ban-rejected", ev: mem(bob, eve, "ban"), want: auth.RuleMemberBan3},
		{rule: auth.RuleMemberBan3, desc: "self-ban-rejected", ev: mem(mod, mod, "ban"), want: auth.RuleMemberBan3},
		{rule: auth.RuleMemberBan3, desc: "custom-level-allowed", state: []spec{pl(`{"users":{"` + bob + `":10},"ban":10}`)}, ev: mem(bob, eve, "ban")},

		// MEMBER-KNOCK-1..4 (v7) and knock elsewhere.
		{rule: auth.RuleMemberKnock1, desc: "invite-rule-rejected", vers: []string{"7"}, ev: mem(eve, eve, "knock"), want: auth.RuleMemberKnock1},
		{rule: auth.RuleMemberKnock1, desc: "knock-rule-allowed", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(eve, eve, "knock")},
		{rule: auth.RuleMemberKnock1, desc: "knock-before-v7-rejected-EDGE-M13", vers: []string{"1", "2", "3", "4", "5", "6"}, state: []spec{jr("knock")}, ev: mem(eve, eve, "knock"), want: auth.RuleMemberUnknown1},
		{rule: auth.RuleMemberKnock2, desc: "for-other-rejected", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(bob, eve, "knock"), want: auth.RuleMemberKnock2},
		{rule: auth.RuleMemberKnock2, desc: "self-allowed", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(eve, eve, "knock")},
		{rule: auth.RuleMemberKnock3, desc: "reknock-allowed-EDGE-H07", vers: []string{"7"}, state: knockers, ev: mem(kim, kim, "knock")},
		{rule: auth.RuleMemberKnock3, desc: "after-leave-allowed", vers: []string{"7"}, state: []spec{jr("knock"), mem(eve, eve, "leave")}, ev: mem(eve, eve, "knock")},
		{rule: auth.RuleMemberKnock3, desc: "joined-rejected", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(mod, mod, "knock"), want: auth.RuleMemberKnock4},
		{rule: auth.RuleMemberKnock4, desc: "invited-rejected-EDGE-H06", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(carol, carol, "knock"), want: auth.RuleMemberKnock4},
		{rule: auth.RuleMemberKnock4, desc: "joined-rejected", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(bob, bob, "knock"), want: auth.RuleMemberKnock4},
		{rule: auth.RuleMemberKnock4, desc: "banned-rejected", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(dave, dave, "knock"), want: auth.RuleMemberKnock4},
		{rule: auth.RuleMemberKnock4, desc: "none-allowed", vers: []string{"7"}, state: []spec{jr("knock")}, ev: mem(eve, eve, "knock")},

		// MEMBER-UNKNOWN-1.
		{rule: auth.RuleMemberUnknown1, desc: "wrong-case-rejected-EDGE-M14", ev: mem(bob, bob, "JOIN"), want: auth.RuleMemberUnknown1},
		{rule: auth.RuleMemberUnknown1, desc: "non-string-rejected-EDGE-M14", ev: st("m.room.member", bob, bob, `{"membership":5}`), want: auth.RuleMemberUnknown1},
		{rule: auth.RuleMemberUnknown1, desc: "known-allowed", ev: mem(bob, bob, "join")},

		// SENDER-1, TPI-1, POWER-1, STATEKEY-1.
		{rule: auth.RuleSender1, desc: "non-member-rejected", ev: msg("m.room.message", eve, `{}`), want: auth.RuleSender1},
		{rule: auth.RuleSender1, desc: "invited-rejected", ev: msg("m.room.message", carol, `{}`), want: auth.RuleSender1},
		{rule: auth.RuleSender1, desc: "member-allowed", ev: msgEv},
		{rule: auth.RuleTPI1, desc: "invite-level-allowed-EDGE-P13", state: []spec{pl(`{"events":{"m.room.third_party_invite":100}}`)}, ev: st("m.room.third_party_invite", bob, "tok2", `{}`)},
		{rule: auth.RuleTPI1, desc: "below-invite-level-rejected", state: []spec{pl(`{"invite":50}`)}, ev: st("m.room.third_party_invite", bob, "tok2", `{}`), want: auth.RuleTPI1},
		{rule: auth.RulePower1, desc: "state-below-default-rejected", ev: st("m.room.topic", bob, "", `{"topic":"t"}`), want: auth.RulePower1},
		{rule: auth.RulePower1, desc: "state-at-default-allowed", ev: st("m.room.topic", mod, "", `{"topic":"t"}`)},
		{rule: auth.RulePower1, desc: "events-entry-rejected", state: []spec{pl(`{"events":{"m.room.message":10}}`)}, ev: msgEv, want: auth.RulePower1},
		{rule: auth.RulePower1, desc: "pl-event-level-rejected-EDGE-P4", state: []spec{pl(`{"users":{"` + mod + `":50},"events":{"m.room.power_levels":100}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50}}`), want: auth.RulePower1},
		{rule: auth.RulePower1, desc: "no-pl-creator-state-allowed-EDGE-P12", drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.topic", alice, "", `{}`)},
		{rule: auth.RulePower1, desc: "no-pl-member-state-rejected-EDGE-P12", drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.topic", bob, "", `{}`), want: auth.RulePower1},
		{rule: auth.RulePower1, desc: "redaction-events-level-rejected", vers: []string{"3", "7"}, state: []spec{pl(`{"events":{"m.room.redaction":50}}`)}, ev: redaction(bob, `"$x:b.test"`), want: auth.RulePower1},
		{rule: auth.RulePower1, desc: "stringy-level-allowed-EDGE-H14", state: []spec{pl(`{"users":{"` + bob + `":" +0050 "}}`)}, ev: st("m.room.topic", bob, "", `{}`), later: []laterWant{intLevels(auth.RuleDefPL4)}},
		{rule: auth.RulePower1, desc: "float-level-allowed-EDGE-H13", vers: []string{"1", "5"}, state: []spec{pl(`{"users":{"` + bob + `":50.57}}`)}, ev: st("m.room.topic", bob, "", `{}`)},
		{rule: auth.RuleStateKey1, desc: "other-user-key-rejected-EDGE-P14", ev: st("m.custom", mod, bob, `{}`), want: auth.RuleStateKey1},
		{rule: auth.RuleStateKey1, desc: "own-user-key-allowed-EDGE-P14", ev: st("m.custom", mod, mod, `{}`)},

		// PL-1..8.
		{rule: auth.RulePL1, desc: "key-not-user-id-rejected-D18", ev: st("m.room.power_levels", alice, "", `{"users":{"@alice":10}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "value-abc-rejected", ev: st("m.room.power_levels", alice, "", `{"users":{"@b:x":"abc"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "value-true-rejected-X1", ev: st("m.room.power_levels", alice, "", `{"users":{"@b:x":true}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "value-underscore-rejected-X1", ev: st("m.room.power_levels", alice, "", `{"users":{"@b:x":"1_000"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "value-1e300-rejected-X1", vers: []string{"1", "5"}, ev: st("m.room.power_levels", alice, "", `{"users":{"@b:x":1e300}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-list-rejected", ev: st("m.room.power_levels", alice, "", `{"users":[]}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "odd-user-ids-allowed-D18", ev: st("m.room.power_levels", alice, "", `{"users":{"@b:":1,"@:x":1,"@b c:x":1,"`+alice+`":100}}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL1, desc: "no-users-allowed-D3", ev: st("m.room.power_levels", alice, "", `{"users_default":0}`)},
		{rule: auth.RulePL2, desc: "first-pl-malformed-allowed-D19", drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"events":[],"ban":"abc","notifications":[]}`), later: []laterWant{intLevels(auth.RulePL0a)}},
		{rule: auth.RulePL2, desc: "state-key-x-allowed-D5", ev: st("m.room.power_levels", mod, "x", `{"users":{"`+mod+`":50},"ban":0}`)},
		{rule: auth.RulePL2, desc: "later-pl-rejected", ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50},"ban":"abc"}`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0a)}},
		{rule: auth.RulePL3, desc: "added-key-above-own-rejected-EDGE-P1", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"ban":60}`), want: auth.RulePL3, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL3, desc: "added-key-at-default-above-own-rejected-D2", state: []spec{pl(`{"users":{"` + mod + `":40},"events":{"m.room.power_levels":40}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":40},"events":{"m.room.power_levels":40},"kick":50}`), want: auth.RulePL3},
		{rule: auth.RulePL3, desc: "added-key-at-own-allowed", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"kick":50}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL3, desc: "stringy-unchanged-allowed-EDGE-P9", state: []spec{pl(`{"users":{"` + bob + `":10},"events":{"m.room.power_levels":0},"ban":"50"}`)}, ev: st("m.room.power_levels", bob, "", `{"users":{"`+bob+`":10},"events":{"m.room.power_levels":0},"ban":50}`), later: []laterWant{intLevels(auth.RuleDefPL4)}},
		{rule: auth.RulePL4, desc: "remove-events-above-own-rejected", state: []spec{pl(`{"users":{"` + mod + `":50},"events":{"m.room.name":60}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50},"events":{}}`), want: auth.RulePL4},
		{rule: auth.RulePL4, desc: "lower-events-allowed", state: []spec{pl(`{"users":{"` + mod + `":50},"events":{"m.room.name":50}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50},"events":{"m.room.name":0}}`)},
		{rule: auth.RulePL4, desc: "notifications-remove-ignored-allowed-EDGE-P2", vers: []string{"1", "2", "3", "4", "5"}, state: []spec{pl(`{"users":{"` + mod + `":50},"notifications":{"room":100}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50}}`)},
		{rule: auth.RulePL4, desc: "notifications-remove-rejected-EDGE-P2", vers: []string{"6", "7"}, state: []spec{pl(`{"users":{"` + mod + `":50},"notifications":{"room":100}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50}}`), want: auth.RulePL4},
		{rule: auth.RulePL4, desc: "notifications-equal-own-allowed-EDGE-P3", vers: []string{"6", "7"}, state: []spec{pl(`{"users":{"` + mod + `":50},"notifications":{"room":50}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50},"notifications":{"room":0}}`)},
		{rule: auth.RulePL5, desc: "add-events-above-own-rejected", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"events":{"m.room.name":60}}`), want: auth.RulePL5, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL5, desc: "add-events-at-own-allowed", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"events":{"m.room.name":50}}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL5, desc: "notifications-raise-allowed-EDGE-P2", vers: []string{"1", "2", "3", "4", "5"}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"notifications":{"room":100}}`)},
		{rule: auth.RulePL5, desc: "notifications-raise-rejected-EDGE-P2", vers: []string{"6", "7"}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"notifications":{"room":100}}`), want: auth.RulePL5},
		{rule: auth.RulePL6, desc: "demote-peer-rejected-EDGE-H08", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":50}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50,"`+bob+`":0}}`), want: auth.RulePL6},
		{rule: auth.RulePL6, desc: "demote-lower-allowed", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":40}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50}}`)},
		{rule: auth.RulePL6, desc: "lower-own-allowed-EDGE-P10", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":10}}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL7, desc: "raise-other-above-own-rejected", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50,"`+bob+`":60}}`), want: auth.RulePL7, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL7, desc: "raise-own-rejected-EDGE-P10", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":60}}`), want: auth.RulePL7, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL7, desc: "raise-other-to-own-allowed", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50,"`+bob+`":50}}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL8, desc: "unchanged-allowed", ev: st("m.room.power_levels", mod, "", plDefault), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL8, desc: "not-reached-rejected", ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50}}`), want: auth.RulePL6},

		// REDACT-1..3 (v1–2) and the same redactions from v3 on.
		{rule: auth.RuleRedact1, desc: "moderator-allowed", vers: []string{"1", "2"}, ev: redaction(mod, `"$x:b.test"`)},
		{rule: auth.RuleRedact1, desc: "below-level-other-domain-rejected", vers: []string{"1", "2"}, ev: redaction(bob, `"$x:b.test"`), want: auth.RuleRedact3},
		{rule: auth.RuleRedact2, desc: "same-domain-allowed-EDGE-V2", vers: []string{"1", "2"}, ev: redaction(bob, `"$x:a.test"`)},
		{rule: auth.RuleRedact2, desc: "missing-redacts-allowed-D15", vers: []string{"1", "2"}, ev: redaction(bob, "")},
		{rule: auth.RuleRedact2, desc: "non-string-redacts-allowed-D15", vers: []string{"1", "2"}, ev: redaction(bob, "5")},
		{rule: auth.RuleRedact2, desc: "redacts-without-colon-rejected-EDGE-V3", vers: []string{"1", "2"}, ev: redaction(bob, `"$nocolon"`), want: auth.RuleRedact2},
		{rule: auth.RuleRedact3, desc: "other-domain-rejected-EDGE-V2", vers: []string{"1", "2"}, ev: redaction(bob, `"$x:b.test"`), want: auth.RuleRedact3},
		{rule: auth.RuleRedact3, desc: "other-domain-allowed-from-v3", vers: []string{"3", "4", "5", "6", "7"}, ev: redaction(bob, `"$x:b.test"`)},

		// DEFAULT-1.
		{rule: auth.RuleDefault1, desc: "message-allowed", ev: msgEv},
		{rule: auth.RuleDefault1, desc: "not-reached-rejected", ev: msg("m.room.message", eve, `{}`), want: auth.RuleSender1},

		// DEF-PL-4 / D19: values read by later events.
		{rule: auth.RuleDefPL4, desc: "bad-ban-rejects-membership-D19", state: []spec{pl(`{"users":{"` + alice + `":100},"ban":"abc"}`)}, ev: mem(bob, bob, "leave"), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-events-rejects-topic-D19", state: []spec{pl(`{"users":{"` + mod + `":50},"events":{"m.room.topic":"abc"}}`)}, ev: st("m.room.topic", mod, "", `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-users-default-with-entry-allowed-EDGE-P7", state: []spec{pl(`{"users":{"` + mod + `":50},"users_default":"abc"}`)}, ev: st("m.room.topic", mod, "", `{}`)},
		{rule: auth.RuleDefPL4, desc: "null-named-level-is-default-EDGE-P8", state: []spec{pl(`{"users":{"` + mod + `":50},"ban":null}`)}, ev: mem(mod, bob, "ban")},
		{rule: auth.RuleDefPL4, desc: "null-state-default-rejected-EDGE-P8", state: []spec{pl(`{"users":{"` + mod + `":50},"state_default":null}`)}, ev: st("m.room.topic", mod, "", `{}`), want: auth.RuleDefPL4},
	}
}

// tpiFixture signs third-party invites for the table.
type tpiFixture struct {
	priv                     ed25519.PrivateKey
	pubStd, pubURL, otherPub string // JSON strings
}

func newTPI() tpiFixture {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = 7
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	other := make([]byte, ed25519.SeedSize)
	other[0] = 9
	opub := ed25519.NewKeyFromSeed(other).Public().(ed25519.PublicKey)
	// Pick a key whose URL-safe form differs from the standard one when
	// possible; both forms must be accepted either way.
	return tpiFixture{
		priv:     priv,
		pubStd:   `"` + base64.RawStdEncoding.EncodeToString(pub) + `"`,
		pubURL:   `"` + base64.RawURLEncoding.EncodeToString(pub) + `"`,
		otherPub: `"` + base64.RawStdEncoding.EncodeToString(opub) + `"`,
	}
}

func (f tpiFixture) inviteEvent(keys string) spec {
	return st("m.room.third_party_invite", bob, "tok", `{"display_name":"e",`+keys+`}`)
}

func (f tpiFixture) signed(mxid, token string) string {
	out, err := event.SignJSON([]byte(`{"mxid":"`+mxid+`","token":"`+token+`","sender":"`+bob+`"}`), "id.test", "ed25519:0", f.priv)
	if err != nil {
		panic(err)
	}
	return string(out)
}

// signedBadFirst has a non-verifying ed25519 signature sorted before the
// valid one.
func (f tpiFixture) signedBadFirst(mxid, token string) string {
	good := f.signed(mxid, token)
	sig := good[strings.Index(good, `"ed25519:0":"`)+len(`"ed25519:0":"`):]
	sig = sig[:strings.IndexByte(sig, '"')]
	bad := "A" + sig[1:]
	if bad == sig {
		bad = "B" + sig[1:]
	}
	return `{"mxid":"` + mxid + `","sender":"` + bob + `","signatures":{"id.test":{"ed25519:0":"` + bad + `","ed25519:1":"` + sig + `"}},"token":"` + token + `"}`
}

func (f tpiFixture) member(sender, target, _ string, _ string, signed string) spec {
	return st("m.room.member", sender, target, `{"membership":"invite","third_party_invite":{"display_name":"e","signed":`+signed+`}}`)
}

func TestRules(t *testing.T) {
	runRuleCases(t, ruleCases(newTPI()))
}

// runRuleCases runs each case in every room version it names against the
// base room changed by the case's state and drop.
func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		for _, v := range versions(tc.vers...) {
			t.Run(string(tc.rule)+"/v"+v.ID+"/"+tc.desc, func(t *testing.T) {
				state, create := baseState(t, v)
				for _, k := range tc.drop {
					delete(state, k)
				}
				for _, s := range tc.state {
					e := build(t, v, s)
					sk, _ := e.StateKey()
					state[auth.StateKey{Type: e.Type(), StateKey: sk}] = e
				}
				if c := state[auth.StateKey{Type: "m.room.create"}]; c != nil {
					create = c
				}
				s := tc.ev
				for i, p := range s.prev {
					if p == createID {
						s.prev = append([]string(nil), s.prev...)
						s.prev[i] = create.ID()
					}
				}
				want := tc.wantIn(v)
				ev, err := buildErr(v, s)
				if err != nil {
					if want == refusedAtParse || (tc.parseMayRefuse && want != "") {
						return
					}
					t.Fatalf("building %+v: %v", s, err)
				}
				if want == refusedAtParse {
					t.Fatalf("want the event refused at parse time, got %v", ev.ID())
				}
				wantRule(t, auth.Check(ev, state), want)
			})
		}
	}
}
