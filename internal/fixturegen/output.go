package fixturegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// This package's own reading of the redaction algorithm, written from the
// tables of DIGEST §6 (RED-1..3) and DIGEST-V8-12 §6.2 (RED-1 and RED-2 per
// version, RED-11-TPI, RED-11-CREATE) by room version number, on purpose
// not from the roomversion flags the event package reads.

// versionNumber is the room version as a number.
func (r *Room) versionNumber() int {
	n, err := strconv.Atoi(r.Version.ID)
	if err != nil {
		panic(fmt.Sprintf("%s: room version %q is not a number", r.Name, r.Version.ID))
	}
	return n
}

// redactKeep reports whether RED-1 keeps the top-level key k: v1–10 keep
// the list of DIGEST §6; v11+ drop origin, membership and prev_state.
func (r *Room) redactKeep(k string) bool {
	switch k {
	case "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures",
		"depth", "prev_events", "auth_events", "origin_server_ts":
		return true
	case "origin", "membership", "prev_state":
		return r.versionNumber() <= 10
	}
	return false
}

// redactContentKeep returns the content keys RED-2 keeps for an event type
// (the v11+ m.room.create, which keeps every key, and the v11+
// third_party_invite are handled by expectedRedaction).
func (r *Room) redactContentKeep(typ string) []string {
	n := r.versionNumber()
	switch typ {
	case "m.room.member":
		if n >= 9 {
			return []string{"membership", "join_authorised_via_users_server"}
		}
		return []string{"membership"}
	case "m.room.create":
		return []string{"creator"}
	case "m.room.join_rules":
		if n >= 8 {
			return []string{"join_rule", "allow"}
		}
		return []string{"join_rule"}
	case "m.room.power_levels":
		keep := []string{"ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"}
		if n >= 11 {
			keep = append(keep, "invite")
		}
		return keep
	case "m.room.history_visibility":
		return []string{"history_visibility"}
	case "m.room.redaction":
		if n >= 11 {
			return []string{"redacts"}
		}
	case "m.room.aliases":
		if n <= 5 { // v1–5 keep aliases (RED-2)
			return []string{"aliases"}
		}
	}
	return nil
}

// expectedRedaction is this package's own reading of RED-1..3, used to
// write `redact` expectations.
func (r *Room) expectedRedaction(e *Event) json.RawMessage {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(e.JSON, &top); err != nil {
		panic(fmt.Sprintf("%s/%s: redact: %v", r.Name, e.Name, err))
	}
	if r.GivenIDs && !r.v12() {
		delete(top, "event_id")
	}
	out := map[string]json.RawMessage{}
	for k, v := range top {
		if r.redactKeep(k) {
			out[k] = v
		}
	}
	var content map[string]json.RawMessage
	_ = json.Unmarshal(top["content"], &content)
	kept := map[string]json.RawMessage{}
	for _, k := range r.redactContentKeep(e.Type) {
		if v, ok := content[k]; ok {
			kept[k] = v
		}
	}
	if r.versionNumber() >= 11 {
		switch e.Type {
		case "m.room.create": // RED-11-CREATE: all keys
			kept = content
		case "m.room.member": // RED-11-TPI (D25)
			var tpi map[string]json.RawMessage
			if raw, ok := content["third_party_invite"]; ok && json.Unmarshal(raw, &tpi) == nil && tpi != nil {
				reduced := map[string]json.RawMessage{}
				if signed, ok := tpi["signed"]; ok {
					reduced["signed"] = signed
				}
				kept["third_party_invite"] = json.RawMessage(marshal(reduced))
			}
		}
	}
	if kept == nil {
		kept = map[string]json.RawMessage{}
	}
	out["content"] = json.RawMessage(marshal(kept))
	return json.RawMessage(marshal(out))
}

// JSON returns the fixture file's text: pretty-printed with one-space
// indentation, members in a fixed order, events verbatim.
func (r *Room) JSON() []byte {
	var b bytes.Buffer
	str := strconv.Quote
	b.WriteString(`{"fixture":1,"name":` + str(r.Name) + `,"description":` + marshal(r.Description) +
		`,"room_version":` + str(r.Version.ID))
	if !r.v12() {
		if r.GivenIDs {
			b.WriteString(`,"ids":"given"`)
		} else {
			b.WriteString(`,"ids":"computed"`)
		}
	}
	b.WriteString(`,"events":[`)
	for i, e := range r.events {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e.JSON)
	}
	b.WriteString(`],"auth":{`)
	for i, e := range r.events {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(marshal(e.ID) + ":" + str(e.Verdict))
	}
	b.WriteString(`}`)
	if len(r.resolves) > 0 {
		b.WriteString(`,"resolve":[`)
		for i, rc := range r.resolves {
			if i > 0 {
				b.WriteByte(',')
			}
			sets := make([][]string, len(rc.sets))
			for j, s := range rc.sets {
				sets[j] = r.ids(s)
			}
			b.WriteString(`{"name":` + str(rc.name) + `,"state_sets":` + marshal(sets))
			if len(rc.rejected) > 0 {
				b.WriteString(`,"rejected":` + marshal(r.ids(rc.rejected)))
			}
			exp := map[string]map[string]string{}
			for _, n := range rc.expected {
				e := r.Get(n)
				if exp[e.Type] == nil {
					exp[e.Type] = map[string]string{}
				}
				exp[e.Type][e.StateKey] = e.ID
			}
			b.WriteString(`,"expected":` + marshal(exp) + `}`)
		}
		b.WriteString(`]`)
	}
	if len(r.redacts) > 0 {
		b.WriteString(`,"redact":{`)
		for i, rc := range r.redacts {
			if i > 0 {
				b.WriteByte(',')
			}
			e := r.Get(rc.name)
			b.WriteString(marshal(e.ID) + ":")
			b.Write(r.expectedRedaction(e))
		}
		b.WriteString(`}`)
	}
	if !r.Unsigned && (len(r.servers) > 0 || len(r.extraKey) > 0) {
		keys := map[string]map[string]json.RawMessage{}
		for _, s := range r.sortedServers() {
			k := str(PublicKey(s))
			if ts, ok := r.validTo[s]; ok {
				k = `{"key":` + k + `,"valid_until_ts":` + strconv.FormatInt(ts, 10) + `}`
			}
			keys[s] = map[string]json.RawMessage{KeyID: json.RawMessage(k)}
		}
		for _, k := range r.extraKey {
			if keys[k.server] == nil {
				keys[k.server] = map[string]json.RawMessage{}
			}
			keys[k.server][k.keyID] = json.RawMessage(k.raw)
		}
		b.WriteString(`,"keys":` + marshal(keys))
	}
	b.WriteString(`,"notes":{`)
	for i, e := range r.events {
		if i > 0 {
			b.WriteByte(',')
		}
		note := e.Rule + ": " + e.Note
		if !r.v12() && !r.GivenIDs {
			note = "[" + e.Name + "] " + note // computed IDs say nothing to a reader
		}
		b.WriteString(marshal(e.ID) + ":" + marshal(note))
	}
	b.WriteString(`}}`)
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", " "); err != nil {
		panic(fmt.Sprintf("%s: %v\n%s", r.Name, err, b.String()))
	}
	out.WriteByte('\n')
	return out.Bytes()
}

func (r *Room) ids(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = r.Get(n).ID
	}
	return out
}

// Path returns the fixture's path relative to the conformance folder.
func (r *Room) Path() string { return filepath.Join(r.Folder, r.Name+".json") }

// Generated reports whether folder (under testdata/conformance) is one this
// package writes: the spec-* folders and [KnockLifecycleFolder]. The other
// folders hold the public corpus, which is not generated here.
func Generated(folder string) bool {
	return strings.HasPrefix(folder, "spec-") || folder == KnockLifecycleFolder
}

// WriteAll writes every fixture under dir (testdata/conformance). It
// removes stale *.json files from the folders it writes to, so that a
// renamed case leaves nothing behind.
func WriteAll(dir string, rooms []*Room) error {
	folders := map[string]bool{}
	names := map[string]bool{}
	for _, r := range rooms {
		if names[r.Name] {
			return fmt.Errorf("fixture name %s used twice", r.Name)
		}
		names[r.Name] = true
		folders[r.Folder] = true
	}
	fl := make([]string, 0, len(folders))
	for f := range folders {
		fl = append(fl, f)
	}
	sort.Strings(fl)
	for _, f := range fl {
		if !Generated(f) {
			return fmt.Errorf("folder %s is not a generated folder (spec-* or %s)", f, KnockLifecycleFolder)
		}
		old, _ := filepath.Glob(filepath.Join(dir, f, "*.json"))
		for _, o := range old {
			if err := os.Remove(o); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Join(dir, f), 0o755); err != nil {
			return err
		}
	}
	for _, r := range rooms {
		if err := os.WriteFile(filepath.Join(dir, r.Path()), r.JSON(), 0o644); err != nil {
			return err
		}
	}
	return nil
}
