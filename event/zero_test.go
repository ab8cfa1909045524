package event

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestZeroEventNoPanic calls every method of a zero Event (one not made by
// Parse or NewWithID): none may panic, and those that can fail say so.
func TestZeroEventNoPanic(t *testing.T) {
	e := &Event{}
	assert.NotPanics(t, func() {
		_ = e.ID()
		assert.Error(t, e.Version().Valid(), "a zero event has no valid version")
		_, _ = e.StateKey()
		_, _ = e.Membership()
		_, _ = e.Redacts()
		_ = e.NumAuthEvents() + e.NumPrevEvents()
		assert.Equal(t, "", e.AuthEventID(0))
		_, ok := e.ImpliedCreateEventID()
		assert.False(t, ok)
		_ = e.RequiredSigners()
		_, _ = e.SigningInput()
		_, _ = e.ContentHash()
		_, _ = e.ContentHashValid()
		_, _ = e.ReferenceHash()
		_, _ = e.Redact()
		_, _ = e.Redacted()
		assert.Error(t, e.VerifySignatures(nil))
		assert.Error(t, e.VerifySignatures(KeyRing{}))
	})
}
