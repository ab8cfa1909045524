package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBadInputs is issue 13's acceptance list, run on the real program:
// every bad input (missing files, directories, junk, empty files, JSON
// that is not an object, unknown room and fixture versions, inputs over
// the size cap, auth cycles, an edited event in an "ids": "computed"
// fixture) makes each command that reads it exit non-zero with a message
// for people: no stack trace, no Go type names, the program named once,
// and the words that say what is wrong.
func TestBadInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "mxauth")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))

	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	huge := filepath.Join(dir, "huge.json")
	require.NoError(t, os.WriteFile(huge, nil, 0o644))
	require.NoError(t, os.Truncate(huge, 513<<20)) // sparse: no disk, no read
	sub := filepath.Join(dir, "folder.json")
	require.NoError(t, os.Mkdir(sub, 0o755))
	inputs := []struct {
		name, path string
		// says is what the graph commands (check, resolve, graph) say;
		// fails what conformance's FAIL line says.
		says, fails string
	}{
		{"missing file", filepath.Join(dir, "nope.json"), "nope.json does not exist", ""},
		{"directory", sub, "folder.json is a directory, not a file", ""},
		{"junk", file("junk.json", "garbage{"), "junk.json: not JSON (byte 1)", "not a fixture: not JSON (byte 1)"},
		{"empty", file("empty.json", ""), "empty.json: not JSON", "not a fixture: not JSON: the text ends too early"},
		{"array", file("array.json", "[1, 2]"), "array.json: the file must be an object, not an array", "not a fixture: the file must be an object, not an array"},
		{"null", file("null.json", "null"), "null.json: the file must be an object, not null", `missing member "fixture"`},
		{"wrong member type", file("members.json", `{"fixture":1,"name":5,"description":"","room_version":"1","events":[]}`), `member "name" must be a string, not a number`, `member "name" must be a string, not a number`},
		{"unknown room version", file("version.json", `{"fixture":1,"name":"v","description":"d","room_version":"99","events":[],"auth":{}}`),
			`room_version: unknown room version "99" (known: 1 to 12)`, `room_version: unknown room version "99" (known: 1 to 12)`},
		{"unknown room version, plain graph", file("plain-version.json", `{"room_version":"1.5","events":[]}`), `room_version: unknown room version "1.5" (known: 1 to 12)`, `missing member "fixture"`},
		{"unknown fixture version", filepath.Join(cmdData, "broken", "unknown-fixture-version.json"), "unknown fixture format version", "unknown fixture format version"},
		{"over the size cap", huge, "huge.json is larger than the limit of 512 MiB", "huge.json is larger than the limit of 512 MiB"},
	}
	run := func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return code, stdout.String(), stderr.String()
	}
	forPeople := func(t *testing.T, text string) {
		t.Helper()
		requireNoTrace(t, text)
		require.NotContains(t, text, "mxauth mxauth")
		for _, goish := range []string{"Go value", "map[", "json.RawMessage", "fileFormat", "[]string", "*fixture.", "roomversion:", "open ", "stat ", "read /"} {
			require.NotContains(t, text, goish)
		}
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			for _, cmd := range []string{"check", "resolve", "graph"} {
				code, stdout, stderr := run(cmd, in.path)
				require.Equal(t, exitFail, code, "%s: %s", cmd, stderr)
				require.Empty(t, stdout, cmd)
				require.Equal(t, 1, strings.Count(stderr, "\n"), "%s: one line: %q", cmd, stderr)
				require.True(t, strings.HasPrefix(stderr, "mxauth "+cmd+": "), stderr)
				require.Contains(t, stderr, in.says, cmd)
				forPeople(t, stderr)
			}
			for _, args := range [][]string{{"conformance", in.path}, {"conformance", "--judge", bin + " judge", in.path}} {
				code, stdout, stderr := run(args...)
				require.Equal(t, exitFail, code, "%v: %s", args, stderr)
				forPeople(t, stdout+stderr)
				if in.fails == "" { // the path itself cannot be read
					require.Empty(t, stdout)
					require.True(t, strings.HasPrefix(stderr, "mxauth conformance: "), stderr)
					continue
				}
				require.Empty(t, stderr, args)
				require.Regexp(t, `^FAIL \S+: bad fixture: .*`+regexp.QuoteMeta(in.fails)+`.*\n0 passed, 1 failed\n$`, stdout, args)
			}
		})
	}

	t.Run("auth cycle", func(t *testing.T) {
		code, stdout, stderr := run("check", filepath.Join(cmdData, "cycle-v1.json"))
		require.Equal(t, exitFail, code)
		forPeople(t, stdout+stderr)
		require.Equal(t, 1, strings.Count(stdout, "auth cycle 1: "), "the cycle is reported once")
		require.NotContains(t, stdout, "was rejected (AUTHEV-3)", "not as a cascade")
	})

	t.Run("edited event in a computed-ID fixture", func(t *testing.T) {
		// The edited event is named, and the other events are still
		// judged: a wrong expectation about another event is reported too.
		data := readFile(t, filepath.Join(cmdData, "edited-id-v6.json"))
		const other = `"$UYOp8bbu09wlZr1QvSB34Oat0Uhtn8XHzgvOSy3q7Gc": "rejected"`
		require.Contains(t, data, other)
		wrong := file("edited-wrong.json", strings.Replace(data, other, `"$UYOp8bbu09wlZr1QvSB34Oat0Uhtn8XHzgvOSy3q7Gc": "allowed"`, 1))
		const changed = "events[2]: this event's computed ID changed: it is now $r1_y8diYh61vBnjAUxyPTmSpXvglzcmhpdfzSNkh1TQ"
		for _, args := range [][]string{{"conformance", wrong}, {"conformance", "--judge", bin + " judge", wrong}} {
			code, stdout, stderr := run(args...)
			require.Equal(t, exitFail, code, args)
			require.Empty(t, stderr)
			forPeople(t, stdout)
			require.Regexp(t, `^FAIL cmd-edited-id-v6: `+regexp.QuoteMeta(changed)+`.*; auth \$UYOp8bbu09wlZr1QvSB34Oat0Uhtn8XHzgvOSy3q7Gc: expected allowed, got rejected \(MEMBER-BAN-3: `, stdout, args)
			require.NotContains(t, stdout, "AUTHEV-3", "%v: the events citing the edited one are judged as written", args)
		}
		code, stdout, stderr := run("check", wrong)
		require.Equal(t, exitFail, code)
		forPeople(t, stdout+stderr)
		require.Contains(t, stderr, "this event's computed ID changed")
		require.Contains(t, stdout, "[fixture expects allowed]", "the other events are still judged")
	})
}
