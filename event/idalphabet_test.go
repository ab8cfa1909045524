package event

import (
	"encoding/base64"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIDAlphabetEncode checks the event-ID encoder against the standard
// library's unpadded encodings (EID-3, EID-4) for every length up to 40
// bytes, the 32 of a reference hash included, on random and on extreme
// bytes.
func TestIDAlphabetEncode(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		a   *idAlphabet
		std *base64.Encoding
	}{{&idStd, base64.RawStdEncoding}, {&idURL, base64.RawURLEncoding}} {
		for n := 0; n <= 40; n++ {
			for r := 0; r < 50; r++ {
				src := make([]byte, n)
				for k := range src {
					switch r {
					case 0:
						src[k] = 0xff
					case 1:
						src[k] = 0
					default:
						src[k] = byte(rng.Uint32())
					}
				}
				want := c.std.EncodeToString(src)
				dst := make([]byte, c.std.EncodedLen(n))
				c.a.Encode(dst, src)
				require.Equal(t, want, string(dst), "length %d", n)
			}
		}
	}
	// The IDs the versions compute.
	var h [32]byte
	for k := range h {
		h[k] = byte(251 - 7*k)
	}
	require.Equal(t, "$"+base64.RawURLEncoding.EncodeToString(h[:]), formatEventID(h, &idURL))
	require.Equal(t, "$"+base64.RawStdEncoding.EncodeToString(h[:]), formatEventID(h, &idStd))
}
