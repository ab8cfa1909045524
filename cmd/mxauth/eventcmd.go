package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/tidwall/gjson"
)

const eventUsage = `
Usage: mxauth event [--room-version N] [--strip-event-id] [--keys FILE] < PDU.json

Reads one PDU from stdin and prints, as JSON: whether it is a valid PDU of
the room version (and why not), its event ID, its content hash and whether
hashes.sha256 matches it, its reference hash (unpadded standard base64),
the servers whose signatures it needs, and its redacted form. In room
versions 3 and later a PDU carrying event_id is invalid (DECISIONS D16);
--strip-event-id removes that member first and takes it as the event's ID,
as for an event from one's own store. --keys FILE verifies its signatures
(every server the room version requires) with the keys in FILE, in the
format of a fixture's "keys" member (server → key ID → unpadded base64
public key, or {"key": …, "valid_until_ts": …}), or a fixture whose keys
are used. The exit status is 1 when the PDU is invalid or, with --keys,
its signatures do not verify.

Example:
  mxauth event --room-version 1 < testdata/cmd/pdu-v1.json
`

// eventReport is the output of the event command.
type eventReport struct {
	RoomVersion     string          `json:"room_version"`
	Valid           bool            `json:"valid"`
	Error           string          `json:"error,omitempty"`
	EventID         string          `json:"event_id,omitempty"`
	ContentHash     *hashReport     `json:"content_hash,omitempty"`
	ReferenceHash   string          `json:"reference_hash,omitempty"`
	RequiredSigners []string        `json:"required_signers,omitempty"`
	Redacted        json.RawMessage `json:"redacted,omitempty"`
	RedactError     string          `json:"redact_error,omitempty"`
	Signatures      *sigReport      `json:"signatures,omitempty"`
}

// sigReport is the signature check of --keys.
type sigReport struct {
	Valid bool   `json:"valid"`
	Error string `json:"error,omitempty"`
	// IgnoredKeys are keys of the file that are not Ed25519 public keys
	// ("server key ID"); signatures under them count as unknown.
	IgnoredKeys []string `json:"ignored_keys,omitempty"`
}

// hashReport compares the computed content hash with the PDU's claim.
type hashReport struct {
	Computed string `json:"computed"`
	Claimed  string `json:"claimed"`
	Matches  bool   `json:"matches"`
}

func runEvent(args []string, e env) int {
	fs := flagSet("event", eventUsage)
	version := fs.String("room-version", "6", "room version of the PDU, 1 to 12")
	strip := fs.Bool("strip-event-id", false, "in room versions 3+, remove event_id and use it as the event's ID")
	keysFile := fs.String("keys", "", "verify the signatures with the keys in `FILE` (a fixture's keys format, or a fixture)")
	pos, status, done := parse(fs, args, e)
	if done {
		return status
	}
	if len(pos) != 0 {
		return usageError(fs, e, "the PDU is read from stdin; no arguments expected")
	}
	v, err := roomversion.Lookup(*version)
	if err != nil {
		return usageError(fs, e, "--room-version: %s", fixture.DescribeRoomVersionError(err))
	}
	var keys map[string]map[string]fixture.Key
	if *keysFile == "-" {
		return usageError(fs, e, "--keys needs a file: the PDU is read from stdin")
	}
	if *keysFile != "" {
		if keys, err = loadKeys(*keysFile); err != nil {
			return fail(e, "event", err)
		}
	}
	raw, err := readInput("-", e.stdin)
	if err != nil {
		return fail(e, "event", err)
	}
	rep := inspectEvent(raw, v, *strip, keys)
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return fail(e, "event", err)
	}
	if !rep.Valid || (rep.Signatures != nil && !rep.Signatures.Valid) {
		return exitFail
	}
	return exitOK
}

// loadKeys reads a keys file: the keys format of a fixture, or a fixture
// (an object with "fixture"), whose "keys" member is used.
func loadKeys(path string) (map[string]map[string]fixture.Key, error) {
	data, err := readInput(path, nil)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object (expected server → key ID → key)", path)
	}
	if _, ok := top["fixture"]; ok {
		if data = top["keys"]; data == nil {
			return nil, fmt.Errorf("%s: the fixture has no \"keys\"", path)
		}
	}
	keys, err := fixture.ParseKeys(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no keys", path)
	}
	return keys, nil
}

// inspectEvent builds the event command's report for one PDU.
func inspectEvent(raw []byte, v roomversion.Version, strip bool, keys map[string]map[string]fixture.Key) eventReport {
	rep := eventReport{RoomVersion: v.ID}
	var ev *event.Event
	var err error
	if strip && v.EventIDFormat != roomversion.EventIDGiven && gjson.GetBytes(raw, "event_id").Exists() {
		var stripped []byte
		var id string
		if stripped, id, err = event.StripEventID(raw); err == nil {
			raw = stripped
			ev, err = event.NewWithID(raw, id, v)
		}
	} else {
		ev, err = event.Parse(raw, v)
	}
	if red, rerr := event.RedactJSON(raw, v); rerr == nil {
		rep.Redacted = red
	} else {
		rep.RedactError = rerr.Error()
	}
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	rep.Valid = true
	rep.EventID = ev.ID()
	if keys != nil {
		ring, ignored := conformance.KeyRing(keys)
		rep.Signatures = &sigReport{Valid: true, IgnoredKeys: ignored}
		if err := ev.VerifySignatures(ring); err != nil {
			rep.Signatures.Valid, rep.Signatures.Error = false, err.Error()
		}
	}
	rep.RequiredSigners = ev.RequiredSigners()
	if h, err := ev.ContentHash(); err == nil {
		ok, _ := ev.ContentHashValid()
		rep.ContentHash = &hashReport{
			Computed: base64.RawStdEncoding.EncodeToString(h[:]),
			Claimed:  claimedHash(ev.JSON()),
			Matches:  ok,
		}
	}
	if h, err := ev.ReferenceHash(); err == nil {
		rep.ReferenceHash = base64.RawStdEncoding.EncodeToString(h[:])
	} else {
		rep.Error = fmt.Sprintf("reference hash: %v", err)
	}
	return rep
}

// claimedHash returns the hashes.sha256 string of a PDU's text, or "".
func claimedHash(pdu string) string {
	var p struct {
		Hashes struct {
			SHA256 string `json:"sha256"`
		} `json:"hashes"`
	}
	_ = json.Unmarshal([]byte(pdu), &p)
	return p.Hashes.SHA256
}
