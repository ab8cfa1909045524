package conformance

import (
	"errors"
	"testing"

	"github.com/mxauth/mxauth/auth"
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
		delete(m, "auth")
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
