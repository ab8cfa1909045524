package event

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/mxauth/mxauth/internal/jsonread"
	"github.com/mxauth/mxauth/roomversion"
)

// Signature verification (DIGEST §6.7: SIG-2, SIG-REQ-1..3, SIG-KEY-1..2,
// DECISIONS S1, S2). Keys are supplied by the caller; the library does no
// fetching and reads no clock.

// PublicKey is a server's Ed25519 verification key as the caller knows it.
type PublicKey struct {
	// Key is the 32-byte Ed25519 public key.
	Key ed25519.PublicKey
	// ValidUntilTS is the end of the key's validity in milliseconds, already
	// capped by the caller (7 days after it was fetched, DECISIONS S2), or
	// the expired_ts of an old key; 0 means no end. Only room versions 5+
	// compare it (SIG-KEY-2).
	ValidUntilTS int64
}

// KeyLookup finds a server's verification key by key ID.
type KeyLookup interface {
	// LookupKey returns the key serverName publishes under keyID (for
	// example "ed25519:abc") and whether it is known.
	LookupKey(serverName, keyID string) (PublicKey, bool)
}

// KeyRing is a KeyLookup backed by a map from server name to key ID to key.
type KeyRing map[string]map[string]PublicKey

// LookupKey implements [KeyLookup].
func (r KeyRing) LookupKey(serverName, keyID string) (PublicKey, bool) {
	k, ok := r[serverName][keyID]
	return k, ok
}

// SignatureError reports an event whose signatures do not satisfy its room
// version (SIG-REQ-*); such an event is dropped (SIG-3).
type SignatureError struct {
	// Server is the server whose signature is missing or bad.
	Server string
	// KeyID is the key ID of a bad signature, or "".
	KeyID string
	// MissingKeyIDs lists, in byte order, the ed25519 key IDs Server signed
	// with that the caller's keys do not know, when no signature of Server
	// could be checked: the keys to fetch before trying again.
	MissingKeyIDs []string
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *SignatureError) Error() string {
	switch {
	case e.Server != "" && e.KeyID != "":
		return fmt.Sprintf("signature check failed: %s %s: %s", e.Server, e.KeyID, e.Reason)
	case e.Server != "":
		return fmt.Sprintf("signature check failed: %s: %s", e.Server, e.Reason)
	}
	return "signature check failed: " + e.Reason
}

// domainOf returns the text after the first ':' of a user, room or v1–2
// event ID, or "" when there is none.
func domainOf(id string) string {
	if i := strings.IndexByte(id, ':'); i >= 0 {
		return id[i+1:]
	}
	return ""
}

// RequiredSigners returns the servers whose signatures the event needs:
// domain(sender) (SIG-REQ-1), except for an m.room.member invite carrying
// content.third_party_invite; in room versions 1–2 also domain(event_id)
// when it differs (SIG-REQ-2, EDGE-S3, also for third-party invites); and
// in versions with restricted joins (RestrictedJoinRule, v8+) the server of
// content.join_authorised_via_users_server of an m.room.member join, when
// it differs from the servers already listed (SIG-REQ-4, MEMBER-JAUTH-1;
// joins only, DECISIONS D22). Parse has already refused a join whose
// authorising user is not a string holding ':' (DECISIONS D31).
//
// The event-ID domain is compared with domain(sender) whether or not the
// sender's signature is required, as Synapse compares them: a v1–2 third-party
// invite whose event ID names the sender's server needs no signature at all.
// A sender or v1–2 event ID without ':' has no domain; the empty server name
// listed for it fails [Event.VerifySignatures] (Synapse fails to read the
// domain).
func (e *Event) RequiredSigners() []string {
	servers := make([]string, 0, 3)
	_, tpiKey := topMember(e.ContentJSON(), "third_party_invite")
	tpi := e.Type() == TypeMember && e.membershipKind == String && e.str(e.membership) == MembershipInvite && tpiKey
	senderDomain := domainOf(e.Sender())
	senderOK := strings.IndexByte(e.Sender(), ':') >= 0
	if !tpi || !senderOK {
		servers = append(servers, senderDomain)
	}
	if e.ver().EventIDDomainSignature {
		if d := domainOf(e.ID()); d != senderDomain || strings.IndexByte(e.ID(), ':') < 0 {
			servers = append(servers, d)
		}
	}
	if a, ok := e.authorisingUser(); ok {
		if d := domainOf(a); !slices.Contains(servers, d) {
			servers = append(servers, d)
		}
	}
	return servers
}

// authorisingUser returns content.join_authorised_via_users_server of an
// m.room.member join in versions with restricted joins (DEF-JAUTH-1,
// SIG-REQ-4, DECISIONS D22), when it is a string.
func (e *Event) authorisingUser() (string, bool) {
	if !e.ver().RestrictedJoinRule || e.Type() != TypeMember || e.membershipKind != String || e.str(e.membership) != MembershipJoin {
		return "", false
	}
	tok, ok := topMember(e.ContentJSON(), "join_authorised_via_users_server")
	if !ok || tok[0] != '"' {
		return "", false
	}
	return unescapeToken(tok)
}

// SigningInput returns the bytes an event's signatures cover and its
// reference hash is taken over: the redacted event without signatures and
// unsigned, as canonical JSON (SIG-1, SIG-2, HASH-R-1..3).
func (e *Event) SigningInput() ([]byte, error) {
	return appendSigningInput(nil, e.text(), *e.ver())
}

// VerifySignatures checks the event's signatures against keys (SIG-2):
// every server of [Event.RequiredSigners] needs at least one signature by a
// key that keys knows, and every such signature must verify. Signatures
// under key IDs keys does not know, and non-ed25519 ones, are ignored
// (SIG-REQ-3, DECISIONS S1). In room versions 5+ a key whose ValidUntilTS
// is before origin_server_ts does not count (equal counts); versions 1–4
// ignore validity (SIG-KEY-1/2, DECISIONS S2). A nil keys knows no key. A
// failure is a *SignatureError, which for a server without a usable
// signature lists the key IDs it signed with that keys does not know (the
// keys to fetch), or a *ValidationError for text that cannot be encoded.
func (e *Event) VerifySignatures(keys KeyLookup) error { return e.verifySignatures(keys, "") }

// VerifySignaturesExcept checks the event's signatures as
// [Event.VerifySignatures] does, except that server's signature is neither
// required nor read. It serves a server that is about to add its own
// signature to an event another server made (the resident server of a
// restricted join, SIG-REQ-4) and must check every other required
// signature first. An empty server is no exception: the call is then
// VerifySignatures. The exception is only for the server that signs next;
// an event stored or relayed must pass VerifySignatures.
func (e *Event) VerifySignaturesExcept(keys KeyLookup, server string) error {
	return e.verifySignatures(keys, server)
}

func (e *Event) verifySignatures(keys KeyLookup, except string) error {
	if e == nil {
		return &SignatureError{Reason: "no event"}
	}
	if keys == nil {
		keys = KeyRing(nil)
	}
	required := e.RequiredSigners()
	bp := getBuf()
	defer putBuf(bp)
	input, err := appendSigningInput((*bp)[:0], e.text(), *e.ver())
	*bp = input
	if err != nil {
		return err
	}
	sigs := jsonread.Object(e.text()).First("signatures")
	for _, server := range required {
		if except != "" && server == except {
			continue
		}
		if server == "" {
			return &SignatureError{Reason: "a required server name is empty (malformed sender, event ID or authorising user)"}
		}
		if err := verifyServer(sigs, server, input, keys, *e.ver(), e.ts); err != nil {
			return err
		}
	}
	return nil
}

func verifyServer(sigs jsonread.Value, server string, input []byte, keys KeyLookup, v roomversion.Version, ts int64) error {
	// The first member named server, as gjson's ForEach found it (a parsed
	// event repeats no key, DECISIONS X2).
	var mine jsonread.Value
	if sigs.IsObject() {
		for it := jsonread.ScanMembers(string(sigs), 1); it.Next(); {
			if it.KeyIs(server) {
				mine = jsonread.Value(it.Val)
				break
			}
		}
	}
	if !mine.IsObject() {
		return &SignatureError{Server: server, Reason: "no signatures from this server"}
	}
	good := 0
	var bad error
	var unknown, expired []string
	for it := jsonread.ScanMembers(string(mine), 1); bad == nil && it.Next(); {
		keyID := it.UnescapedKey()
		val := jsonread.Value(it.Val)
		if !strings.HasPrefix(keyID, "ed25519:") {
			continue
		}
		pk, ok := keys.LookupKey(server, keyID)
		if !ok {
			unknown = append(unknown, keyID)
			continue // S1: unknown keys are ignored
		}
		if v.EnforceKeyValidity && pk.ValidUntilTS != 0 && pk.ValidUntilTS < ts {
			expired = append(expired, keyID)
			continue // SIG-KEY-2: key not valid at origin_server_ts
		}
		if len(pk.Key) != ed25519.PublicKeySize {
			bad = &SignatureError{Server: server, KeyID: keyID, Reason: "public key has the wrong size"}
			continue
		}
		if !val.IsString() {
			bad = &SignatureError{Server: server, KeyID: keyID, Reason: "signature is not a string"}
			continue
		}
		sig, ok := decodeB64(val.Str())
		if !ok || len(sig) != ed25519.SignatureSize {
			bad = &SignatureError{Server: server, KeyID: keyID, Reason: "signature is not valid base64 of 64 bytes"}
			continue
		}
		if !ed25519.Verify(pk.Key, input, sig) {
			bad = &SignatureError{Server: server, KeyID: keyID, Reason: "signature does not verify"}
			continue
		}
		good++
	}
	if bad != nil {
		return bad
	}
	if good == 0 {
		return noUsableKey(server, unknown, expired)
	}
	return nil
}

// noUsableKey is the SignatureError for a server none of whose signatures
// is by a known key valid at the event's time, naming the key IDs it
// signed with that are unknown (to fetch) and expired (SIG-REQ-3,
// SIG-KEY-2).
func noUsableKey(server string, unknown, expired []string) *SignatureError {
	slices.Sort(unknown)
	slices.Sort(expired)
	reason := "no signature by a known, valid key"
	if len(unknown) > 0 {
		reason += "; unknown key IDs: " + strings.Join(unknown, ", ")
	}
	if len(expired) > 0 {
		reason += "; keys expired before origin_server_ts: " + strings.Join(expired, ", ")
	}
	if len(unknown) == 0 && len(expired) == 0 {
		reason += "; it has no ed25519 signature"
	}
	return &SignatureError{Server: server, MissingKeyIDs: unknown, Reason: reason}
}

// VerifyJSONSignature reports whether sigB64 (standard base64, padded or
// not) is pub's Ed25519 signature of the JSON object objectJSON as the
// spec's "Signing JSON" defines it: the object without signatures and
// unsigned, in canonical JSON (CJ-LAX number form, as Synapse). It serves
// the `signed` block of a third-party invite. Malformed input gives false.
func VerifyJSONSignature(objectJSON string, pub ed25519.PublicKey, sigB64 string) bool {
	if len(pub) != ed25519.PublicKeySize {
		return false
	}
	var sigBuf [sigB64Buf]byte
	sig, ok := decodeSigB64(sigBuf[:], sigB64)
	if !ok {
		return false
	}
	if len(objectJSON) > maxRawInputBytes {
		return false
	}
	if _, err := scanJSON(objectJSON, false); err != nil || !isObjectText(objectJSON) {
		return false
	}
	bp := getBuf()
	defer putBuf(bp)
	input, err := appendCanonical((*bp)[:0], objectJSON, numLax, dropForSigning, redaction{})
	*bp = input
	if err != nil {
		return false
	}
	return ed25519.Verify(pub, input, sig)
}

// sigB64Buf is the buffer decodeSigB64 decodes into: the decoded length
// of a padded 64-byte signature (88 characters) rounds up to 66.
const sigB64Buf = 66

// decodeSigB64 decodes s as decodeB64 does (padded or raw standard base64,
// strict) into buf, without allocating, and returns the decoded bytes
// when they are exactly one Ed25519 signature. Text too long to be one is
// refused before decoding.
func decodeSigB64(buf []byte, s string) ([]byte, bool) {
	var src [88]byte // the padded base64 length of a signature
	if len(s) == 0 || len(s) > len(src) {
		return nil, false
	}
	n := copy(src[:], s)
	enc := base64.RawStdEncoding.Strict()
	if n%4 == 0 && s[n-1] == '=' {
		enc = base64.StdEncoding.Strict()
	}
	if enc.DecodedLen(n) > len(buf) {
		return nil, false
	}
	m, err := enc.Decode(buf, src[:n])
	if err != nil || m != ed25519.SignatureSize {
		return nil, false
	}
	return buf[:m], true
}
