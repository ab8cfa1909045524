package auth

import (
	"os"
	"strconv"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

var zzContents = []string{
	"{\n    \"users\": {\n     \"@peggy:hs1.example\": 100,\n     \"@mallory:hs2.example\": 100\n    },\n    \"users_default\": 0,\n    \"events_default\": 0,\n    \"state_default\": 25,\n    \"ban\": 50,\n    \"kick\": 50,\n    \"redact\": 50,\n    \"invite\": 50,\n    \"events\": {\n     \"m.room.name\": 50,\n     \"m.room.join_rules\": 50,\n     \"m.room.power_levels\": 100\n    }\n   }",
	`{"ban":50,"events":{"m.room.avatar":50,"m.room.canonical_alias":50,"m.room.history_visibility":100,"m.room.name":50,"m.room.power_levels":100},"events_default":0,"invite":0,"kick":50,"redact":50,"state_default":50,"users":{"@alice:example.org":100,"@bob:example.org":50},"users_default":0}`,
}

func zzEvents(t testing.TB) []*event.Event {
	var out []*event.Event
	for _, c := range zzContents {
		e, err := event.NewWithID([]byte(`{"type":"m.room.power_levels","state_key":"","sender":"@a:a.test","room_id":"!r:a.test","content":`+c+`,"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$pl", roomversion.V7())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func TestZZMicro(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ZZN"))
	evs := zzEvents(t)
	zzRun(evs, n)
}

//go:noinline
func zzRun(evs []*event.Event, n int) {
	for i := 0; i < n; i++ {
		for _, e := range evs {
			ReadPowerLevelsOnce(e)
		}
	}
}
