package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := mxauth(t, "", c.name, "--help")
			require.Equal(t, exitOK, code)
			require.Empty(t, errOut)
			require.Contains(t, out, "Usage: mxauth "+c.name)
			require.Contains(t, out, "Example:")
			code, out2, _ := mxauth(t, "", "help", c.name)
			require.Equal(t, exitOK, code)
			require.Equal(t, out, out2)
		})
	}
}

func TestUsageErrors(t *testing.T) {
	code, _, errOut := mxauth(t, "")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "Commands:")

	code, _, errOut = mxauth(t, "", "frobnicate")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, `unknown command "frobnicate"`)

	code, _, errOut = mxauth(t, "", "conformance", "--no-such-flag", corpus)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "no-such-flag")

	code, _, errOut = mxauth(t, "", "conformance")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "no fixture paths given")

	code, out, _ := mxauth(t, "", "help")
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "conformance")
}

func TestFlagsAfterArguments(t *testing.T) {
	code, out, _ := mxauth(t, "", "conformance", cmdData+"/ok", "--json")
	require.Equal(t, exitOK, code, out)
	require.Contains(t, out, `"passed": 1`)
}
