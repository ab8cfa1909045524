package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres/synth"
	"github.com/stretchr/testify/require"
)

func TestGenEveryVersion(t *testing.T) {
	dir := t.TempDir()
	for v := 1; v <= 12; v++ {
		path := filepath.Join(dir, fmt.Sprintf("v%d.json", v))
		code, _, errOut := mxauth(t, "", "gen", "--room-version", fmt.Sprint(v), "--seed", "7",
			"--members", "6", "--conflicts", "10", "--forks", "3", "-o", path)
		require.Equal(t, exitOK, code, errOut)
		f, err := fixture.LoadFile(path)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("gen-v%d-s7", v), f.Name)
		require.Contains(t, f.Description, "computed by mxauth's own implementation")
		require.NotEmpty(t, f.Keys)
		require.Len(t, f.Resolve, 1)
		require.Len(t, f.Resolve[0].StateSets, 3)
		require.Len(t, f.AuthOrder, len(f.Events))
		for _, en := range f.Events {
			require.NotNil(t, en.Event, "%s: %v", en.ID, en.ParseErr)
			if v >= 3 {
				require.False(t, f.GivenIDs)
			}
		}
	}
	code, out, _ := mxauth(t, "", "conformance", dir)
	require.Equal(t, exitOK, code, out)
	require.True(t, strings.HasSuffix(out, "12 passed, 0 failed\n"), out)
}

func TestGenDeterministicToStdout(t *testing.T) {
	code, a, _ := mxauth(t, "", "gen", "--room-version", "4", "--seed", "99")
	require.Equal(t, exitOK, code)
	_, b, _ := mxauth(t, "", "gen", "--room-version", "4", "--seed", "99")
	require.Equal(t, a, b)
	_, c, _ := mxauth(t, "", "gen", "--room-version", "4", "--seed", "100")
	require.NotEqual(t, a, c)
	// Another implementation can recompute every ID: the loader computes
	// them from the PDUs, and every reference resolves.
	f, err := fixture.Load("stdin", []byte(a))
	require.NoError(t, err)
	require.NotEmpty(t, f.Events)
}

func TestGenErrors(t *testing.T) {
	code, _, errOut := mxauth(t, "", "gen", "--room-version", "13")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "13")
	code, _, _ = mxauth(t, "", "gen", "--forks", "0")
	require.Equal(t, exitUsage, code)
	code, _, errOut = mxauth(t, "", "gen", "--members", "-3")
	require.Equal(t, exitFail, code, errOut)
}

// TestThousandGeneratedFixtures generates 1 000 fixtures (all room
// versions, 20–60 events each, three state sets; every tenth with keys,
// so signatures are checked, against 5 of the public corpus's 187) and
// requires the runner to finish them within the budget. With -short it
// runs 200 and extrapolates.
func TestThousandGeneratedFixtures(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 200
	}
	dir := t.TempDir()
	for i := range n {
		v, err := roomversion.Lookup(fmt.Sprint(1 + i%12))
		require.NoError(t, err)
		data, err := generateFixture(genOptions{
			cfg: synth.Config{RoomVersion: v, Seed: int64(i), Members: 4 + i%10, StateEvents: 5 + i%20,
				Conflicts: 6 + i%15, Forks: 3},
			name:   fmt.Sprintf("gen-%04d", i),
			noKeys: i%10 != 0,
		})
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.json", i)), data, 0o644))
	}
	code, out, _ := mxauth(t, "", "conformance", dir)
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasSuffix(out, fmt.Sprintf("%d passed, 0 failed\n", n)))
	d := timeRun(t, dir)
	per1000 := d * 1000 / time.Duration(n)
	t.Logf("%d generated fixtures in %v: %v per 1000", n, d, per1000)
	requireWithinBudget(t, per1000)
}

func TestGenNoKeys(t *testing.T) {
	code, out, _ := mxauth(t, "", "gen", "--room-version", "2", "--seed", "5", "--no-keys")
	require.Equal(t, exitOK, code)
	f, err := fixture.Load("stdin", []byte(out))
	require.NoError(t, err)
	require.Nil(t, f.Keys)
	require.NotContains(t, out, `"keys"`)
}

// genVerdicts generates a room and judges it, returning the fixture and
// the verdicts.
func genVerdicts(t *testing.T, args ...string) (*fixture.Fixture, []conformance.Verdict) {
	t.Helper()
	code, out, errOut := mxauth(t, "", append([]string{"gen"}, args...)...)
	require.Equal(t, exitOK, code, errOut)
	f, err := fixture.Load("stdin", []byte(out))
	require.NoError(t, err)
	return f, conformance.Judge(f)
}

// TestGenRestrictedJoins: from room version 8 the generated rooms hold
// restricted joins naming an authorising user, signed by that user's server
// too (SIG-REQ-4), joins refused by the restricted-join rules, knocks and,
// from version 10, knock_restricted join rules.
func TestGenRestrictedJoins(t *testing.T) {
	for v := 8; v <= 12; v++ {
		f, vs := genVerdicts(t, "--room-version", strconv.Itoa(v), "--seed", "11", "--members", "24",
			"--state-events", "30", "--conflicts", "16")
		rules := map[string]int{}
		authorisedAcross, knocks, knockRestricted := 0, 0, 0
		for i, en := range f.Events {
			ev := en.Event
			if !vs[i].Allowed {
				rules[vs[i].Rule]++
			}
			raw := string(en.Raw)
			if ev.Type() == "m.room.member" && strings.Contains(raw, `"join_authorised_via_users_server"`) && vs[i].Allowed {
				var c struct {
					A string `json:"join_authorised_via_users_server"`
				}
				require.NoError(t, json.Unmarshal([]byte(ev.ContentJSON()), &c))
				if genDomain(c.A) != genDomain(ev.Sender()) {
					require.Contains(t, ev.RequiredSigners(), genDomain(c.A))
					authorisedAcross++
				}
			}
			if strings.Contains(raw, `"membership":"knock"`) {
				knocks++
			}
			if strings.Contains(raw, `"join_rule":"knock_restricted"`) {
				knockRestricted++
			}
		}
		require.Positive(t, authorisedAcross, "v%d: a join authorised across servers", v)
		require.Positive(t, knocks, "v%d: knocks", v)
		require.Positive(t, rules["MEMBER-JOIN-R-2"]+rules["MEMBER-JOIN-R-3"], "v%d: joins refused by the restricted rules: %v", v, rules)
		require.Positive(t, rules[conformance.RuleSignatures], "v%d: a join missing its authorising signature: %v", v, rules)
		if v >= 10 {
			require.Positive(t, knockRestricted, "v%d: knock_restricted", v)
		} else {
			require.Zero(t, knockRestricted, "v%d: knock_restricted before version 10", v)
		}
	}
}

// TestGenV12Room: a room version 12 room's create event has no room_id,
// every other event's room_id is derived from the create event's ID, no
// event lists the create event, and the create event may name additional
// creators, who are never listed in power levels.
func TestGenV12Room(t *testing.T) {
	creators := 0
	for seed := 1; seed <= 4; seed++ {
		f, vs := genVerdicts(t, "--room-version", "12", "--seed", strconv.Itoa(seed), "--members", "10")
		create := f.Events[0].Event
		require.Equal(t, "m.room.create", create.Type())
		require.NotContains(t, string(f.Events[0].Raw), `"room_id"`)
		roomID := event.RoomIDOfCreateEventID(create.ID())
		var c struct {
			Additional []string `json:"additional_creators"`
		}
		require.NoError(t, json.Unmarshal([]byte(create.ContentJSON()), &c))
		creators += len(c.Additional)
		for i, en := range f.Events[1:] {
			require.Equal(t, roomID, en.Event.RoomID())
			require.NotContains(t, en.Event.AppendAuthEventIDs(nil), create.ID())
			if en.Event.Type() == "m.room.power_levels" && vs[i+1].Allowed {
				for _, u := range append(c.Additional, genAdmin) {
					require.NotContains(t, en.Event.ContentJSON(), `"`+u+`"`)
				}
			}
		}
	}
	require.Positive(t, creators, "some room names additional creators")
}
