package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres/synth"
	"github.com/stretchr/testify/require"
)

func TestGenEveryVersion(t *testing.T) {
	dir := t.TempDir()
	for v := 1; v <= 7; v++ {
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
	require.True(t, strings.HasSuffix(out, "7 passed, 0 failed\n"), out)
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
	code, _, errOut := mxauth(t, "", "gen", "--room-version", "8")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "8")
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
		v, err := roomversion.Lookup(fmt.Sprint(1 + i%7))
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
