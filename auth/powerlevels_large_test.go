package auth_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/roomversion"
)

// plUsers is a users object of alice (v1–11: 100; a v12 creator is not
// listed), mod at 50 and n users @NNNN:a at 0, with edits applied.
func plUsers(v roomversion.Version, n int, edit map[string]string) string {
	entries := map[string]string{mod: "50"}
	if !v.PrivilegedCreators {
		entries[alice] = "100"
	}
	for i := 0; i < n; i++ {
		entries[fmt.Sprintf("@%04d:a", i)] = "0"
	}
	for k, val := range edit {
		if val == "" {
			delete(entries, k)
		} else {
			entries[k] = val
		}
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = `"` + k + `":` + entries[k]
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// TestPowerLevelsLargeMaps runs PL-1, PL-1b, PL-0b, PL-4..7 and D19 on a
// users (and events) map small enough to be read whole and large enough
// to be compared by what changed; both must give the rule the case wants.
func TestPowerLevelsLargeMaps(t *testing.T) {
	type tc struct {
		name      string
		versions  []string
		sender    string
		oldEdit   map[string]string // applied to the old users
		newEdit   map[string]string // applied to the new users
		oldEvents string            // events object of the old content, "" for none
		newEvents string
		want      auth.RuleID
	}
	mid := "@0005:a"
	cases := []tc{
		{name: "PL-8 raise a user below the sender", sender: alice, newEdit: map[string]string{mid: "10"}},
		{name: "PL-8 remove an entry", sender: alice, newEdit: map[string]string{mid: ""}},
		{name: "PL-8 add an entry", sender: alice, newEdit: map[string]string{"@new:a": "20"}},
		{name: "PL-8 unchanged users", sender: alice},
		{name: "PL-7 raise above the sender", versions: []string{"1", "7", "10"}, sender: alice, newEdit: map[string]string{mid: "101"}, want: auth.RulePL7},
		{name: "PL-7 mod raises above itself", sender: mod, newEdit: map[string]string{mid: "51"}, want: auth.RulePL7},
		{name: "PL-6 mod lowers its peer", sender: mod, oldEdit: map[string]string{mid: "50"}, newEdit: map[string]string{mid: "0"}, want: auth.RulePL6},
		{name: "PL-8 mod lowers itself", sender: mod, newEdit: map[string]string{mod: "10"}},
		{name: "PL-1 non-number in common entries", versions: []string{"1", "7", "10"}, sender: alice, oldEdit: map[string]string{"@0001:a": "true"}, newEdit: map[string]string{"@0001:a": "true", mid: "10"}, want: auth.RulePL1},
		{name: "PL-1 non-number added", sender: alice, newEdit: map[string]string{"@new:a": "true"}, want: auth.RulePL1},
		{name: "PL-1 non-user key added", sender: alice, newEdit: map[string]string{"nouser": "1"}, want: auth.RulePL1},
		{name: "PL-0b non-integer changed in events", versions: []string{"10", "12"}, sender: alice, oldEvents: "0", newEvents: `"5"`, want: auth.RulePL0b},
		{name: "PL-8 stringy changed in events before v10", versions: []string{"1", "7"}, sender: alice, oldEvents: "0", newEvents: `"5"`},
		{name: "PL-1 non-user key in common entries", sender: alice, oldEdit: map[string]string{"nouser": "0"}, newEdit: map[string]string{"nouser": "0", mid: "10"}, want: auth.RulePL1},
		{name: "PL-1 stringy value in v10", versions: []string{"10", "12"}, sender: alice, oldEdit: map[string]string{"@0001:a": `"5"`}, newEdit: map[string]string{"@0001:a": `"5"`}, want: auth.RulePL1},
		{name: "PL-8 stringy value before v10", versions: []string{"1", "7"}, sender: alice, oldEdit: map[string]string{"@0001:a": `"5"`}, newEdit: map[string]string{"@0001:a": `"5"`}},
		{name: "PL-1b creator in common entries", versions: []string{"12"}, sender: mod, oldEdit: map[string]string{alice: "100"}, newEdit: map[string]string{alice: "100", mid: "10"}, want: auth.RulePL1b},
		{name: "PL-1b creator added", versions: []string{"12"}, sender: mod, newEdit: map[string]string{alice: "10"}, want: auth.RulePL1b},
		{name: "PL-0b non-integer in common events", versions: []string{"10", "12"}, sender: alice, oldEvents: `"5"`, newEvents: `"5"`, want: auth.RulePL0b},
		{name: "DEF-PL-4 non-number in common events", versions: []string{"7"}, sender: alice, oldEvents: "true", newEvents: "true", want: auth.RuleDefPL4},
		{name: "PL-8 stringy common events before v10", versions: []string{"1", "7"}, sender: alice, oldEvents: `"5"`, newEvents: `"5"`},
		{name: "PL-5 events entry above the sender", versions: []string{"1", "7", "10"}, sender: mod, oldEvents: "0", newEvents: "60", want: auth.RulePL5},
	}
	for _, c := range cases {
		ids := c.versions
		if ids == nil {
			ids = []string{"1", "7", "10", "12"}
		}
		for _, id := range ids {
			v, _ := roomversion.Lookup(id)
			for _, n := range []int{10, 2000} {
				t.Run(fmt.Sprintf("%s/v%s/n%d", c.name, id, n), func(t *testing.T) {
					s, _ := baseState(t, v)
					content := func(edit map[string]string, evVal string) string {
						out := `{"users":` + plUsers(v, n, edit)
						if evVal != "" {
							parts := make([]string, n)
							for i := range parts {
								val := "0"
								if i == n/2 {
									val = evVal
								}
								parts[i] = fmt.Sprintf(`"t.%04d":%s`, i, val)
							}
							out += `,"events":{` + strings.Join(parts, ",") + `}`
						}
						return out + "}"
					}
					s[auth.StateKey{Type: "m.room.power_levels"}] = build(t, v, st("m.room.power_levels", alice, "", content(c.oldEdit, c.oldEvents)))
					ev := build(t, v, st("m.room.power_levels", c.sender, "", content(c.newEdit, c.newEvents)))
					wantRule(t, auth.Check(ev, s), c.want)
					wantRule(t, auth.Check(ev, s), c.want) // memoised old event
				})
			}
		}
	}
}
