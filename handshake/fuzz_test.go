package handshake_test

import (
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/roomversion"
)

// FuzzValidateTemplate checks that template validation never panics and
// that whatever it accepts is the event asked for.
func FuzzValidateTemplate(f *testing.F) {
	for _, k := range kinds() {
		f.Add(goodResponse(f, k))
	}
	f.Add([]byte(`{"room_version":"7","event":{"content":{"membership":"knock"}}}`))
	f.Add([]byte(`[]`))
	want := wantRequest()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, validate := range []func([]byte, handshake.Request) (*handshake.Template, error){
			handshake.ValidateKnockTemplate, handshake.ValidateJoinTemplate, handshake.ValidateLeaveTemplate,
		} {
			tpl, err := validate(body, want)
			if err != nil {
				continue
			}
			var ev struct {
				Sender   string `json:"sender"`
				StateKey string `json:"state_key"`
				RoomID   string `json:"room_id"`
			}
			if json.Unmarshal(tpl.Event, &ev) != nil || ev.Sender != bob || ev.StateKey != bob || ev.RoomID != roomID {
				t.Fatalf("accepted a template for someone else: %s", tpl.Event)
			}
		}
	})
}

// FuzzSendKnock checks that send_knock never panics and accepts only a
// knock by Bob.
func FuzzSendKnock(f *testing.F) {
	r := newRoom(f, roomversion.V7(), "knock")
	raw, ev := signedKnock(f, r, remote, nil)
	f.Add(raw, ev.ID())
	f.Add([]byte(`{}`), "$x")
	f.Fuzz(func(t *testing.T, pdu []byte, eventID string) {
		req := knockRequest(r, pdu, ev)
		req.EventID = eventID
		res, err := handshake.SendKnock(req, r.state)
		if err == nil && (res.Event.Sender() != bob || !res.Event.StateKeyEquals(bob)) {
			t.Fatalf("accepted %s", res.Event.JSON())
		}
	})
}
