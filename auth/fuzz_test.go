package auth_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// FuzzCheck builds a random event and a random change to a room's state
// (an arbitrary power-levels, join-rules, create or other state content)
// and checks that Check, CheckAuthEvents, SelectAuthEvents and
// UserPowerLevel never panic and return nil or a *Rejection, and that a
// check against state events seen for the first time (read, not cached)
// gives the same verdict as the checks after it (cached).
func FuzzCheck(f *testing.F) {
	f.Add(uint8(6), "m.room.member", bob, bob, true, `{"membership":"knock"}`, "m.room.join_rules", "", `{"join_rule":"knock"}`)
	f.Add(uint8(0), "m.room.power_levels", mod, "", true, `{"users":{"@a:b":"50"},"ban":1.5}`, "m.room.power_levels", "", `{"users":{"@mod:a.test":50},"events":[]}`)
	f.Add(uint8(1), "m.room.redaction", bob, "", false, `{}`, "m.room.create", "", `{"creator":"@alice:a.test","m.federate":0}`)
	f.Add(uint8(4), "m.room.member", bob, eve, true, `{"membership":"invite","third_party_invite":{"signed":{"mxid":"@eve:a.test","token":"t","signatures":{"x":{"ed25519:1":"abc"}}}}}`, "m.room.third_party_invite", "t", `{"public_key":"abc","public_keys":5}`)
	f.Add(uint8(2), "m.room.aliases", eve, "a.test", true, `{}`, "m.room.member", eve, `{"membership":5}`)
	f.Add(uint8(5), "m.room.message", "nocolon", "", false, `{"body":"x"}`, "m.room.power_levels", "", `{"users":null,"users_default":null,"events_default":null}`)
	// Inputs Synapse fails on while reading (D11): a member event without
	// membership and a create event without creator in the state, an empty
	// list or string under a compared PL map, a redact level that is not a
	// number for a v3+ redaction.
	f.Add(uint8(3), "m.room.member", eve, eve, true, `{"membership":"join"}`, "m.room.member", eve, `{}`)
	f.Add(uint8(0), "m.room.member", alice, alice, true, `{"membership":"join"}`, "m.room.create", "", `{}`)
	f.Add(uint8(6), "m.room.power_levels", alice, "", true, `{"users":{"@alice:a.test":100},"notifications":{"room":50},"events":""}`, "m.room.power_levels", "", `{"users":{"@alice:a.test":100},"notifications":[],"events":{"m.room.name":1}}`)
	f.Add(uint8(2), "m.room.redaction", bob, "", false, `{}`, "m.room.power_levels", "", `{"redact":"abc"}`)
	// Room versions 8–12 (indexes 7–11): restricted joins, integer levels,
	// v12 creators.
	f.Add(uint8(7), "m.room.member", eve, eve, true, `{"membership":"join","join_authorised_via_users_server":"@mod:a.test"}`, "m.room.join_rules", "", `{"join_rule":"restricted"}`)
	f.Add(uint8(9), "m.room.member", eve, eve, true, `{"membership":"knock"}`, "m.room.join_rules", "", `{"join_rule":"knock_restricted"}`)
	f.Add(uint8(9), "m.room.power_levels", alice, "x", true, `{"ban":"50","events":{"a":null}}`, "m.room.power_levels", "", `{"users":{"@alice:a.test":100}}`)
	f.Add(uint8(11), "m.room.power_levels", alice, "", true, `{"users":{"@ac:a.test":1}}`, "m.room.create", "", `{"additional_creators":["@ac:a.test"]}`)
	f.Add(uint8(11), "m.room.create", alice, "", true, `{"additional_creators":["@b:[::1]:80","@c:x:+1"]}`, "m.room.member", eve, `{"membership":"join"}`)
	vers := roomversion.Supported()
	f.Fuzz(func(t *testing.T, vi uint8, typ, sender, sk string, hasSK bool, content, stType, stKey, stContent string) {
		v := vers[int(vi)%len(vers)]
		if !hasSK {
			sk = noSK
		}
		ev, err := buildErr(v, spec{typ: typ, sender: sender, sk: sk, content: content, prev: []string{"$create:a.test"}})
		if err != nil {
			return
		}
		state, _ := baseState(t, v)
		if se, err := buildErr(v, spec{typ: stType, sender: alice, sk: stKey, content: stContent}); err == nil {
			state[auth.StateKey{Type: stType, StateKey: stKey}] = se
		}
		check := func(err error) {
			var rej *auth.Rejection
			if err != nil && !errors.As(err, &rej) {
				t.Fatalf("error is not a *Rejection: %v", err)
			}
		}
		// The first check reads the state's power-levels and create
		// events for itself, the second caches what it reads, the third
		// reads the cache: all three must give the same verdict.
		first := auth.Check(ev, state)
		check(first)
		for round := 0; round < 2; round++ {
			if again := auth.Check(ev, state); !reflect.DeepEqual(again, first) {
				t.Fatalf("check %d gives %v, the first check %v", round+2, again, first)
			}
		}
		var list []*event.Event
		for _, k := range auth.SelectAuthEvents(ev, nil) {
			if e := state[k]; e != nil {
				list = append(list, e)
			}
		}
		check(auth.CheckAuthEvents(ev, list))
		check(auth.CheckAuthEvents(ev, append(list, list...)))
		if _, err := auth.UserPowerLevel(state, sender); err != nil {
			check(err)
		}
	})
}
