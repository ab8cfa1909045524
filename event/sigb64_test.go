package event

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodeSigB64 checks that the allocation-free signature decoder
// answers as decodeB64 plus the 64-byte length check does, padded or raw,
// and refuses what is not one signature.
func TestDecodeSigB64(t *testing.T) {
	sig := bytes.Repeat([]byte{0xfb, 0x01, 0x7e}, 22)[:64]
	short := sig[:63]
	cases := map[string]string{
		"padded":            base64.StdEncoding.EncodeToString(sig),
		"raw":               base64.RawStdEncoding.EncodeToString(sig),
		"short-padded":      base64.StdEncoding.EncodeToString(short),
		"short-raw":         base64.RawStdEncoding.EncodeToString(short),
		"long":              base64.StdEncoding.EncodeToString(append(sig, 1, 2, 3)),
		"empty":             "",
		"urlsafe":           base64.RawURLEncoding.EncodeToString(sig),
		"bad-padding":       base64.RawStdEncoding.EncodeToString(sig) + "=",
		"non-canonical-end": base64.RawStdEncoding.EncodeToString(sig)[:85] + "B",
	}
	for name, s := range cases {
		var buf [sigB64Buf]byte
		got, ok := decodeSigB64(buf[:], s)
		want, wok := decodeB64(s)
		wok = wok && len(want) == 64
		if ok != wok || (ok && !bytes.Equal(got, want)) {
			t.Errorf("%s: decodeSigB64 = %x, %v; decodeB64 = %x, %v", name, got, ok, want, wok)
		}
	}
	var buf [sigB64Buf]byte
	s := cases["padded"]
	if n := testing.AllocsPerRun(20, func() { decodeSigB64(buf[:], s) }); n != 0 {
		t.Errorf("decodeSigB64 allocates %v times", n)
	}
}

// TestHASH_C_4_B64HashShortPath: the short path for a 43-character
// hashes.sha256 decodes exactly as the lenient decoder Synapse's reading
// mirrors (HASH-C-4), in both alphabets, with unused low bits set, and
// declines what it cannot read.
func TestHASH_C_4_B64HashShortPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 12))
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=.\x80 "
	for n := 0; n < 20000; n++ {
		b := make([]byte, 43)
		for i := range b {
			// Mostly the data alphabets, sometimes padding, junk or
			// non-ASCII.
			k := rng.IntN(64)
			if rng.IntN(20) == 0 {
				k = rng.IntN(len(alphabet))
			}
			b[i] = alphabet[k]
		}
		s := string(b)
		if n%3 == 0 {
			s = s[:rng.IntN(44)]
		}
		fast, ok := appendB64Hash([]byte("x"), s)
		slow, okSlow := appendB64Lenient([]byte("x"), s)
		if !ok {
			require.Equal(t, "x", string(fast), "declined text leaves dst as it was")
			continue
		}
		require.True(t, okSlow, "%q", s)
		require.Equal(t, slow, fast, "%q", s)
		require.Len(t, fast, 1+32)
	}
}
