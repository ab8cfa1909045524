package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/internal/judgeproto"
	"github.com/stretchr/testify/require"
)

// TestJudgeProtocolCorpus is the acceptance test of the judge protocol:
// the whole corpus through "mxauth judge" (one subprocess) gives exactly
// the built-in run's report and exit status.
func TestJudgeProtocolCorpus(t *testing.T) {
	code, want, _ := mxauth(t, "", "conformance", corpus)
	gotCode, got, errOut := mxauth(t, "", "conformance", "--judge", testJudgeCmd(t, "reference"), corpus)
	require.Equal(t, code, gotCode, errOut)
	require.Equal(t, want, got)
	require.Greater(t, len(lines(got)), 400)
}

// TestJudgeWrong drives a judge that allows every event: the fixtures
// expecting a rejection fail, naming the event and the verdict, and the
// others pass.
func TestJudgeWrong(t *testing.T) {
	dir := filepath.Join(corpus, "auth-member-ban")
	code, out, errOut := mxauth(t, "", "conformance", "--judge", testJudgeCmd(t, "wrong"), dir)
	require.Equal(t, exitFail, code, errOut)
	require.Regexp(t, `(?m)^FAIL [a-z0-9-]+: auth \$\S+: expected rejected, got allowed`, out)
	last := lines(out)[len(lines(out))-1]
	require.Regexp(t, `^\d+ passed, [1-9]\d* failed$`, last)
	fails := len(regexp.MustCompile(`(?m)^FAIL `).FindAllString(out, -1))
	require.True(t, strings.HasSuffix(last, " "+strconv.Itoa(fails)+" failed"), last)

	// The built-in run passes the same fixtures.
	code, out, _ = mxauth(t, "", "conformance", dir)
	require.Equal(t, exitOK, code, out)

	// Resolutions and redactions are compared too.
	code, out, _ = mxauth(t, "", "conformance", "--judge", testJudgeCmd(t, "wrong"),
		filepath.Join(corpus, "resolve-v2", forkFixture[len("resolve-v2/"):]), filepath.Join(corpus, "redaction", "redaction-aliases-v1.json"))
	require.Equal(t, exitFail, code)
	require.Regexp(t, `(?m)^FAIL ruma-ban-vs-power-levels-v6: resolve "leaves": \(m\.room\.create, ""\): expected \$00-m-room-create, got nothing`, out)
	require.Regexp(t, `(?m)^FAIL redaction-aliases-v1: .*redact \$\S+: \.\S+ is missing`, out)
	require.True(t, strings.HasSuffix(out, "0 passed, 2 failed\n"), out)
}

// TestJudgeWrongEventIDs: a judge that derives other event IDs fails the
// fixtures whose IDs come from the PDUs (computed, or carried in v1–2),
// and not those whose IDs are given.
func TestJudgeWrongEventIDs(t *testing.T) {
	v3 := filepath.Join(corpus, "auth-create", "create-with-prev-events-v3.json")
	v1 := filepath.Join(corpus, "auth-create", "create-minimal-v1.json")
	given := filepath.Join(corpus, "resolve-v2", "ruma-join-rules-vs-join-v5.json")
	code, out, errOut := mxauth(t, "", "conformance", "--judge", testJudgeCmd(t, "wrong-ids"), v1, v3, given)
	require.Equal(t, exitFail, code, errOut)
	require.Regexp(t, `(?m)^FAIL create-with-prev-events-v3: event-id (\$\S+): expected (\$\S+), got \$\S+x`, out)
	require.Regexp(t, `(?m)^FAIL create-minimal-v1: event-id \$create:example.org: expected \$create:example.org, got \$create:example.orgx`, out)
	require.Regexp(t, `(?m)^PASS ruma-join-rules-vs-join-v5$`, out)
}

// TestJudgeBadJudges runs judges that break the protocol: each run stops
// with exit status 1 and one message saying what the judge did, never a
// stack trace, and prints no PASS/FAIL report.
func TestJudgeBadJudges(t *testing.T) {
	fx := filepath.Join(corpus, "auth-create", "create-minimal-v1.json")
	for _, tc := range []struct {
		kind, want string
		extra      []string
	}{
		{"exit", `closed its output before answering question 1 (load) (exit status 3); its stderr ended with: test judge: giving up`, nil},
		{"no-hello", `question 0 (hello) (it exited with status 0)`, nil},
		{"junk", `answered question 1 (load) with a line that is not a JSON object: "this is not JSON"`, nil},
		{"huge", `answered question 1 (load) with a line longer than 16777216 bytes`, nil},
		{"version", `speaks protocol version 2; this runner speaks version 1`, nil},
		{"wrong-id", `answered question 1 (load) (id 1) with id 7`, nil},
		{"hang", `did not answer question 1 (load) within 300ms`, []string{"--judge-timeout", "300ms"}},
		{"exit-at-end", `exited with exit status 4 at the end of the session; its stderr ended with: test judge: failing at the end`, nil},
		{"unknown-kind", `question 0 (hello) (exit status 2); its stderr ended with: unknown test judge unknown-kind`, nil},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			args := append([]string{"conformance", "--judge", testJudgeCmd(t, tc.kind)}, tc.extra...)
			code, out, errOut := mxauth(t, "", append(args, fx)...)
			require.Equal(t, exitFail, code)
			require.Empty(t, out)
			require.Contains(t, errOut, tc.want)
			// A judge that exits at once may be noticed on the write or
			// on the read: either message names the question.
			require.Regexp(t, `: (closed its output before answering|stopped reading its input before|answered|did not answer|speaks|exited with) `, errOut)
			require.True(t, strings.HasPrefix(errOut, "mxauth conformance: "), errOut)
			require.Equal(t, 1, strings.Count(errOut, "\n"), errOut)
			require.NotContains(t, errOut, "goroutine")
			require.NotContains(t, errOut, "panic")
		})
	}
}

func TestJudgeCommandLine(t *testing.T) {
	fx := filepath.Join(corpus, "auth-create", "create-minimal-v1.json")
	code, _, errOut := mxauth(t, "", "conformance", "--judge", "/nonexistent/judge --x", fx)
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, "mxauth conformance: judge /nonexistent/judge --x: cannot start: ")
	code, _, errOut = mxauth(t, "", "conformance", "--judge", "'unterminated", fx)
	require.Equal(t, exitFail, code)
	require.Contains(t, errOut, "--judge: unterminated ' in the command")
	code, _, errOut = mxauth(t, "", "judge", "extra")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "judge takes no arguments")
}

func TestSplitCommand(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"go run ./cmd/mxauth judge", []string{"go", "run", "./cmd/mxauth", "judge"}},
		{`'a b' "c \"d\"" e\ f`, []string{"a b", `c "d"`, "e f"}},
		{"  x\t''  ", []string{"x", ""}},
	} {
		got, err := splitCommand(tc.in)
		require.NoError(t, err, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
	for _, bad := range []string{"", "   ", `"open`, `'open`} {
		_, err := splitCommand(bad)
		require.Error(t, err, bad)
	}
}

// TestJudgeServesStdin speaks the protocol to "mxauth judge" in process.
func TestJudgeServesStdin(t *testing.T) {
	in := `{"id":0,"op":"hello","protocol":1}` + "\n" + `{"id":1,"op":"auth","event":"$x"}` + "\n" + `{"id":2,"op":"nonsense"}` + "\n"
	code, out, errOut := mxauth(t, in, "judge")
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, []string{
		`{"id":0,"protocol":1,"name":"mxauth","software":"` + moduleVersion() + `"}`,
		`{"id":1,"error":"no events loaded"}`,
		`{"id":2,"error":"unsupported operation \"nonsense\""}`,
	}, lines(out))

	code, out, errOut = mxauth(t, `{"id":0,"op":"hello","protocol":9}`+"\n", "judge")
	require.Equal(t, exitFail, code)
	require.Contains(t, out, `"error":"unknown protocol version 9; this judge speaks version 1"`)
	require.Equal(t, "mxauth judge: unknown protocol version 9; this judge speaks version 1\n", errOut)
}

// TestJudgeJSONReport: --json with --judge writes the same document as
// the built-in run.
func TestJudgeJSONReport(t *testing.T) {
	dir := filepath.Join(corpus, "redaction")
	code, want, _ := mxauth(t, "", "conformance", "--json", dir)
	require.Equal(t, exitOK, code)
	code, got, errOut := mxauth(t, "", "conformance", "--json", "--judge", testJudgeCmd(t, "reference"), dir)
	require.Equal(t, exitOK, code, errOut)
	require.JSONEq(t, want, got)
}

// TestJudgeFixtureTooLarge: a fixture whose load line would pass the line
// limit fails by itself, and the run goes on with the next fixture.
func TestJudgeFixtureTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 17 MB fixture")
	}
	dir := t.TempDir()
	big := `{"fixture":1,"name":"a-too-large","description":"","room_version":"1","events":[` +
		`{"type":"m.room.create","event_id":"$c:x","content":{"body":"` + strings.Repeat("x", judgeproto.DefaultMaxLine) + `"}}],` +
		`"auth":{"$c:x":"rejected"}}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte(big), 0o644))
	ok, err := os.ReadFile(filepath.Join(cmdData, "ok", "minimal-v1-redact.json"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.json"), ok, 0o644))
	code, out, errOut := mxauth(t, "", "conformance", "--judge", testJudgeCmd(t, "reference"), dir)
	require.Equal(t, exitFail, code, errOut)
	require.Equal(t, []string{
		"FAIL a-too-large: bad fixture: too large for the judge protocol: question 1 (load): line longer than the size limit: message of 16777384 bytes, limit 16777216",
		"PASS cmd-minimal-v1-redact",
		"1 passed, 1 failed",
	}, lines(out))
}

// pythonJudge is a judge written from JUDGE.md alone, in another
// language: it allows every event and supports nothing else.
const pythonJudge = `import json, sys
for line in sys.stdin:
    req = json.loads(line)
    if req["op"] == "hello":
        resp = {"protocol": 1, "name": "allow-all.py"}
    elif req["op"] == "load":
        resp = {}
    elif req["op"] == "auth":
        resp = {"allowed": True}
    else:
        resp = {"error": "unsupported operation " + req["op"]}
    resp["id"] = req["id"]
    sys.stdout.write(json.dumps(resp) + "\n")
    sys.stdout.flush()
`

// TestJudgeOtherLanguage drives a Python judge (skipped without
// python3): the run completes, and its wrong and unsupported answers are
// failures of the fixtures, not of the session.
func TestJudgeOtherLanguage(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	script := filepath.Join(t.TempDir(), "judge.py")
	require.NoError(t, os.WriteFile(script, []byte(pythonJudge), 0o644))
	judge := "'" + py + "' '" + script + "'"
	code, out, errOut := mxauth(t, "", "conformance", "--judge", judge,
		filepath.Join(corpus, "auth-member-ban"), filepath.Join(corpus, "redaction", "redaction-aliases-v1.json"))
	require.Equal(t, exitFail, code, errOut)
	require.Empty(t, errOut)
	require.Regexp(t, `(?m)^FAIL [a-z0-9-]+: auth \$\S+: expected rejected, got allowed`, out)
	require.Regexp(t, `(?m)^FAIL redaction-aliases-v1: .*redact \$\S+: redaction failed: unsupported operation redact`, out)
	require.Regexp(t, `(?m)^\d+ passed, [1-9]\d* failed\n\z`, out)
}

// TestJudgeWrongFormat2: through the judge, format 2's expectations are
// compared too: the wrong judge allows every event whatever the state
// before it or the current state, and resolves without failing.
func TestJudgeWrongFormat2(t *testing.T) {
	code, out, errOut := mxauth(t, "", "conformance", "--judge", testJudgeCmd(t, "wrong"), filepath.Join(corpus, "format-v2"))
	require.Equal(t, exitFail, code, errOut)
	require.Regexp(t, `(?m)^FAIL receipt-state-before-own-effect-v6: auth_state \$join \("state before without the invite"\): expected rejected, got allowed; auth_state \$join \("current state after a concurrent ban"\): expected soft_failed, got allowed$`, out)
	require.Regexp(t, `(?m)^FAIL receipt-soft-fail-late-message-v6: auth_state \$msg \("banned since"\): expected soft_failed, got allowed; `, out)
	require.Regexp(t, `(?m)^FAIL resolve-error-other-room-v6: resolve "within the room": .*; resolve "topic of another room": expected error other_room, got a state: \{\}$`, out)
	require.Regexp(t, `(?m)^FAIL resolve-error-no-create-event-v6: .*resolve "power event without a create event": expected error no_create_event, got a state: \{\}`, out)
	require.True(t, strings.HasSuffix(out, "0 passed, 5 failed\n"), out)
}
