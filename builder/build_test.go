package builder_test

import (
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

func TestBuildRoomSmoke(t *testing.T) {
	for _, v := range roomversion.Supported() {
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newRoom(t, v)
			res := r.add(t, builder.Proto{Type: "m.room.message", Sender: bob, Content: []byte(`{"body":"hi","msgtype":"m.text"}`)})
			checkBuilt(t, res, v)
			if err := auth.CheckAuthEvents(res.Event, authList(res, r.state)); err != nil {
				t.Fatal(err)
			}
			t.Log(res.Event.ID(), res.Event.JSON())
			_ = event.TypeCreate
		})
	}
}
