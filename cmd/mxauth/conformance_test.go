package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var summaryLine = regexp.MustCompile(`^(\d+) passed, (\d+) failed$`)

func TestConformanceBrokenFixtures(t *testing.T) {
	code, out, _ := mxauth(t, "", "conformance", filepath.Join(cmdData, "broken"))
	require.Equal(t, exitFail, code)
	ls := lines(out)
	require.Equal(t, "0 passed, 8 failed", ls[len(ls)-1])
	want := []string{
		"FAIL " + filepath.Join(cmdData, "broken", "missing-description.json") + `: bad fixture: missing member "description"`,
		"FAIL " + filepath.Join(cmdData, "broken", "not-json.json") + ": bad fixture: not a fixture: ",
		"FAIL " + filepath.Join(cmdData, "broken", "nothing-to-check.json") + `: bad fixture: nothing to check: the fixture has no "auth", "auth_state", "resolve" or "redact" expectation`,
		"FAIL " + filepath.Join(cmdData, "broken", "unknown-event-id.json") + ": bad fixture: auth: unknown event $nope:example.org",
		"FAIL " + filepath.Join(cmdData, "broken", "unknown-fixture-version.json") + ": bad fixture: unknown fixture format version 3 (this runner reads 1 and 2)",
		"FAIL broken-wrong-expectation: auth $alice-topic:example.org: expected rejected, got allowed",
		"FAIL broken-wrong-redact: redact $create:example.org: .content.creator is not expected",
		`FAIL broken-wrong-resolve: resolve "branches": (m.room.topic, ""): expected $bob-topic:example.org, got $alice-topic:example.org`,
	}
	require.Len(t, ls, len(want)+1)
	for i, w := range want {
		require.True(t, strings.HasPrefix(ls[i], w), "line %d:\n got %s\nwant %s", i, ls[i], w)
	}
}

func TestConformancePass(t *testing.T) {
	code, out, errOut := mxauth(t, "", "conformance", filepath.Join(cmdData, "ok"))
	require.Equal(t, exitOK, code, out)
	require.Equal(t, "PASS cmd-minimal-v1-redact\n1 passed, 0 failed\n", out)
	require.Empty(t, errOut, "no progress line when stderr is not a terminal")
}

func TestConformanceJSON(t *testing.T) {
	code, out, _ := mxauth(t, "", "conformance", "--json", filepath.Join(cmdData, "broken", "wrong-expectation.json"))
	require.Equal(t, exitFail, code)
	var rep report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, 0, rep.Passed)
	require.Equal(t, 1, rep.Failed)
	require.Len(t, rep.Results, 1)
	r := rep.Results[0]
	require.Equal(t, "broken-wrong-expectation", r.Name)
	fails := r.Failures()
	require.Len(t, fails, 1)
	require.Equal(t, "$alice-topic:example.org", fails[0].Subject)
	require.Equal(t, "rejected", fails[0].Expected)
	require.Equal(t, "allowed", fails[0].Got)
}

func TestConformanceDuplicateNames(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(cmdData, "ok", "minimal-v1-redact.json"), filepath.Join(dir, "a.json"))
	copyFile(t, filepath.Join(cmdData, "ok", "minimal-v1-redact.json"), filepath.Join(dir, "b.json"))
	code, out, _ := mxauth(t, "", "conformance", dir)
	require.Equal(t, exitFail, code)
	ls := lines(out)
	require.Equal(t, "PASS cmd-minimal-v1-redact", ls[0])
	require.Contains(t, ls[1], `FAIL cmd-minimal-v1-redact: bad fixture: `)
	require.Contains(t, ls[1], "is also used by")
	require.Equal(t, "1 passed, 1 failed", ls[2])
}

func TestConformanceMissingPath(t *testing.T) {
	code, _, errOut := mxauth(t, "", "conformance", filepath.Join(cmdData, "no-such-dir"))
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, "no-such-dir")
}

// TestConformanceCorpus runs the public corpus: every fixture must pass.
func TestConformanceCorpus(t *testing.T) {
	code, out, _ := mxauth(t, "", "conformance", corpus)
	ls := lines(out)
	m := summaryLine.FindStringSubmatch(ls[len(ls)-1])
	require.NotNil(t, m, "last line: %q", ls[len(ls)-1])
	for _, l := range ls[:len(ls)-1] {
		require.Regexp(t, `^(PASS \S+|FAIL \S+: .+)$`, l)
	}
	var failed []string
	for _, l := range ls {
		if strings.HasPrefix(l, "FAIL ") {
			failed = append(failed, l)
		}
	}
	require.Equal(t, exitOK, code, "%d fixtures failed:\n%s", len(failed), strings.Join(failed, "\n"))
}

// TestConformanceAreas: --areas counts fixtures per folder before the last
// line, naming the failed ones, and the last line is still the total.
func TestConformanceAreas(t *testing.T) {
	code, out, _ := mxauth(t, "", "conformance", "--areas", filepath.Join(cmdData, "ok"), filepath.Join(cmdData, "broken", "wrong-expectation.json"))
	require.Equal(t, exitFail, code)
	ls := lines(out)
	require.Equal(t, []string{
		"area broken: 0 of 1 passed; failed: broken-wrong-expectation",
		"area ok: 1 of 1 passed",
		"1 passed, 1 failed",
	}, ls[len(ls)-3:])

	code, out, _ = mxauth(t, "", "conformance", "--json", "--areas", filepath.Join(cmdData, "ok"))
	require.Equal(t, exitOK, code)
	var rep report
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, []areaCount{{Area: "ok", Passed: 1}}, rep.Areas)
}
