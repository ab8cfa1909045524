package event

import (
	"crypto/sha256"

	"github.com/mxauth/mxauth/roomversion"
)

// Event IDs (DIGEST §6.5): EID-1 given in v1–2, EID-3 "$" + unpadded
// standard base64 of the reference hash in v3, EID-4 the URL-safe alphabet
// in v4+ (v4–12).

// computeEventID derives the event ID of a v3+ event from its reference
// hash (EID-3, EID-4).
func computeEventID(e *Event) (string, error) {
	return eventIDFor(e.text(), *e.ver())
}

// idEncoding is the base64 alphabet of v's event IDs: standard in v3
// (EID-3), URL-safe from v4 (EID-4); versions 1–2 compute none (EID-1).
func idEncoding(v roomversion.Version) (*idAlphabet, error) {
	switch v.EventIDFormat {
	case roomversion.EventIDRefHashStd:
		return &idStd, nil
	case roomversion.EventIDRefHashURL:
		return &idURL, nil
	}
	return nil, invalid("event_id", "room version %s does not compute event IDs", v.ID)
}

// idAlphabet is an unpadded base64 encoding (RFC 4648 §3.2) of event IDs,
// written as base64.RawStdEncoding and base64.RawURLEncoding write it;
// the 32 bytes of a reference hash take a path without the general
// encoder's per-call setup and checks.
type idAlphabet struct{ chars [64]byte }

var (
	idStd = idAlphabet{[64]byte([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"))}
	idURL = idAlphabet{[64]byte([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))}
)

// Encode writes the unpadded base64 of src to dst, which holds at least
// (len(src)*8+5)/6 bytes, as base64.Encoding.Encode does.
func (a *idAlphabet) Encode(dst, src []byte) {
	t := &a.chars
	if len(src) == 32 && len(dst) >= 43 {
		// A reference hash: ten groups of three bytes, then two.
		d, h := (*[43]byte)(dst), (*[32]byte)(src)
		for g := 0; g < 10; g++ {
			v := uint(h[3*g])<<16 | uint(h[3*g+1])<<8 | uint(h[3*g+2])
			d[4*g], d[4*g+1], d[4*g+2], d[4*g+3] = t[v>>18], t[v>>12&63], t[v>>6&63], t[v&63]
		}
		v := uint(h[30])<<16 | uint(h[31])<<8
		d[40], d[41], d[42] = t[v>>18], t[v>>12&63], t[v>>6&63]
		return
	}
	for len(src) >= 3 {
		v := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		_ = dst[3]
		dst[0], dst[1], dst[2], dst[3] = t[v>>18], t[v>>12&63], t[v>>6&63], t[v&63]
		src, dst = src[3:], dst[4:]
	}
	switch len(src) {
	case 2:
		v := uint(src[0])<<16 | uint(src[1])<<8
		dst[0], dst[1], dst[2] = t[v>>18], t[v>>12&63], t[v>>6&63]
	case 1:
		v := uint(src[0]) << 16
		dst[0], dst[1] = t[v>>18], t[v>>12&63]
	}
}

func eventIDFor(s string, v roomversion.Version) (string, error) {
	enc, err := idEncoding(v)
	if err != nil {
		return "", err
	}
	h, err := referenceHashOf(s, v)
	if err != nil {
		return "", err
	}
	return formatEventID(h, enc), nil
}

// referenceHash computes the reference hash of the PDU text s from its
// top-level members already collected on enc (which it consumes), as
// referenceHashOf does, and returns the alphabet of v's event IDs.
func (enc *encoder) referenceHash(s string, v *roomversion.Version, hasFloat bool) ([32]byte, *idAlphabet, error) {
	b64, err := idEncoding(*v)
	if err != nil {
		return [32]byte{}, nil, err
	}
	var p signingPlan
	if enc.planSigning(&p, s, v, hasFloat) {
		enc.sig, _ = enc.writeSigning(enc.sig[:0], &p, v, 0)
		return sha256.Sum256(enc.sig), b64, nil
	}
	enc.nameRecords()
	b, err := enc.finishTop(enc.sig[:0], s, 0, redactForSigning, *v)
	enc.sig = b
	if err != nil {
		return [32]byte{}, nil, err
	}
	return sha256.Sum256(b), b64, nil
}

// formatEventID writes "$" + unpadded base64 of a reference hash.
func formatEventID(h [32]byte, enc *idAlphabet) string {
	var out [44]byte
	writeEventID(&out, h, enc)
	return string(out[:])
}

// writeEventID writes the text of formatEventID into out: "$" + unpadded
// base64 of h in the alphabet enc (EID-3, EID-4).
func writeEventID(out *[44]byte, h [32]byte, enc *idAlphabet) {
	out[0] = '$'
	enc.Encode(out[1:], h[:])
}

// ComputeEventID returns the event ID that room version v (3+) derives from
// the PDU text raw (EID-3, EID-4), after validating the text as [Parse]
// does; in versions 1–2 it is the event_id the PDU carries (EID-1). It is
// a shorthand for Parse(raw, v) followed by ID.
func ComputeEventID(raw []byte, v roomversion.Version) (string, error) {
	e, err := Parse(raw, v)
	if err != nil {
		return "", err
	}
	return e.ID(), nil
}

// StripEventID removes the top-level event_id member from the JSON object
// raw and returns the remaining text, byte for byte as given otherwise, and
// the removed ID. It serves events whose ID is known from storage or from a
// fixture with "ids": "given" in room versions 3+, before [NewWithID]; the
// text is never re-encoded. raw must be valid JSON without duplicate keys,
// and event_id must be present and a string.
func StripEventID(raw []byte) ([]byte, string, error) {
	s := string(raw)
	if _, err := scanJSON(s, false); err != nil {
		return nil, "", err
	}
	i := skipWS(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, "", invalid("", "not a JSON object")
	}
	// Walk the members, remembering where the previous one ended.
	prevEnd := -1 // index just after the previous member's value
	i = skipWS(s, i+1)
	if i < len(s) && s[i] == '}' {
		return nil, "", invalid("event_id", "required field missing")
	}
	for i < len(s) {
		keyStart := i
		end, _ := stringEnd(s, i)
		key, _ := unescapeToken(s[i:end])
		i = skipWS(s, end)
		vs := skipWS(s, i+1)
		ve := skipValue(s, vs)
		next := skipWS(s, ve)
		if key == "event_id" {
			if s[vs] != '"' {
				return nil, "", invalid("event_id", "must be a string")
			}
			id, ok := unescapeToken(s[vs:ve])
			if !ok {
				return nil, "", invalid("event_id", "invalid string")
			}
			var out []byte
			switch {
			case s[next] == ',':
				// Remove from the key to the start of the next key.
				after := skipWS(s, next+1)
				out = append(append(make([]byte, 0, len(s)), s[:keyStart]...), s[after:]...)
			case prevEnd >= 0:
				// Last member: remove from the end of the previous value.
				// s[prevEnd:ve] is the comma, the key and the value.
				out = append(append(make([]byte, 0, len(s)), s[:prevEnd]...), s[ve:]...)
			default:
				// Only member.
				out = append(append(make([]byte, 0, len(s)), s[:keyStart]...), s[next:]...)
			}
			return out, id, nil
		}
		prevEnd = ve
		if s[next] == '}' {
			break
		}
		i = skipWS(s, next+1)
	}
	return nil, "", invalid("event_id", "required field missing")
}
