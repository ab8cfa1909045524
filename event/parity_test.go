package event

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// Tests named after the DIGEST rule or DECISIONS row whose Synapse parity
// they pin, for inputs the public fixtures do not cover.

// TestSIG_REQ_2_EventIDDomainComparedWithSender: in v1–2 Synapse compares
// domain(event_id) with domain(sender) also for a third-party invite, whose
// sender signature is not required (SIG-REQ-1, SIG-REQ-2, EDGE-S3).
func TestSIG_REQ_2_EventIDDomainComparedWithSender(t *testing.T) {
	member := func(sender, eventID string, tpi bool) string {
		content := `{"membership":"invite"}`
		if tpi {
			content = `{"membership":"invite","third_party_invite":{}}`
		}
		return v1PDU(map[string]*string{
			"type": str(`"m.room.member"`), "state_key": str(`"@t:c.example"`),
			"sender": str(`"` + sender + `"`), "event_id": str(`"` + eventID + `"`),
			"content": str(content),
		})
	}
	for _, c := range []struct {
		name string
		raw  string
		want []string
	}{
		{"3pid invite, event ID on the sender's server", member("@u:a.example", "$e:a.example", true), []string{}},
		{"3pid invite, event ID on another server", member("@u:a.example", "$e:b.example", true), []string{"b.example"}},
		{"plain invite, same server", member("@u:a.example", "$e:a.example", false), []string{"a.example"}},
		{"plain invite, other server", member("@u:a.example", "$e:b.example", false), []string{"a.example", "b.example"}},
		{"3pid invite, sender without a domain", member("u", "$e:b.example", true), []string{"", "b.example"}},
		{"event ID without a domain", member("@u:a.example", "$e", false), []string{"a.example", ""}},
	} {
		e, err := Parse([]byte(c.raw), roomversion.V1())
		require.NoError(t, err, c.name)
		require.Equal(t, c.want, e.RequiredSigners(), c.name)
	}
	// With nothing required, any signatures (or none) pass.
	e, err := Parse([]byte(member("@u:a.example", "$e:a.example", true)), roomversion.V2())
	require.NoError(t, err)
	require.NoError(t, e.VerifySignatures(KeyRing{}))
}

// TestFMT_1_MapShapes: Synapse parses hashes as a map of strings, signatures
// as a map of server names to maps of strings, and each v1 pair's hashes as
// a map of strings; any other shape makes the PDU invalid (FMT-1, FMT-2).
// A server entry that is not an object already fails Synapse's
// signatures copy before its Rust event type.
func TestFMT_1_MapShapes(t *testing.T) {
	for _, c := range []struct {
		name, field, val string
		v1, ok           bool
	}{
		{"signatures server entry a string", "signatures", `{"a.example":"x"}`, false, false},
		{"signatures server entry an array", "signatures", `{"a.example":[]}`, false, false},
		{"signatures server entry null", "signatures", `{"a.example":null}`, false, false},
		{"signature value a number", "signatures", `{"a.example":{"ed25519:1":5}}`, false, false},
		{"signature value null", "signatures", `{"a.example":{"ed25519:1":null}}`, false, false},
		{"signatures empty server entry", "signatures", `{"a.example":{}}`, false, true},
		{"signatures of two servers", "signatures", `{"a.example":{"ed25519:1":"x"},"b.example":{"ed25519:1":"y","x:2":"z"}}`, false, true},
		{"hashes with a numeric extra", "hashes", `{"sha256":"abc","sha512":5}`, false, false},
		{"hashes with a string extra", "hashes", `{"sha256":"abc","sha512":"x"}`, false, true},
		{"hashes sha256 null", "hashes", `{"sha256":null}`, false, false},
		{"v1 pair hash a number", "prev_events", `[["$b:x",{"sha256":5}]]`, true, false},
		{"v1 pair hash null", "auth_events", `[["$b:x",{"sha256":null}]]`, true, false},
		{"v1 pair hash a string", "prev_events", `[["$b:x","abc"]]`, true, false},
		{"v1 pair empty hashes", "prev_events", `[["$b:x",{}]]`, true, true},
		{"v1 pair other algorithm", "prev_events", `[["$b:x",{"sha256":"a","md5":"b"}]]`, true, true},
		{"v1 pair extra element", "prev_events", `[["$b:x",{},{}]]`, true, false},
		{"v1 pair numeric ID", "prev_events", `[[5,{}]]`, true, false},
	} {
		raw, v := pdu(map[string]*string{c.field: str(c.val)}), roomversion.V4()
		if c.v1 {
			raw, v = v1PDU(map[string]*string{c.field: str(c.val)}), roomversion.V2()
		}
		_, err := Parse([]byte(raw), v)
		if c.ok {
			require.NoError(t, err, c.name)
		} else {
			require.Error(t, err, c.name)
		}
	}
}

// TestFMT_1_OriginServerTSRange: Synapse reads origin_server_ts as a signed
// 64-bit integer, so v1–5 accept the whole int64 range; v6–7 keep it
// within ±(2^53−1) (CJ-STRICT).
func TestFMT_1_OriginServerTSRange(t *testing.T) {
	for _, c := range []struct {
		ts     string
		lax    bool
		strict bool
	}{
		{"-9223372036854775808", true, false},
		{"-9223372036854775809", false, false},
		{"-9007199254740992", true, false},
		{"-9007199254740991", true, true},
		{"9223372036854775807", true, false},
		{"9223372036854775808", false, false},
		{"-0", true, true},
		{"1.0", false, false},
	} {
		raw := pdu(map[string]*string{"origin_server_ts": str(c.ts)})
		_, err := Parse([]byte(raw), roomversion.V5())
		require.Equal(t, c.lax, err == nil, "v5 %s: %v", c.ts, err)
		_, err = Parse([]byte(raw), roomversion.V6())
		require.Equal(t, c.strict, err == nil, "v6 %s: %v", c.ts, err)
	}
}

// TestEID_1_OpaqueEventID: a v1–2 event_id is opaque; Synapse reads it as a
// string of at most 255 code points and bytes and never checks its shape
// (EID-1, FMT-6). The empty string names no event, and is refused (issue
// 14: the receipt pipeline refused it after parsing; Parse names it now).
func TestEID_1_OpaqueEventID(t *testing.T) {
	for _, c := range []struct {
		id string
		ok bool
	}{
		{`"e:example.org"`, true},
		{`""`, false},
		{`"$e:example.org"`, true},
		{`5`, false},
		{`null`, false},
	} {
		_, err := Parse([]byte(v1PDU(map[string]*string{"event_id": str(c.id)})), roomversion.V1())
		require.Equal(t, c.ok, err == nil, "%s: %v", c.id, err)
	}
}

// TestHASH_C_4_Base64AsSynapse: hashes.sha256 is decoded as Synapse decodes
// it (unpaddedbase64 over Python's lenient base64): padded, URL-safe and
// stray characters still give the hash; text that does not decode makes the
// PDU invalid rather than redacted.
func TestHASH_C_4_Base64AsSynapse(t *testing.T) {
	base := `{"type":"m.room.message","sender":"@u:a.example","room_id":"!r:a.example","content":{"body":"hi"},"depth":2,"origin_server_ts":1000,"hashes":{"sha256":"H"},"signatures":{},"auth_events":[],"prev_events":[]}`
	v := roomversion.V4()
	e0, err := Parse([]byte(base), v)
	require.NoError(t, err)
	h, err := e0.ContentHash()
	require.NoError(t, err)
	std := base64.RawStdEncoding.EncodeToString(h[:])
	url := base64.RawURLEncoding.EncodeToString(h[:])
	for _, c := range []struct {
		name, hash string
		ok, bad    bool
	}{
		{"unpadded standard", std, true, false},
		{"padded", std + "=", true, false},
		{"URL-safe", url, true, false},
		{"stray characters", std[:10] + "!*" + std[10:], true, false},
		{"excess padding", std + "===", true, false},
		{"data after padding", std + "=AAAA", true, false},
		{"escaped slash", strings.ReplaceAll(std, "/", `\/`), true, false},
		{"other hash", "AAAA" + std[4:], false, false},
		{"short", "AAAA", false, false},
		{"empty", "", false, false},
		{"one data character too many", std + "AA", false, true},
		{"non-ASCII", std + "é", false, true},
		{"single character", "A", false, true},
	} {
		e, err := Parse([]byte(strings.Replace(base, `"sha256":"H"`, `"sha256":"`+c.hash+`"`, 1)), v)
		require.NoError(t, err, c.name)
		ok, err := e.ContentHashValid()
		if c.bad {
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%s: %v", c.name, err)
			continue
		}
		require.NoError(t, err, c.name)
		require.Equal(t, c.ok, ok, c.name)
	}
}
