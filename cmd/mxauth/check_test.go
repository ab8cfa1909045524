package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

func TestCheckFixture(t *testing.T) {
	code, out, _ := mxauth(t, "", "check", filepath.Join(cmdData, "broken", "wrong-expectation.json"))
	require.Equal(t, exitFail, code, "a verdict differs from the fixture")
	ls := lines(out)
	require.Equal(t, "broken-wrong-expectation (room version 1, 4 events)", ls[0])
	require.Regexp(t, `^ALLOWED\s+\$create:example.org\s+m.room.create ""$`, ls[1])
	require.Regexp(t, `^ALLOWED\s+\$alice-topic:example.org\s+m.room.topic ""\s+\[fixture expects rejected\]$`, ls[3])
	require.Equal(t, "4 allowed, 0 rejected; 1 differ from the fixture's expectations", ls[len(ls)-1])
}

func TestCheckPlainGraphRejections(t *testing.T) {
	code, out, _ := mxauth(t, "", "check", "--json", filepath.Join(cmdData, "plain-v6.json"))
	require.Equal(t, exitOK, code, out)
	var got []checkLine
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, 12)
	// The plain file has no keys, so signatures are not checked.
	for _, l := range got {
		if l.Verdict == "rejected" {
			require.NotEmpty(t, l.Rule)
			require.NotEmpty(t, l.Reason)
		}
	}
	require.Equal(t, "m.room.create", got[0].Type)
	require.Equal(t, "allowed", got[0].Verdict)
}

func TestCheckRejectionHasRuleAndReason(t *testing.T) {
	code, out, _ := mxauth(t, "", "check", filepath.Join(corpus, "signatures", "signatures-valid-and-bad-v6.json"))
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "PDU-2: ")
	require.Contains(t, out, "AUTHEV-3: auth event $")
	require.True(t, strings.HasSuffix(out, "8 allowed, 4 rejected; 0 differ from the fixture's expectations\n"), out)
}

func TestCheckStdin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(cmdData, "graph-v1.json"))
	require.NoError(t, err)
	code, out, _ := mxauth(t, string(data), "check", "-")
	require.Equal(t, exitOK, code)
	require.True(t, strings.HasPrefix(out, "stdin (room version 1, 11 events)\n"), out)
}

func TestCheckErrors(t *testing.T) {
	code, _, errOut := mxauth(t, "", "check")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "give exactly one FILE")
	code, _, errOut = mxauth(t, "", "check", filepath.Join(cmdData, "broken", "unknown-fixture-version.json"))
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, "unknown fixture format version 3")
	code, _, errOut = mxauth(t, `{"room_version": "6"}`, "check", "-")
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, `missing member "events"`)
}
