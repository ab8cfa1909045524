package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

var (
	testdata = filepath.Join("..", "..", "testdata")
	corpus   = filepath.Join(testdata, "conformance")
	cmdData  = filepath.Join(testdata, "cmd")
)

// mxauth runs the program with args and stdin and returns the exit
// status, stdout and stderr.
func mxauth(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	var in io.Reader = strings.NewReader(stdin)
	code := run(args, in, &out, &errOut)
	return code, out.String(), errOut.String()
}

// lines splits output into lines without the final newline.
func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
