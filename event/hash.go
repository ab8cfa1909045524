package event

import (
	"crypto/sha256"
	"encoding"
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
// (HASH-C-2, D14, EDGE-HASH1), as canonical JSON (HASH-C-3), SHA-256. The
// text was validated already, so the general encoder, which does not
// validate again, is the quicker way here; a parse asked for the content
// hash (ParseOptions.ContentHash) takes it from its own output instead.
func contentHashOf(s string, v roomversion.Version) ([32]byte, error) {
	bp := getBuf()
	defer putBuf(bp)
	b, err := appendCanonical((*bp)[:0], s, numModeFor(v), dropForContentHash, redaction{})
	*bp = b
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// hashState records the content hash check a parse made (see
// ParseOptions.ContentHash).
type hashState uint8

const (
	hashUnchecked hashState = iota // not checked, or hashes.sha256 does not decode
	hashMatches
	hashDiffers
)

// contentHashState checks the content hash of the PDU text s whose scan,
// with enc.chash set, filled enc, against its hashes.sha256, as
// ContentHashValid does. It returns hashUnchecked when that needs the
// general encoder (a float) or reports an error (hashes.sha256 not a
// string or not base64), which ContentHashValid then finds itself.
func (enc *encoder) contentHashState(s string, hasFloat bool) hashState {
	b, ok := enc.appendContentHashCanon(enc.sig[:0], hasFloat)
	enc.sig = b
	if !ok {
		return hashUnchecked
	}
	return enc.declaredState(s, sha256.Sum256(b))
}

// declaredState compares the content hash sum with the hashes.sha256 of
// the PDU text s whose scan filled enc, as contentHashState does.
func (enc *encoder) declaredState(s string, sum [32]byte) hashState {
	var buf [sha256.Size + 16]byte
	var got []byte
	var err error
	if sp := enc.sha256Tok; sp.ve != 0 {
		// The scan's short path found the token (see fastObject).
		got, err = decodeDeclared(buf[:0], s[sp.vs:sp.ve])
	} else {
		var given string
		for k := range enc.members {
			if enc.members[k].field == fHashes {
				given = enc.members[k].valText(s)
				break
			}
		}
		got, err = declaredHash(buf[:0], given)
	}
	if err != nil {
		return hashUnchecked
	}
	if len(got) == sha256.Size && [32]byte(got) == sum {
		return hashMatches
	}
	return hashDiffers
}

// hashBoth computes, from a scan with enc.chash set, the reference hash
// (as appendSigningCanon and referenceHash do) and the content hash (as
// contentHashState does). Both inputs are sorted and begin alike, with the
// members before hashes that redaction keeps as they are (auth_events, a
// content redaction leaves whole, depth): that prefix is hashed once and
// the SHA-256 state copied. It reports false, computing nothing, when the
// PDU needs the general encoder.
func (enc *encoder) hashBoth(src string, rules *redaction, hasFloat bool) (ref, content [32]byte, ok bool) {
	var p signingPlan
	if !enc.chash || !enc.planSigning(&p, src, rules, hasFloat) {
		return ref, content, false
	}
	enc.contentHashOrder()
	shared := enc.sharedMembers(&p, rules)
	sig, cut := enc.writeSigning(enc.sig[:0], &p, rules, shared)
	ch := enc.writeContentHash(append(enc.sig2[:0], sig[:cut]...), shared)
	enc.sig, enc.sig2 = sig, ch
	if enc.digest == nil {
		enc.digest = sha256.New()
	}
	d := enc.digest
	d.Reset()
	d.Write(sig[:cut])
	// The sha256 digests marshal their state (encoding.BinaryAppender and
	// BinaryUnmarshaler); into the encoder's buffer, so nothing allocates.
	st, err := d.(encoding.BinaryAppender).AppendBinary(enc.state[:0])
	if err != nil {
		return ref, content, false
	}
	enc.state = st
	d.Write(sig[cut:])
	enc.sum = d.Sum(enc.sum[:0])
	ref = [32]byte(enc.sum)
	if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(st); err != nil {
		return ref, content, false
	}
	d.Write(ch[cut:])
	enc.sum = d.Sum(enc.sum[:0])
	return ref, [32]byte(enc.sum), true
}

// declaredHash decodes hashes.sha256 of the raw hashes value text onto
// dst (see appendB64Lenient); the error says when it is not a string or
// does not decode (HASH-C-4).
func declaredHash(dst []byte, hashes string) ([]byte, error) {
	tok, _ := topMember(hashes, "sha256")
	return decodeDeclared(dst, tok)
}

// decodeDeclared is declaredHash for the raw value token tok of
// hashes.sha256 ("" when absent).
func decodeDeclared(dst []byte, tok string) ([]byte, error) {
	if tok == "" || tok[0] != '"' {
		return nil, invalid("hashes.sha256", "must be a string")
	}
	str, _ := unescapeToken(tok)
	if got, ok := appendB64Hash(dst, str); ok {
		return got, nil
	}
	got, ok := appendB64Lenient(dst, str)
	if !ok {
		return nil, invalid("hashes.sha256", "not valid base64 (HASH-C-4)")
	}
	return got, nil
}

// ContentHash computes the event's content hash (HASH-C-1..3).
func (e *Event) ContentHash() ([32]byte, error) {
	return contentHashOf(e.text(), *e.ver())
}

// ContentHashValid reports whether hashes.sha256 (unpadded standard base64,
// HASH-C-3) matches the computed content hash. A mismatch is not an error:
// the event is then to be judged in its redacted form (HASH-C-4, see
// [Event.Redacted]). hashes.sha256 is decoded as Synapse decodes it (see
// appendB64Lenient): one that does not decode makes the PDU invalid, an
// error wrapping a *ValidationError (HASH-C-4: a malformed hashes drops
// the event); one that decodes to other bytes, of any length, is a mismatch.
func (e *Event) ContentHashValid() (bool, error) {
	switch e.hashState {
	case hashMatches:
		return true, nil
	case hashDiffers:
		return false, nil
	}
	h, err := e.ContentHash()
	if err != nil {
		return false, err
	}
	v, _ := topMember(e.text(), "hashes")
	var buf [sha256.Size + 16]byte
	got, err := declaredHash(buf[:0], v)
	if err != nil {
		return false, err
	}
	return len(got) == sha256.Size && [32]byte(got) == h, nil
}

// appendB64Lenient decodes base64 as Synapse decodes hashes, appending the
// bytes to dst: ASCII only; padding is added for the length (none, or 3, 2
// or 1 '=' for a length of 1, 2 or 3 modulo 4); both alphabets are read
// ('-' and '_' as '+' and '/'); other bytes are skipped; decoding stops at
// the padding that completes a quantum; it fails when the data characters
// left over are one more than a multiple of four, or leave a partial
// quantum without enough padding. Unused low bits of the last character
// are ignored.
func appendB64Lenient(dst []byte, s string) ([]byte, bool) {
	pad := (4 - len(s)%4) % 4
	if len(s)%4 == 1 {
		pad = 3
	}
	out := dst
	quad, pads := 0, 0
	var left byte
	for i := 0; i < len(s)+pad; i++ {
		c := byte('=')
		if i < len(s) {
			c = s[i]
		}
		if c >= 0x80 {
			return nil, false
		}
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return out, true
				}
			}
			continue
		}
		d := b64Value[c]
		if d == 0xff {
			continue
		}
		pads = 0
		switch quad {
		case 0:
			left, quad = d, 1
		case 1:
			out = append(out, left<<2|d>>4)
			left, quad = d&0x0f, 2
		case 2:
			out = append(out, left<<4|d>>2)
			left, quad = d&0x03, 3
		case 3:
			out = append(out, left<<6|d)
			left, quad = 0, 0
		}
	}
	return out, quad == 0
}

// appendB64Hash is appendB64Lenient for the usual hashes.sha256: 43
// characters of either alphabet, which decode to 32 bytes, the low bits
// of the last one ignored. It reports false, appending nothing, for any
// other text, which appendB64Lenient then reads.
func appendB64Hash(dst []byte, s string) ([]byte, bool) {
	if len(s) != 43 {
		return dst, false
	}
	n := len(dst)
	for i := 0; i < 40; i += 4 {
		a, b, c, d := b64Value[s[i]], b64Value[s[i+1]], b64Value[s[i+2]], b64Value[s[i+3]]
		if (a|b|c|d)&0xc0 != 0 {
			return dst[:n], false
		}
		dst = append(dst, a<<2|b>>4, b<<4|c>>2, c<<6|d)
	}
	a, b, c := b64Value[s[40]], b64Value[s[41]], b64Value[s[42]]
	if (a|b|c)&0xc0 != 0 {
		return dst[:n], false
	}
	return append(dst, a<<2|b>>4, b<<4|c>>2), true
}

// b64Value maps both base64 alphabets to their values; 0xff marks other
// bytes.
var b64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(std); i++ {
		t[std[i]] = byte(i)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

// appendSigningInput appends the text that is signed and reference-hashed:
// the redacted event without signatures and unsigned, as canonical JSON
// (HASH-R-1..3, SIG-1, SIG-2).
func appendSigningInput(dst []byte, s string, v roomversion.Version) ([]byte, error) {
	return appendCanonical(dst, s, numModeFor(v), redactForSigning, v)
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
	return referenceHashOf(e.text(), *e.ver())
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
