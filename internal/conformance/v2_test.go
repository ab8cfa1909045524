package conformance

import (
	"testing"

	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/stretchr/testify/require"
)

// TestAuthStateVerdicts: the built-in run tells apart an event rejected
// by the state before it (PDU-5) from one soft-failed by the current
// state (PDU-6), and names the rule; a wrong expectation fails with both.
func TestAuthStateVerdicts(t *testing.T) {
	f := editFixture(t, "format-v2/receipt-soft-fail-late-message-v6.json", func(m map[string]any) {
		cases := m["auth_state"].([]any)
		cases[0].(map[string]any)["expected"] = "allowed"     // really soft_failed
		cases[2].(map[string]any)["expected"] = "soft_failed" // really rejected
	})
	r := Run(f)
	require.False(t, r.Passed)
	fails := r.Failures()
	require.Len(t, fails, 2)
	require.Equal(t, `auth_state $msg ("banned since"): expected allowed, got soft_failed (SENDER-1: sender is not joined to the room)`, fails[0].String())
	require.Equal(t, `auth_state $msg ("banned before"): expected soft_failed, got rejected (SENDER-1: sender is not joined to the room)`, fails[1].String())
	require.Equal(t, KindAuthState, fails[0].Kind)
}

// TestResolveExpectedError: an expected_error case passes only on an
// error of that kind; another kind, or a state, fails saying which.
func TestResolveExpectedError(t *testing.T) {
	f := editFixture(t, "format-v2/resolve-error-other-room-v6.json", func(m map[string]any) {
		cases := m["resolve"].([]any)
		cases[0].(map[string]any)["expected_error"] = "other_room" // resolves fine
		delete(cases[0].(map[string]any), "expected")
		cases[1].(map[string]any)["expected_error"] = "no_create_event" // is other_room
	})
	r := Run(f)
	fails := r.Failures()
	require.Len(t, fails, 2)
	require.Regexp(t, `^resolve "within the room": expected error other_room, got a state: \{"m.room.create":`, fails[0].String())
	require.Regexp(t, `^resolve "topic of another room": expected error no_create_event, got error other_room: stateres: event \$topicx belongs to room !other:example.org, not !room:example.org$`, fails[1].String())

	ok := ResolveOutcome(fixture.ResolveCase{Name: "x", ExpectedError: fixture.ErrorOtherRoom}, nil, fixture.ErrorOtherRoom, errString("boom"))
	require.True(t, ok.OK)
	plain := ResolveOutcome(fixture.ResolveCase{Name: "x", ExpectedError: fixture.ErrorOtherRoom}, nil, "", errString("boom"))
	require.False(t, plain.OK)
	require.Equal(t, "expected error other_room, got error: boom", plain.Diff)
}
