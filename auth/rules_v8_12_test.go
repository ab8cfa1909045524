package auth_test

import (
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
)

// versWhere lists the supported room versions whose flags satisfy f.
func versWhere(f func(roomversion.Version) bool) []string {
	var ids []string
	for _, v := range roomversion.Supported() {
		if f(v) {
			ids = append(ids, v.ID)
		}
	}
	return ids
}

var (
	v7Down         = versWhere(func(v roomversion.Version) bool { return !v.RestrictedJoinRule })
	v8Up           = versWhere(func(v roomversion.Version) bool { return v.RestrictedJoinRule })
	v8to9          = versWhere(func(v roomversion.Version) bool { return v.RestrictedJoinRule && !v.KnockRestrictedJoinRule })
	v10Up          = versWhere(func(v roomversion.Version) bool { return v.KnockRestrictedJoinRule })
	stringyVers    = versWhere(func(v roomversion.Version) bool { return v.StringyPowerLevels && v.Knocking })
	intLevelVers   = versWhere(func(v roomversion.Version) bool { return v.IntegerPowerLevels })
	senderCreator  = versWhere(func(v roomversion.Version) bool { return v.CreatorIsCreateSender && !v.PrivilegedCreators })
	contentCreator = versWhere(func(v roomversion.Version) bool { return !v.CreatorIsCreateSender && v.RestrictedJoinRule })
	v12            = versWhere(func(v roomversion.Version) bool { return v.PrivilegedCreators && v.RoomIDFromCreateEvent })
)

// Users of the v12 cases: ac is an additional creator, big a non-creator
// with the largest level a PL event can hold.
const (
	ac  = "@ac:a.test"
	big = "@big:a.test"
)

// withAuthoriser is a join of user naming authoriser (raw JSON value).
func withAuthoriser(sender, target, membership, authoriser string) spec {
	return st("m.room.member", sender, target, `{"membership":"`+membership+`","join_authorised_via_users_server":`+authoriser+`}`)
}

// v12Create is the base room's create event ($create) naming additional
// creators (raw JSON array), for v12 cases.
func v12Create(additional string) spec {
	return spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"room_version":"12","additional_creators":` + additional + `}`, hasState: true}
}

// createEv is a create event of the case's version with content; in v12 it
// carries no room_id (the helpers leave it out for ("m.room.create", "")).
func createEv(sender, content string) spec { return st("m.room.create", sender, "", content) }

func ruleCasesV8to12() []ruleCase {
	q := func(s string) string { return `"` + s + `"` }
	longID := "@" + strings.Repeat("a", 250) + ":a.test" // 258 bytes
	acJoined := []spec{v12Create(`["` + ac + `"]`), mem(ac, ac, "join")}
	return []ruleCase{
		// MEMBER-JAUTH-1 (v8+, D31; joins only, D22).
		{rule: auth.RuleMemberJAuth1, desc: "user-id-profile-update-allowed", vers: v8Up, ev: withAuthoriser(bob, bob, "join", q("@x:b.test"))},
		{rule: auth.RuleMemberJAuth1, desc: "number-rejected-D31", parseMayRefuse: true, vers: v8Up, ev: withAuthoriser(bob, bob, "join", "5"), want: auth.RuleMemberJAuth1},
		{rule: auth.RuleMemberJAuth1, desc: "no-colon-rejected-D31", parseMayRefuse: true, vers: v8Up, ev: withAuthoriser(bob, bob, "join", q("bob")), want: auth.RuleMemberJAuth1},
		{rule: auth.RuleMemberJAuth1, desc: "null-rejected-D31", parseMayRefuse: true, vers: v8Up, ev: withAuthoriser(bob, bob, "join", "null"), want: auth.RuleMemberJAuth1},
		{rule: auth.RuleMemberJAuth1, desc: "object-rejected-D31", parseMayRefuse: true, vers: v8Up, ev: withAuthoriser(bob, bob, "join", "{}"), want: auth.RuleMemberJAuth1},
		{rule: auth.RuleMemberJAuth1, desc: "before-creator-first-join-rejected-EDGE-R19", parseMayRefuse: true, vers: v8Up, drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join","join_authorised_via_users_server":5}`, prev: []string{createID}}, want: auth.RuleMemberJAuth1},
		{rule: auth.RuleMemberJAuth1, desc: "leave-ignores-key-allowed-D22", vers: v8Up, ev: withAuthoriser(bob, bob, "leave", "5")},
		{rule: auth.RuleMemberJAuth1, desc: "key-meaningless-before-v8-allowed", vers: v7Down, ev: withAuthoriser(bob, bob, "join", "5")},

		// DEF-JR-1 and MEMBER-JOIN-R-1..3.
		{rule: auth.RuleMemberJoinR1, desc: "invited-restricted-allowed-EDGE-R7", vers: v8Up, state: []spec{jr("restricted")}, ev: mem(carol, carol, "join")},
		{rule: auth.RuleMemberJoinR1, desc: "profile-update-restricted-allowed-EDGE-R9", vers: v8Up, state: []spec{jr("restricted")}, ev: st("m.room.member", bob, bob, `{"membership":"join","displayname":"B"}`)},
		{rule: auth.RuleMemberJoinR1, desc: "restricted-unknown-before-v8-rejected-EDGE-R9", vers: v7Down, state: []spec{jr("restricted")}, ev: mem(bob, bob, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoinR1, desc: "invited-knock-restricted-allowed-EDGE-KR2", vers: v10Up, state: []spec{jr("knock_restricted")}, ev: mem(carol, carol, "join")},
		{rule: auth.RuleMemberJoinR1, desc: "knock-restricted-unknown-v8-9-rejected-EDGE-KR3", vers: v8to9, state: []spec{jr("knock_restricted")}, ev: mem(bob, bob, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoinR1, desc: "not-invited-needs-authoriser-rejected", vers: v8Up, state: []spec{jr("restricted")}, ev: mem(eve, eve, "join"), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "joined-authoriser-allowed-EDGE-R1", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(eve, eve, "join", q(mod))},
		{rule: auth.RuleMemberJoinR2, desc: "no-authoriser-rejected-EDGE-R2", vers: v8Up, state: []spec{jr("restricted")}, ev: mem(eve, eve, "join"), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "invited-authoriser-rejected-EDGE-R3", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(eve, eve, "join", q(carol)), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "unknown-authoriser-rejected-EDGE-R3", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(eve, eve, "join", q("@nobody:a.test")), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "authoriser-below-invite-rejected-EDGE-R4", vers: v8Up, state: []spec{jr("restricted"), pl(`{"users":{"` + alice + `":100,"` + mod + `":50},"invite":60}`)}, ev: withAuthoriser(eve, eve, "join", q(mod)), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "authoriser-at-invite-allowed-EDGE-R4", vers: v8Up, state: []spec{jr("restricted"), pl(`{"users":{"` + alice + `":100,"` + mod + `":50},"invite":50}`)}, ev: withAuthoriser(eve, eve, "join", q(mod))},
		{rule: auth.RuleMemberJoinR2, desc: "self-authorised-rejected-EDGE-R17", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(eve, eve, "join", q(eve)), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "after-knock-with-authoriser-allowed-EDGE-R18", vers: v8Up, state: []spec{jr("restricted"), mem(kim, kim, "knock")}, ev: withAuthoriser(kim, kim, "join", q(mod))},
		{rule: auth.RuleMemberJoinR2, desc: "after-knock-without-authoriser-rejected-EDGE-R18", vers: v8Up, state: []spec{jr("restricted"), mem(kim, kim, "knock")}, ev: mem(kim, kim, "join"), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "knock-restricted-authoriser-allowed-EDGE-KR2", vers: v10Up, state: []spec{jr("knock_restricted")}, ev: withAuthoriser(eve, eve, "join", q(mod))},
		{rule: auth.RuleMemberJoinR2, desc: "knock-restricted-no-authoriser-rejected-EDGE-KR2", vers: v10Up, state: []spec{jr("knock_restricted")}, ev: mem(eve, eve, "join"), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR2, desc: "authoriser-ignored-under-public-allowed-EDGE-R13", vers: v8Up, state: []spec{jr("public")}, ev: withAuthoriser(eve, eve, "join", q("@nobody:a.test"))},
		{rule: auth.RuleMemberJoinR2, desc: "creator-authoriser-infinite-allowed-EDGE-R21", vers: v12, state: append(acJoined, jr("restricted"), pl(`{"users":{"`+mod+`":50},"invite":100}`)), ev: withAuthoriser(eve, eve, "join", q(ac))},
		{rule: auth.RuleMemberJoinR2, desc: "creator-authoriser-not-joined-rejected-EDGE-R21", vers: v12, state: []spec{v12Create(`["` + ac + `"]`), jr("restricted")}, ev: withAuthoriser(eve, eve, "join", q(ac)), want: auth.RuleMemberJoinR2},
		{rule: auth.RuleMemberJoinR3, desc: "valid-authoriser-allowed", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(eve, eve, "join", q(alice))},
		{rule: auth.RuleMemberJoinR3, desc: "banned-with-authoriser-rejected-EDGE-R10", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(dave, dave, "join", q(alice)), want: auth.RuleMemberJoin3},
		{rule: auth.RuleMemberJoinR3, desc: "other-sender-rejected-EDGE-R11", vers: v8Up, state: []spec{jr("restricted")}, ev: withAuthoriser(alice, eve, "join", q(alice)), want: auth.RuleMemberJoin2},

		// MEMBER-KNOCK-1 (v10: knock_restricted).
		{rule: auth.RuleMemberKnock1, desc: "knock-restricted-allowed-EDGE-KR1", vers: v10Up, state: []spec{jr("knock_restricted")}, ev: mem(eve, eve, "knock")},
		{rule: auth.RuleMemberKnock1, desc: "knock-restricted-v8-9-rejected-EDGE-KR1", vers: v8to9, state: []spec{jr("knock_restricted")}, ev: mem(eve, eve, "knock"), want: auth.RuleMemberKnock1},
		{rule: auth.RuleMemberKnock1, desc: "restricted-rejected-EDGE-R20", vers: v8Up, state: []spec{jr("restricted")}, ev: mem(eve, eve, "knock"), want: auth.RuleMemberKnock1},
		{rule: auth.RuleMemberKnock1, desc: "invited-knock-restricted-rejected-EDGE-KR4", vers: v10Up, state: []spec{jr("knock_restricted")}, ev: mem(carol, carol, "knock"), want: auth.RuleMemberKnock4},

		// PL-0a, PL-0b, PL-1 (v10+, every PL event: D23, D35).
		{rule: auth.RulePL0a, desc: "integer-allowed", vers: intLevelVers, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"ban":50}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL0a, desc: "string-rejected-EDGE-P10-1", vers: intLevelVers, ev: st("m.room.power_levels", alice, "", `{"users":{"`+mod+`":50},"users_default":"42"}`), want: auth.RulePL0a},
		{rule: auth.RulePL0a, desc: "string-allowed-stringy-EDGE-P10-1", vers: stringyVers, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"users_default":"0"}`)},
		{rule: auth.RulePL0a, desc: "null-in-first-pl-rejected-EDGE-P10-3", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"ban":null}`), want: auth.RulePL0a},
		{rule: auth.RulePL0a, desc: "bool-rejected", vers: intLevelVers, ev: st("m.room.power_levels", alice, "", `{"users":{"`+mod+`":50},"kick":true}`), want: auth.RulePL0a},
		{rule: auth.RulePL0a, desc: "non-empty-state-key-rejected-EDGE-P10-6", vers: intLevelVers, ev: st("m.room.power_levels", alice, "x", `{"kick":"50"}`), want: auth.RulePL0a},
		{rule: auth.RulePL0a, desc: "unknown-key-string-allowed-EDGE-P10-7", vers: intLevelVers, ev: st("m.room.power_levels", alice, "x", `{"historical":"100"}`)},
		{rule: auth.RulePL0b, desc: "events-string-in-first-pl-rejected-EDGE-P10-2", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"events":{"m.room.name":"50"}}`), want: auth.RulePL0b},
		{rule: auth.RulePL0b, desc: "events-string-first-pl-stringy-allowed-EDGE-P10-2", vers: stringyVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"events":{"m.room.name":"50"}}`)},
		{rule: auth.RulePL0b, desc: "notifications-null-rejected-EDGE-P10-3", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"notifications":{"room":null}}`), want: auth.RulePL0b},
		{rule: auth.RulePL0b, desc: "notifications-any-key-allowed-EDGE-P10-8", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"notifications":{"room":50,"custom":10}}`)},
		{rule: auth.RulePL0b, desc: "events-list-rejected-EDGE-P10-5", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"events":[]}`), want: auth.RulePL0b},
		{rule: auth.RulePL0b, desc: "notifications-string-rejected-EDGE-P10-5", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"notifications":"x"}`), want: auth.RulePL0b},
		{rule: auth.RulePL1, desc: "users-bool-rejected-EDGE-P10-4", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+bob+`":true}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-string-rejected-v10", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+bob+`":"50"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-integer-allowed-v10", vers: intLevelVers, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+bob+`":50}}`)},

		// PL-1b (v12).
		{rule: auth.RulePL1b, desc: "create-sender-in-users-rejected-EDGE-V12-C3", vers: v12, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50}}`), want: auth.RulePL1b},
		{rule: auth.RulePL1b, desc: "additional-creator-in-first-pl-rejected-EDGE-V12-C3", vers: v12, state: acJoined, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+ac+`":0}}`), want: auth.RulePL1b},
		{rule: auth.RulePL1b, desc: "non-creator-sender-names-creator-rejected", vers: v12, ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":50,"`+mod+`":50}}`), want: auth.RulePL1b},
		{rule: auth.RulePL1b, desc: "case-differs-allowed-EDGE-V12-C11", vers: v12, ev: st("m.room.power_levels", alice, "", `{"users":{"@Alice:a.test":10,"`+mod+`":50}}`)},
		{rule: auth.RulePL1b, desc: "creator-in-users-v11-allowed-EDGE-V12-C12", vers: senderCreator, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50}}`)},
		{rule: auth.RulePL6, desc: "creator-demotes-peer-at-max-allowed-EDGE-V12-C9", vers: v12, state: []spec{pl(`{"users":{"` + mod + `":100,"` + big + `":9007199254740991}}`)}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+mod+`":0,"`+big+`":0}}`)},
		{rule: auth.RulePL6, desc: "admin-cannot-touch-peer-admin-EDGE-V12-C9", vers: v12, state: []spec{pl(`{"users":{"` + mod + `":100,"` + bob + `":100}}`), mem(mod, mod, "join")}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":100,"`+bob+`":0}}`), want: auth.RulePL6},

		// CREATE-2, CREATE-4, CREATE-6, CREATE-7 (v11, v12).
		{rule: auth.RuleCreate4, desc: "creator-absent-v11-allowed-EDGE-V11-C1", vers: senderCreator, ev: createEv(alice, `{"room_version":"11"}`)},
		{rule: auth.RuleCreate4, desc: "creator-absent-v10-rejected-EDGE-V11-C1", vers: contentCreator, ev: createEv(alice, `{"room_version":"10"}`), want: auth.RuleCreate4},
		{rule: auth.RuleCreate2, desc: "no-room-id-any-sender-allowed", vers: v12, ev: createEv(rem, `{}`)},
		{rule: auth.RuleCreate6, desc: "valid-lists-allowed-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":["@:example.org","@bob:x","@bob:x","`+alice+`","@bob:[::1]:8448","@bob:1.2.3.4:80","@b c:ex-ample.org"]}`)},
		{rule: auth.RuleCreate6, desc: "empty-list-allowed-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":[]}`)},
		{rule: auth.RuleCreate6, desc: "string-rejected-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":"@bob:x"}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "number-entry-rejected-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":[5]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "no-colon-rejected-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":["bob"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "no-at-rejected", vers: v12, ev: createEv(alice, `{"additional_creators":["bob:x"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "space-in-host-rejected-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:bad host"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "underscore-in-host-rejected-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:ex_ample.org"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "over-255-bytes-rejected-EDGE-V12-C1", vers: v12, ev: createEv(alice, `{"additional_creators":["`+longID+`"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "plus-port-rejected-X3", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:example.org:+80"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "six-digit-port-rejected-X3", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:example.org:123456"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "empty-port-rejected-X3", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:example.org:"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "trailing-dot-rejected", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:example.org."]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "bad-ipv6-rejected", vers: v12, ev: createEv(alice, `{"additional_creators":["@bob:[1.2.3.4]"]}`), want: auth.RuleCreate6},
		{rule: auth.RuleCreate6, desc: "ignored-in-v11-allowed-EDGE-V12-C2", vers: senderCreator, ev: createEv(alice, `{"additional_creators":5}`)},
		{rule: auth.RuleCreate7, desc: "state-key-x-rejected-EDGE-V12-ID7", vers: v12, ev: st("m.room.create", alice, "x", `{}`), want: auth.RuleCreate7},
		{rule: auth.RuleCreate7, desc: "no-state-key-rejected-EDGE-V12-ID7", vers: v12, ev: spec{typ: "m.room.create", sender: alice, sk: noSK, content: `{}`}, want: auth.RuleCreate7},
		{rule: auth.RuleCreate7, desc: "empty-state-key-allowed", vers: v12, ev: createEv(alice, `{}`)},

		// ROOMID-1 (v12).
		{rule: auth.RuleRoomID1, desc: "names-state-create-allowed", vers: v12, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleRoomID1, desc: "names-other-event-rejected-EDGE-V12-ID5", vers: v12, ev: spec{typ: "m.room.message", sender: bob, sk: noSK, content: `{}`, room: "!other"}, want: auth.RuleRoomID1},
		{rule: auth.RuleRoomID1, desc: "domain-room-id-rejected-EDGE-V12-ID6", vers: v12, ev: spec{typ: "m.room.message", sender: bob, sk: noSK, content: `{}`, room: "!abc:example.org"}, want: auth.RuleRoomID1},
		{rule: auth.RuleRoomID1, desc: "no-create-in-state-rejected", vers: v12, drop: []auth.StateKey{{Type: "m.room.create"}}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleRoomID1},
		{rule: auth.RuleRoomID1, desc: "other-create-in-state-rejected", vers: v12, state: []spec{{id: "create2", typ: "m.room.create", sender: alice, sk: "", content: `{}`, hasState: true}}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleRoomID1},

		// DEF-CREATORS-1 and DEF-PL-1 (v11, v12).
		{rule: auth.RuleDefCreators1, desc: "additional-creator-kicks-admin-allowed", vers: v12, state: append(acJoined, pl(`{"users":{"`+mod+`":9007199254740991}}`)), ev: mem(ac, mod, "leave")},
		{rule: auth.RuleDefCreators1, desc: "creator-kicks-creator-rejected-EDGE-V12-C4", vers: v12, state: acJoined, ev: mem(alice, ac, "leave"), want: auth.RuleMemberLeave5},
		{rule: auth.RuleDefCreators1, desc: "creator-bans-creator-rejected-EDGE-V12-C4", vers: v12, state: acJoined, ev: mem(ac, alice, "ban"), want: auth.RuleMemberBan3},
		{rule: auth.RuleDefCreators1, desc: "max-level-kicks-creator-rejected-EDGE-V12-C4", vers: v12, state: []spec{pl(`{"users":{"` + big + `":9007199254740991}}`), mem(big, big, "join")}, ev: mem(big, alice, "leave"), want: auth.RuleMemberLeave5},
		{rule: auth.RuleDefCreators1, desc: "creator-kicks-max-level-allowed-EDGE-V12-C4", vers: v12, state: []spec{pl(`{"users":{"` + big + `":9007199254740991}}`), mem(big, big, "join")}, ev: mem(alice, big, "leave")},
		{rule: auth.RuleDefCreators1, desc: "creator-left-cannot-send-EDGE-V12-C6", vers: v12, state: []spec{mem(alice, alice, "leave")}, ev: msg("m.room.message", alice, `{}`), want: auth.RuleSender1},
		{rule: auth.RuleDefCreators1, desc: "creator-tombstone-above-events-allowed-EDGE-V12-C8", vers: v12, state: []spec{pl(`{"events":{"m.room.tombstone":9007199254740991}}`)}, ev: st("m.room.tombstone", alice, "", `{}`)},
		{rule: auth.RuleDefPL1, desc: "no-pl-additional-creator-topic-allowed-EDGE-V12-C7", vers: v12, state: acJoined, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.topic", ac, "", `{}`)},
		{rule: auth.RuleDefPL1, desc: "no-pl-non-creator-topic-rejected-EDGE-V12-C7", vers: v12, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.topic", bob, "", `{}`), want: auth.RulePower1},
		{rule: auth.RuleDefPL1, desc: "no-pl-create-sender-100-v11-allowed-D30", vers: senderCreator, state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + bob + `"}`, hasState: true}}, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.topic", alice, "", `{}`)},
		{rule: auth.RuleDefPL1, desc: "no-pl-content-creator-ignored-v11-rejected-D30", vers: senderCreator, state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + bob + `"}`, hasState: true}}, drop: []auth.StateKey{{Type: "m.room.power_levels"}}, ev: st("m.room.topic", bob, "", `{}`), want: auth.RulePower1},
		{rule: auth.RuleMemberJoin1, desc: "additional-creator-no-bypass-rejected-EDGE-V12-C5", vers: v12, state: []spec{v12Create(`["` + ac + `"]`)}, drop: []auth.StateKey{{Type: "m.room.join_rules"}}, ev: spec{typ: "m.room.member", sender: ac, sk: ac, content: `{"membership":"join"}`, prev: []string{createID}}, want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin1, desc: "create-sender-bypass-v11-allowed-EDGE-V11-C2", vers: senderCreator, state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + bob + `"}`, hasState: true}}, drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID}}},
		{rule: auth.RuleMemberJoin1, desc: "content-creator-no-bypass-v11-rejected-EDGE-V11-C2", vers: senderCreator, state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + eve + `"}`, hasState: true}}, ev: spec{typ: "m.room.member", sender: eve, sk: eve, content: `{"membership":"join"}`, prev: []string{createID}}, want: auth.RuleMemberJoin6},
	}
}

func TestRulesV8to12(t *testing.T) {
	runRuleCases(t, ruleCasesV8to12())
}
