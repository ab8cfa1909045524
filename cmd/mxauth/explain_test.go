package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// requireNoTrace asserts that a failing command wrote no Go stack trace.
func requireNoTrace(t *testing.T, errOut string) {
	t.Helper()
	require.NotContains(t, errOut, "goroutine ")
	require.NotContains(t, errOut, "panic")
	require.NotContains(t, errOut, ".go:")
}

// TestCheckRejectionValues: a rejection shows the values the rule
// compared, in text and as structured --json details.
func TestCheckRejectionValues(t *testing.T) {
	path := filepath.Join(corpus, "auth-member-ban", "ban-basic-v1.json")
	code, out, _ := mxauth(t, "", "check", path)
	require.Equal(t, exitOK, code, out)
	require.Regexp(t, `(?m)^REJECTED\s+\$charlie-bans-bob:example.org .*MEMBER-BAN-3: .*\[values: sender level 0, target level 0, required ban level 50, membership ban, sender membership join, target membership join\]$`, out)

	code, out, _ = mxauth(t, "", "check", "--json", path)
	require.Equal(t, exitOK, code)
	var got []checkLine
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	var rejected int
	for _, l := range got {
		if l.Verdict != "rejected" {
			require.Nil(t, l.Details, l.ID)
			continue
		}
		rejected++
		require.NotNil(t, l.Details, l.ID)
		require.Equal(t, "0", l.Details.SenderLevel)
		require.Equal(t, "50", l.Details.RequiredLevel)
		require.Equal(t, "ban", l.Details.Required)
		require.Equal(t, "join", *l.Details.TargetMembership)
	}
	require.Equal(t, 1, rejected)
}

// TestCheckExitsOnMismatch: a verdict other than the fixture expects
// makes check exit 1, in text and --json, while every event is listed.
func TestCheckExitsOnMismatch(t *testing.T) {
	path := filepath.Join(cmdData, "broken", "wrong-expectation.json")
	code, out, errOut := mxauth(t, "", "check", "--json", path)
	require.Equal(t, exitFail, code)
	requireNoTrace(t, errOut)
	var got []checkLine
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got, 4)
	// A fixture whose verdicts all hold exits 0.
	code, _, _ = mxauth(t, "", "check", filepath.Join(corpus, "auth-member-ban", "ban-basic-v1.json"))
	require.Equal(t, exitOK, code)
}

// TestCheckAuthCycle: a cycle of auth events is reported once, its
// events say they are on it, and events after it say they depend on it,
// instead of a chain of "was rejected (AUTHEV-3)".
func TestCheckAuthCycle(t *testing.T) {
	code, out, errOut := mxauth(t, "", "check", filepath.Join(cmdData, "cycle-v1.json"))
	require.Equal(t, exitFail, code, "a cycle is a broken graph")
	requireNoTrace(t, errOut)
	require.Equal(t, 1, strings.Count(out, "auth cycle 1:"), out)
	require.Contains(t, out, "auth cycle 1: $a:example.org → $b:example.org → $a:example.org (every event on it is rejected, DECISIONS D12)")
	require.NotContains(t, out, "auth cycle 2")
	require.NotContains(t, out, "was rejected (AUTHEV-3)")
	require.Regexp(t, `(?m)^REJECTED\s+\$a:example.org\s+m.room.message\s+AUTHEV-3: on auth cycle 1$`, out)
	require.Regexp(t, `(?m)^REJECTED\s+\$b:example.org\s+m.room.message\s+AUTHEV-3: on auth cycle 1$`, out)
	require.Regexp(t, `(?m)^REJECTED\s+\$c:example.org\s+m.room.message\s+AUTHEV-3: depends on auth cycle 1 \(through \$b:example.org\)$`, out)
	require.Regexp(t, `(?m)^REJECTED\s+\$d:example.org\s+m.room.message\s+AUTHEV-3: depends on auth cycle 1 \(through \$c:example.org\)$`, out)
	require.Regexp(t, `(?m)^ALLOWED\s+\$e:example.org`, out)

	code, out, _ = mxauth(t, "", "check", "--json", filepath.Join(cmdData, "cycle-v1.json"))
	require.Equal(t, exitFail, code)
	var got []checkLine
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	cycles := map[string]int{}
	for _, l := range got {
		cycles[l.ID] = l.Cycle
	}
	require.Equal(t, map[string]int{"$create:example.org": 0, "$alice-join:example.org": 0,
		"$a:example.org": 1, "$b:example.org": 1, "$c:example.org": 0, "$d:example.org": 0, "$e:example.org": 0}, cycles)
}

// TestCheckEditedComputedID: an event edited after the IDs of an
// "ids": "computed" fixture were written is named as such, every event is
// still judged (under the IDs the file uses), and check exits 1; the
// conformance run fails the fixture with the same explanation, judging
// the other events all the same.
func TestCheckEditedComputedID(t *testing.T) {
	path := filepath.Join(cmdData, "edited-id-v6.json")
	code, out, errOut := mxauth(t, "", "check", path)
	require.Equal(t, exitFail, code)
	requireNoTrace(t, errOut)
	require.Contains(t, errOut, "events[2] ($YOBxNndpMman5s9dElM9swwnpMQupArSYiAWn78intU): this event's computed ID changed: it is now $r1_y8diYh61vBnjAUxyPTmSpXvglzcmhpdfzSNkh1TQ")
	ls := lines(out)
	require.Len(t, ls, 11, out) // heading, 9 events, summary
	require.Regexp(t, `^ALLOWED\s+\$YOBxNndpMman5s9dElM9swwnpMQupArSYiAWn78intU\s+m.room.power_levels ""\s+\[edited: its computed ID is now \$r1_y8diYh61vBnjAUxyPTmSpXvglzcmhpdfzSNkh1TQ\]$`, ls[3])
	require.NotContains(t, out, "AUTHEV-3", "the events citing the edited one still find it")
	require.Equal(t, "8 allowed, 1 rejected; 0 differ from the fixture's expectations; 1 computed IDs changed", ls[len(ls)-1])

	code, out, _ = mxauth(t, "", "conformance", path)
	require.Equal(t, exitFail, code)
	require.Equal(t, "FAIL cmd-edited-id-v6: events[2]: this event's computed ID changed: it is now $r1_y8diYh61vBnjAUxyPTmSpXvglzcmhpdfzSNkh1TQ, and the fixture refers to it as $YOBxNndpMman5s9dElM9swwnpMQupArSYiAWn78intU (was it edited after its ID was computed?)\n0 passed, 1 failed\n", out,
		"the edit is the only failure: the other events are judged and hold (TestBadInputs shows one that does not)")
}

// TestEventKeys: --keys verifies the PDU's signatures with a keys file
// or a fixture's keys; a bad signature exits 1 saying why.
func TestEventKeys(t *testing.T) {
	fx := filepath.Join(corpus, "signatures", "signatures-valid-and-bad-v6.json")
	signed := readFile(t, filepath.Join(cmdData, "pdu-v6-signed.json"))
	code, out, _ := mxauth(t, signed, "event", "--keys", fx)
	require.Equal(t, exitOK, code, out)
	var rep eventReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.NotNil(t, rep.Signatures)
	require.True(t, rep.Signatures.Valid)

	// The same keys as a plain keys file.
	keys := filepath.Join(t.TempDir(), "keys.json")
	writeFile(t, keys, `{"example.org": {"ed25519:oracle": "Z+oZODxUcvoy+zTMPN1aCiHLFuIKumdkEHQJWRLGKDo"}, "other.example": {"ed25519:1": "short"}}`)
	code, out, _ = mxauth(t, signed, "event", "--keys", keys)
	require.Equal(t, exitOK, code, out)
	rep = eventReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.True(t, rep.Signatures.Valid)
	require.Equal(t, []string{"other.example ed25519:1"}, rep.Signatures.IgnoredKeys)

	// Without --keys nothing is said about signatures.
	code, out, _ = mxauth(t, signed, "event")
	require.Equal(t, exitOK, code)
	require.NotContains(t, out, `"valid": true,
  "error"`)
	rep = eventReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Nil(t, rep.Signatures)

	code, out, errOut := mxauth(t, readFile(t, filepath.Join(cmdData, "pdu-v6-bad-signature.json")), "event", "--keys", fx)
	require.Equal(t, exitFail, code)
	requireNoTrace(t, errOut)
	rep = eventReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.True(t, rep.Valid, "a valid PDU whose signature fails")
	require.False(t, rep.Signatures.Valid)
	require.Equal(t, "signature check failed: example.org ed25519:oracle: signature does not verify", rep.Signatures.Error)
}

// TestEventKeysErrors: every bad keys file is refused with a message
// naming the file and what is wrong, exit status non-zero, no trace.
func TestEventKeysErrors(t *testing.T) {
	signed := readFile(t, filepath.Join(cmdData, "pdu-v6-signed.json"))
	dir := t.TempDir()
	for _, tc := range []struct{ name, text, msg string }{
		{"missing.json", "", "missing.json does not exist"},
		{"junk.json", "not json", "junk.json: not a JSON object (expected server → key ID → key)"},
		{"array.json", "[1]", "array.json: not a JSON object"},
		{"server.json", `{"example.org": 5}`, "server.json: keys: member must be an object, not a number (expected server → key ID → key)"},
		{"key.json", `{"example.org": {"ed25519:1": 5}}`, "key.json: keys.example.org.ed25519:1: neither a key nor {key, valid_until_ts}"},
		{"empty.json", `{}`, "empty.json: no keys"},
		{"fixture.json", `{"fixture": 1, "name": "n"}`, `fixture.json: the fixture has no "keys"`},
	} {
		path := filepath.Join(dir, tc.name)
		if tc.text != "" {
			writeFile(t, path, tc.text)
		}
		code, out, errOut := mxauth(t, signed, "event", "--keys", path)
		require.Equal(t, exitFail, code, tc.name)
		require.Empty(t, out, tc.name)
		require.Contains(t, errOut, tc.msg, tc.name)
		require.True(t, strings.HasPrefix(errOut, "mxauth event: "), errOut)
		requireNoTrace(t, errOut)
	}
	code, _, errOut := mxauth(t, signed, "event", "--keys", "-")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "--keys needs a file: the PDU is read from stdin")
}

// TestFormat2Messages: conformance on format 2 fixtures that break the
// format names what is wrong and exits 1.
func TestFormat2Messages(t *testing.T) {
	dir := t.TempDir()
	base := readFile(t, filepath.Join(corpus, "format-v2", "receipt-soft-fail-late-message-v6.json"))
	for name, c := range map[string]struct{ from, to, msg string }{
		"soft.json":    {`"expected": "rejected"`, `"expected": "accepted"`, `auth_state[2] "banned before": expected must be "allowed", "rejected" or "soft_failed", not "accepted"`},
		"version.json": {`"fixture": 2`, `"fixture": 1`, `"auth_state" needs "fixture": 2`},
	} {
		require.Contains(t, base, c.from)
		path := filepath.Join(dir, name)
		writeFile(t, path, strings.Replace(base, c.from, c.to, 1))
		code, out, errOut := mxauth(t, "", "conformance", path)
		require.Equal(t, exitFail, code, name)
		require.Contains(t, out, "FAIL "+path+": bad fixture: "+c.msg, name)
		requireNoTrace(t, errOut)
		require.Regexp(t, regexp.MustCompile(`(?m)^0 passed, 1 failed$`), out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

// TestCheckOtherExpectations: check lists the fixture's resolve, redact
// and auth_state expectations that do not hold, and exits 1.
func TestCheckOtherExpectations(t *testing.T) {
	for file, want := range map[string]string{
		"wrong-resolve.json": `DIFFERS   resolve "branches": (m.room.topic, ""): expected $bob-topic:example.org, got $alice-topic:example.org`,
		"wrong-redact.json":  `DIFFERS   redact $create:example.org: .content.creator is not expected`,
	} {
		code, out, errOut := mxauth(t, "", "check", filepath.Join(cmdData, "broken", file))
		require.Equal(t, exitFail, code, file)
		requireNoTrace(t, errOut)
		require.Contains(t, out, "\n"+want+"\n", file)
		require.True(t, strings.HasSuffix(out, "; 1 differ from the fixture's expectations\n"), out)
	}
	path := filepath.Join(t.TempDir(), "soft.json")
	base := readFile(t, filepath.Join(corpus, "format-v2", "receipt-soft-fail-late-message-v6.json"))
	writeFile(t, path, strings.Replace(base, `"expected": "soft_failed"`, `"expected": "allowed"`, 1))
	code, out, _ := mxauth(t, "", "check", path)
	require.Equal(t, exitFail, code)
	require.Contains(t, out, `DIFFERS   auth_state $msg ("banned since"): expected allowed, got soft_failed (SENDER-1: sender is not joined to the room)`)
	code, _, _ = mxauth(t, "", "check", filepath.Join(corpus, "format-v2", "receipt-soft-fail-late-message-v6.json"))
	require.Equal(t, exitOK, code)
}
