package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// mxauthTTY runs the program as mxauth does, but with stderr taken for a
// terminal and progress shown at once.
func mxauthTTY(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := runEnv(args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, tty: true})
	return code, out.String(), errOut.String()
}

func TestIsTerminal(t *testing.T) {
	require.False(t, isTerminal(&bytes.Buffer{}))
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	require.NoError(t, err)
	defer f.Close()
	require.False(t, isTerminal(f))
}

func TestProgressShortRunIsSilent(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(env{stderr: &buf, tty: true, progressDelay: time.Hour}, "check", "events", 10)
	p.event()
	p.stop()
	require.Empty(t, buf.String())
}

func TestProgressLongRun(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(env{stderr: &buf, tty: true, progressDelay: time.Millisecond}, "check", "events", 10)
	for range 3 {
		p.event()
	}
	time.Sleep(50 * time.Millisecond)
	p.stop()
	out := buf.String()
	require.Contains(t, out, "\rmxauth check: 3/10 events")
	require.True(t, strings.HasSuffix(out, "\r\033[K"), "the line is cleared at the end")
}

func TestProgressNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(env{stderr: &buf, progressDelay: 0}, "check", "events", 10)
	require.Nil(t, p)
	p.event() // a nil progress counts nothing and shows nothing
	p.done()
	p.phase("judged", 3)
	p.stop()
	require.Empty(t, buf.String())
}

func TestProgressPhasesAndUnknownTotal(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(env{stderr: &buf, tty: true}, "gen", "events", 0)
	p.event()
	p.event()
	p.print()
	p.phase("judged", 2)
	p.event()
	p.stop()
	out := buf.String()
	require.Contains(t, out, "\rmxauth gen: 2 events\033[K", "no total while it is unknown")
	require.Contains(t, out, "\rmxauth gen: 1/2 events judged\033[K")
}

// The three commands that read large inputs show progress in events when
// stderr is a terminal, clear it at the end, and write the same output as
// without a terminal, where they show nothing.
func TestProgressCommands(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	code, _, errOut := mxauth(t, "", "gen", "--room-version", "6", "--seed", "3", "--members", "20", "--state-events", "40", "-o", big)
	require.Equal(t, exitOK, code, errOut)
	require.Empty(t, errOut, "no progress without a terminal")
	f := readFile(t, big)
	events := strings.Count(f, `"origin_server_ts"`)
	require.Greater(t, events, 60)

	code, _, errOut = mxauthTTY(t, "gen", "--room-version", "6", "--seed", "3", "--members", "20", "--state-events", "40", "-o", big)
	require.Equal(t, exitOK, code)
	require.Contains(t, errOut, fmt.Sprintf("mxauth gen: %d/%d events signed", events, events))
	require.Contains(t, errOut, fmt.Sprintf("mxauth gen: %d/%d events checked", events, events))
	require.True(t, strings.HasSuffix(errOut, "\r\033[K"))
	require.Equal(t, f, readFile(t, big), "the same bytes")

	code, _, errOut = mxauthTTY(t, "gen", "--room-version", "10", "--seed", "3", "--members", "6")
	require.Equal(t, exitOK, code)
	require.Regexp(t, `mxauth gen: \d+ events built and signed`, errOut, "v8+: built with the event builder")

	plainCode, plainOut, plainErr := mxauth(t, "", "check", big)
	require.Empty(t, plainErr)
	code, out, errOut := mxauthTTY(t, "check", big)
	require.Equal(t, plainCode, code)
	require.Equal(t, plainOut, out)
	require.Contains(t, errOut, fmt.Sprintf("mxauth check: %d/%d events", events, events))
	require.Contains(t, errOut, fmt.Sprintf("mxauth check: %d/%d events checked against the fixture's expectations", events, events))
	require.True(t, strings.HasSuffix(errOut, "\r\033[K"))

	dir := filepath.Join(corpus, "auth-member-ban")
	plainCode, plainOut, plainErr = mxauth(t, "", "conformance", dir, big)
	require.Empty(t, plainErr)
	for _, args := range [][]string{{"conformance", dir, big}, {"conformance", "--judge", testJudgeCmd(t, "reference"), dir, big}} {
		code, out, errOut = mxauthTTY(t, args...)
		require.Equal(t, plainCode, code, args)
		require.Equal(t, plainOut, out, args)
		m := regexp.MustCompile(`mxauth conformance: (\d+)/(\d+) fixtures, (\d+) events\x1b\[K\r\x1b\[K$`).FindStringSubmatch(errOut)
		require.NotNil(t, m, "%v: %q", args, errOut)
		require.Equal(t, m[1], m[2], "every fixture counted")
		var judged int
		fmt.Sscan(m[3], &judged)
		require.Greater(t, judged, events, "%v: the events of every fixture are counted", args)
	}
}
