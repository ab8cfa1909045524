// Package pdutest builds real, signed PDUs for the handshake package's
// tests (the examples use the public builder package instead): content
// hash and signature by
// the event package, event IDs computed by parsing. It is test tooling:
// the keys are derived from fixed seeds and are public.
package pdutest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// KeyID is the key ID every test signer uses.
const KeyID = "ed25519:1"

// Signer is a server's deterministic test signing key.
type Signer struct {
	// Server is the server name.
	Server string
	// Priv is the Ed25519 private key.
	Priv ed25519.PrivateKey
}

// NewSigner returns the test key of server, derived from its name.
func NewSigner(server string) Signer {
	seed := sha256.Sum256([]byte("mxauth handshake test key " + server))
	return Signer{Server: server, Priv: ed25519.NewKeyFromSeed(seed[:])}
}

// PublicKey returns the public key.
func (s Signer) PublicKey() ed25519.PublicKey { return s.Priv.Public().(ed25519.PublicKey) }

// PublicKeyBase64 returns the public key in unpadded standard base64.
func (s Signer) PublicKeyBase64() string {
	return base64.RawStdEncoding.EncodeToString(s.PublicKey())
}

// Sign hashes raw and signs it with each signer, in order, and returns the
// canonical JSON of the signed PDU.
func Sign(raw []byte, v roomversion.Version, signers ...Signer) ([]byte, error) {
	if len(signers) == 0 {
		return nil, fmt.Errorf("pdutest: no signer")
	}
	out := raw
	for _, s := range signers {
		var err error
		if out, err = event.Sign(out, v, s.Server, KeyID, s.Priv); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Build encodes fields as a PDU of version v, hashes and signs it with
// signers, and parses the result (which computes the event ID in room
// versions 3+). Values of fields are encoded with encoding/json without
// HTML escaping; json.RawMessage values are used as they are.
func Build(v roomversion.Version, fields map[string]any, signers ...Signer) ([]byte, *event.Event, error) {
	raw, err := Marshal(fields)
	if err != nil {
		return nil, nil, err
	}
	signed, err := Sign(raw, v, signers...)
	if err != nil {
		return nil, nil, err
	}
	ev, err := event.Parse(signed, v)
	if err != nil {
		return nil, nil, err
	}
	return signed, ev, nil
}

// Marshal encodes m with sorted keys and without HTML escaping.
func Marshal(m map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Keys is an event.KeyLookup over test signers.
func Keys(signers ...Signer) event.KeyRing {
	ring := event.KeyRing{}
	for _, s := range signers {
		ring[s.Server] = map[string]event.PublicKey{KeyID: {Key: s.PublicKey()}}
	}
	return ring
}
