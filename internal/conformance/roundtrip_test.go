package conformance

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
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
// event ID and the same verdict against the same auth events after its
// JSON is decoded and encoded again, and after canonical JSON.
func TestAllowedEventsSurviveJSONRoundTrip(t *testing.T) {
	checked := 0
	for _, f := range loadCorpus(t) {
		verdicts := Judge(f)
		for i, v := range verdicts {
			if !v.Allowed || v.Redacted {
				continue
			}
			orig := f.Events[i].Event
			authEvents := make([]*event.Event, 0, len(orig.AuthEventIDs()))
			for _, id := range orig.AuthEventIDs() {
				authEvents = append(authEvents, verdicts[f.Lookup(id).Index].Event)
			}
			texts := map[string][]byte{"encoding/json": reencode(t, f.Events[i].Raw)}
			if canon, err := event.CanonicalJSON(f.Events[i].Raw); err == nil && f.RoomVersion.StrictCanonicalJSON {
				texts["canonical"] = canon // lax versions may hold floats, which canonical JSON rewrites
			}
			for how, text := range texts {
				var ev *event.Event
				var err error
				if f.GivenIDs && f.RoomVersion.EventIDFormat != roomversion.EventIDGiven {
					ev, err = event.NewWithID(text, v.ID, f.RoomVersion)
				} else {
					ev, err = event.Parse(text, f.RoomVersion)
				}
				require.NoError(t, err, "%s %s via %s", f.Name, v.ID, how)
				require.Equal(t, v.ID, ev.ID(), "%s via %s", f.Name, how)
				require.NoError(t, auth.CheckAuthEvents(ev, authEvents), "%s %s via %s", f.Name, v.ID, how)
				checked++
			}
		}
	}
	require.Greater(t, checked, 3000)
}
