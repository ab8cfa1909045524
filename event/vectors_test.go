package event

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// specVectors is testdata/spec/vectors.json (DIGEST §6.8).
type specVectors struct {
	Seed        string `json:"signing_key_seed_base64"`
	ServerName  string `json:"server_name"`
	KeyID       string `json:"key_id"`
	JSONSigning []struct {
		Input     json.RawMessage `json:"input"`
		Signature string          `json:"signature"`
	} `json:"json_signing"`
	EventSigning []struct {
		Input         json.RawMessage `json:"input"`
		ContentHash   string          `json:"content_hash"`
		Signature     string          `json:"signature"`
		ReferenceHash string          `json:"reference_hash_derived"`
	} `json:"event_signing"`
	EventIDs []struct {
		Canonical string `json:"canonical_event"`
		V3        string `json:"event_id_v3"`
		V4        string `json:"event_id_v4_to_v7"`
	} `json:"event_ids_derived"`
}

func loadVectors(t testing.TB) (*specVectors, ed25519.PrivateKey) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "spec", "vectors.json"))
	require.NoError(t, err)
	var v specVectors
	require.NoError(t, json.Unmarshal(b, &v))
	seed, err := base64.RawStdEncoding.DecodeString(v.Seed)
	require.NoError(t, err)
	return &v, ed25519.NewKeyFromSeed(seed)
}

func TestVectorsJSONSigning(t *testing.T) {
	vec, priv := loadVectors(t)
	pub := priv.Public().(ed25519.PublicKey)
	for i, c := range vec.JSONSigning {
		out, err := SignJSON(c.Input, vec.ServerName, vec.KeyID, priv)
		require.NoError(t, err, i)
		var got struct {
			Signatures map[string]map[string]string `json:"signatures"`
		}
		require.NoError(t, json.Unmarshal(out, &got))
		require.Equal(t, c.Signature, got.Signatures[vec.ServerName][vec.KeyID], i)
		require.True(t, VerifyJSONSignature(string(out), pub, c.Signature), i)
		require.True(t, VerifyJSONSignature(string(c.Input), pub, c.Signature+"=="), "padded signature, case %d", i)
		require.False(t, VerifyJSONSignature(`{"one":2}`, pub, c.Signature), i)
	}
}

func TestVectorsEventSigning(t *testing.T) {
	vec, priv := loadVectors(t)
	v1 := roomversion.V1() // the spec vectors use v1 redaction (keeps origin)
	for i, c := range vec.EventSigning {
		h, err := contentHashOf(string(c.Input), v1)
		require.NoError(t, err)
		require.Equal(t, c.ContentHash, base64.RawStdEncoding.EncodeToString(h[:]), "content hash %d", i)

		out, err := Sign(c.Input, v1, vec.ServerName, vec.KeyID, priv)
		require.NoError(t, err)
		var got struct {
			Hashes     map[string]string            `json:"hashes"`
			Signatures map[string]map[string]string `json:"signatures"`
			Unsigned   map[string]any               `json:"unsigned"`
		}
		require.NoError(t, json.Unmarshal(out, &got))
		require.Equal(t, c.ContentHash, got.Hashes["sha256"], i)
		require.Equal(t, c.Signature, got.Signatures[vec.ServerName][vec.KeyID], i)
		require.NotNil(t, got.Unsigned, "Sign keeps unsigned")
		if c.ReferenceHash != "" {
			r, err := referenceHashOf(string(out), v1)
			require.NoError(t, err)
			require.Equal(t, c.ReferenceHash, base64.RawStdEncoding.EncodeToString(r[:]))
			// The same event as a v3 and v4 PDU: ID is "$" + the hash.
			for _, v := range []roomversion.Version{roomversion.V3(), roomversion.V4()} {
				id, err := eventIDFor(string(out), v)
				require.NoError(t, err)
				require.Equal(t, "$"+c.ReferenceHash, id)
			}
		}
	}
}

func TestVectorsEventIDs(t *testing.T) {
	vec, _ := loadVectors(t)
	for _, c := range vec.EventIDs {
		e, err := Parse([]byte(c.Canonical), roomversion.V3())
		require.NoError(t, err)
		require.Equal(t, c.V3, e.ID())
		for _, v := range roomversion.Supported()[3:] {
			e, err := Parse([]byte(c.Canonical), v)
			require.NoError(t, err, v.ID)
			require.Equal(t, c.V4, e.ID(), v.ID)
		}
		// unsigned does not change the ID (HASH-R-2, EDGE-H16).
		stripped := []byte(`{"auth_events":["$b"],"content":{"body":"hi"},"depth":2,"hashes":{"sha256":"mwBDqzKUTaN9ZZWSJtsegonNbbBSz9xu5oY+rW/vk90"},"origin_server_ts":1000004,"prev_events":["$a"],"room_id":"!r:domain","sender":"@u:domain","signatures":{"x":{}},"type":"m.room.message","age_ts":7}`)
		e, err = Parse(stripped, roomversion.V4())
		require.NoError(t, err)
		require.Equal(t, c.V4, e.ID())
		ok, err := e.ContentHashValid()
		require.NoError(t, err)
		require.True(t, ok, "age_ts is not hashed (D14)")
	}
}
