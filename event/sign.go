package event

import (
	"crypto/ed25519"
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mxauth/mxauth/roomversion"
)

// Signing (DIGEST §6.7 SIG-1) for callers that create events and for tests.

// Sign sets the content hash of the event raw (HASH-C-1..3, written to
// hashes.sha256 in unpadded standard base64) and adds an Ed25519 signature
// by serverName under keyID (SIG-1): the signed text is the redacted event
// of room version v without signatures and unsigned, as canonical JSON.
// Existing signatures and other hash algorithms are kept. keyID is the full
// key ID and must start with "ed25519:". The result is the whole event as
// canonical JSON with the number rules of v. raw is checked as PDU text is
// (see [RedactJSON]) but need not hold every PDU field.
func Sign(raw []byte, v roomversion.Version, serverName, keyID string, priv ed25519.PrivateKey) ([]byte, error) {
	if err := v.Valid(); err != nil {
		return nil, err
	}
	if err := checkSigningKey(keyID, priv); err != nil {
		return nil, err
	}
	if !utf8.ValidString(serverName) {
		return nil, &SignatureError{Server: serverName, Reason: "server name is not valid UTF-8"}
	}
	s := string(raw)
	if _, err := scanJSON(s, v.StrictCanonicalJSON); err != nil {
		return nil, err
	}
	if !isObjectText(s) {
		return nil, invalid("", "not a JSON object")
	}
	h, err := contentHashOf(s, v)
	if err != nil {
		return nil, err
	}
	hashes := "{}"
	sigs := "{}"
	if val, ok := topMember(s, "hashes"); ok && isObjectText(val) {
		hashes = val
	}
	if val, ok := topMember(s, "signatures"); ok && isObjectText(val) {
		sigs = val
	}
	hashes = setMember(hashes, "sha256", strconv.Quote(base64.RawStdEncoding.EncodeToString(h[:])))
	s = setMember(s, "hashes", hashes)

	input, err := appendSigningInput(nil, s, v)
	if err != nil {
		return nil, err
	}
	sig := base64.RawStdEncoding.EncodeToString(ed25519.Sign(priv, input))
	server := "{}"
	if val, ok := topMember(sigs, serverName); ok && isObjectText(val) {
		server = val
	}
	server = setMember(server, keyID, strconv.Quote(sig))
	s = setMember(s, "signatures", setMember(sigs, serverName, server))
	return encodeOwned(s, numModeFor(v), keepAll, redaction{})
}

// SignJSON adds an Ed25519 signature by serverName under keyID to the JSON
// object raw, as the spec's "Signing JSON" does: the signed text is the
// object without signatures and unsigned, in canonical JSON with the number
// form Synapse uses (CJ-LAX). The result is canonical JSON.
func SignJSON(raw []byte, serverName, keyID string, priv ed25519.PrivateKey) ([]byte, error) {
	if err := checkSigningKey(keyID, priv); err != nil {
		return nil, err
	}
	if !utf8.ValidString(serverName) {
		return nil, &SignatureError{Server: serverName, Reason: "server name is not valid UTF-8"}
	}
	s := string(raw)
	if _, err := scanJSON(s, false); err != nil {
		return nil, err
	}
	if !isObjectText(s) {
		return nil, invalid("", "not a JSON object")
	}
	input, err := encodeOwned(s, numLax, dropForSigning, redaction{})
	if err != nil {
		return nil, err
	}
	sig := base64.RawStdEncoding.EncodeToString(ed25519.Sign(priv, input))
	sigs, server := "{}", "{}"
	if val, ok := topMember(s, "signatures"); ok && isObjectText(val) {
		sigs = val
	}
	if val, ok := topMember(sigs, serverName); ok && isObjectText(val) {
		server = val
	}
	s = setMember(s, "signatures", setMember(sigs, serverName, setMember(server, keyID, strconv.Quote(sig))))
	return encodeOwned(s, numLax, keepAll, redaction{})
}

func checkSigningKey(keyID string, priv ed25519.PrivateKey) error {
	if !utf8.ValidString(keyID) {
		return &SignatureError{Reason: "key ID is not valid UTF-8"}
	}
	if !strings.HasPrefix(keyID, "ed25519:") {
		return &SignatureError{KeyID: keyID, Reason: `key ID must start with "ed25519:"`}
	}
	if len(priv) != ed25519.PrivateKeySize {
		return &SignatureError{KeyID: keyID, Reason: "private key has the wrong size"}
	}
	return nil
}

// setMember returns the scanned JSON object text obj with member key set to
// the JSON text val (replacing any previous value). The result is valid
// JSON but not canonical.
func setMember(obj, key, val string) string {
	var b strings.Builder
	b.Grow(len(obj) + len(key) + len(val) + 8)
	b.WriteByte('{')
	eachMember(obj, func(k, rawKey string, vs, ve int) bool {
		if k != key {
			b.WriteString(rawKey)
			b.WriteByte(':')
			b.WriteString(obj[vs:ve])
			b.WriteByte(',')
		}
		return true
	})
	b.Write(appendQuoted(nil, []byte(key)))
	b.WriteByte(':')
	b.WriteString(val)
	b.WriteByte('}')
	return b.String()
}

// eachMember calls fn with the decoded key, the key token and the value
// span of each member of the scanned JSON object text obj, until fn
// returns false.
func eachMember(obj string, fn func(key, rawKey string, vs, ve int) bool) {
	i := skipWS(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return
	}
	i = skipWS(obj, i+1)
	for i < len(obj) && obj[i] == '"' {
		end, _ := stringEnd(obj, i)
		if end < 0 {
			return
		}
		key, ok := unescapeToken(obj[i:end])
		if !ok {
			return
		}
		rawKey := obj[i:end]
		i = skipWS(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return
		}
		vs := skipWS(obj, i+1)
		ve := skipValue(obj, vs)
		if ve < 0 || !fn(key, rawKey, vs, ve) {
			return
		}
		i = skipWS(obj, ve)
		if i >= len(obj) || obj[i] != ',' {
			return
		}
		i = skipWS(obj, i+1)
	}
}
