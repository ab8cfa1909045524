package event

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

const derivePDU = `{"type":"m.room.message","sender":"@u:domain","room_id":"!r:domain","content":{"body":"hi"},"depth":2,"origin_server_ts":1000004,"hashes":{"sha256":"x"},"signatures":{},"auth_events":["$b"],"prev_events":["$a"]}`

func TestDeriveEventIDMatchesParseOnValidPDUs(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V3(), roomversion.V4(), roomversion.V7()} {
		ev, err := Parse([]byte(derivePDU), v)
		require.NoError(t, err)
		id, err := DeriveEventID([]byte(derivePDU), v)
		require.NoError(t, err)
		require.Equal(t, ev.ID(), id, "v%s", v.ID)
	}
}

func TestDeriveEventIDNamesInvalidPDUs(t *testing.T) {
	v := roomversion.V6()
	for name, pdu := range map[string]string{
		"duplicate key (X2)":         `{"type":"m.room.message","type":"m.room.message",` + derivePDU[len(`{"type":"m.room.message",`):],
		"float in v6 (CJ-STRICT)":    derivePDU[:len(derivePDU)-1] + `,"x":1.5}`,
		"event_id in a v6 PDU (D16)": `{"event_id":"$x",` + derivePDU[1:],
		"depth out of range (D20)":   `{"depth":9007199254740992,` + derivePDU[1:],
	} {
		_, perr := Parse([]byte(pdu), v)
		require.Error(t, perr, name)
		id, err := DeriveEventID([]byte(pdu), v)
		require.NoError(t, err, name)
		require.Len(t, id, 44, name)
	}
	// Repeated keys keep the last value, as JSON decoders do.
	a, err := DeriveEventID([]byte(`{"type":"a","type":"m.room.message",`+derivePDU[len(`{"type":"m.room.message",`):]), v)
	require.NoError(t, err)
	b, err := DeriveEventID([]byte(derivePDU), v)
	require.NoError(t, err)
	require.Equal(t, b, a)
	_, err = DeriveEventID([]byte(`[1]`), v)
	require.Error(t, err)
	_, err = DeriveEventID([]byte(derivePDU), roomversion.V1())
	require.Error(t, err)
}
