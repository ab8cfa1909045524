package conformance

import (
	"encoding/base64"
	"sort"
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// newKeyRing holds a fixture's server keys for signature checks: every
// server of `keys`, among them the server of a restricted join's
// authorising user, whose signature event.VerifySignatures requires from
// room version 8 on. Keys that do not decode to an Ed25519 public key are
// left out, so signatures under them count as made with an unknown key
// (DECISIONS S1).
func newKeyRing(keys map[string]map[string]fixture.Key) event.KeyRing {
	ring := event.KeyRing{}
	for server, ks := range keys {
		ring[server] = map[string]event.PublicKey{}
		for keyID, k := range ks {
			pub, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(k.Key, "="))
			if err != nil || len(pub) != 32 {
				continue
			}
			ring[server][keyID] = event.PublicKey{Key: pub, ValidUntilTS: k.ValidUntilTS}
		}
	}
	return ring
}

// KeyRing is the key ring the runner verifies signatures with, for tools
// that check one event with a fixture's keys (mxauth event --keys). It
// also returns, sorted, the keys left out because they do not decode to
// an Ed25519 public key ("server key ID").
func KeyRing(keys map[string]map[string]fixture.Key) (event.KeyRing, []string) {
	var bad []string
	for server, ks := range keys {
		for keyID, k := range ks {
			pub, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(k.Key, "="))
			if err != nil || len(pub) != 32 {
				bad = append(bad, server+" "+keyID)
			}
		}
	}
	sort.Strings(bad)
	return newKeyRing(keys), bad
}
