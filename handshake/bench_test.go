package handshake_test

import (
	"testing"

	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
)

// BenchmarkMakeJoinRestricted measures make_join of a restricted v12 room
// that needs an authorising user chosen among the room's members.
func BenchmarkMakeJoinRestricted(b *testing.B) {
	r := restrictedRoom(b, roomversion.V12(), "restricted", allowOther, map[string]any{dave: 50}, 50,
		map[string]any{"additional_creators": []any{carol}})
	req := r.joinReq((&allowSpy{answer: true}).fn)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := handshake.MakeJoin(req, r.state); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendJoinRestricted measures send_join of a restricted join with
// signature checks, the resident server's stand-in signature included.
func BenchmarkSendJoinRestricted(b *testing.B) {
	r := restrictedRoom(b, roomversion.V12(), "restricted", allowOther, nil, nil, nil)
	allowed := (&allowSpy{answer: true}).fn
	raw, id := signedJoin(b, r, r.joinReq(allowed), remote, nil)
	req := joinRequest(r, raw, id, allowed)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := handshake.SendJoin(req, r.state); err != nil {
			b.Fatal(err)
		}
	}
}
