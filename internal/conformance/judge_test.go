package conformance

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/stretchr/testify/require"
)

const sigFixture = "signatures/signatures-event-id-domain-v1.json"

func TestJudgeSignatures(t *testing.T) {
	f := editFixture(t, sigFixture, func(map[string]any) {})
	vs := Judge(f)
	require.Len(t, vs, len(f.Events))
	one := verdictOf(t, vs, "$bob-message-one-sig:remote.example")
	require.False(t, one.Allowed)
	require.Equal(t, RuleSignatures, one.Rule)
	require.Contains(t, one.Reason, "remote.example")
	require.True(t, verdictOf(t, vs, "$bob-message-two-sigs:remote.example").Allowed)
}

func TestJudgeHashMismatchJudgesRedactedForm(t *testing.T) {
	// Changing a message body breaks its content hash but not its
	// signatures, which cover the redacted form only (PDU-3).
	f := editFixture(t, sigFixture, func(m map[string]any) {
		ev := eventByID(t, m, "$bob-message-two-sigs:remote.example")
		ev["content"].(map[string]any)["body"] = "tampered"
	})
	v := verdictOf(t, Judge(f), "$bob-message-two-sigs:remote.example")
	require.True(t, v.Allowed, v.Reason)
	require.True(t, v.Redacted)
	require.Equal(t, "{}", v.Event.ContentJSON())
}

func TestJudgeKeptFieldChangeBreaksSignature(t *testing.T) {
	f := editFixture(t, sigFixture, func(m map[string]any) {
		ev := eventByID(t, m, "$join-rules:example.org")
		ev["content"].(map[string]any)["join_rule"] = "invite"
	})
	vs := Judge(f)
	v := verdictOf(t, vs, "$join-rules:example.org")
	require.False(t, v.Allowed)
	require.Equal(t, RuleSignatures, v.Rule)
	// bob's join cites the rejected join rules: AUTHEV-3.
	bob := verdictOf(t, vs, "$bob-join:example.org")
	require.False(t, bob.Allowed)
	require.Equal(t, string(auth.RuleAuthEv3), bob.Rule)
	require.Equal(t, "auth event $join-rules:example.org was rejected (PDU-2)", bob.Reason)
	var rej *auth.Rejection
	require.True(t, errors.As(bob.Err, &rej))
	require.Equal(t, "$bob-join:example.org", rej.EventID)
}

func TestJudgeHashCheckNeedsKeysByDefault(t *testing.T) {
	f := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		ev := eventByID(t, m, "$alice-message:example.org")
		ev["content"].(map[string]any)["body"] = "tampered"
	})
	v := verdictOf(t, Judge(f), "$alice-message:example.org")
	require.True(t, v.Allowed)
	require.False(t, v.Redacted)
	v = verdictOf(t, Options{AlwaysCheckHashes: true}.Judge(f), "$alice-message:example.org")
	require.True(t, v.Allowed)
	require.True(t, v.Redacted)
}

func TestJudgeAuthEventOrder(t *testing.T) {
	// Move the create event to the end: every event citing it now cites
	// a later event (AUTHEV-3), and the create event itself is allowed.
	f := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		evs := m["events"].([]any)
		m["events"] = append(evs[1:], evs[0])
	})
	vs := Judge(f)
	join := verdictOf(t, vs, "$alice-join:example.org")
	require.False(t, join.Allowed)
	require.Equal(t, string(auth.RuleAuthEv3), join.Rule)
	require.Contains(t, join.Reason, "$create:example.org does not come before")
	require.True(t, verdictOf(t, vs, "$create:example.org").Allowed)
}

func TestJudgeUnknownAuthEvent(t *testing.T) {
	f := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		m["events"] = m["events"].([]any)[1:] // drop the create event
		m["auth"] = map[string]any{"$alice-join:example.org": "rejected"}
		delete(m, "notes")
	})
	v := verdictOf(t, Judge(f), "$alice-join:example.org")
	require.False(t, v.Allowed)
	require.Equal(t, string(auth.RuleAuthEv3), v.Rule)
	require.Contains(t, v.Reason, "$create:example.org is not in the fixture")
}

func TestJudgeInvalidPDU(t *testing.T) {
	f := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		ev := eventByID(t, m, "$alice-message:example.org")
		ev["depth"] = "four"
	})
	v := verdictOf(t, Judge(f), "$alice-message:example.org")
	require.False(t, v.Allowed)
	require.Equal(t, RuleInvalidPDU, v.Rule)
	require.Nil(t, v.Event)
}

// TestJudgeV12ImpliedCreate (ROOMID-1, AUTHEV-3): in room version 12 the
// create event that room_id names is an auth event of every other event:
// without it in the fixture, each of them is rejected by AUTHEV-3 naming
// it, though none lists it.
func TestJudgeV12ImpliedCreate(t *testing.T) {
	rel := "spec-member-join-restricted/spec-member-join-restricted-v12.json"
	full := Judge(loadFixture(t, rel))
	require.True(t, full[1].Allowed, full[1].Reason)
	createID := full[0].ID
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &m))
	var evs []json.RawMessage
	require.NoError(t, json.Unmarshal(m["events"], &evs))
	m["events"], _ = json.Marshal(evs[1:]) // raw texts kept, so the IDs stay
	var verdicts map[string]string
	require.NoError(t, json.Unmarshal(m["auth"], &verdicts))
	delete(verdicts, createID)
	m["auth"], _ = json.Marshal(verdicts)
	delete(m, "notes")
	out, err := json.Marshal(m)
	require.NoError(t, err)
	f, err := fixture.Load(rel, out)
	require.NoError(t, err)
	for _, v := range Judge(f) {
		require.False(t, v.Allowed, v.ID)
		if v.Rule == RuleSignatures {
			continue // signatures are checked first (PDU-2 before PDU-4)
		}
		// Every other event is refused at PDU-4 by AUTHEV-3, naming the
		// missing create event or an earlier event refused for it.
		require.Equal(t, string(auth.RuleAuthEv3), v.Rule, "%s: %s", v.ID, v.Reason)
		require.True(t, strings.Contains(v.Reason, createID) || strings.Contains(v.Reason, "was rejected"), v.Reason)
	}
	require.Contains(t, Judge(f)[0].Reason, createID+" is not in the fixture")
}

func loadFixture(t *testing.T, rel string) *fixture.Fixture {
	t.Helper()
	f, err := fixture.LoadFile(filepath.Join(corpusDir, rel))
	require.NoError(t, err)
	return f
}
