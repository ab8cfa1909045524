package handshake_test

import (
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStrippedState(t *testing.T) {
	r := newRoom(t, roomversion.V7(), "knock")
	// Added in an order other than the output's, with events that must
	// not appear (history visibility, a non-empty state key, a member).
	r.add("m.room.encryption", alice, "", map[string]any{"algorithm": "m.megolm.v1.aes-sha2"})
	r.add("m.room.history_visibility", alice, "", map[string]any{"history_visibility": "shared"})
	r.add("m.room.canonical_alias", alice, "", map[string]any{"alias": "#knock:example.org"})
	r.add("m.room.topic", alice, "", map[string]any{"topic": "<knock> & wait"})
	r.add("m.room.avatar", alice, "", map[string]any{"url": "mxc://example.org/abc"})
	r.add("m.room.name", alice, "", map[string]any{"name": "Knock knock"})
	r.add("m.room.name", alice, "x", map[string]any{"name": "not this one"})

	got := handshake.StrippedState(r.state)
	var types []string
	for _, s := range got {
		types = append(types, s.Type)
		assert.Equal(t, "", s.StateKey)
		assert.Equal(t, alice, s.Sender)
	}
	assert.Equal(t, handshake.StrippedStateTypes(), types)

	b, err := json.Marshal(got[3])
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"m.room.topic","state_key":"","sender":"@alice:example.org","content":{"topic":"<knock> & wait"}}`, string(b))
}

func TestStrippedStateEmpty(t *testing.T) {
	b, err := json.Marshal(handshake.StrippedState(auth.StateMap{}))
	require.NoError(t, err)
	assert.Equal(t, "[]", string(b))
	assert.Empty(t, handshake.StrippedState(nil))

	types := handshake.StrippedStateTypes()
	types[0] = "changed"
	assert.Equal(t, "m.room.create", handshake.StrippedStateTypes()[0], "the caller gets a copy")
}
