package event

import (
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// Tests of the event format, redaction, IDs and signatures of room
// versions 8–12 (DIGEST-V8-12 §6), named by rule ID.

func version(t testing.TB, id string) roomversion.Version {
	t.Helper()
	v, err := roomversion.Lookup(id)
	require.NoError(t, err)
	return v
}

// redactedContent redacts raw under v with RedactJSON and, when raw is a
// valid PDU of v, with Parse and Redact as well (they must agree), and
// returns the content of the result as canonical JSON.
func redactedContent(t *testing.T, raw string, v roomversion.Version) string {
	t.Helper()
	got, err := RedactJSON([]byte(raw), v)
	require.NoError(t, err, v.ID)
	if e, err := Parse([]byte(raw), v); err == nil {
		got2, err := e.Redact()
		require.NoError(t, err)
		require.Equal(t, string(got), string(got2), "v%s: Redact and RedactJSON agree", v.ID)
	}
	c, ok := topMember(string(got), "content")
	require.True(t, ok, "redacted form always has content")
	return c
}

// stateEvent is a state event of type typ with content, for version v:
// in v12 a create event carries no room_id.
func stateEvent(v roomversion.Version, typ, stateKey, content string) string {
	room := `"room_id":"!r:example.org",`
	if v.RoomIDFromCreateEvent && typ == TypeCreate && stateKey == "" {
		room = ""
	}
	return `{"type":"` + typ + `","state_key":"` + stateKey + `","content":` + content + `,` + room +
		`"sender":"@u:example.org","depth":3,"origin_server_ts":5,"hashes":{"sha256":"h"},"signatures":{},"auth_events":[],"prev_events":[]}`
}

// TestRED_2_ContentPerVersion checks the RED-2 table of DIGEST-V8-12 §6.2
// for every event type in versions 7–12, with RED-11-CREATE.
func TestRED_2_ContentPerVersion(t *testing.T) {
	const (
		tpi     = `{"signed":{"mxid":"@u:example.org","token":"t","signatures":{}},"display_name":"d"}`
		tpiKept = `{"signed":{"mxid":"@u:example.org","signatures":{},"token":"t"}}`
	)
	versions := []string{"7", "8", "9", "10", "11", "12"}
	cases := []struct {
		rule, typ, stateKey, content string
		want                         map[string]string // by version; "" key: every other version
	}{
		{"RED-2 member (v9 authoriser, v11 third_party_invite)", TypeMember, "@u:example.org",
			`{"membership":"join","join_authorised_via_users_server":"@a:example.org","third_party_invite":` + tpi + `,"displayname":"U","reason":"r"}`,
			map[string]string{
				"7": `{"membership":"join"}`, "8": `{"membership":"join"}`,
				"9": `{"join_authorised_via_users_server":"@a:example.org","membership":"join"}`, "10": `{"join_authorised_via_users_server":"@a:example.org","membership":"join"}`,
				"": `{"join_authorised_via_users_server":"@a:example.org","membership":"join","third_party_invite":` + tpiKept + `}`,
			}},
		{"RED-2 RED-11-CREATE create", TypeCreate, "",
			`{"room_version":"9","creator":"@u:example.org","m.federate":false,"predecessor":{"room_id":"!o:example.org","event_id":"$e"},"type":"m.space","additional_creators":["@b:example.org"],"x":[1,{"b":1,"a":2}]}`,
			map[string]string{
				"7": `{"creator":"@u:example.org"}`, "8": `{"creator":"@u:example.org"}`, "9": `{"creator":"@u:example.org"}`, "10": `{"creator":"@u:example.org"}`,
				"": `{"additional_creators":["@b:example.org"],"creator":"@u:example.org","m.federate":false,"predecessor":{"event_id":"$e","room_id":"!o:example.org"},"room_version":"9","type":"m.space","x":[1,{"a":2,"b":1}]}`,
			}},
		{"RED-2 create without creator", TypeCreate, "", `{"room_version":"11"}`,
			map[string]string{"7": `{}`, "8": `{}`, "9": `{}`, "10": `{}`, "": `{"room_version":"11"}`}},
		{"RED-2 join rules allow (v8)", TypeJoinRules, "",
			`{"join_rule":"restricted","allow":[{"type":"m.room_membership","room_id":"!o:example.org"}],"x":1}`,
			map[string]string{"7": `{"join_rule":"restricted"}`, "": `{"allow":[{"room_id":"!o:example.org","type":"m.room_membership"}],"join_rule":"restricted"}`}},
		{"RED-2 power levels invite (v11), never notifications", TypePowerLevels, "",
			`{"ban":50,"events":{"m.room.name":100},"events_default":0,"invite":50,"kick":50,"notifications":{"room":50},"redact":50,"state_default":50,"users":{"@u:example.org":100},"users_default":0,"historical":100}`,
			map[string]string{
				"7":  `{"ban":50,"events":{"m.room.name":100},"events_default":0,"kick":50,"redact":50,"state_default":50,"users":{"@u:example.org":100},"users_default":0}`,
				"8":  `{"ban":50,"events":{"m.room.name":100},"events_default":0,"kick":50,"redact":50,"state_default":50,"users":{"@u:example.org":100},"users_default":0}`,
				"9":  `{"ban":50,"events":{"m.room.name":100},"events_default":0,"kick":50,"redact":50,"state_default":50,"users":{"@u:example.org":100},"users_default":0}`,
				"10": `{"ban":50,"events":{"m.room.name":100},"events_default":0,"kick":50,"redact":50,"state_default":50,"users":{"@u:example.org":100},"users_default":0}`,
				"":   `{"ban":50,"events":{"m.room.name":100},"events_default":0,"invite":50,"kick":50,"redact":50,"state_default":50,"users":{"@u:example.org":100},"users_default":0}`,
			}},
		{"RED-2 history visibility", TypeHistoryVisibility, "", `{"history_visibility":"shared","x":1}`,
			map[string]string{"": `{"history_visibility":"shared"}`}},
		{"RED-2 aliases (none from v6)", TypeAliases, "example.org", `{"aliases":["#a:example.org"]}`,
			map[string]string{"": `{}`}},
		{"RED-2 other type", "m.room.topic", "", `{"topic":"t"}`, map[string]string{"": `{}`}},
		{"RED-3 keys match exactly", TypeJoinRules, "", `{"Join_rule":"public","ALLOW":[]}`, map[string]string{"": `{}`}},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			for _, id := range versions {
				v := version(t, id)
				want, ok := c.want[id]
				if !ok {
					want = c.want[""]
				}
				require.Equal(t, want, redactedContent(t, stateEvent(v, c.typ, c.stateKey, c.content), v), "v%s", id)
			}
		})
	}

	// m.room.redaction keeps content.redacts from v11 (EDGE-V11-R5).
	raw := pdu(map[string]*string{"type": str(`"m.room.redaction"`), "content": str(`{"redacts":"$t","reason":"r"}`), "redacts": str(`"$t"`)})
	for _, id := range versions {
		v := version(t, id)
		want := `{}`
		if v.Redaction.KeepRedactionRedacts {
			want = `{"redacts":"$t"}`
		}
		require.Equal(t, want, redactedContent(t, raw, v), "v%s", id)
		red, err := RedactJSON([]byte(raw), v)
		require.NoError(t, err)
		_, top := topMember(string(red), "redacts")
		require.False(t, top, "v%s: a top-level redacts never survives (RED-1)", id)
	}
}

// TestRED_1_TopLevelPerVersion checks that v11+ drops origin, membership
// and prev_state from the redacted form (EDGE-V11-R1), so the same JSON has
// another event ID in v10 and v11.
func TestRED_1_TopLevelPerVersion(t *testing.T) {
	raw := `{"type":"m.room.message","content":{"body":"x"},"room_id":"!r:example.org","sender":"@u:example.org","depth":1,"origin_server_ts":5,` +
		`"hashes":{"sha256":"h"},"signatures":{"example.org":{"ed25519:1":"s"}},"auth_events":[],"prev_events":[],` +
		`"origin":"example.org","membership":"join","prev_state":[],"unsigned":{"age":1},"age_ts":3,"redacts":"$z","other":true}`
	const kept = `"auth_events":[],"content":{},"depth":1,"hashes":{"sha256":"h"},`
	const rest = `"origin_server_ts":5,"prev_events":[],"room_id":"!r:example.org","sender":"@u:example.org","signatures":{"example.org":{"ed25519:1":"s"}},"type":"m.room.message"}`
	want := map[string]string{
		"10": `{` + kept + `"membership":"join","origin":"example.org",` + rest[:len(`"origin_server_ts":5,"prev_events":[],`)] + `"prev_state":[],` + rest[len(`"origin_server_ts":5,"prev_events":[],`):],
		"11": `{` + kept + rest,
		"12": `{` + kept + rest,
	}
	ids := map[string]string{}
	for id, w := range want {
		v := version(t, id)
		got, err := RedactJSON([]byte(raw), v)
		require.NoError(t, err)
		require.Equal(t, w, string(got), "v%s", id)
		e, err := Parse([]byte(raw), v)
		require.NoError(t, err)
		ids[id] = e.ID()
		r, err := e.Redacted()
		require.NoError(t, err)
		require.Equal(t, e.ID(), r.ID())
		h, err := r.ReferenceHash()
		require.NoError(t, err)
		h0, err := e.ReferenceHash()
		require.NoError(t, err)
		require.Equal(t, h0, h, "v%s: the redacted form has the same reference hash", id)
	}
	require.NotEqual(t, ids["10"], ids["11"], "EDGE-V11-R1: v10 and v11 IDs of the same JSON differ")
	require.Equal(t, ids["11"], ids["12"], "v12 redaction is v11's")
}

// TestRED_11_TPI checks the reduction of content.third_party_invite of a
// v11+ member event (RED-11-TPI, DECISIONS D25, EDGE-V11-R2).
func TestRED_11_TPI(t *testing.T) {
	cases := []struct {
		name, tpi, want string // want: the redacted member content
	}{
		{"object with signed", `{"signed":{"token":"t","mxid":"@u:example.org"},"display_name":"d"}`, `{"membership":"invite","third_party_invite":{"signed":{"mxid":"@u:example.org","token":"t"}}}`},
		{"signed of another type is kept as is", `{"signed":5,"x":1}`, `{"membership":"invite","third_party_invite":{"signed":5}}`},
		{"signed null", `{"signed":null}`, `{"membership":"invite","third_party_invite":{"signed":null}}`},
		{"object without signed", `{"display_name":"d","Signed":{}}`, `{"membership":"invite","third_party_invite":{}}`},
		{"empty object", `{}`, `{"membership":"invite","third_party_invite":{}}`},
		{"only the top member named signed counts", `{"x":{"signed":1}}`, `{"membership":"invite","third_party_invite":{}}`},
		{"string dropped", `"x"`, `{"membership":"invite"}`},
		{"array dropped", `[{"signed":1}]`, `{"membership":"invite"}`},
		{"null dropped", `null`, `{"membership":"invite"}`},
		{"number dropped", `7`, `{"membership":"invite"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			content := `{"membership":"invite","third_party_invite":` + c.tpi + `,"displayname":"d"}`
			for _, id := range []string{"11", "12"} {
				v := version(t, id)
				require.Equal(t, c.want, redactedContent(t, stateEvent(v, TypeMember, "@x:example.org", content), v), "v%s", id)
			}
			v10 := version(t, "10")
			require.Equal(t, `{"membership":"invite"}`, redactedContent(t, stateEvent(v10, TypeMember, "@x:example.org", content), v10), "v10 drops third_party_invite")
		})
	}
	// The filter applies to member events only.
	v := version(t, "11")
	require.Equal(t, `{}`, redactedContent(t, stateEvent(v, "m.room.topic", "", `{"third_party_invite":{"signed":1}}`), v))
}

// TestRED_1_V12CreateRoomID checks that v12 redaction drops a room_id of
// any m.room.create event, as Synapse does, so a refused create gets the
// ID the network gives it; v11 keeps it.
func TestRED_1_V12CreateRoomID(t *testing.T) {
	for _, sk := range []string{`,"state_key":""`, `,"state_key":"x"`, ``} {
		raw := `{"type":"m.room.create","room_id":"!r:example.org","content":{"room_version":"12"},"sender":"@u:example.org"` + sk + `}`
		got, err := RedactJSON([]byte(raw), roomversion.V12())
		require.NoError(t, err)
		require.Equal(t, `{"content":{"room_version":"12"},"sender":"@u:example.org"`+sk+`,"type":"m.room.create"}`, string(got))
		got, err = RedactJSON([]byte(raw), roomversion.V11())
		require.NoError(t, err)
		require.Contains(t, string(got), `"room_id":"!r:example.org"`)
	}
	// Other types keep theirs.
	got, err := RedactJSON([]byte(`{"type":"m.room.member","room_id":"!r","content":{}}`), roomversion.V12())
	require.NoError(t, err)
	require.Equal(t, `{"content":{},"room_id":"!r","type":"m.room.member"}`, string(got))
	// The ID of a create-typed event with another state_key is computed
	// without its room_id, and its redacted form has none to parse with.
	raw := stateEvent(roomversion.V12(), TypeCreate, "x", `{"room_version":"12"}`)
	e, err := Parse([]byte(raw), roomversion.V12())
	require.NoError(t, err, "FMT-12-2: it has a room_id; CREATE-7 is the auth rules' to apply")
	without, err := eventIDFor(strings.Replace(raw, `"room_id":"!r:example.org",`, "", 1), roomversion.V12())
	require.NoError(t, err)
	require.Equal(t, without, e.ID())
	require.Equal(t, "!r:example.org", e.RoomID())
	_, err = e.Redacted()
	require.Error(t, err)
}

// TestFMT_12_RoomID checks the v12 room_id rules: FMT-12-1 (the create
// event has none, CREATE-2), FMT-12-2 (every other event has one starting
// with "!", CREATE-7), FMT-12-3 (the implied create event is not listed,
// DECISIONS D24).
func TestFMT_12_RoomID(t *testing.T) {
	v12 := roomversion.V12()
	create := stateEvent(v12, TypeCreate, "", `{"room_version":"12"}`)
	ce, err := Parse([]byte(create), v12)
	require.NoError(t, err)
	roomID := "!" + ce.ID()[1:]
	cases := []struct {
		rule  string
		over  map[string]*string
		field string // "" valid; else the field a *ValidationError names
		cite  string // a rule ID the reason names
	}{
		{"FMT-12-1 create without room_id", map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": nil}, "", ""},
		{"FMT-12-1 CREATE-2 create with room_id", map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": str(`"!abc"`)}, "room_id", "CREATE-2"},
		{"FMT-12-1 CREATE-2 create with room_id null", map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": str(`null`)}, "room_id", "FMT-12-1"},
		{"FMT-12-1 CREATE-2 create with room_id 5", map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": str(`5`)}, "room_id", "CREATE-2"},
		{"FMT-12-2 CREATE-7 create-typed, state_key x, room_id", map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`"x"`), "room_id": str(`"` + roomID + `"`)}, "", ""},
		{"FMT-12-2 CREATE-7 create-typed, state_key x, no room_id", map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`"x"`), "room_id": nil}, "room_id", "CREATE-7"},
		{"FMT-12-2 CREATE-7 create-typed, no state_key, no room_id", map[string]*string{"type": str(`"m.room.create"`), "room_id": nil}, "room_id", "CREATE-7"},
		{"FMT-12-2 message without room_id", map[string]*string{"room_id": nil}, "room_id", "FMT-12-2"},
		{"FMT-12-2 room_id without '!'", map[string]*string{"room_id": str(`"$` + ce.ID()[1:] + `"`)}, "room_id", "FMT-12-2"},
		{"FMT-12-2 room_id null", map[string]*string{"room_id": str(`null`)}, "room_id", ""},
		{"FMT-12-2 room_id with a domain parses (ROOMID-1 is the rules')", map[string]*string{"room_id": str(`"!abc:example.org"`)}, "", ""},
		{"FMT-12-3 implied create listed", map[string]*string{"room_id": str(`"` + roomID + `"`), "auth_events": str(`["$x","` + ce.ID() + `"]`)}, "auth_events", "FMT-12-3"},
		{"FMT-12-3 another create listed parses (AUTHEV-2 is the rules')", map[string]*string{"room_id": str(`"` + roomID + `"`), "auth_events": str(`["$` + strings.Repeat("A", 43) + `"]`)}, "", ""},
		{"FMT-12-3 prev_events may name it", map[string]*string{"room_id": str(`"` + roomID + `"`), "auth_events": str(`[]`), "prev_events": str(`["` + ce.ID() + `"]`)}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			e, err := Parse([]byte(pdu(c.over)), v12)
			if c.field == "" {
				require.NoError(t, err)
				return
			}
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			require.Equal(t, c.field, ve.Field)
			require.Contains(t, ve.Reason, c.cite)
			require.Nil(t, e)
		})
	}
	// v11 still requires room_id on the create event, and allows listing
	// any create event.
	v11 := roomversion.V11()
	_, err = Parse([]byte(pdu(map[string]*string{"type": str(`"m.room.create"`), "state_key": str(`""`), "room_id": nil})), v11)
	require.Error(t, err)
	_, err = Parse([]byte(pdu(map[string]*string{"room_id": str(`"!abc:example.org"`), "auth_events": str(`["$abc:example.org"]`)})), v11)
	require.NoError(t, err)
}

// TestEID_12_1_CreateRoomID checks that a v12 create event's RoomID is the
// room ID derived from its ID (EID-12-1), however the event was built, and
// that the room ID of other events is theirs.
func TestEID_12_1_CreateRoomID(t *testing.T) {
	v12 := roomversion.V12()
	raw := stateEvent(v12, TypeCreate, "", `{"room_version":"12"}`)
	e, err := Parse([]byte(raw), v12)
	require.NoError(t, err)
	require.Equal(t, "!"+e.ID()[1:], e.RoomID())
	require.Equal(t, RoomIDOfCreateEventID(e.ID()), e.RoomID())
	_, ok := e.ImpliedCreateEventID()
	require.False(t, ok, "the create event implies no create event")
	require.False(t, gjson.Get(e.JSON(), "room_id").Exists(), "the text has no room_id")

	r, err := e.Redacted()
	require.NoError(t, err)
	require.Equal(t, e.RoomID(), r.RoomID())

	g, err := NewWithID([]byte(raw), "$given", v12)
	require.NoError(t, err)
	require.Equal(t, "!given", g.RoomID())

	m, err := Parse([]byte(pdu(map[string]*string{"room_id": str(`"` + e.RoomID() + `"`), "auth_events": str(`[]`)})), v12)
	require.NoError(t, err)
	require.Equal(t, e.RoomID(), m.RoomID(), "AUTHEV-5 compares equal room IDs")
	id, ok := m.ImpliedCreateEventID()
	require.True(t, ok)
	require.Equal(t, e.ID(), id)

	// v11 create events keep their own room_id.
	e11, err := Parse([]byte(stateEvent(roomversion.V11(), TypeCreate, "", `{"room_version":"11"}`)), roomversion.V11())
	require.NoError(t, err)
	require.Equal(t, "!r:example.org", e11.RoomID())
}

// TestEID_12_3_CreateVector reconstructs the create event of mautrix-go's
// v12 test room from the facts of DIGEST-V8-12 §6.3 and checks its content
// hash, event ID and room ID.
func TestEID_12_3_CreateVector(t *testing.T) {
	raw := `{"type":"m.room.create","state_key":"","sender":"@tulir:maunium.net","content":{"room_version":"12"},` +
		`"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1756071567186,` +
		`"hashes":{"sha256":"qJYytb+EqWPiiZ0ogDODcLeA8XYw/2hVTaLHihcVBZQ"},"signatures":{"maunium.net":{"ed25519:x":"AAAA"}},"unsigned":{"age":1}}`
	e, err := Parse([]byte(raw), roomversion.V12())
	require.NoError(t, err)
	ok, err := e.ContentHashValid()
	require.NoError(t, err)
	require.True(t, ok, "the reconstruction has the real event's content hash")
	require.Equal(t, "$lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54", e.ID())
	require.Equal(t, "!lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54", e.RoomID())
	// The ID does not depend on signatures or unsigned (EID-12-2).
	e2, err := Parse([]byte(strings.Replace(raw, `"unsigned":{"age":1}`, `"unsigned":{"age":2}`, 1)), roomversion.V12())
	require.NoError(t, err)
	require.Equal(t, e.ID(), e2.ID())
}

// TestFMT_11_1_Redacts checks where the target of a redaction is read:
// top-level redacts in v1–10, content.redacts in v11+, where a top-level
// one is an unknown key (EDGE-V11-RD1, RD2).
func TestFMT_11_1_Redacts(t *testing.T) {
	cases := []struct {
		name, top, content string
		want10, want11     string
		kind10, kind11     ValueKind
	}{
		{"both", `"$top"`, `{"redacts":"$c"}`, "$top", "$c", String, String},
		{"top only", `"$top"`, `{}`, "$top", "", String, Absent},
		{"content only", ``, `{"redacts":"$c"}`, "", "$c", Absent, String},
		{"not strings", `5`, `{"redacts":["$c"]}`, "", "", NotString, NotString},
		{"escaped", ``, `{"redacts":"$\u0063"}`, "", "$c", Absent, String},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			over := map[string]*string{"type": str(`"m.room.redaction"`), "content": str(c.content)}
			if c.top != "" {
				over["redacts"] = str(c.top)
			}
			raw := []byte(pdu(over))
			for _, id := range []string{"8", "10"} {
				e, err := Parse(raw, version(t, id))
				require.NoError(t, err)
				got, kind := e.Redacts()
				require.Equal(t, c.want10, got, "v%s", id)
				require.Equal(t, c.kind10, kind, "v%s", id)
			}
			for _, id := range []string{"11", "12"} {
				e, err := Parse(raw, version(t, id))
				require.NoError(t, err)
				got, kind := e.Redacts()
				require.Equal(t, c.want11, got, "v%s", id)
				require.Equal(t, c.kind11, kind, "v%s", id)
			}
		})
	}
}

// TestFMT_6_ByteLimits checks that sender, room_id, state_key, type and
// event ID are limited to 255 UTF-8 bytes, not code points, once decoded,
// in every version (DECISIONS D33, EDGE-V11-F1).
func TestFMT_6_ByteLimits(t *testing.T) {
	e2 := strings.Repeat("é", 128) // 256 bytes, 128 code points
	ok := strings.Repeat("é", 127) + "a"
	esc := strings.Repeat(`\u00e9`, 128)
	cases := []struct {
		name, field, value string
		valid              bool
	}{
		{"state_key 255 bytes", "state_key", `"` + ok + `"`, true},
		{"state_key 256 bytes in 128 code points", "state_key", `"` + e2 + `"`, false},
		{"state_key 256 bytes written as escapes", "state_key", `"` + esc + `"`, false},
		{"state_key 255 bytes written as escapes", "state_key", `"` + strings.Repeat(`\u00e9`, 127) + `a"`, true},
		{"type 256 bytes", "type", `"m.` + strings.Repeat("é", 127) + `"`, false},
		{"sender 256 bytes", "sender", `"@` + strings.Repeat("é", 127) + `:"`, false},
		{"room_id 256 bytes", "room_id", `"!` + strings.Repeat("é", 127) + `:"`, false},
		{"room_id 255 bytes", "room_id", `"!` + strings.Repeat("a", 254) + `"`, true},
		{"state_key of 4-byte runes, 256 bytes", "state_key", `"` + strings.Repeat("😀", 64) + `"`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, v := range roomversion.Supported() {
				raw := pdu(map[string]*string{c.field: str(c.value)})
				if v.EventFormat == roomversion.FormatV1 {
					raw = v1PDU(map[string]*string{c.field: str(c.value)})
				}
				_, err := Parse([]byte(raw), v)
				if c.valid {
					require.NoError(t, err, "v%s", v.ID)
					continue
				}
				var ve *ValidationError
				require.True(t, errors.As(err, &ve), "v%s: %v", v.ID, err)
				require.Equal(t, c.field, ve.Field)
			}
		})
	}
	// Event IDs: given in v1–2, known to the caller in v3+.
	long := `"$` + strings.Repeat("é", 127) + `:"`
	_, err := Parse([]byte(v1PDU(map[string]*string{"event_id": str(long)})), roomversion.V1())
	require.Error(t, err)
	_, err = NewWithID([]byte(pdu(nil)), "$a"+strings.Repeat("é", 127), roomversion.V12())
	require.Error(t, err)
	_, err = NewWithID([]byte(pdu(nil)), "$"+strings.Repeat("a", 254), roomversion.V12())
	require.NoError(t, err)
}

// joinVia is a member join of @j:a.example, authorised by via (raw JSON
// text), with the given membership.
func joinVia(membership, via string) string {
	content := `{"membership":"` + membership + `"`
	if via != "" {
		content += `,"join_authorised_via_users_server":` + via
	}
	content += `}`
	return `{"type":"m.room.member","state_key":"@j:a.example","sender":"@j:a.example","room_id":"!r:a.example","content":` + content +
		`,"depth":3,"origin_server_ts":1000,"hashes":{"sha256":"x"},"signatures":{},"auth_events":[],"prev_events":[]}`
}

// TestSIG_REQ_4_AuthorisingServer checks that a join carrying
// join_authorised_via_users_server needs the signature of that user's
// server in v8+ (SIG-REQ-4, MEMBER-JAUTH-1), on joins only (DECISIONS
// D22), and that an authoriser that is not a string holding ':' makes the
// join invalid (DECISIONS D31).
func TestSIG_REQ_4_AuthorisingServer(t *testing.T) {
	pubA, privA := testKey(1)
	pubB, privB := testKey(2)
	ring := KeyRing{"a.example": {"ed25519:1": {Key: pubA}}, "b.example": {"ed25519:1": {Key: pubB}}}
	for _, v := range roomversion.Supported()[6:] { // v7–12
		t.Run("v"+v.ID, func(t *testing.T) {
			raw := joinVia("join", `"@auth:b.example"`)
			onlyA := signedEvent(t, v, raw, signer(t, v, "a.example", "ed25519:1", privA))
			both := signedEvent(t, v, raw, signer(t, v, "a.example", "ed25519:1", privA), signer(t, v, "b.example", "ed25519:1", privB))
			require.NoError(t, both.VerifySignatures(ring))
			if !v.RestrictedJoinRule {
				require.Equal(t, []string{"a.example"}, onlyA.RequiredSigners(), "v7: the key means nothing")
				require.NoError(t, onlyA.VerifySignatures(ring))
				return
			}
			require.Equal(t, []string{"a.example", "b.example"}, onlyA.RequiredSigners())
			var se *SignatureError
			require.True(t, errors.As(onlyA.VerifySignatures(ring), &se))
			require.Equal(t, "b.example", se.Server)

			// The authoriser's server may be the sender's: one signature.
			same := signedEvent(t, v, joinVia("join", `"@auth:a.example"`), signer(t, v, "a.example", "ed25519:1", privA))
			require.Equal(t, []string{"a.example"}, same.RequiredSigners())
			require.NoError(t, same.VerifySignatures(ring))

			// D22: other memberships ignore the key, whatever its value.
			for _, m := range []string{"leave", "invite", "knock", "ban"} {
				for _, via := range []string{`"@auth:b.example"`, `5`, `"bob"`} {
					e := signedEvent(t, v, joinVia(m, via), signer(t, v, "a.example", "ed25519:1", privA))
					require.Equal(t, []string{"a.example"}, e.RequiredSigners(), "%s %s", m, via)
				}
			}

			// The redacted form keeps the authoriser from v9 only (RED-2),
			// and with it the requirement (EDGE-V8-R1).
			r, err := both.Redacted()
			require.NoError(t, err)
			if v.Redaction.KeepMemberJoinAuthorisedVia {
				require.Equal(t, []string{"a.example", "b.example"}, r.RequiredSigners())
			} else {
				require.Equal(t, []string{"a.example"}, r.RequiredSigners())
			}
			require.NoError(t, r.VerifySignatures(ring), "signatures cover the redacted form")
		})
	}
	// D31: a join whose authoriser is not a string holding ':' is invalid
	// in v8+; valid (the key means nothing) in v7.
	for _, via := range []string{`null`, `5`, `{}`, `["@a:b.example"]`, `"bob"`, `""`, `true`} {
		for _, v := range roomversion.Supported()[6:] {
			_, err := Parse([]byte(joinVia("join", via)), v)
			if !v.RestrictedJoinRule {
				require.NoError(t, err, "v%s %s", v.ID, via)
				continue
			}
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "v%s %s: %v", v.ID, via, err)
			require.Equal(t, "content.join_authorised_via_users_server", ve.Field)
			require.Contains(t, ve.Reason, "D31")
		}
	}
	// An authoriser with an empty server name needs a signature from a
	// server that cannot sign: refused.
	e, err := Parse([]byte(joinVia("join", `"@auth:"`)), roomversion.V9())
	require.NoError(t, err)
	require.Equal(t, []string{"a.example", ""}, e.RequiredSigners())
	require.Error(t, e.VerifySignatures(ring))
}

// TestSIG_REQ_3_MissingKeysNamed checks that a server without a usable
// signature is reported with the key IDs to fetch, and that nil keys are
// no keys (issue 12).
func TestSIG_REQ_3_MissingKeysNamed(t *testing.T) {
	pubA, privA := testKey(1)
	_, privX := testKey(3)
	for _, v := range []roomversion.Version{roomversion.V4(), roomversion.V10(), roomversion.V12()} {
		e := signedEvent(t, v, msgV3, signer(t, v, "a.example", "ed25519:zz", privA), signer(t, v, "a.example", "ed25519:aa", privX))
		for _, keys := range []KeyLookup{nil, KeyRing(nil), KeyRing{}, KeyRing{"a.example": {"ed25519:other": {Key: pubA}}}} {
			err := e.VerifySignatures(keys)
			var se *SignatureError
			require.True(t, errors.As(err, &se), "v%s: %v", v.ID, err)
			require.Equal(t, "a.example", se.Server)
			require.Equal(t, []string{"ed25519:aa", "ed25519:zz"}, se.MissingKeyIDs)
			require.Contains(t, err.Error(), "a.example")
			require.Contains(t, err.Error(), "ed25519:aa, ed25519:zz")
		}
		// An expired key is named as such, and is not missing.
		ring := KeyRing{"a.example": {"ed25519:zz": {Key: pubA, ValidUntilTS: 999}}}
		err := e.VerifySignatures(ring)
		if !v.EnforceKeyValidity {
			require.NoError(t, err, "v%s ignores validity", v.ID)
			continue
		}
		var se *SignatureError
		require.True(t, errors.As(err, &se))
		require.Equal(t, []string{"ed25519:aa"}, se.MissingKeyIDs)
		require.Contains(t, err.Error(), "expired before origin_server_ts: ed25519:zz")
	}
	// A server that did not sign at all.
	e := signedEvent(t, roomversion.V12(), msgV3, signer(t, roomversion.V12(), "b.example", "ed25519:1", privX))
	var se *SignatureError
	require.True(t, errors.As(e.VerifySignatures(nil), &se))
	require.Equal(t, "a.example", se.Server)
	require.Empty(t, se.MissingKeyIDs)
}

// TestROOMID_1_NoAllocations checks that reading the v12 room ID and the
// implied create event costs nothing (the auth rules read them on the
// allowed path), and that a v12 event costs no more allocations to parse
// than the same event in v11.
func TestROOMID_1_NoAllocations(t *testing.T) {
	create, err := Parse([]byte(stateEvent(roomversion.V12(), TypeCreate, "", `{"room_version":"12"}`)), roomversion.V12())
	require.NoError(t, err)
	raw := []byte(pdu(map[string]*string{"room_id": str(`"` + create.RoomID() + `"`), "auth_events": str(`[]`)}))
	e, err := Parse(raw, roomversion.V12())
	require.NoError(t, err)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		id, ok := e.ImpliedCreateEventID()
		if !ok || id != create.ID() || e.RoomID() != create.RoomID() {
			t.Fatal("wrong implied create event")
		}
		if _, ok := create.ImpliedCreateEventID(); ok {
			t.Fatal("the create event implies none")
		}
	}))
	if raceEnabled {
		t.Skip("allocation counts of parsing vary under -race (sync.Pool drops buffers)")
	}
	parseAllocs := func(raw []byte, v roomversion.Version) float64 {
		return testing.AllocsPerRun(100, func() {
			if _, err := Parse(raw, v); err != nil {
				t.Fatal(err)
			}
		})
	}
	require.LessOrEqual(t, parseAllocs(raw, roomversion.V12()), parseAllocs(raw, roomversion.V11()))
	createRaw := []byte(stateEvent(roomversion.V11(), TypeCreate, "", `{"room_version":"12"}`))
	require.LessOrEqual(t, parseAllocs([]byte(create.JSON()), roomversion.V12()), parseAllocs(createRaw, roomversion.V11()))
}
