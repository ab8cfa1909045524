package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVersionFlag(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		code, out, errOut := mxauth(t, "", arg)
		require.Equal(t, exitOK, code, errOut)
		require.True(t, strings.HasPrefix(out, "mxauth "), out)
		require.Equal(t, 1, strings.Count(out, "\n"))
	}
}

func TestDescribeBuild(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-12-01T00:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	require.Equal(t, "v1.2.3, revision 0123abcd (2026-12-01T00:00:00Z), modified, built with go1.26.0", describeBuild(bi))
	require.Equal(t, "(devel), no VCS revision recorded", describeBuild(&debug.BuildInfo{}))
}

// TestErrorsNameTheProgramOnce: a command's error starts "mxauth NAME: ",
// never with the program name twice.
func TestErrorsNameTheProgramOnce(t *testing.T) {
	for _, cmd := range []string{"check", "resolve", "graph"} {
		code, _, errOut := mxauth(t, "", cmd, filepath.Join(t.TempDir(), "missing.json"))
		require.Equal(t, exitFail, code)
		require.True(t, strings.HasPrefix(errOut, "mxauth "+cmd+": "), errOut)
		require.NotContains(t, errOut, "mxauth mxauth")
	}
}

// TestErrorsWithoutGoTypes: wrongly typed fixture members are described in
// JSON terms, without Go type or field names.
func TestErrorsWithoutGoTypes(t *testing.T) {
	for _, in := range []string{
		`{"fixture":"1"}`,
		`{"fixture":1,"name":5,"description":"","room_version":"1","events":[]}`,
		`{"fixture":1,"name":"n","description":"","room_version":"1","events":{}}`,
		`{"fixture":1,"name":"n","description":"","room_version":"1","events":[],"keys":{"a":5}}`,
		`{"fixture":1,"name":"n","description":"","room_version":"1","events":[],"resolve":[{"state_sets":"x"}]}`,
		`{"fixture":1,`,
	} {
		code, _, errOut := mxauth(t, in, "check", "-")
		require.Equal(t, exitFail, code, in)
		for _, bad := range []string{"Go ", "fileFormat", "resolveFormat", "RawMessage", "map[", "[]"} {
			require.NotContains(t, errOut, bad, in)
		}
		require.Equal(t, 1, strings.Count(errOut, "\n"), errOut)
	}
}

// TestInputSizeCap: stdin and files larger than the cap are refused with an
// error that names the input and the limit.
func TestInputSizeCap(t *testing.T) {
	_, err := readInputLimited("-", strings.NewReader(strings.Repeat("x", 3<<20)), 2<<20)
	require.ErrorContains(t, err, "stdin is larger than the limit of 2 MiB")
	data, err := readInputLimited("-", strings.NewReader("{}"), 2<<20)
	require.NoError(t, err)
	require.Equal(t, "{}", string(data))

	path := filepath.Join(t.TempDir(), "big.json")
	require.NoError(t, os.WriteFile(path, make([]byte, 1<<20+1), 0o644))
	_, err = readInputLimited(path, nil, 1<<20)
	require.ErrorContains(t, err, path+" is larger than the limit of 1 MiB")
}
