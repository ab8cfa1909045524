package main

import (
	"runtime/debug"

	"github.com/mxauth/mxauth/internal/judgeproto"
)

const judgeUsage = `
Usage: mxauth judge

Runs the reference judge of the conformance judge protocol
(testdata/conformance/JUDGE.md): it reads questions as JSON lines on stdin
and writes one answer line per question on stdout, judging with the mxauth
library, until stdin ends. It is what "mxauth conformance --judge" drives,
and the model for a judge written for another implementation.

Example:
  mxauth conformance --judge 'mxauth judge' testdata/conformance
`

func runJudge(args []string, e env) int {
	fs := flagSet("judge", judgeUsage)
	pos, status, done := parse(fs, args, e)
	if done {
		return status
	}
	if len(pos) != 0 {
		return usageError(fs, e, "judge takes no arguments")
	}
	return serveJudge(e, &judgeproto.Reference{})
}

// serveJudge runs a judge session with h on e's stdin and stdout.
func serveJudge(e env, h judgeproto.Handler) int {
	id := judgeproto.Identity{Name: "mxauth", Software: moduleVersion()}
	if err := judgeproto.Serve(e.stdin, e.stdout, id, h, 0); err != nil {
		return fail(e, "judge", err)
	}
	return exitOK
}

// moduleVersion returns the main module's version from the build
// information, "(devel)" when it has none.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
