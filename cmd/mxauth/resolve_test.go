package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestResolveFixture(t *testing.T) {
	code, out, errOut := mxauth(t, "", "resolve", filepath.Join(corpus, "resolve-v1", "v1-topic-conflict.json"))
	require.Equal(t, exitOK, code, errOut)
	var got []resolveOutput
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, 1)
	require.Equal(t, "branches", got[0].Name)
	require.NotNil(t, got[0].Matches)
	require.True(t, *got[0].Matches)
	require.Equal(t, "$alice-topic:example.org", got[0].State["m.room.topic"][""])
}

func TestResolvePlainGraph(t *testing.T) {
	code, out, errOut := mxauth(t, "", "resolve", filepath.Join(cmdData, "graph-v1.json"))
	require.Equal(t, exitOK, code, errOut)
	var got []resolveOutput
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, 1)
	require.Equal(t, "state_sets", got[0].Name)
	require.Nil(t, got[0].Matches)
	require.Equal(t, "$alice-demotes-bob:example.org", got[0].State["m.room.power_levels"][""])
	require.Equal(t, "$alice-topic:example.org", got[0].State["m.room.topic"][""])
}

func TestResolveWrongExpectation(t *testing.T) {
	code, out, _ := mxauth(t, "", "resolve", "--case", "branches", filepath.Join(cmdData, "broken", "wrong-resolve.json"))
	require.Equal(t, exitOK, code)
	var got []resolveOutput
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.False(t, *got[0].Matches)
	require.Equal(t, "$bob-topic:example.org", got[0].Expected["m.room.topic"][""])
}

func TestResolveErrors(t *testing.T) {
	code, _, errOut := mxauth(t, "", "resolve", filepath.Join(cmdData, "plain-v6.json"))
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, "nothing to resolve")
	code, _, errOut = mxauth(t, "", "resolve", "--case", "nope", filepath.Join(corpus, "resolve-v1", "v1-topic-conflict.json"))
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, `no resolve case named "nope"`)
	code, _, errOut = mxauth(t, `{"room_version":"1","events":[],"state_sets":[["$x:y"]]}`, "resolve", "-")
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, "state_sets: unknown event $x:y")
}

// resolve --explain says per conflicted key which event won at which
// step, and why the others did not: v2 (power step, mainline step), v1
// (auth-type phase) and v2.1 (power step from an empty map, unconflicted
// entry laid over).
func TestResolveExplain(t *testing.T) {
	for _, tc := range []struct {
		file string
		says []string
	}{
		{filepath.Join("resolve-v2", "synapse-topic-basic-v4.json"), []string{
			`(m.room.power_levels, ""): $PA2:example.org won at SR2-4 (power events sorted by power and authorised); $PB:example.org failed auth at SR2-4 (POWER-1: `,
			`(m.room.topic, ""): $T2:example.org won at SR2-6 (other events in mainline order, authorised); $T3:example.org failed auth at SR2-6 (POWER-1: `,
		}},
		{filepath.Join("resolve-v1", "v1-power-levels-conflict.json"), []string{
			`(m.room.power_levels, ""): $alice-demotes-bob:example.org won at SR1-5.1 (auth-type phase of the power levels); $bob-promotes-charlie:example.org failed auth at SR1-5.1 (POWER-1: `,
		}},
		{filepath.Join("resolve-v8-12", "sr21-4-sender-left-unconflicted-v12.json"), []string{
			`(m.room.join_rules, ""): $x3VrEPUH566PD-nP6fS8WNHAfNauEPE_gVd4fFi4VMw won at SR21-4 (power events sorted by power and authorised); $G9wFrokzRnWZC9ylAtLKfFPX7PrVyEHhOaxWqkGHthw superseded at SR21-4`,
			`(m.room.member, "@dave:a.example"): $_eKqbcGgxVZrgYJSsu_pxTwiB6r5AKweWWfDOsOdoOU won at SR21-7 (the unconflicted entry laid over the result); `,
		}},
	} {
		code, out, errOut := mxauth(t, "", "resolve", "--explain", filepath.Join(corpus, tc.file))
		require.Equal(t, exitOK, code, errOut)
		var got []resolveOutput
		require.NoError(t, json.Unmarshal([]byte(out), &got))
		require.Len(t, got, 1)
		require.True(t, *got[0].Matches, tc.file)
		var says []string
		for _, k := range got[0].Explanation {
			says = append(says, k.Says)
			require.Equal(t, got[0].State[k.Type][k.StateKey], k.Winner, "%s %s %q", tc.file, k.Type, k.StateKey)
		}
		for _, want := range tc.says {
			found := false
			for _, s := range says {
				found = found || strings.HasPrefix(s, want)
			}
			require.True(t, found, "%s: no line starting %q in\n%s", tc.file, want, strings.Join(says, "\n"))
		}
	}
	// The failed event's rule and values are in the JSON too.
	_, out, _ := mxauth(t, "", "resolve", "--explain", filepath.Join(corpus, "resolve-v1", "v1-power-levels-conflict.json"))
	require.Contains(t, out, `"rule": "POWER-1"`)
	require.Contains(t, out, `"sender_level": "0"`)
	// Without --explain nothing is added.
	_, out, _ = mxauth(t, "", "resolve", filepath.Join(corpus, "resolve-v1", "v1-power-levels-conflict.json"))
	require.NotContains(t, out, `"explanation"`)
}
