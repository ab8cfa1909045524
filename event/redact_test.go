package event

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// TestRedactPerVersion covers RED-1..3 and EDGE-V4..V7.
func TestRedactPerVersion(t *testing.T) {
	base := `"room_id":"!r:x","sender":"@u:x","depth":1,"origin_server_ts":5,"hashes":{"sha256":"h"},"signatures":{"x":{"ed25519:1":"s"}},"auth_events":[],"prev_events":[],"unsigned":{"age":1},"redacts":"$z","age_ts":3,"origin":"x","other":true`
	tail := `"auth_events":[],"depth":1,"hashes":{"sha256":"h"},"origin":"x","origin_server_ts":5,"prev_events":[],"room_id":"!r:x","sender":"@u:x","signatures":{"x":{"ed25519:1":"s"}}`
	cases := []struct {
		name, typ, content, stateKey string
		want15, want67               string // expected content
	}{
		{"member", TypeMember, `{"membership":"invite","third_party_invite":{"signed":{}},"displayname":"U"}`, `,"state_key":"@u:x"`, `{"membership":"invite"}`, `{"membership":"invite"}`},
		{"create", TypeCreate, `{"creator":"@u:x","room_version":"5","m.federate":false}`, `,"state_key":""`, `{"creator":"@u:x"}`, `{"creator":"@u:x"}`},
		{"join rules", TypeJoinRules, `{"join_rule":"public","allow":[]}`, `,"state_key":""`, `{"join_rule":"public"}`, `{"join_rule":"public"}`},
		{"power levels", TypePowerLevels, `{"ban":50,"events":{"a":1},"events_default":0,"invite":0,"kick":50,"notifications":{"room":50},"redact":50,"state_default":50,"users":{"@u:x":100,"@v:x":{"nested":1}},"users_default":0,"x":1}`, `,"state_key":""`,
			`{"ban":50,"events":{"a":1},"events_default":0,"kick":50,"redact":50,"state_default":50,"users":{"@u:x":100,"@v:x":{"nested":1}},"users_default":0}`,
			`{"ban":50,"events":{"a":1},"events_default":0,"kick":50,"redact":50,"state_default":50,"users":{"@u:x":100,"@v:x":{"nested":1}},"users_default":0}`},
		{"history visibility", TypeHistoryVisibility, `{"history_visibility":"shared","x":1}`, `,"state_key":""`, `{"history_visibility":"shared"}`, `{"history_visibility":"shared"}`},
		{"aliases (EDGE-V4)", TypeAliases, `{"aliases":["#a:x"],"x":1}`, `,"state_key":"x"`, `{"aliases":["#a:x"]}`, `{}`},
		{"case-sensitive keys (EDGE-V7)", TypeMember, `{"Membership":"join"}`, `,"state_key":"@u:x"`, `{}`, `{}`},
		{"message", "m.room.message", `{"body":"hi"}`, ``, `{}`, `{}`},
		{"redaction", TypeRedaction, `{"redacts":"$z","reason":"r"}`, ``, `{}`, `{}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := `{"type":"` + c.typ + `","content":` + c.content + c.stateKey + `,` + base + `}`
			for _, v := range roomversion.Supported()[2:7] { // v3–7; v8+ in the v8–12 tests
				want := `{` + tail[:0] + `"auth_events":[],"content":` + c.want15
				if !v.Redaction.KeepAliasesAliases {
					want = `{"auth_events":[],"content":` + c.want67
				}
				want += tail[len(`"auth_events":[]`):]
				if c.stateKey != "" {
					want += c.stateKey
				}
				want += `,"type":"` + c.typ + `"}`
				got, err := RedactJSON([]byte(raw), v)
				require.NoError(t, err, v.ID)
				require.Equal(t, want, string(got), "v%s", v.ID)

				e, err := Parse([]byte(raw), v)
				require.NoError(t, err, v.ID)
				got2, err := e.Redact()
				require.NoError(t, err)
				require.Equal(t, want, string(got2))
				r, err := e.Redacted()
				require.NoError(t, err)
				require.Equal(t, e.ID(), r.ID())
				require.Equal(t, e.IsState(), r.IsState(), "RED-4")
			}
		})
	}
}

func TestRedactKeepsEventIDInV1(t *testing.T) {
	raw := `{"event_id":"$e:x","type":"m.room.message","content":{"body":"x"},"room_id":"!r:x","sender":"@u:x","depth":1,"origin_server_ts":5,"hashes":{"sha256":"h"},"signatures":{},"auth_events":[],"prev_events":[],"prev_state":[],"membership":"join"}`
	got, err := RedactJSON([]byte(raw), roomversion.V1())
	require.NoError(t, err)
	require.Equal(t, `{"auth_events":[],"content":{},"depth":1,"event_id":"$e:x","hashes":{"sha256":"h"},"membership":"join","origin_server_ts":5,"prev_events":[],"prev_state":[],"room_id":"!r:x","sender":"@u:x","signatures":{},"type":"m.room.message"}`, string(got))
	// Missing content is written as {}.
	got, err = RedactJSON([]byte(`{"type":"m.room.member"}`), roomversion.V6())
	require.NoError(t, err)
	require.Equal(t, `{"content":{},"type":"m.room.member"}`, string(got))
	_, err = RedactJSON([]byte(`[1]`), roomversion.V6())
	require.Error(t, err)
	_, err = RedactJSON([]byte(`{"type":"x","content":{"n":1.5}}`), roomversion.V6())
	require.Error(t, err)
}
