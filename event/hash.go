package event

import (
	"crypto/sha256"
	"encoding/base64"
	"sync"

	"github.com/mxauth/mxauth/roomversion"
)

// Content hash (DIGEST §6.3, HASH-C-1..4 with DECISIONS D14) and reference
// hash (§6.4, HASH-R-1..3).

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(bp *[]byte) {
	if cap(*bp) <= 2*MaxPDUBytes {
		*bp = (*bp)[:0]
		bufPool.Put(bp)
	}
}

// contentHashOf computes the content hash of a scanned PDU text: the text
// less unsigned, signatures, hashes, age_ts, outlier and destinations
// (HASH-C-2, D14, EDGE-HASH1), as canonical JSON (HASH-C-3), SHA-256.
func contentHashOf(s string, v roomversion.Version) ([32]byte, error) {
	bp := getBuf()
	defer putBuf(bp)
	b, err := appendCanonical((*bp)[:0], s, numModeFor(v), dropForContentHash, 0)
	*bp = b
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// ContentHash computes the event's content hash (HASH-C-1..3).
func (e *Event) ContentHash() ([32]byte, error) {
	return contentHashOf(e.raw, e.version)
}

// ContentHashValid reports whether hashes.sha256 (unpadded standard base64,
// HASH-C-3) matches the computed content hash. A mismatch is not an error:
// the event is then to be judged in its redacted form (HASH-C-4, see
// [Event.Redacted]). A hashes.sha256 that does not decode to 32 bytes
// counts as a mismatch.
func (e *Event) ContentHashValid() (bool, error) {
	h, err := e.ContentHash()
	if err != nil {
		return false, err
	}
	got, ok := decodeB64(e.Get("hashes.sha256").Str)
	if !ok || len(got) != sha256.Size {
		return false, nil
	}
	return [32]byte(got) == h, nil
}

// appendSigningInput appends the text that is signed and reference-hashed:
// the redacted event without signatures and unsigned, as canonical JSON
// (HASH-R-1..3, SIG-1, SIG-2).
func appendSigningInput(dst []byte, s string, v roomversion.Version) ([]byte, error) {
	return appendCanonical(dst, s, numModeFor(v), redactForSigning, rulesFor(v))
}

// referenceHashOf computes the reference hash of a scanned PDU text.
func referenceHashOf(s string, v roomversion.Version) ([32]byte, error) {
	bp := getBuf()
	defer putBuf(bp)
	b, err := appendSigningInput((*bp)[:0], s, v)
	*bp = b
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// ReferenceHash computes the event's reference hash (HASH-R-1..3): SHA-256
// of the canonical JSON of the redacted event without signatures and
// unsigned. It is the basis of v3+ event IDs and of the v1–2 [id, hash]
// pairs.
func (e *Event) ReferenceHash() ([32]byte, error) {
	return referenceHashOf(e.raw, e.version)
}

// decodeB64 decodes standard base64 with or without padding.
func decodeB64(s string) ([]byte, bool) {
	if len(s)%4 == 0 && len(s) > 0 && s[len(s)-1] == '=' {
		b, err := base64.StdEncoding.Strict().DecodeString(s)
		return b, err == nil
	}
	b, err := base64.RawStdEncoding.Strict().DecodeString(s)
	return b, err == nil
}
