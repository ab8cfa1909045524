package conformance

import (
	"encoding/base64"
	"strings"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
)

// keyRing holds a fixture's server keys for signature checks. Keys that do
// not decode to an Ed25519 public key are left out, so signatures under
// them count as made with an unknown key (DECISIONS S1).
type keyRing struct {
	ring event.KeyRing
}

func newKeyRing(keys map[string]map[string]fixture.Key) *keyRing {
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
	return &keyRing{ring: ring}
}

// verify checks the event's signatures as its room version requires.
func (k *keyRing) verify(ev *event.Event) error {
	return ev.VerifySignatures(k.ring)
}
