package auth_test

import (
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// TestPowerLevelFromEvents checks DEF-PL-1 as state resolution reads it
// (SR2-DEF-6, SR21-DEF-3, D6, D27, D30): the creator's 100 without a PL
// event (content.creator before v11, the create sender from v11), and v12
// creators' infinite level with or without a PL event.
func TestPowerLevelFromEvents(t *testing.T) {
	inf, lvl := auth.InfiniteLevel(), auth.IntLevel
	cases := []struct {
		desc        string
		vers        []string
		create, pl  string // contents; "" for no event
		user        string
		want        auth.Level
		wantPLError bool
	}{
		{"content-creator-100-v10", []string{"1", "7", "10"}, `{"creator":"` + bob + `"}`, "", bob, lvl(100), false},
		{"sender-not-creator-v10", []string{"1", "7", "10"}, `{"creator":"` + bob + `"}`, "", alice, lvl(0), false},
		{"create-sender-100-v11-D30", []string{"11"}, `{"creator":"` + bob + `"}`, "", alice, lvl(100), false},
		{"content-creator-ignored-v11-D30", []string{"11"}, `{"creator":"` + bob + `"}`, "", bob, lvl(0), false},
		{"create-sender-infinite-v12", []string{"12"}, `{}`, "", alice, inf, false},
		{"additional-creator-infinite-v12", []string{"12"}, `{"additional_creators":["` + carol + `"]}`, `{"users":{"` + bob + `":50}}`, carol, inf, false},
		{"non-creator-no-pl-0-v12", []string{"12"}, `{"creator":"` + bob + `"}`, "", bob, lvl(0), false},
		{"users-entry", nil, `{"creator":"` + alice + `"}`, `{"users":{"` + bob + `":50},"users_default":10}`, bob, lvl(50), false},
		{"users-default", nil, `{"creator":"` + alice + `"}`, `{"users":{"` + bob + `":50},"users_default":10}`, eve, lvl(10), false},
		{"stringy-v9", []string{"1", "9"}, `{"creator":"` + alice + `"}`, `{"users":{"` + bob + `":"50"}}`, bob, lvl(50), false},
		{"string-not-a-number-v10", []string{"10", "11", "12"}, `{"creator":"` + alice + `"}`, `{"users":{"` + bob + `":"50"}}`, bob, auth.Level{}, true},
	}
	for _, c := range cases {
		for _, v := range versions(c.vers...) {
			t.Run(c.desc+"/v"+v.ID, func(t *testing.T) {
				var create, pl *event.Event
				if c.create != "" {
					create = build(t, v, spec{id: "create", typ: "m.room.create", sender: alice, sk: "", content: c.create})
				}
				if c.pl != "" {
					pl = build(t, v, st("m.room.power_levels", alice, "", c.pl))
				}
				got, err := auth.PowerLevelFromEvents(create, pl, c.user)
				var rej *auth.Rejection
				if c.wantPLError {
					if !errors.As(err, &rej) || rej.Rule != auth.RuleDefPL4 {
						t.Fatalf("want a DEF-PL-4 rejection, got %v, %v", got, err)
					}
					return
				}
				if err != nil || got.Compare(c.want) != 0 {
					t.Fatalf("got %v, %v; want %v", got, err, c.want)
				}
				// UserPowerLevel reads the same events from a state.
				st := auth.StateMap{}
				if create != nil {
					st[auth.StateKey{Type: "m.room.create"}] = create
				}
				if pl != nil {
					st[auth.StateKey{Type: "m.room.power_levels"}] = pl
				}
				if got2, err := auth.UserPowerLevel(st, c.user); err != nil || got2.Compare(got) != 0 {
					t.Fatalf("UserPowerLevel: %v, %v; want %v", got2, err, got)
				}
			})
		}
	}
	if l, err := auth.PowerLevelFromEvents(nil, nil, alice); err != nil || l.Compare(auth.IntLevel(0)) != 0 {
		t.Fatalf("no events: %v, %v", l, err)
	}
	if l, err := auth.UserPowerLevel(nil, alice); err != nil || l.Compare(auth.IntLevel(0)) != 0 {
		t.Fatalf("nil state: %v, %v", l, err)
	}
}

// TestCreatorsOutrankEveryLevel is a property of D27 over the kick rule: in
// a v12 room a creator kicks a joined user of any level a PL event can
// hold, and no such user kicks a creator.
func TestCreatorsOutrankEveryLevel(t *testing.T) {
	v := roomversion.V12()
	for _, n := range []string{"-9007199254740991", "-1", "0", "50", "100", "9007199254740990", "9007199254740991"} {
		state, _ := baseState(t, v)
		for _, s := range []spec{pl(`{"users":{"` + big + `":` + n + `},"kick":-9007199254740991}`), mem(big, big, "join")} {
			e := build(t, v, s)
			sk, _ := e.StateKey()
			state[auth.StateKey{Type: e.Type(), StateKey: sk}] = e
		}
		if err := auth.Check(build(t, v, mem(alice, big, "leave")), state); err != nil {
			t.Errorf("level %s: creator's kick rejected: %v", n, err)
		}
		wantRule(t, auth.Check(build(t, v, mem(big, alice, "leave")), state), auth.RuleMemberLeave5)
	}
}
