package auth

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// The gjson-based MEMBER-INVITE-TPI-7/8 check that verifyThirdPartySignature
// replaced, kept as the reference the in-place one must agree with.

// refVerifyThirdPartySignature is the implementation of MEMBER-INVITE-TPI-7/8 as Synapse checks it
// (D17): the candidate keys are content.public_key, then each
// content.public_keys[i].public_key, in order. For each key only the first
// "ed25519:" signature of signed.signatures is tried; a key that verifies
// allows the event, a key reached in this order that does not decode
// rejects it, and later keys are never looked at.
func (c *checker) refVerifyThirdPartySignature(inv *event.Event, signed gjson.Result) verdict {
	content := gjson.Parse(inv.ContentJSON())
	var keys []gjson.Result
	if pk := content.Get("public_key"); pk.Exists() {
		keys = append(keys, gjson.Parse(`{"public_key":`+pk.Raw+`}`))
	}
	if pks := content.Get("public_keys"); pks.Exists() {
		switch {
		case pks.IsArray():
			keys = append(keys, pks.Array()...)
		case pks.IsObject():
			pks.ForEach(func(k, _ gjson.Result) bool { keys = append(keys, k); return true })
		case pks.Type == gjson.String:
			for range pks.Str {
				keys = append(keys, gjson.Result{}) // characters: not key objects
			}
		default:
			return c.rejectKey(RuleMemberInviteTPI8, "public_keys", pks.Raw, "public_keys is not a list") // D11
		}
	}
	sigs := signed.Get("signatures")
	for _, obj := range keys {
		if !obj.IsObject() || !obj.Get("public_key").Exists() {
			return c.rejectKey(RuleMemberInviteTPI8, "public_keys entry", obj.Raw, "malformed public_keys entry") // D11
		}
		pkv := obj.Get("public_key")
		if !sigs.Exists() {
			continue
		}
		if !sigs.IsObject() {
			return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", sigs.Raw, "signed.signatures is not an object") // D11
		}
		sig, found, bad := refFirstEd25519Signature(sigs)
		if bad {
			return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", sigs.Raw, "malformed signed.signatures") // D11
		}
		if !found {
			continue
		}
		pub, ok := refDecodeKey(pkv)
		if !ok {
			return c.rejectKey(RuleMemberInviteTPI8, "public_key", pkv.Raw, "public key does not decode to an ed25519 key") // D11
		}
		if sig.Type != gjson.String {
			continue
		}
		sigStd := strings.NewReplacer("-", "+", "_", "/").Replace(sig.Str)
		if event.VerifyJSONSignature(signed.Raw, pub, sigStd) {
			return allow
		}
	}
	return c.rejectKey(RuleMemberInviteTPI8, "signed.signatures", sigs.Raw, "no signature verifies against the third-party invite's keys")
}

// firstEd25519Signature returns the first signature under an "ed25519:" key
// ID, servers and key IDs taken in sorted order. bad reports a server entry
// that is not an object.
func refFirstEd25519Signature(sigs gjson.Result) (sig gjson.Result, found, bad bool) {
	var servers []string
	sigs.ForEach(func(k, v gjson.Result) bool {
		servers = append(servers, k.Str)
		return true
	})
	sort.Strings(servers)
	for _, s := range servers {
		block := refObjectGet(sigs, s)
		if !block.IsObject() {
			return gjson.Result{}, false, true
		}
		var names []string
		block.ForEach(func(k, _ gjson.Result) bool {
			if strings.HasPrefix(k.Str, "ed25519:") {
				names = append(names, k.Str)
			}
			return true
		})
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		return refObjectGet(block, names[0]), true, false
	}
	return gjson.Result{}, false, false
}

// decodeKey decodes a public key: unpadded base64, standard or URL-safe,
// of exactly 32 bytes.
func refDecodeKey(v gjson.Result) (ed25519.PublicKey, bool) {
	if v.Type != gjson.String {
		return nil, false
	}
	b, ok := refDecodeUnpaddedBase64(v.Str)
	if !ok || len(b) != ed25519.PublicKeySize {
		return nil, false
	}
	return ed25519.PublicKey(b), true
}

// decodeUnpaddedBase64 decodes base64 in the standard or URL-safe alphabet,
// with or without padding.
func refDecodeUnpaddedBase64(s string) ([]byte, bool) {
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	b, err := base64.RawStdEncoding.DecodeString(s)
	return b, err == nil
}

// TestThirdPartySignatureMatchesReference checks that the in-place
// MEMBER-INVITE-TPI-7/8 check reaches the verdict, rule, key, value and
// reason of the reference on invites whose public_key, public_keys and
// signed.signatures take every shape the rules distinguish (D11, D17),
// picked at random, and that an allowed check allocates only inside
// event.VerifyJSONSignature (at most twice per key tried; once more for a
// URL-safe signature).
func TestThirdPartySignatureMatchesReference(t *testing.T) {
	rv := roomversion.V7()
	seed := make([]byte, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	other := ed25519.NewKeyFromSeed(append(make([]byte, 31), 1))
	std := base64.RawStdEncoding.EncodeToString(pub)
	urlKey := base64.RawURLEncoding.EncodeToString(pub)
	otherKey := base64.RawStdEncoding.EncodeToString(other.Public().(ed25519.PublicKey))
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	signedBase := `{"mxid":"@bob:a.test","token":"tok"}`
	sign := func(k ed25519.PrivateKey, server, keyID string) string {
		out, err := event.SignJSON([]byte(signedBase), server, keyID, k)
		require.NoError(t, err)
		return gjson.Get(string(out), "signatures."+strings.ReplaceAll(server, ".", `\.`)+"."+strings.ReplaceAll(keyID, ".", `\.`)).Str
	}
	good := sign(priv, "id.test", "ed25519:0")
	bad := sign(other, "id.test", "ed25519:0")
	goodURL := strings.NewReplacer("+", "-", "/", "_").Replace(good)
	keys := []string{"", q(std), q(urlKey), q(std + "="), q(otherKey), q("!!"), "5", "null", q(std[:20])}
	lists := []string{"", "[]", `[{"public_key":` + q(std) + `}]`, `[{"public_key":` + q(otherKey) + `},{"public_key":` + q(std) + `}]`,
		`[{"public_key":"x"}]`, "[1]", `[{"x":1}]`, "{}", `{"a":1}`, `""`, `"ab"`, "5", "null", `[{"public_key":` + q(urlKey) + `}]`}
	sigBlocks := []string{"", "5", "{}", `{"id.test":{"ed25519:0":` + q(good) + `}}`, `{"id.test":{"ed25519:0":` + q(bad) + `}}`,
		`{"id.test":{"ed25519:0":` + q(goodURL) + `}}`, `{"id.test":5}`, `{"a.test":{"other:1":"x"},"id.test":{"ed25519:0":` + q(good) + `}}`,
		`{"z.test":5,"id.test":{"ed25519:0":` + q(good) + `}}`, `{"a.test":5,"id.test":{"ed25519:0":` + q(good) + `}}`,
		`{"id.test":{"ed25519:1":` + q(bad) + `,"ed25519:0":` + q(good) + `}}`, `{"id.test":{"ed25519:0":5}}`,
		`{"id\u002etest":{"ed25519:0":` + q(good) + `}}`, `{"id.test":{"ed25519:0":` + q(good) + `,"ed25519:00":` + q(bad) + `}}`}
	rng := rand.New(rand.NewSource(14))
	ev, err := event.NewWithID([]byte(`{"type":"m.room.member","state_key":"@bob:a.test","sender":"@alice:a.test","room_id":"!r:a.test","content":{"membership":"invite"},"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$ev", rv)
	require.NoError(t, err)
	run := func(pk, list, sigs string) {
		content := `{"display_name":"x"`
		if pk != "" {
			content += `,"public_key":` + pk
		}
		if list != "" {
			content += `,"public_keys":` + list
		}
		content += "}"
		inv, err := event.NewWithID([]byte(`{"type":"m.room.third_party_invite","state_key":"tok","sender":"@alice:a.test","room_id":"!r:a.test","content":`+content+`,"auth_events":[],"prev_events":[],"depth":1,"origin_server_ts":1,"hashes":{"sha256":"x"},"signatures":{}}`), "$inv", rv)
		require.NoError(t, err)
		signed := strings.TrimSuffix(signedBase, "}")
		if sigs != "" {
			signed += `,"signatures":` + sigs
		}
		signed += "}"
		name := fmt.Sprintf("public_key=%s public_keys=%s signatures=%s", pk, list, sigs)
		a := checker{ev: ev, v: rv}
		b := checker{ev: ev, v: rv}
		va := a.verifyThirdPartySignature(inv, jv(signed))
		vb := b.refVerifyThirdPartySignature(inv, gjson.Parse(signed))
		require.Equal(t, vb, va, name)
		if vb == reject {
			require.Equal(t, *b.err, *a.err, name)
		} else if !raceEnabled { // -race instrumentation allocates
			n := testing.AllocsPerRun(3, func() { c := checker{ev: ev, v: rv}; _ = c.verifyThirdPartySignature(inv, jv(signed)) })
			// event.VerifyJSONSignature allocates once or twice per
			// key tried (decoding the signature); a URL-safe signature
			// is mapped to the standard alphabet once more.
			limit := 2 * float64(strings.Count(content, `"public_key"`))
			if strings.Contains(sigs, goodURL) {
				limit++
			}
			if !strings.Contains(sigs, `\u`) { // escaped names are decoded, which allocates
				require.LessOrEqual(t, n, limit, name)
			}
		}
	}
	runs := 0
	for _, pk := range keys {
		for _, list := range lists {
			for _, sigs := range sigBlocks {
				if rng.Intn(3) != 0 && !(pk == q(std) && list == "") {
					continue
				}
				run(pk, list, sigs)
				runs++
			}
		}
	}
	require.Greater(t, runs, 300)
}

// refObjectGet returns the member key of the object obj, the last one
// should a key repeat, read with gjson alone.
func refObjectGet(obj gjson.Result, key string) gjson.Result {
	var out gjson.Result
	if obj.IsObject() {
		obj.ForEach(func(k, v gjson.Result) bool {
			if k.Str == key {
				out = v
			}
			return true
		})
	}
	return out
}
