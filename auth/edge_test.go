package auth_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// edgeCases pins the verdicts of DIGEST §7 (EDGE-*) and the DECISIONS rows
// on inputs the rule table above does not reach: malformed values read by
// later events (D11, D19, EDGE-P7/P8), the number grammar (X1), join rules
// and memberships that are not strings (D1, EDGE-J3, EDGE-M14, DEF-MEM-1),
// and the shape of the state the rules run against. Each name carries the
// rule and the edge case or decision it is about; the expected verdicts are
// the documents', which are Synapse's except at X1.
func edgeCases() []ruleCase {
	v15 := []string{"1", "2", "3", "4", "5"}
	v67 := []string{"6", "7"}
	v12 := []string{"1", "2"}
	v37 := []string{"3", "4", "5", "6", "7"}
	plWith := func(extra string) spec {
		return pl(`{"users":{"` + alice + `":100,"` + mod + `":50}` + extra + `}`)
	}
	redaction := func(sender, redacts string) spec {
		s := msg("m.room.redaction", sender, `{}`)
		s.redacts = redacts
		return s
	}
	noPL := []auth.StateKey{{Type: "m.room.power_levels"}}
	createNoCreator := spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{}`, hasState: true}
	// modPL is a power-levels event sent by mod (PL 50) over plDefault.
	modPL := func(extra string) spec {
		return st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100,"`+mod+`":50}`+extra+`}`)
	}
	return []ruleCase{
		// X1 / EDGE-H13: floats truncate toward zero in v1–5.
		{rule: auth.RuleDefPL4, desc: "float-1e2-is-100-X1", vers: v15, state: []spec{plWith(`,"events":{"m.room.topic":1e2}`), pl(`{"users":{"` + bob + `":1e2}}`)}, ev: st("m.room.topic", bob, "", `{}`)},
		{rule: auth.RuleDefPL4, desc: "float-minus-0.5-is-0-X1", vers: v15, state: []spec{pl(`{"users":{"` + bob + `":-0.5},"events_default":0}`)}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL4, desc: "float-minus-0.5-below-state-X1", vers: v15, state: []spec{pl(`{"users":{"` + bob + `":-0.5}}`)}, ev: st("m.room.topic", bob, "", `{}`), want: auth.RulePower1},
		{rule: auth.RuleDefPL4, desc: "float-exponent-51146-X1-EDGE-H13", vers: v15, state: []spec{pl(`{"users":{"` + mod + `":5.114698E4},"ban":51146}`)}, ev: mem(mod, bob, "ban")},
		{rule: auth.RuleDefPL4, desc: "float-exponent-below-51147-X1-EDGE-H13", vers: v15, state: []spec{pl(`{"users":{"` + mod + `":5.114698E4},"ban":51147}`)}, ev: mem(mod, bob, "ban"), want: auth.RuleMemberBan3},
		{rule: auth.RulePL1, desc: "users-float-allowed-EDGE-H13", vers: v15, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":50.57}}`)},
		{rule: auth.RulePL1, desc: "users-1e300-rejected-EDGE-H13", vers: v15, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":1e300}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-1e18-allowed-X1", vers: v15, drop: noPL, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":1e18}}`)},
		{rule: auth.RulePL1, desc: "users-big-int-rejected-X1", vers: v15, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":9223372036854775808}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-big-string-rejected-EDGE-P8", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":"99999999999999999999"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-arabic-digit-rejected-EDGE-P8", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":"٣"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-nbsp-rejected-EDGE-P8", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":"\u00a05"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-plus-minus-rejected-EDGE-P8", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":"+-5"}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-empty-string-rejected-EDGE-P8", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":""}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-null-rejected-EDGE-P8", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":null}}`), want: auth.RulePL1},
		{rule: auth.RulePL1, desc: "users-vt-ff-space-allowed-X1", ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+bob+`":"\u000b\f -5\r\n\t"}}`), later: []laterWant{intLevels(auth.RulePL1)}},
		{rule: auth.RulePL1, desc: "users-users-null-rejected", ev: st("m.room.power_levels", alice, "", `{"users":null}`), want: auth.RulePL1},

		// EDGE-P8: null is absent for named levels, users_default and
		// users/events entries; not a number for state/events_default.
		{rule: auth.RuleDefPL4, desc: "null-users-default-is-0-EDGE-P8", state: []spec{plWith(`,"users_default":null`)}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL4, desc: "null-users-entry-falls-to-default-EDGE-P8", state: []spec{pl(`{"users_default":50,"users":{"` + bob + `":null}}`)}, ev: st("m.room.topic", bob, "", `{}`)},
		{rule: auth.RuleDefPL4, desc: "null-events-entry-is-absent-EDGE-P8", state: []spec{plWith(`,"events":{"m.room.topic":null}`)}, ev: st("m.room.topic", mod, "", `{}`)},
		{rule: auth.RuleDefPL4, desc: "null-events-default-rejects-message-EDGE-P8", state: []spec{plWith(`,"events_default":null`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "null-events-default-state-allowed-EDGE-P8", state: []spec{plWith(`,"events_default":null`)}, ev: st("m.room.topic", mod, "", `{}`)},
		{rule: auth.RuleDefPL4, desc: "null-invite-is-0-EDGE-P8", state: []spec{plWith(`,"invite":null`)}, ev: mem(bob, eve, "invite")},
		{rule: auth.RulePL3, desc: "null-named-level-compared-rejected-EDGE-P8", state: []spec{plWith(`,"kick":null`)}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"kick":null}`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0a)}},

		// D19 / EDGE-P7: malformed values reject the later events that
		// read them, and only those.
		{rule: auth.RuleDefPL4, desc: "bad-invite-rejects-leave-D19", state: []spec{plWith(`,"invite":"abc"`)}, ev: mem(bob, bob, "leave"), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-invite-rejects-tpi-event-D19", state: []spec{plWith(`,"invite":"abc"`)}, ev: st("m.room.third_party_invite", bob, "t", `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-invite-message-allowed-D19", state: []spec{plWith(`,"invite":"abc"`)}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL4, desc: "bad-ban-creator-first-join-allowed-D19", state: []spec{plWith(`,"ban":"abc"`)}, drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID}}},
		{rule: auth.RuleDefPL4, desc: "bad-kick-rejects-kick-D19", state: []spec{plWith(`,"kick":"abc"`)}, ev: mem(mod, bob, "leave"), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-kick-self-leave-allowed-D19", state: []spec{plWith(`,"kick":"abc"`)}, ev: mem(bob, bob, "leave")},
		{rule: auth.RuleDefPL4, desc: "bad-kick-ban-allowed-D19", state: []spec{plWith(`,"kick":"abc"`)}, ev: mem(mod, bob, "ban")},
		{rule: auth.RuleDefPL4, desc: "bad-redact-message-allowed-D19", state: []spec{plWith(`,"redact":"abc"`)}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL4, desc: "bad-redact-rejects-redaction-v1-2-D19", vers: v12, state: []spec{plWith(`,"redact":"abc"`)}, ev: redaction(mod, `"$x:a.test"`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-redact-rejects-redaction-v3-D19", vers: v37, state: []spec{plWith(`,"redact":"abc"`)}, ev: redaction(mod, `"$x:a.test"`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "null-redact-is-default-v3-D19", vers: v37, state: []spec{plWith(`,"redact":null`)}, ev: redaction(bob, `"$x:b.test"`)},
		{rule: auth.RuleDefPL4, desc: "bad-users-default-rejects-sender-without-entry-D19", state: []spec{plWith(`,"users_default":"abc"`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-users-default-rejects-ban-of-target-without-entry-D19", state: []spec{plWith(`,"users_default":"abc"`)}, ev: mem(mod, eve, "ban"), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-events-default-state-allowed-D19", state: []spec{plWith(`,"events_default":"abc"`)}, ev: st("m.room.topic", mod, "", `{}`)},
		{rule: auth.RuleDefPL4, desc: "bad-state-default-message-allowed-D19", state: []spec{plWith(`,"state_default":"abc"`)}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL4, desc: "events-list-rejects-message-D19", state: []spec{plWith(`,"events":[]`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "events-null-rejects-message-D19", state: []spec{plWith(`,"events":null`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "bad-notifications-message-allowed-D19", state: []spec{plWith(`,"notifications":[]`)}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL4, desc: "users-list-rejects-message-D11", state: []spec{pl(`{"users":[]}`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleDefPL4},
		{rule: auth.RuleDefPL4, desc: "users-string-rejects-member-D11", state: []spec{pl(`{"users":"abc"}`)}, ev: mem(bob, bob, "leave"), want: auth.RuleDefPL4},

		// D19 with a previous PL event: every compared value on either side
		// is parsed, changed or not.
		{rule: auth.RulePL3, desc: "unchanged-bad-kick-rejected-D19", state: []spec{plWith(`,"kick":"abc"`)}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"kick":"abc"}`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0a)}},
		{rule: auth.RulePL3, desc: "removed-bad-kick-rejected-D19", state: []spec{plWith(`,"kick":"abc"`)}, ev: st("m.room.power_levels", alice, "", plDefault), want: auth.RuleDefPL4, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL4, desc: "unchanged-bad-events-entry-rejected-D19", state: []spec{plWith(`,"events":{"m.room.topic":"abc"}`)}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"events":{"m.room.topic":"abc"}}`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0b)}},
		{rule: auth.RulePL4, desc: "bad-notifications-unread-v1-5-D19", vers: v15, state: []spec{plWith(`,"notifications":{"room":"abc"}`)}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"notifications":{"room":"abc"}}`)},
		{rule: auth.RulePL4, desc: "bad-notifications-read-v6-7-D19", vers: v67, state: []spec{plWith(`,"notifications":{"room":"abc"}`)}, ev: st("m.room.power_levels", alice, "", `{"users":{"`+alice+`":100,"`+mod+`":50},"notifications":{"room":"abc"}}`), want: auth.RuleDefPL4},
		{rule: auth.RulePL5, desc: "old-notifications-empty-list-new-object-allowed-D19", vers: v67, state: []spec{plWith(`,"notifications":[]`)}, ev: modPL(`,"notifications":{"room":50}`)},
		{rule: auth.RulePL5, desc: "old-notifications-empty-list-new-above-rejected", vers: v67, state: []spec{plWith(`,"notifications":[]`)}, ev: modPL(`,"notifications":{"room":60}`), want: auth.RulePL5},
		{rule: auth.RulePL4, desc: "new-events-empty-list-removes-allowed-D19", state: []spec{plWith(`,"events":{"m.room.name":50}`)}, ev: modPL(`,"events":[]`), later: []laterWant{intLevels(auth.RulePL0b)}},
		{rule: auth.RulePL4, desc: "new-events-empty-list-removes-above-rejected", state: []spec{plWith(`,"events":{"m.room.name":60}`)}, ev: modPL(`,"events":[]`), want: auth.RulePL4, later: []laterWant{intLevels(auth.RulePL0b)}},
		{rule: auth.RulePL4, desc: "new-events-empty-string-removes-allowed-D19", state: []spec{plWith(`,"events":{"m.room.name":50}`)}, ev: modPL(`,"events":""`), later: []laterWant{intLevels(auth.RulePL0b)}},
		{rule: auth.RulePL4, desc: "new-events-list-rejected-D19", state: []spec{plWith(`,"events":{"m.room.name":50}`)}, ev: modPL(`,"events":["m.room.name"]`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0b)}},
		{rule: auth.RulePL4, desc: "new-events-null-rejected-D19", state: []spec{plWith(`,"events":{"m.room.name":50}`)}, ev: modPL(`,"events":null`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0b)}},
		{rule: auth.RulePL4, desc: "new-events-number-rejected-D19", ev: modPL(`,"events":5`), want: auth.RuleDefPL4, later: []laterWant{intLevels(auth.RulePL0b)}},

		// PL-3/PL-4 use > while PL-6 uses >= (EDGE-H08, EDGE-P3).
		{rule: auth.RulePL3, desc: "named-level-equal-own-lowered-allowed", state: []spec{plWith(`,"kick":50`)}, ev: modPL(`,"kick":40`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL3, desc: "named-level-removed-above-own-rejected-D2", state: []spec{plWith(`,"kick":60`)}, ev: modPL(``), want: auth.RulePL3, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL3, desc: "named-level-removed-at-own-allowed-D2", state: []spec{plWith(`,"state_default":50`)}, ev: modPL(``), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL3, desc: "users-default-to-own-allowed-EDGE-P10", ev: modPL(`,"users_default":50`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL3, desc: "users-default-above-own-rejected-EDGE-P10", ev: modPL(`,"users_default":51`), want: auth.RulePL3, later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL4, desc: "events-equal-own-changed-allowed", state: []spec{plWith(`,"events":{"m.room.name":50}`)}, ev: modPL(`,"events":{"m.room.name":10}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL6, desc: "peer-equal-removed-rejected-EDGE-H08", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":50}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50}}`), want: auth.RulePL6},
		{rule: auth.RulePL6, desc: "own-entry-removed-allowed-PL-6-exception", ev: st("m.room.power_levels", mod, "", `{"users":{"`+alice+`":100}}`), later: []laterWant{privileged(auth.RulePL1b)}},
		{rule: auth.RulePL6, desc: "raise-lower-peer-to-own-allowed", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":10}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50,"`+bob+`":50}}`)},
		{rule: auth.RulePL6, desc: "stringy-peer-unchanged-allowed-EDGE-P9", state: []spec{pl(`{"users":{"` + mod + `":50,"` + bob + `":"50"}}`)}, ev: st("m.room.power_levels", mod, "", `{"users":{"`+mod+`":50,"`+bob+`":50}}`), later: []laterWant{intLevels(auth.RuleDefPL4)}},
		{rule: auth.RulePL6, desc: "sender-level-from-users-default", state: []spec{pl(`{"users_default":50,"users":{"` + bob + `":40}}`)}, ev: st("m.room.power_levels", mod, "", `{"users_default":50}`)},

		// EDGE-P11 / D5: a PL event with state_key "x".
		{rule: auth.RulePL1, desc: "state-key-x-bad-users-rejected-D5", ev: st("m.room.power_levels", mod, "x", `{"users":{"bob":1}}`), want: auth.RulePL1},
		{rule: auth.RulePower1, desc: "state-key-x-below-state-default-rejected-D5", ev: st("m.room.power_levels", bob, "x", `{}`), want: auth.RulePower1},
		{rule: auth.RulePL2, desc: "state-key-x-above-own-allowed-D5", ev: st("m.room.power_levels", mod, "x", `{"users":{"`+mod+`":100},"ban":100}`)},
		{rule: auth.RulePL3, desc: "state-key-x-compared-with-own-key-D5", state: []spec{st("m.room.power_levels", alice, "x", `{"ban":100}`)}, ev: st("m.room.power_levels", mod, "x", `{}`), want: auth.RulePL3},

		// EDGE-P13, EDGE-P14.
		{rule: auth.RuleTPI1, desc: "state-key-of-user-ignored-EDGE-P13", ev: st("m.room.third_party_invite", bob, mod, `{}`)},
		{rule: auth.RuleStateKey1, desc: "non-state-event-never-checked-EDGE-P14", ev: msg("m.custom", mod, `{"state_key":"@bob:a.test"}`)},
		{rule: auth.RuleStateKey1, desc: "at-only-key-rejected-EDGE-P14", ev: st("m.custom", mod, "@", `{}`), want: auth.RuleStateKey1},

		// FED-1 / D4 and EDGE-F6.
		{rule: auth.RuleFed1, desc: "string-true-rejected-D4", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `","m.federate":"true"}`, hasState: true}}, ev: msg("m.room.message", rem, `{}`), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "one-rejected-D4", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `","m.federate":1}`, hasState: true}}, ev: msg("m.room.message", rem, `{}`), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "false-remote-ban-target-rejected-EDGE-F6", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"` + alice + `","m.federate":false}`, hasState: true}}, ev: mem(mod, "@carol:c.test", "ban"), want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "false-remote-creator-first-join-by-local-allowed-D4", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"@z:c.test","m.federate":false}`, hasState: true}}, ev: spec{typ: "m.room.member", sender: alice, sk: "@z:c.test", content: `{"membership":"join"}`, prev: []string{createID}}, later: []laterWant{createSender(auth.RuleFed1)}},
		{rule: auth.RuleFed1, desc: "false-remote-creator-first-join-by-self-rejected-D4", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"@z:c.test","m.federate":false}`, hasState: true}}, ev: spec{typ: "m.room.member", sender: "@z:c.test", sk: "@z:c.test", content: `{"membership":"join"}`, prev: []string{createID}}, want: auth.RuleFed1},
		{rule: auth.RuleFed1, desc: "target-without-colon-rejected-D11", state: []spec{jr("public")}, ev: st("m.room.member", mod, "nocolon", `{"membership":"ban"}`), want: auth.RuleFed1},

		// MEMBER-JOIN-1 / EDGE-M1, EDGE-M2, EDGE-C3.
		{rule: auth.RuleMemberJoin1, desc: "single-non-create-prev-no-join-rules-rejected-EDGE-M2", drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}, {Type: "m.room.join_rules"}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{"$x:a.test"}}, want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin1, desc: "create-twice-in-prev-rejected-EDGE-M2", drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID, createID}}, want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin1, desc: "single-non-create-prev-public-allowed-EDGE-M2", state: []spec{jr("public")}, drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{"$x:a.test"}}},
		{rule: auth.RuleMemberJoin1, desc: "creator-on-other-server-allowed-EDGE-C3", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":"@z:c.test"}`, hasState: true}}, ev: spec{typ: "m.room.member", sender: "@z:c.test", sk: "@z:c.test", content: `{"membership":"join"}`, prev: []string{createID}}, later: []laterWant{createSender(auth.RuleMemberJoin6)}},
		{rule: auth.RuleMemberJoin1, desc: "non-string-creator-no-bypass", state: []spec{{id: "create", typ: "m.room.create", sender: alice, sk: "", content: `{"creator":5}`, hasState: true}}, drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID}}, want: auth.RuleMemberJoin6, later: []laterWant{createSender("")}},
		// A create event without creator (never allowed itself, but
		// possibly in a caller's state): Synapse fails reading it (D11).
		{rule: auth.RuleMemberJoin1, desc: "create-without-creator-first-join-rejected-D11", state: []spec{createNoCreator}, drop: []auth.StateKey{{Type: "m.room.member", StateKey: alice}}, ev: spec{typ: "m.room.member", sender: alice, sk: alice, content: `{"membership":"join"}`, prev: []string{createID}}, want: auth.RuleMemberJoin1, later: []laterWant{createSender("")}},
		{rule: auth.RuleDefPL1, desc: "create-without-creator-no-pl-message-rejected-D11", state: []spec{createNoCreator}, drop: noPL, ev: msg("m.room.message", bob, `{}`), want: auth.RuleDefPL1, later: []laterWant{createSender("")}},
		{rule: auth.RuleDefPL1, desc: "create-without-creator-no-pl-leave-rejected-D11", state: []spec{createNoCreator}, drop: noPL, ev: mem(bob, bob, "leave"), want: auth.RuleDefPL1, later: []laterWant{createSender("")}},
		{rule: auth.RuleDefPL1, desc: "create-without-creator-with-pl-allowed", state: []spec{createNoCreator}, ev: msg("m.room.message", bob, `{}`)},
		{rule: auth.RuleDefPL1, desc: "create-without-creator-aliases-allowed", vers: v15, state: []spec{createNoCreator}, drop: noPL, ev: st("m.room.aliases", eve, "a.test", `{}`)},

		// DEF-JR-1 / D1 / EDGE-J3.
		{rule: auth.RuleMemberJoin6, desc: "join-rule-null-rejected-EDGE-J3", state: []spec{st("m.room.join_rules", alice, "", `{"join_rule":null}`)}, ev: mem(carol, carol, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "join-rule-list-rejected-EDGE-J3", state: []spec{st("m.room.join_rules", alice, "", `{"join_rule":["invite"]}`)}, ev: mem(carol, carol, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "join-rule-Invite-rejected-EDGE-J3", state: []spec{jr("Invite")}, ev: mem(carol, carol, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberJoin6, desc: "join-rule-restricted-rejected-EDGE-J3", state: []spec{jr("restricted")}, ev: mem(carol, carol, "join"), want: auth.RuleMemberJoin6, later: []laterWant{restrictedRule("")}},
		{rule: auth.RuleMemberJoin6, desc: "join-rule-null-joined-profile-rejected", state: []spec{st("m.room.join_rules", alice, "", `{"join_rule":null}`)}, ev: mem(bob, bob, "join"), want: auth.RuleMemberJoin6},
		{rule: auth.RuleMemberKnock1, desc: "join-rule-null-knock-rejected-EDGE-J3", vers: []string{"7"}, state: []spec{st("m.room.join_rules", alice, "", `{"join_rule":null}`)}, ev: mem(eve, eve, "knock"), want: auth.RuleMemberKnock1},
		{rule: auth.RuleMemberKnock1, desc: "no-join-rules-knock-rejected-D1", vers: []string{"7"}, drop: []auth.StateKey{{Type: "m.room.join_rules"}}, ev: mem(eve, eve, "knock"), want: auth.RuleMemberKnock1},

		// MEMBER-UNKNOWN-1 / EDGE-M14.
		{rule: auth.RuleMemberUnknown1, desc: "membership-null-rejected-EDGE-M14", ev: st("m.room.member", bob, bob, `{"membership":null}`), want: auth.RuleMemberUnknown1},
		{rule: auth.RuleMemberUnknown1, desc: "membership-list-rejected-EDGE-M14", ev: st("m.room.member", mod, bob, `{"membership":["leave"]}`), want: auth.RuleMemberUnknown1},
		{rule: auth.RuleMemberUnknown1, desc: "membership-Leave-rejected-EDGE-M14", ev: mem(mod, bob, "Leave"), want: auth.RuleMemberUnknown1},

		// DEF-MEM-1: a membership in the state that is not a string matches
		// nothing; one that is missing fails (Synapse reads it, D11).
		{rule: auth.RuleDefMem1, desc: "sender-membership-5-public-join-allowed", state: []spec{jr("public"), st("m.room.member", eve, eve, `{"membership":5}`)}, ev: mem(eve, eve, "join")},
		{rule: auth.RuleDefMem1, desc: "sender-membership-5-message-rejected", state: []spec{st("m.room.member", bob, bob, `{"membership":5}`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleSender1},
		{rule: auth.RuleDefMem1, desc: "sender-membership-5-self-leave-rejected", state: []spec{st("m.room.member", bob, bob, `{"membership":5}`)}, ev: mem(bob, bob, "leave"), want: auth.RuleMemberLeave1},
		{rule: auth.RuleDefMem1, desc: "target-membership-JOIN-invite-allowed", state: []spec{st("m.room.member", eve, eve, `{"membership":"JOIN"}`)}, ev: mem(bob, eve, "invite")},
		{rule: auth.RuleDefMem1, desc: "sender-membership-missing-public-join-rejected-D11", state: []spec{jr("public"), st("m.room.member", eve, eve, `{}`)}, ev: mem(eve, eve, "join"), want: auth.RuleDefMem1},
		{rule: auth.RuleDefMem1, desc: "target-membership-missing-invite-rejected-D11", state: []spec{st("m.room.member", eve, eve, `{}`)}, ev: mem(bob, eve, "invite"), want: auth.RuleDefMem1},
		{rule: auth.RuleDefMem1, desc: "sender-membership-missing-message-rejected-D11", state: []spec{st("m.room.member", bob, bob, `{}`)}, ev: msg("m.room.message", bob, `{}`), want: auth.RuleSender1},

		// MEMBER-INVITE-TPI with malformed content (D11).
		{rule: auth.RuleMemberInviteTPI2, desc: "third-party-invite-null-rejected", ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":null}`), want: auth.RuleMemberInviteTPI2},
		{rule: auth.RuleMemberInviteTPI2, desc: "third-party-invite-string-rejected", ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":"x"}`), want: auth.RuleMemberInviteTPI2},
		{rule: auth.RuleMemberInviteTPI3, desc: "signed-list-rejected", ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":{"signed":[]}}`), want: auth.RuleMemberInviteTPI3},
		{rule: auth.RuleMemberInviteTPI5, desc: "token-number-rejected", state: []spec{st("m.room.third_party_invite", bob, "5", `{"public_key":"x"}`)}, ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":{"signed":{"mxid":"`+eve+`","token":5,"signatures":{}}}}`), want: auth.RuleMemberInviteTPI5},
		{rule: auth.RuleMemberInviteTPI4, desc: "mxid-number-rejected", ev: st("m.room.member", bob, eve, `{"membership":"invite","third_party_invite":{"signed":{"mxid":5,"token":"t","signatures":{}}}}`), want: auth.RuleMemberInviteTPI4},
		{rule: auth.RuleMemberInvite1, desc: "tpi-on-join-is-plain-join", state: []spec{jr("public")}, ev: st("m.room.member", eve, eve, `{"membership":"join","third_party_invite":{"signed":5}}`)},

		// REDACT / EDGE-V2, EDGE-V3, D15.
		{rule: auth.RuleRedact1, desc: "moderator-no-colon-redacts-allowed", vers: v12, ev: redaction(mod, `"$nocolon"`)},
		{rule: auth.RuleRedact2, desc: "redacts-null-allowed-D15", vers: v12, ev: redaction(bob, `null`)},
		{rule: auth.RuleRedact2, desc: "redacts-object-allowed-D15", vers: v12, ev: redaction(bob, `{"a":1}`)},
		{rule: auth.RuleRedact2, desc: "redacts-port-domain-same-allowed-EDGE-C5", vers: v12, ev: spec{id: "r1:a.test:8448", typ: "m.room.redaction", sender: "@bob:a.test:8448", sk: noSK, content: `{}`, redacts: `"$x:a.test:8448"`}, state: []spec{mem("@bob:a.test:8448", "@bob:a.test:8448", "join")}},
		{rule: auth.RulePower1, desc: "redaction-v3-below-redact-allowed-EDGE-H10", vers: v37, ev: redaction(bob, `"$x:b.test"`)},
	}
}

func TestEdgeCases(t *testing.T) {
	runRuleCases(t, edgeCases())
}

// TestMisKeyedState covers a caller's state whose entry is stored under a
// key other than the event's own (type, state_key): Synapse keys the
// state by each event's own pair, so such an entry is not found there.
func TestMisKeyedState(t *testing.T) {
	for _, v := range roomversion.Supported() {
		t.Run("v"+v.ID, func(t *testing.T) {
			state, _ := baseState(t, v)
			carolJoin := build(t, v, mem(carol, carol, "join"))
			delete(state, auth.StateKey{Type: "m.room.member", StateKey: bob})
			state[auth.StateKey{Type: "m.room.member", StateKey: bob}] = carolJoin
			wantRule(t, auth.Check(build(t, v, msg("m.room.message", bob, `{}`)), state), auth.RuleSender1)
			// A join-rules event stored under the PL key is not the PL.
			state, _ = baseState(t, v)
			state[auth.StateKey{Type: "m.room.power_levels"}] = build(t, v, jr("public"))
			wantRule(t, auth.Check(build(t, v, st("m.room.topic", bob, "", `{}`)), state), auth.RulePower1)
		})
	}
}

// TestAuthEventsSelectionKeys checks AUTHEV-2 against every key selection
// can produce, and the keys it never produces (SEL-0..7, EDGE-A2, EDGE-A3,
// EDGE-C1).
func TestAuthEventsSelectionKeys(t *testing.T) {
	for _, v := range roomversion.Supported() {
		if v.RoomIDFromCreateEvent {
			continue // v12 lists no create event: TestAuthEventsImpliedCreate
		}
		r := newAuthRoom(t, v)
		b := func(s spec) *event.Event { return build(t, v, s) }
		tpiEv := b(st("m.room.third_party_invite", alice, "tok", `{"public_key":"x"}`))
		tpiOther := b(st("m.room.third_party_invite", alice, "other", `{"public_key":"x"}`))
		eveMember := b(mem(alice, eve, "invite"))
		carolMember := b(mem(alice, carol, "invite"))
		plX := b(st("m.room.power_levels", alice, "x", plDefault))
		createX := b(spec{id: "createx", typ: "m.room.create", sender: alice, sk: "x", content: `{"creator":"` + alice + `"}`})
		createNone := b(spec{id: "createnone", typ: "m.room.create", sender: alice, sk: noSK, content: `{"creator":"` + alice + `"}`})
		tpiInvite := `{"membership":"invite","third_party_invite":{"signed":{"mxid":"` + eve + `","token":"tok","signatures":{}}}}`
		cases := []struct {
			name string
			ev   *event.Event
			aes  []*event.Event
			ok   bool // passes the AUTHEV rules (the rules may still reject)
		}{
			{"SEL-6/token-key-selected", b(st("m.room.member", alice, eve, tpiInvite)), []*event.Event{r.create, r.pl, r.alice, r.jr, tpiEv}, true},
			{"SEL-6/other-token-rejected", b(st("m.room.member", alice, eve, tpiInvite)), []*event.Event{r.create, r.pl, r.alice, tpiOther}, false},
			{"SEL-6/token-key-for-plain-invite-rejected", b(mem(alice, eve, "invite")), []*event.Event{r.create, r.pl, r.alice, tpiEv}, false},
			{"SEL-6/token-key-for-join-rejected", b(mem(bob, bob, "join")), []*event.Event{r.create, r.jr, tpiEv}, false},
			{"SEL-4/target-for-invite-selected", b(mem(alice, eve, "invite")), []*event.Event{r.create, r.pl, r.alice, r.jr, eveMember}, true},
			{"SEL-4/other-member-rejected", b(mem(alice, eve, "invite")), []*event.Event{r.create, r.pl, r.alice, carolMember}, false},
			{"SEL-4/target-for-message-rejected", b(msg("m.room.message", alice, `{}`)), []*event.Event{r.create, r.pl, r.alice, eveMember}, false},
			{"SEL-5/join-rules-for-leave-rejected-EDGE-A2", b(mem(alice, eve, "leave")), []*event.Event{r.create, r.pl, r.alice, r.jr}, false},
			{"SEL-5/join-rules-for-knock-selected", b(mem(eve, eve, "knock")), []*event.Event{r.create, r.pl, r.jr}, true},
			{"SEL-5/join-rules-for-non-string-membership-rejected", b(st("m.room.member", alice, eve, `{"membership":5}`)), []*event.Event{r.create, r.jr}, false},
			{"SEL-7/authorised-via-rejected-EDGE-A3", b(st("m.room.member", bob, bob, `{"membership":"join","join_authorised_via_users_server":"`+eve+`"}`)), []*event.Event{r.create, r.jr, eveMember}, v.RestrictedJoinRule},
			{"SEL-2/pl-state-key-x-rejected-EDGE-P11", b(msg("m.room.message", alice, `{}`)), []*event.Event{r.create, plX, r.alice}, false},
			{"SEL-1/create-state-key-x-rejected-EDGE-C1", b(msg("m.room.message", alice, `{}`)), []*event.Event{createX, r.alice}, false},
			{"SEL-1/create-without-state-key-rejected-EDGE-C1", b(mem(alice, alice, "leave")), []*event.Event{createNone, r.alice}, false},
		}
		for _, c := range cases {
			t.Run("v"+v.ID+"/"+c.name, func(t *testing.T) {
				err := auth.CheckAuthEvents(c.ev, c.aes)
				if c.ok {
					if rej, _ := err.(*auth.Rejection); rej != nil && (rej.Rule == auth.RuleAuthEv1 || rej.Rule == auth.RuleAuthEv2 || rej.Rule == auth.RuleAuthEv4) {
						t.Fatalf("want AUTHEV rules to pass, got %v", err)
					}
					return
				}
				if err == nil {
					t.Fatalf("want rejected, got allowed")
				}
			})
		}
	}
}
