package auth_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
)

// plContent writes a power-levels content with the given top-level
// members (raw JSON values, keys sorted) and users entries, padded with
// pad more users at 0 and written in key order or reversed.
func plContent(top map[string]string, users map[string]string, pad int, reversed bool) string {
	u := map[string]string{}
	for k, v := range users {
		u[k] = v
	}
	for i := 0; i < pad; i++ {
		u[fmt.Sprintf("@pad%04d:a", i)] = "0"
	}
	keys := make([]string, 0, len(u))
	for k := range u {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if reversed {
		for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
			keys[i], keys[j] = keys[j], keys[i]
		}
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = `"` + k + `":` + u[k]
	}
	tk := make([]string, 0, len(top))
	for k := range top {
		tk = append(tk, k)
	}
	sort.Strings(tk)
	var b strings.Builder
	b.WriteString(`{"users":{` + strings.Join(parts, ",") + `}`)
	for _, k := range tk {
		b.WriteString(`,"` + k + `":` + top[k])
	}
	b.WriteString("}")
	return b.String()
}

// TestPowerLevelsFailureOrder checks the order in which a power-levels
// change that fails several PL-3..7 comparisons at once names one failure
// (powerlevels.go, plOrder): by rule in DIGEST order (DEF-PL-4, PL-3,
// PL-4, PL-5, PL-6, PL-7), then named levels, events, notifications,
// users, then key. The rule and key must not depend on how the members
// are paired: each case runs with users in key order and reversed, small
// (paired on the stack) and padded to 300 members (paired by what
// changed against the old event's index, or by merge or index).
func TestPowerLevelsFailureOrder(t *testing.T) {
	// The sender is mod, at 50; alice is at 100.
	base := map[string]string{alice: "100", mod: "50"}
	with := func(edits map[string]string) map[string]string {
		u := map[string]string{}
		for k, v := range base {
			u[k] = v
		}
		for k, v := range edits {
			if v == "" {
				delete(u, k)
			} else {
				u[k] = v
			}
		}
		return u
	}
	type tc struct {
		name           string
		oldTop, newTop map[string]string
		oldUsers       map[string]string
		newUsers       map[string]string
		want           auth.RuleID
		wantKey        string
	}
	cases := []tc{
		{name: "PL-4 before PL-6", oldTop: map[string]string{"events": `{"m.room.name":100}`}, newTop: map[string]string{"events": `{"m.room.name":0}`},
			oldUsers: with(nil), newUsers: with(map[string]string{alice: "0"}), want: auth.RulePL4, wantKey: "events[m.room.name]"},
		{name: "PL-5 before PL-7", newTop: map[string]string{"events": `{"m.x":60}`},
			oldUsers: with(nil), newUsers: with(map[string]string{"@z:a": "60"}), want: auth.RulePL5, wantKey: "events[m.x]"},
		{name: "PL-6 before PL-7", oldUsers: with(nil), newUsers: with(map[string]string{"@b:a": "60", alice: "99"}),
			want: auth.RulePL6, wantKey: "users[" + alice + "]"},
		{name: "PL-6 by key", oldUsers: with(map[string]string{"@aardvark:a": "60"}), newUsers: with(map[string]string{alice: "0", "@aardvark:a": "0"}),
			want: auth.RulePL6, wantKey: "users[@aardvark:a]"},
		{name: "PL-7 by key", oldUsers: with(nil), newUsers: with(map[string]string{"@y:a": "70", "@x:a": "80", "@zz:a": "90"}),
			want: auth.RulePL7, wantKey: "users[@x:a]"},
		{name: "DEF-PL-4 before PL-3", oldTop: map[string]string{"ban": "50"}, newTop: map[string]string{"ban": "100", "events": `{"m.q":"x"}`},
			oldUsers: with(nil), newUsers: with(map[string]string{"@b:a": "60"}), want: auth.RuleDefPL4, wantKey: "events[m.q]"},
		{name: "DEF-PL-4 of a named level before events", newTop: map[string]string{"users_default": `"abc"`, "events": `{"m.q":"x"}`},
			oldUsers: with(nil), newUsers: with(nil), want: auth.RuleDefPL4, wantKey: "users_default"},
		{name: "DEF-PL-4 of the old side", oldTop: map[string]string{"events": `{"m.a":true}`}, newTop: map[string]string{"events": `{"m.a":true}`},
			oldUsers: with(nil), newUsers: with(map[string]string{"@b:a": "60"}), want: auth.RuleDefPL4, wantKey: "events[m.a]"},
		{name: "PL-3 before PL-4", oldTop: map[string]string{"kick": "50"}, newTop: map[string]string{"kick": "70", "events": `{"m.y":70}`},
			oldUsers: with(nil), newUsers: with(map[string]string{"@b:a": "60"}), want: auth.RulePL3, wantKey: "kick"},
		{name: "PL-3 in DIGEST order", oldTop: map[string]string{"invite": "0", "events_default": "0"}, newTop: map[string]string{"invite": "70", "events_default": "70"},
			oldUsers: with(nil), newUsers: with(nil), want: auth.RulePL3, wantKey: "events_default"},
	}
	for _, v := range versions("7", "10") {
		for _, c := range cases {
			for _, pad := range []int{0, 300} {
				for _, reversed := range []bool{false, true} {
					name := fmt.Sprintf("%s/v%s/pad%d/reversed=%v", c.name, v.ID, pad, reversed)
					t.Run(name, func(t *testing.T) {
						if v.IntegerPowerLevels && strings.Contains(c.name, "DEF-PL-4") {
							t.Skip("v10+: PL-0a/PL-0b/PL-1 reject these values first")
						}
						checkPLOrder(t, v, plContent(c.oldTop, c.oldUsers, pad, reversed), plContent(c.newTop, c.newUsers, pad, reversed), c.want, c.wantKey)
					})
				}
			}
		}
	}
}

func checkPLOrder(t *testing.T, v roomversion.Version, oldContent, newContent string, want auth.RuleID, wantKey string) {
	t.Helper()
	s, _ := baseState(t, v)
	s[auth.StateKey{Type: "m.room.power_levels"}] = build(t, v, st("m.room.power_levels", alice, "", oldContent))
	ev := build(t, v, st("m.room.power_levels", mod, "", newContent))
	err := auth.Check(ev, s)
	wantRule(t, err, want)
	var rej *auth.Rejection
	if errors.As(err, &rej) && rej.Details.Key != wantKey {
		t.Fatalf("rejection names %q, want %q: %v", rej.Details.Key, wantKey, err)
	}
}
