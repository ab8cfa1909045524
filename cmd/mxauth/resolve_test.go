package main

import (
	"encoding/json"
	"path/filepath"
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
