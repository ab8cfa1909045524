package event

import (
	"bytes"
	"encoding/base64"
	"testing"
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
