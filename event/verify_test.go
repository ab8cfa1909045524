package event

import (
	"crypto/ed25519"
	"errors"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

func testKey(b byte) (ed25519.PublicKey, ed25519.PrivateKey) {
	seed := make([]byte, ed25519.SeedSize)
	seed[0] = b
	priv := ed25519.NewKeyFromSeed(seed)
	return priv.Public().(ed25519.PublicKey), priv
}

func signedEvent(t *testing.T, v roomversion.Version, raw string, signers ...func([]byte) []byte) *Event {
	t.Helper()
	b := []byte(raw)
	for _, s := range signers {
		b = s(b)
	}
	e, err := Parse(b, v)
	require.NoError(t, err)
	return e
}

func signer(t *testing.T, v roomversion.Version, server, keyID string, priv ed25519.PrivateKey) func([]byte) []byte {
	return func(b []byte) []byte {
		out, err := Sign(b, v, server, keyID, priv)
		require.NoError(t, err)
		return out
	}
}

const msgV3 = `{"type":"m.room.message","sender":"@u:a.example","room_id":"!r:a.example","content":{"body":"hi"},"depth":2,"origin_server_ts":1000,"hashes":{},"signatures":{},"auth_events":[],"prev_events":[],"unsigned":{"age":4}}`

func TestVerifySignatures(t *testing.T) {
	pubA, privA := testKey(1)
	pubB, privB := testKey(2)
	_, privX := testKey(3)
	for _, v := range roomversion.Supported()[2:] {
		ring := KeyRing{"a.example": {"ed25519:1": {Key: pubA}}, "b.example": {"ed25519:1": {Key: pubB}}}
		e := signedEvent(t, v, msgV3, signer(t, v, "a.example", "ed25519:1", privA))
		require.NoError(t, e.VerifySignatures(ring), v.ID)
		ok, err := e.ContentHashValid()
		require.NoError(t, err)
		require.True(t, ok)

		// Unknown key IDs are ignored (S1), but one good signature is needed.
		e2 := signedEvent(t, v, msgV3, signer(t, v, "a.example", "ed25519:1", privA), signer(t, v, "a.example", "ed25519:unknown", privX))
		require.NoError(t, e2.VerifySignatures(ring))
		e3 := signedEvent(t, v, msgV3, signer(t, v, "a.example", "ed25519:unknown", privX))
		var se *SignatureError
		require.True(t, errors.As(e3.VerifySignatures(ring), &se))

		// A known key whose signature does not verify fails the event.
		e4 := signedEvent(t, v, msgV3, signer(t, v, "a.example", "ed25519:1", privA), signer(t, v, "a.example", "ed25519:2", privX))
		ring2 := KeyRing{"a.example": {"ed25519:1": {Key: pubA}, "ed25519:2": {Key: pubB}}}
		require.Error(t, e4.VerifySignatures(ring2))

		// Only another server signed.
		e5 := signedEvent(t, v, msgV3, signer(t, v, "b.example", "ed25519:1", privB))
		require.Error(t, e5.VerifySignatures(ring))

		// Key validity (SIG-KEY-1/2, S2): end before ts fails in v5+, equal counts.
		for _, until := range []int64{999, 1000} {
			r := KeyRing{"a.example": {"ed25519:1": {Key: pubA, ValidUntilTS: until}}}
			err := e.VerifySignatures(r)
			if v.EnforceKeyValidity && until < 1000 {
				require.Error(t, err, "v%s until %d", v.ID, until)
			} else {
				require.NoError(t, err, "v%s until %d", v.ID, until)
			}
		}

		// Tampered content: signature covers the redacted form only, so a
		// content change keeps the signature but breaks the content hash.
		tampered := signedEvent(t, v, string(mustReplace(t, e.JSON(), `"hi"`, `"ho"`)))
		require.NoError(t, tampered.VerifySignatures(ring))
		ok, err = tampered.ContentHashValid()
		require.NoError(t, err)
		require.False(t, ok, "HASH-C-4")
		tampered2 := signedEvent(t, v, string(mustReplace(t, e.JSON(), `"depth":2`, `"depth":3`)))
		require.Error(t, tampered2.VerifySignatures(ring))
	}
}

func mustReplace(t *testing.T, s, old, repl string) []byte {
	t.Helper()
	i := indexOf(s, old)
	require.GreaterOrEqual(t, i, 0, old)
	return []byte(s[:i] + repl + s[i+len(old):])
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestVerifyThirdPartyInvite covers SIG-REQ-1's exception and SIG-REQ-2
// (EDGE-S3, EDGE-F4).
func TestVerifyThirdPartyInvite(t *testing.T) {
	pubA, _ := testKey(1)
	pubB, privB := testKey(2)
	ring := KeyRing{"a.example": {"ed25519:1": {Key: pubA}}, "b.example": {"ed25519:1": {Key: pubB}}}
	tpi := `{"type":"m.room.member","state_key":"@t:c.example","sender":"@u:a.example","room_id":"!r:a.example","content":{"membership":"invite","third_party_invite":{"display_name":"t","signed":{"mxid":"@t:c.example","token":"x","signatures":{}}}},"depth":2,"origin_server_ts":1000,"hashes":{},"signatures":{},"auth_events":[],"prev_events":[]`
	v4 := roomversion.V4()
	e := signedEvent(t, v4, tpi+`}`, signer(t, v4, "b.example", "ed25519:1", privB))
	require.Empty(t, e.RequiredSigners())
	require.NoError(t, e.VerifySignatures(ring))
	// The redacted copy no longer looks like a 3pid invite (EDGE-V6).
	r, err := e.Redacted()
	require.NoError(t, err)
	require.Error(t, r.VerifySignatures(ring))

	// v1: domain(event_id) still required, even for 3pid invites.
	v1 := roomversion.V1()
	e1 := signedEvent(t, v1, tpi+`,"event_id":"$i:b.example"}`, signer(t, v1, "b.example", "ed25519:1", privB))
	require.Equal(t, []string{"b.example"}, e1.RequiredSigners())
	require.NoError(t, e1.VerifySignatures(ring))
	msg := `{"type":"m.room.message","sender":"@u:a.example","room_id":"!r:a.example","content":{},"depth":2,"origin_server_ts":1000,"hashes":{},"signatures":{},"auth_events":[],"prev_events":[],"event_id":"$m:b.example:8448"}`
	e2 := signedEvent(t, v1, msg, signer(t, v1, "b.example:8448", "ed25519:1", privB))
	require.Equal(t, []string{"a.example", "b.example:8448"}, e2.RequiredSigners())
	require.Error(t, e2.VerifySignatures(ring))
}

func TestSignErrors(t *testing.T) {
	_, priv := testKey(1)
	_, err := Sign([]byte(`{}`), roomversion.V6(), "a", "1", priv)
	require.Error(t, err)
	_, err = Sign([]byte(`[]`), roomversion.V6(), "a", "ed25519:1", priv)
	require.Error(t, err)
	_, err = Sign([]byte(`{"n":1.5}`), roomversion.V6(), "a", "ed25519:1", priv)
	require.Error(t, err)
	_, err = SignJSON([]byte(`{}`), "a", "ed25519:1", priv[:10])
	require.Error(t, err)
	require.False(t, VerifyJSONSignature(`{}`, nil, ""))
}

// TestVerifySignaturesExcept: a v8+ restricted join needs the signatures
// of the sender's server and of the authorising user's server (SIG-REQ-4).
// Excepting the authorising server checks the sender's exactly as
// VerifySignatures does and nothing of the excepted server; excepting any
// other name, or none, excepts nothing.
func TestVerifySignaturesExcept(t *testing.T) {
	pubA, privA := testKey(1)
	pubR, privR := testKey(2)
	_, privX := testKey(3)
	const join = `{"type":"m.room.member","sender":"@u:a.example","state_key":"@u:a.example","room_id":"!r:r.example","content":{"membership":"join","join_authorised_via_users_server":"@admin:r.example"},"depth":2,"origin_server_ts":1000,"hashes":{},"signatures":{},"auth_events":[],"prev_events":[]}`
	ring := KeyRing{"a.example": {"ed25519:1": {Key: pubA}}, "r.example": {"ed25519:1": {Key: pubR}}}
	for _, v := range roomversion.Supported() {
		if !v.RestrictedJoinRule {
			continue
		}
		onlyA := signedEvent(t, v, join, signer(t, v, "a.example", "ed25519:1", privA))
		require.Equal(t, []string{"a.example", "r.example"}, onlyA.RequiredSigners(), v.ID)
		var se *SignatureError
		require.ErrorAs(t, onlyA.VerifySignatures(ring), &se, v.ID)
		require.Equal(t, "r.example", se.Server)
		require.NoError(t, onlyA.VerifySignaturesExcept(ring, "r.example"), v.ID)
		require.Error(t, onlyA.VerifySignaturesExcept(ring, ""), "an empty exception excepts nothing")
		require.Error(t, onlyA.VerifySignaturesExcept(ring, "b.example"), "a server not required excepts nothing")

		// The other required server is still checked in full.
		badA := signedEvent(t, v, join, signer(t, v, "a.example", "ed25519:1", privX))
		require.ErrorAs(t, badA.VerifySignaturesExcept(ring, "r.example"), &se, v.ID)
		require.Equal(t, "a.example", se.Server)
		unknownA := signedEvent(t, v, join, signer(t, v, "a.example", "ed25519:new", privA))
		require.ErrorAs(t, unknownA.VerifySignaturesExcept(ring, "r.example"), &se, v.ID)
		require.Equal(t, []string{"ed25519:new"}, se.MissingKeyIDs)

		// The excepted server's signatures are not read, even a bad one.
		badR := signedEvent(t, v, join, signer(t, v, "a.example", "ed25519:1", privA), signer(t, v, "r.example", "ed25519:1", privX))
		require.NoError(t, badR.VerifySignaturesExcept(ring, "r.example"), v.ID)
		require.Error(t, badR.VerifySignatures(ring), v.ID)
		both := signedEvent(t, v, join, signer(t, v, "a.example", "ed25519:1", privA), signer(t, v, "r.example", "ed25519:1", privR))
		require.NoError(t, both.VerifySignatures(ring), v.ID)
	}
	require.Error(t, (*Event)(nil).VerifySignaturesExcept(nil, "x"), "a nil event has no valid signatures")
}
