package event

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// Tests named after the DIGEST rule or DECISIONS row whose Synapse parity
// they pin, for inputs the public fixtures do not cover.

// TestSIG_REQ_2_EventIDDomainComparedWithSender: in v1–2 Synapse compares
// domain(event_id) with domain(sender) also for a third-party invite, whose
// sender signature is not required (SIG-REQ-1, SIG-REQ-2, EDGE-S3).
func TestSIG_REQ_2_EventIDDomainComparedWithSender(t *testing.T) {
	member := func(sender, eventID string, tpi bool) string {
		content := `{"membership":"invite"}`
		if tpi {
			content = `{"membership":"invite","third_party_invite":{}}`
		}
		return v1PDU(map[string]*string{
			"type": str(`"m.room.member"`), "state_key": str(`"@t:c.example"`),
			"sender": str(`"` + sender + `"`), "event_id": str(`"` + eventID + `"`),
			"content": str(content),
		})
	}
	for _, c := range []struct {
		name string
		raw  string
		want []string
	}{
		{"3pid invite, event ID on the sender's server", member("@u:a.example", "$e:a.example", true), []string{}},
		{"3pid invite, event ID on another server", member("@u:a.example", "$e:b.example", true), []string{"b.example"}},
		{"plain invite, same server", member("@u:a.example", "$e:a.example", false), []string{"a.example"}},
		{"plain invite, other server", member("@u:a.example", "$e:b.example", false), []string{"a.example", "b.example"}},
		{"3pid invite, sender without a domain", member("u", "$e:b.example", true), []string{"", "b.example"}},
		{"event ID without a domain", member("@u:a.example", "$e", false), []string{"a.example", ""}},
	} {
		e, err := Parse([]byte(c.raw), roomversion.V1())
		require.NoError(t, err, c.name)
		require.Equal(t, c.want, e.RequiredSigners(), c.name)
	}
	// With nothing required, any signatures (or none) pass.
	e, err := Parse([]byte(member("@u:a.example", "$e:a.example", true)), roomversion.V2())
	require.NoError(t, err)
	require.NoError(t, e.VerifySignatures(KeyRing{}))
}
