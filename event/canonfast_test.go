package event

import (
	"crypto/sha256"
	"strconv"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// fastSigningInput returns the signing input written from the scan's
// canonical output, and whether that path applies.
func fastSigningInput(t testing.TB, raw []byte, v roomversion.Version) ([]byte, bool) {
	t.Helper()
	s := string(raw)
	enc := getEncoder(numModeFor(v))
	defer putEncoder(enc)
	info, err := scanTop(s, v.StrictCanonicalJSON, enc, v)
	if err != nil || !isObjectText(s) {
		return nil, false
	}
	b, ok := enc.appendSigningCanon(nil, s, v, info.hasFloat)
	return b, ok
}

// checkScanShapes asserts that what the scan notes of hashes,
// signatures, auth_events and prev_events (scanInfo) agrees with the field
// walk's own reading of the text (isStringMap, isSignatureMap, appendRefs).
func checkScanShapes(t testing.TB, raw []byte, v roomversion.Version) {
	t.Helper()
	s := string(raw)
	enc := getEncoder(numModeFor(v))
	defer putEncoder(enc)
	info, err := scanTop(s, v.StrictCanonicalJSON, enc, v)
	// The emitting scan, with its short paths, accepts and refuses what
	// the plain scan does, in the same words.
	plain, perr := scanJSON(s, v.StrictCanonicalJSON)
	require.Equal(t, perr == nil, err == nil, "emitting and plain scans disagree on %s: %v / %v", raw, err, perr)
	if err != nil {
		require.Equal(t, perr.Error(), err.Error(), "error of %s", raw)
	} else {
		require.Equal(t, plain.hasFloat, info.hasFloat, "hasFloat of %s", raw)
	}
	if err != nil || !isObjectText(s) {
		return
	}
	for k := range enc.members {
		m := &enc.members[k]
		val := m.valText(s)
		switch m.name() {
		case "hashes":
			_, sha := topMember(val, "sha256")
			require.Equal(t, !isStringMap(val), info.badHashes, "hashes shape of %s", raw)
			if isStringMap(val) {
				require.Equal(t, sha, info.hashesSHA256, "hashes.sha256 of %s", raw)
			}
		case "signatures":
			require.Equal(t, !isSignatureMap(val), info.badSignatures, "signatures shape of %s", raw)
		case "auth_events", "prev_events":
			plain, refs := info.plainAuth, enc.authRefs
			max := MaxAuthEvents
			if m.name() == "prev_events" {
				plain, refs, max = info.plainPrev, enc.prevRefs, MaxPrevEvents
			}
			if !plain || val[0] != '[' {
				continue
			}
			want, err := appendRefs(nil, m.name(), val, v.EventFormat == roomversion.FormatV1, max)
			if len(refs) > max {
				require.Error(t, err, "more than %d entries", max)
				continue
			}
			require.NoError(t, err)
			require.Equal(t, append([]string{}, want...), spanStrings(s, refs), "%s of %s", m.name(), raw)
		}
	}
}

// checkSigningCanon asserts that the one-pass signing input equals the
// general encoder's (HASH-R-1..3) whenever the one-pass path applies.
func checkSigningCanon(t testing.TB, raw []byte, v roomversion.Version) bool {
	t.Helper()
	fast, ok := fastSigningInput(t, raw, v)
	if !ok {
		return false
	}
	slow, err := appendSigningInput(nil, string(raw), v)
	require.NoError(t, err)
	require.Equal(t, string(slow), string(fast), "one-pass signing input differs from the encoder's for %s", raw)
	return true
}

// checkContentHashCanon asserts that the one-pass content hash input
// equals the general encoder's (HASH-C-2, D14, HASH-C-3) whenever the
// one-pass path applies, and that a parse asked to check the content hash
// (ParseOptions.ContentHash) reaches ContentHashValid's own verdict.
func checkContentHashCanon(t testing.TB, raw []byte, v roomversion.Version) bool {
	t.Helper()
	s := string(raw)
	enc := getEncoder(numModeFor(v))
	defer putEncoder(enc)
	enc.chash = true
	info, err := scanTop(s, v.StrictCanonicalJSON, enc, v)
	if err != nil || !isObjectText(s) {
		return false
	}
	fast, ok := enc.appendContentHashCanon(nil, info.hasFloat)
	slow, err := appendCanonical(nil, s, numModeFor(v), dropForContentHash, redaction{})
	if ok {
		require.NoError(t, err)
		require.Equal(t, string(slow), string(fast), "one-pass content hash input differs from the encoder's for %s", raw)
	}
	// The scan asked for the content hash writes a superset of the
	// signing input's members; the signing input is unchanged by it.
	if sig, ok := enc.appendSigningCanon(nil, s, v, info.hasFloat); ok {
		want, err := appendSigningInput(nil, s, v)
		require.NoError(t, err)
		require.Equal(t, string(want), string(sig), "signing input with the content hash scan for %s", raw)
	}
	// Both hashes at once, the prefix the two inputs share hashed once,
	// agree with the general encoder's inputs.
	if ref, ch, both := enc.hashBoth(s, &v, info.hasFloat); both {
		want, err := appendSigningInput(nil, s, v)
		require.NoError(t, err)
		require.Equal(t, sha256.Sum256(want), ref, "reference hash of hashBoth for %s", raw)
		require.True(t, ok, "hashBoth without the content hash input for %s", raw)
		require.Equal(t, sha256.Sum256(slow), ch, "content hash of hashBoth for %s", raw)
	}
	plain, err1 := Parse(raw, v)
	checked, err2 := ParseWith(raw, v, ParseOptions{ContentHash: true})
	require.Equal(t, err1 == nil, err2 == nil, "ParseWith and Parse disagree on %s: %v %v", raw, err1, err2)
	if err1 == nil {
		require.Equal(t, plain.ID(), checked.ID())
		require.Equal(t, plain.JSON(), checked.JSON())
		ok1, e1 := plain.ContentHashValid()
		ok2, e2 := checked.ContentHashValid()
		require.Equal(t, ok1, ok2, "content hash verdict of %s", raw)
		require.Equal(t, e1 == nil, e2 == nil, "content hash error of %s: %v %v", raw, e1, e2)
		h1, e1 := plain.ContentHash()
		h2, e2 := contentHashGeneral(plain)
		require.Equal(t, e1 == nil, e2 == nil)
		require.Equal(t, h2, h1, "ContentHash one-pass and general for %s", raw)
	}
	return ok
}

// contentHashGeneral is the content hash by the general encoder alone.
func contentHashGeneral(e *Event) ([32]byte, error) {
	b, err := appendCanonical(nil, e.text(), numModeFor(*e.ver()), dropForContentHash, redaction{})
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

func TestSigningCanonMatchesEncoderOnCorpus(t *testing.T) {
	n, h, verdicts := 0, 0, map[bool]int{}
	for _, evs := range loadCorpus(t) {
		for _, ce := range evs {
			checkScanShapes(t, ce.raw, ce.v)
			if checkSigningCanon(t, ce.raw, ce.v) {
				n++
			}
			if checkContentHashCanon(t, ce.raw, ce.v) {
				h++
			}
			if e, err := ParseWith(ce.raw, ce.v, ParseOptions{ID: ce.given, ContentHash: true}); err == nil {
				checkFieldsAsText(t, e)
				ok, _ := e.ContentHashValid()
				verdicts[ok]++
			}
		}
	}
	require.Greater(t, n, 1000, "the one-pass path covers the corpus")
	require.Greater(t, h, 1000, "the one-pass content hash covers the corpus")
	require.Greater(t, verdicts[true], 100, "matching content hashes")
	require.Greater(t, verdicts[false], 3, "mismatching content hashes")
}

func TestSigningCanonEdgeCases(t *testing.T) {
	for name, c := range map[string]struct {
		raw string
		v   roomversion.Version
	}{
		"escaped keys and values":  {`{"type":"m.room.member","con\u0074ent":{"z":1,"membership":"jo\u0069n","a\"b":"\u00e9\n"},"b":{"y":[1,{"d":2,"c":-0}],"x":true}}`, roomversion.V6()},
		"no content":               {`{"type":"m.room.message","sender":"@a:x"}`, roomversion.V6()},
		"content not an object":    {`{"type":"m.room.member","content":[1]}`, roomversion.V6()},
		"empty content":            {`{"type":"m.room.power_levels","content":{}}`, roomversion.V11()},
		"create v12 drops room_id": {`{"type":"m.room.create","room_id":"!x","content":{"b":1,"a":{"d":1,"c":2}}}`, roomversion.V12()},
		"create v11 keeps all":     {`{"type":"m.room.create","room_id":"!x","content":{"b":1,"a":{"d":1,"c":2}}}`, roomversion.V11()},
		"tpi v11 not an object":    {`{"type":"m.room.member","content":{"membership":"invite","third_party_invite":1}}`, roomversion.V10()},
		"unknown top keys dropped": {`{"unsigned":{"b":1},"signatures":{"x":{}},"origin":"x","membership":"join","prev_state":[],"zz":1,"type":"t","content":{"q":1}}`, roomversion.V10()},
		"unsigned short path":      {`{"unsigned":{"b":[1,{"d":"x","c":true}],"a":null},"type":"t","content":{"q":1}}`, roomversion.V10()},
		"unsigned declined":        {`{"unsigned":{"b":-0,"a":"\u00e9"},"type":"t","content":{"q":1}}`, roomversion.V10()},
		"v11 drops origin":         {`{"unsigned":{"b":1},"origin":"x","membership":"join","prev_state":[],"type":"t","content":{"q":1}}`, roomversion.V11()},
		"nested arrays of objects": {`{"type":"m.room.power_levels","content":{"users":{"@b:x":50,"@a:x":100},"events":{"z":1,"a":2},"x":[{"b":1,"a":[{"d":1,"c":1}]}]}}`, roomversion.V1()},
		"whitespace everywhere":    {" { \"type\" : \"m.room.join_rules\" , \"content\" : { \"join_rule\" : \"public\" , \"allow\" : [ { \"type\" : \"m\" } ] } } ", roomversion.V8()},
		"big object sorted by map": {`{"type":"m.room.power_levels","content":{"users":{` + bigUsers(60) + `}}}`, roomversion.V6()},
	} {
		t.Run(name, func(t *testing.T) {
			checkScanShapes(t, []byte(c.raw), c.v)
			require.True(t, checkSigningCanon(t, []byte(c.raw), c.v), "the one-pass path applies")
			checkContentHashCanon(t, []byte(c.raw), c.v)
		})
	}
	// A float and a v11 third_party_invite object need the general encoder.
	_, ok := fastSigningInput(t, []byte(`{"type":"t","content":{"a":1.5}}`), roomversion.V5())
	require.False(t, ok, "a float (CJ-LAX) goes to the general encoder")
	_, ok = fastSigningInput(t, []byte(`{"type":"m.room.member","content":{"membership":"invite","third_party_invite":{"signed":{},"x":1}}}`), roomversion.V11())
	require.False(t, ok, "RED-11-TPI goes to the general encoder")
}

func TestScanShapes(t *testing.T) {
	for _, raw := range []string{
		`{"hashes":{"sha256":"x"},"signatures":{"a":{"k":"s"}},"auth_events":["$a","$b"],"prev_events":[]}`,
		`{"hashes":{"sha256":1},"signatures":{"a":{"k":1}},"auth_events":["$\u0061"],"prev_events":[1]}`,
		`{"hashes":{"other":"x"},"signatures":{"a":[]},"auth_events":"x","prev_events":{}}`,
		`{"hashes":[{"sha256":"x"}],"signatures":[{"a":{"k":"s"}}],"auth_events":[["$a",{}]],"prev_events":[[]]}`,
		`{"hashes":"x","signatures":{"a":{"k":"s"},"b":{"k":{"x":"y"}}},"auth_events":["$1","$2","$3","$4","$5","$6","$7","$8","$9","$10","$11","$12"]}`,
		`{"content":{"hashes":1,"signatures":2,"auth_events":[1]},"hashes":{},"signatures":{}}`,
	} {
		checkScanShapes(t, []byte(raw), roomversion.V6())
		checkScanShapes(t, []byte(raw), roomversion.V1())
	}
	// v1 pairs (FMT-2).
	for _, raw := range []string{
		`{"auth_events":[["$a:x",{"sha256":"h"}],["$b:x",{}]],"prev_events":[]}`,
		`{"auth_events":[["$a:x",{"sha256":1}]],"prev_events":[["$a:x"]]}`,
		`{"auth_events":[["$a:x",{"sha256":"h"},3]],"prev_events":[[1,{}]]}`,
		`{"auth_events":[["$\u0061",{}]],"prev_events":[[]]}`,
		`{"auth_events":[["$a",{"s":{"x":"y"}}]],"prev_events":[["$a",[]]]}`,
		`{"auth_events":["$a"],"prev_events":[{"a":"b"}]}`,
		// The short path of pairs declines these; the general scan reads them.
		`{"auth_events":[ [ "$a:x" , { "sha256" : "h" } ] ],"prev_events":[["$b",{"z":"1","a":"2"}]]}`,
		`{"auth_events":[["$é:x",{}]],"prev_events":[["$b",{"a":"1","a":"2"}]]}`,
		`{"auth_events":[["$a",{}],"$b"],"prev_events":[["$b",{}],["$c",{"sha256":"h"}]]}`,
	} {
		checkScanShapes(t, []byte(raw), roomversion.V1())
		checkScanShapes(t, []byte(raw), roomversion.V2())
	}
}

// FuzzOnePass: whatever the text, what the validating scan yields (the
// canonical signing input, the shapes of hashes and signatures, the ID
// lists) agrees with the general encoder and the field walk.
func FuzzOnePass(f *testing.F) {
	f.Add([]byte(`{"type":"m.room.member","content":{"b":{"d":[1,{"f":1,"e":2}],"c":"\u00e9"},"membership":"join"},"hashes":{"sha256":"x"},"auth_events":["$a"]}`), uint8(5))
	f.Add([]byte(`{"type":"m.room.create","room_id":"!r","content":{"z":1,"a":2},"signatures":{"a":{"b":"c"}}}`), uint8(11))
	f.Add([]byte(`{"type":"m.room.power_levels","content":{"users":{"@b":1,"@a":2},"notifications":{}},"unsigned":{"x":1}}`), uint8(0))
	f.Add(member1KB, uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, ver uint8) {
		versions := roomversion.Supported()
		v := versions[int(ver)%len(versions)]
		checkScanShapes(t, data, v)
		checkSigningCanon(t, data, v)
		checkContentHashCanon(t, data, v)
	})
}

func bigUsers(n int) string {
	s := ""
	for i := n; i > 0; i-- {
		if s != "" {
			s += ","
		}
		s += `"@u` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `:x":` + "1"
	}
	return s
}

// TestSigningKeys: signingKeys is in canonical order, signingRank indexes
// it, and exactly its keys can pass the signing filter (RED-1 less
// signatures) in some version.
func TestSigningKeys(t *testing.T) {
	for i, k := range signingKeys {
		require.Equal(t, i, signingRank(k))
		if i > 0 {
			require.Less(t, signingKeys[i-1], k)
		}
	}
	for _, k := range []string{"signatures", "unsigned", "redacts", "age_ts", "x", "Content", ""} {
		require.Equal(t, -1, signingRank(k))
		for _, v := range roomversion.Supported() {
			require.False(t, keepTop(redactForSigning, v, k), "%s kept in v%s", k, v.ID)
		}
	}
	for _, v := range roomversion.Supported() {
		for _, k := range signingKeys {
			require.Equal(t, redactTopKeep(v, k), keepTop(redactForSigning, v, k))
		}
	}
}

// TestScanDuplicateKeysWhileEmitting: the scan that writes canonical JSON
// (parse) refuses a duplicate key (DECISIONS X2) at every depth, in small
// objects and in objects past smallObjectKeys keys, escaped or not.
func TestScanDuplicateKeysWhileEmitting(t *testing.T) {
	big := bigUsers(2 * smallObjectKeys)
	for name, c := range map[string]struct {
		raw string
		dup bool
	}{
		"top":           {`{"a":1,"b":2,"a":3}`, true},
		"top escaped":   {`{"a":1,"b":2,"\u0061":3}`, true},
		"nested":        {`{"c":{"x":{"y":1,"y":2}}}`, true},
		"nested big":    {`{"c":{` + big + `,"@uab:x":1}}`, true},
		"nested big ok": {`{"c":{` + big + `,"@zz:x":1}}`, false},
		"in array":      {`{"c":[{"k":1},{"k":1,"j":2,"k":3}]}`, true},
		"siblings ok":   {`{"c":{"k":1},"d":{"k":1},"k":{"k":{"k":1}}}`, false},
		// Known top-level keys (field) in and out of order, and after
		// keys in order, which skip the search.
		"known key again":          {`{"content":{},"depth":1,"type":"t","content":{}}`, true},
		"known key escaped":        {`{"type":"t","sender":"@a:b","typ\u0065":"u"}`, true},
		"known after sorted":       {`{"a":1,"depth":1,"type":"t","b":2,"depth":2}`, true},
		"unknown after sorted":     {`{"a":1,"depth":1,"type":"t","b":2,"a":2}`, true},
		"unknown like known":       {`{"types":1,"type":2,"typ":3,"Type":4}`, false},
		"sorted then unsorted ok":  {`{"a":1,"b":2,"c":3,"aa":4,"depth":1,"content":{}}`, false},
		"nested sorted then again": {`{"c":{"a":1,"b":2,"c":3,"a":4}}`, true},
	} {
		t.Run(name, func(t *testing.T) {
			enc := getEncoder(numStrict)
			defer putEncoder(enc)
			_, err := scanTop(c.raw, true, enc, roomversion.V6())
			_, plain := scanJSON(c.raw, true)
			require.Equal(t, c.dup, err != nil, "%v", err)
			require.Equal(t, plain == nil, err == nil, "the emitting scan agrees with the plain one")
		})
	}
	// Many top-level keys take the map path too.
	top := `{` + bigUsers(2*smallObjectKeys) + `,"@uab:x":1}`
	enc := getEncoder(numStrict)
	defer putEncoder(enc)
	_, err := scanTop(top, true, enc, roomversion.V6())
	require.Error(t, err)
	// Past smallObjectKeys top-level keys a known key repeated after
	// keys in order is still found.
	top = `{"depth":1,` + bigUsers(2*smallObjectKeys) + `,"depth":2}`
	_, err = scanTop(top, true, enc, roomversion.V6())
	require.Error(t, err)
}

// TestPlainInteger: the short path of integer (FMT-1, FMT-5) reads what
// strconv.ParseInt reads, and declines the rest.
func TestPlainInteger(t *testing.T) {
	for _, tok := range []string{"0", "-0", "7", "-7", "123456789012345678", "-123456789012345678",
		"1234567890123456789", "9223372036854775807", "-9223372036854775808", "1.5", "1e3", "-", "", "12a", "--1", "+1"} {
		n, ok := plainInteger(tok)
		want, err := strconv.ParseInt(tok, 10, 64)
		if ok {
			require.NoError(t, err, tok)
			require.Equal(t, want, n, tok)
		} else {
			// Declined: integer reads it the long way (and refuses '+').
			require.True(t, err != nil || len(strings.TrimPrefix(tok, "-")) > 18 || tok[0] == '+', "%s declined", tok)
		}
	}
}

// TestScanCollectsV1Pairs: the scan collects the IDs of well-formed v1
// pairs (FMT-2), so that parse reads them without a second walk.
func TestScanCollectsV1Pairs(t *testing.T) {
	raw := `{"auth_events":[["$a:x",{"sha256":"h"}],["$b:x",{}]],"prev_events":[["$c:x",{"sha256":"h"}]]}`
	enc := getEncoder(numLax)
	defer putEncoder(enc)
	info, err := scanTop(raw, false, enc, roomversion.V1())
	require.NoError(t, err)
	require.True(t, info.plainAuth && info.plainPrev)
	require.Equal(t, []string{"$a:x", "$b:x"}, spanStrings(raw, enc.authRefs))
	require.Equal(t, []string{"$c:x"}, spanStrings(raw, enc.prevRefs))
	enc2 := getEncoder(numLax)
	defer putEncoder(enc2)
	info, err = scanTop(`{"auth_events":[["$a:x",{"sha256":1}]],"prev_events":[["$c:x",{}],"$d"]}`, false, enc2, roomversion.V1())
	require.NoError(t, err)
	require.False(t, info.plainAuth, "hashes of strings only")
	require.False(t, info.plainPrev, "pairs only")
}

// spanStrings returns the texts the spans r locate in s.
func spanStrings(s string, r []idSpan) []string {
	out := []string{}
	for _, x := range r {
		out = append(out, s[x.i:x.j])
	}
	return out
}
