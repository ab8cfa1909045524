package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBinary builds the real program and runs it on the fixtures of
// testdata/cmd, checking output and exit statuses.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "mxauth")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	cmd := exec.Command(bin, "conformance", filepath.Join(cmdData, "ok"))
	out, err = cmd.Output()
	require.NoError(t, err)
	require.Equal(t, "PASS cmd-minimal-v1-redact\n1 passed, 0 failed\n", string(out))

	cmd = exec.Command(bin, "conformance", filepath.Join(cmdData, "broken"))
	out, err = cmd.Output()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	require.Equal(t, exitFail, exit.ExitCode())
	require.True(t, strings.HasSuffix(string(out), "0 passed, 8 failed\n"), string(out))

	cmd = exec.Command(bin, "event", "--room-version", "1")
	cmd.Stdin = strings.NewReader(`{"type": 1}`)
	out, err = cmd.Output()
	require.ErrorAs(t, err, &exit)
	require.Equal(t, exitFail, exit.ExitCode())
	require.Contains(t, string(out), `"valid": false`)

	cmd = exec.Command(bin, "gen", "--help")
	out, err = cmd.Output()
	require.NoError(t, err)
	require.Contains(t, string(out), "Usage: mxauth gen")
}
