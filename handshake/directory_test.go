package handshake_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/assert"
)

func TestPublicRoomJoinRule(t *testing.T) {
	for _, rule := range []string{"public", "knock", "invite", "private"} {
		r := newRoom(t, roomversion.V7(), rule)
		assert.Equal(t, rule, handshake.PublicRoomJoinRule(r.state))
	}
	r := newRoom(t, roomversion.V7(), "")
	assert.Equal(t, "public", handshake.PublicRoomJoinRule(r.state), "no join rules event: the directory's default")

	r.add("m.room.join_rules", alice, "", map[string]any{})
	assert.Equal(t, "public", handshake.PublicRoomJoinRule(r.state), "no join_rule key")

	r.add("m.room.join_rules", alice, "", map[string]any{"join_rule": 5})
	assert.Equal(t, "public", handshake.PublicRoomJoinRule(r.state), "a join_rule a directory cannot report")

	assert.Equal(t, "public", handshake.PublicRoomJoinRule(nil))
	assert.Equal(t, "public", handshake.PublicRoomJoinRule(auth.StateMap{}))
}
