package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEventV1(t *testing.T) {
	pdu, err := os.ReadFile(filepath.Join(cmdData, "pdu-v1.json"))
	require.NoError(t, err)
	code, out, _ := mxauth(t, string(pdu), "event", "--room-version", "1")
	require.Equal(t, exitOK, code, out)
	var rep eventReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.True(t, rep.Valid)
	require.Equal(t, "$create:example.org", rep.EventID)
	require.NotNil(t, rep.ContentHash)
	require.True(t, rep.ContentHash.Matches)
	require.Equal(t, "jn0FSZ5cI35ZlS2g3oy1SaSkZAbPGEUdBgmdQBGWWB4", rep.ContentHash.Computed)
	// The v1 fixtures cite the create event with this reference hash.
	require.Equal(t, "sCIJgw+/WTyMz+Oa3fQ18/eCq1XswR0JXdxmlCjvaHY", rep.ReferenceHash)
	require.Equal(t, []string{"example.org"}, rep.RequiredSigners)
	var red map[string]any
	require.NoError(t, json.Unmarshal(rep.Redacted, &red))
	require.Equal(t, map[string]any{"creator": "@alice:example.org"}, red["content"])
}

func TestEventDefaultVersionAndInvalid(t *testing.T) {
	pdu, err := os.ReadFile(filepath.Join(cmdData, "pdu-v1.json"))
	require.NoError(t, err)
	// Room version 6 (the default) forbids event_id in a PDU (D16).
	code, out, _ := mxauth(t, string(pdu), "event")
	require.Equal(t, exitFail, code)
	var rep eventReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, "6", rep.RoomVersion)
	require.False(t, rep.Valid)
	require.NotEmpty(t, rep.Error)

	code, out, _ = mxauth(t, string(pdu), "event", "--strip-event-id")
	require.Equal(t, exitOK, code, out)
	rep = eventReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, "$create:example.org", rep.EventID)
	require.False(t, rep.ContentHash.Matches, "the hash covered event_id")
}

func TestEventComputedID(t *testing.T) {
	// The first event of a v6 fixture: its computed ID is what the
	// fixture's other events cite.
	var plain struct {
		Events []json.RawMessage `json:"events"`
	}
	data, err := os.ReadFile(filepath.Join(cmdData, "plain-v6.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &plain))
	code, out, _ := mxauth(t, string(plain.Events[0]), "event")
	require.Equal(t, exitOK, code, out)
	var rep eventReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, "$gffiyKu20W-FHi8CkzDPlWqaqCsv4-4fNFSAaznP5Ks", rep.EventID)
	require.True(t, rep.ContentHash.Matches)
}

func TestEventBadVersion(t *testing.T) {
	code, _, errOut := mxauth(t, "{}", "event", "--room-version", "99")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "99")
}

// TestEventV12 reads the create event of a room version 12 room (the
// EDGE-V12-ID1 vector): no room_id, and its ID names the room. The same
// text is not a valid create event of room version 11, which needs room_id.
func TestEventV12(t *testing.T) {
	pdu, err := os.ReadFile(filepath.Join(cmdData, "pdu-v12.json"))
	require.NoError(t, err)
	code, out, _ := mxauth(t, string(pdu), "event", "--room-version", "12")
	require.Equal(t, exitOK, code, out)
	var rep eventReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.True(t, rep.Valid, rep.Error)
	require.Equal(t, "$lVEL38waGAf4ggmWC3OVk_bbx8kZx-iOcTBKXTBnM54", rep.EventID)
	require.True(t, rep.ContentHash.Matches)
	require.Equal(t, []string{"maunium.net"}, rep.RequiredSigners)

	code, out, _ = mxauth(t, string(pdu), "event", "--room-version", "11")
	require.Equal(t, exitFail, code, out)
	rep = eventReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.False(t, rep.Valid)
	require.Contains(t, rep.Error, "room_id")
}

// TestEventEveryVersion: every room version 1–12 is accepted by the flag.
func TestEventEveryVersion(t *testing.T) {
	for v := 1; v <= 12; v++ {
		code, _, errOut := mxauth(t, "{}", "event", "--room-version", strconv.Itoa(v))
		require.NotEqual(t, exitUsage, code, "version %d: %s", v, errOut)
	}
	code, _, errOut := mxauth(t, "{}", "event", "--room-version", "13")
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "13")
}
