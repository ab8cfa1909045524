package conformance

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// reencode decodes a PDU into generic values and encodes it again with
// encoding/json: other key order, other escapes (U+2028, <, >, &), no
// insignificant whitespace, numbers kept as written.
func reencode(t *testing.T, raw []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v map[string]any
	require.NoError(t, dec.Decode(&v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return out
}

// TestAllowedEventsSurviveJSONRoundTrip is the round-trip property: every
// event of the corpus judged allowed is still a valid PDU with the same
// event ID and the same verdict from the receipt pipeline, against the same
// auth events, after its JSON is decoded and encoded again, and after
// canonical JSON.
func TestAllowedEventsSurviveJSONRoundTrip(t *testing.T) {
	checked := 0
	for _, f := range loadCorpus(t) {
		verdicts := Judge(f)
		opts := Options{}.receiptOptions(f)
		var keys event.KeyLookup
		if f.Keys != nil {
			keys = newKeyRing(f.Keys)
		}
		for i, v := range verdicts {
			if !v.Allowed || v.Redacted {
				continue
			}
			lookup := func(id string) (*event.Event, bool) {
				a := f.Lookup(id)
				if a == nil || a.Index >= i {
					return nil, false
				}
				return verdicts[a.Index].Event, !verdicts[a.Index].Allowed
			}
			texts := map[string][]byte{"encoding/json": reencode(t, f.Events[i].Raw)}
			if canon, err := event.CanonicalJSON(f.Events[i].Raw); err == nil && f.RoomVersion.StrictCanonicalJSON {
				texts["canonical"] = canon // lax versions may hold floats, which canonical JSON rewrites
			}
			for how, text := range texts {
				in := receipt.Input{PDU: text, Version: f.RoomVersion, Keys: keys, AuthEvents: lookup}
				if f.GivenIDs && f.RoomVersion.EventIDFormat != roomversion.EventIDGiven {
					in.EventID = v.ID
				}
				r := receipt.Check(in, opts)
				require.True(t, r.Accepted(), "%s %s via %s: %v", f.Name, v.ID, how, r.Err)
				require.Equal(t, v.ID, r.Event.ID(), "%s via %s", f.Name, how)
				checked++
			}
		}
	}
	require.Greater(t, checked, 3000)
}
