package conformance

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRunWrongExpectation(t *testing.T) {
	f := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		m["auth"].(map[string]any)["$alice-topic:example.org"] = "rejected"
	})
	r := Run(f)
	require.False(t, r.Passed)
	fails := r.Failures()
	require.Len(t, fails, 1)
	require.Equal(t, KindAuth, fails[0].Kind)
	require.Equal(t, "$alice-topic:example.org", fails[0].Subject)
	require.Equal(t, "rejected", fails[0].Expected)
	require.Equal(t, "allowed", fails[0].Got)
	require.Equal(t, "auth $alice-topic:example.org: expected rejected, got allowed", r.Summary())
}

func TestRunReportsRejectionRule(t *testing.T) {
	// Expect an event with a missing signature to be allowed: the
	// failure names the rule that rejected it and why.
	f := editFixture(t, sigFixture, func(m map[string]any) {
		m["auth"].(map[string]any)["$bob-message-one-sig:remote.example"] = "allowed"
	})
	r := Run(f)
	require.False(t, r.Passed)
	fails := r.Failures()
	require.Len(t, fails, 1)
	require.Equal(t, RuleSignatures, fails[0].Rule)
	require.NotEmpty(t, fails[0].Reason)
	require.Contains(t, r.Summary(), "(PDU-2: ")
}

func TestRunRedact(t *testing.T) {
	ok := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		ev := eventByID(t, m, "$create:example.org")
		red := map[string]any{}
		for k, v := range ev {
			red[k] = v
		}
		m["redact"] = map[string]any{"$create:example.org": red}
	})
	r := Run(ok)
	require.True(t, r.Passed, r.Summary())

	bad := editFixture(t, "auth-create/create-minimal-v1.json", func(m map[string]any) {
		m["redact"] = map[string]any{"$alice-message:example.org": map[string]any{"content": map[string]any{}}}
	})
	r = Run(bad)
	require.False(t, r.Passed)
	require.Contains(t, r.Summary(), "redact $alice-message:example.org: ")
}

func TestSummaryFormatError(t *testing.T) {
	r := FormatFailure("x.json", "x.json", errString("missing member \"name\""))
	require.False(t, r.Passed)
	require.Equal(t, `bad fixture: missing member "name"`, r.Summary())
}

type errString string

func (e errString) Error() string { return string(e) }

func TestSummaryListsAtMostThree(t *testing.T) {
	r := Result{}
	for range 5 {
		r.Outcomes = append(r.Outcomes, Outcome{Kind: KindAuth, Subject: "$x", Expected: "allowed", Got: "rejected", Rule: "R", Reason: "why"})
	}
	require.Contains(t, r.Summary(), "and 2 more")
}
