package fixturegen

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
)

const conformanceDir = "../../testdata/conformance"

// TestUpToDate regenerates every fixture into a temporary folder and
// checks that the committed files of the generated folders (spec-* and
// knock-lifecycle) are byte for byte the same, with no stale or missing
// file.
func TestUpToDate(t *testing.T) {
	tmp := t.TempDir()
	if err := WriteAll(tmp, All()); err != nil {
		t.Fatal(err)
	}
	want := generatedFiles(t, tmp)
	got := generatedFiles(t, conformanceDir)
	for name, data := range want {
		old, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s is missing: run go run ./internal/fixturegen/cmd/genfixtures -out testdata/conformance", name)
		case !bytes.Equal(old, data):
			t.Errorf("%s is out of date: run go run ./internal/fixturegen/cmd/genfixtures -out testdata/conformance", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not generated any more: delete it", name)
		}
	}
}

// generatedFiles reads the fixture files of the generated folders under
// dir, keyed by their slash-separated path relative to dir.
func generatedFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if !Generated(filepath.Base(filepath.Dir(p))) {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
	}
	return out
}

// TestFixturesLoad checks that every generated fixture is well-formed for
// the project's fixture loader, and that each event labelled allowed is a
// valid PDU for the event package (so that a verdict never rests on a
// builder mistake).
func TestFixturesLoad(t *testing.T) {
	for _, r := range All() {
		f, err := fixture.Load(r.Path(), r.JSON())
		if err != nil {
			t.Errorf("%s: %v", r.Name, err)
			continue
		}
		if len(f.Auth) != len(r.Events()) {
			t.Errorf("%s: %d auth entries for %d events", r.Name, len(f.Auth), len(r.Events()))
		}
		for _, e := range r.Events() {
			if e.Verdict == Allowed && !e.valid {
				t.Errorf("%s/%s: labelled allowed but the event package cannot parse it", r.Name, e.Name)
			}
		}
		if r.Folder != KnockLifecycleFolder && !strings.Contains(r.Description, "-") {
			t.Errorf("%s: description names no rule ID", r.Name)
		}
	}
}

// ruleIDs are the rule IDs of DIGEST §2.
func ruleIDs() []string {
	var ids []string
	add := func(prefix string, n int) {
		for i := 1; i <= n; i++ {
			ids = append(ids, prefix+"-"+itoa(i))
		}
	}
	add("CREATE", 5)
	add("AUTHEV", 5)
	add("FED", 1)
	add("ALIAS", 3)
	add("MEMBER", 1)
	add("MEMBER-JOIN", 6)
	add("MEMBER-INVITE-TPI", 8)
	add("MEMBER-INVITE", 4)
	add("MEMBER-LEAVE", 5)
	add("MEMBER-BAN", 3)
	add("MEMBER-KNOCK", 4)
	add("MEMBER-UNKNOWN", 1)
	add("SENDER", 1)
	add("TPI", 1)
	add("POWER", 1)
	add("STATEKEY", 1)
	add("PL", 8)
	add("REDACT", 3)
	add("DEFAULT", 1)
	return ids
}

func itoa(i int) string { return string(rune('0' + i)) }

var idToken = regexp.MustCompile(`[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+`)

// TestRuleCoverage asserts that every rule ID of DIGEST §2 is named in the
// note of at least one event labelled allowed and one labelled rejected.
func TestRuleCoverage(t *testing.T) {
	seen := map[string]map[string]bool{}
	for _, r := range All() {
		for _, e := range r.Events() {
			for _, id := range idToken.FindAllString(e.Rule+" "+e.Note, -1) {
				if seen[id] == nil {
					seen[id] = map[string]bool{}
				}
				seen[id][e.Verdict] = true
			}
		}
	}
	var missing []string
	for _, id := range ruleIDs() {
		for _, v := range []string{Allowed, Rejected} {
			if !seen[id][v] {
				missing = append(missing, id+" "+v)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("rule IDs without a labelled event:\n%s", strings.Join(missing, "\n"))
	}
}

// TestDeterministic builds everything twice and compares.
func TestDeterministic(t *testing.T) {
	a, b := All(), All()
	for i := range a {
		if !bytes.Equal(a[i].JSON(), b[i].JSON()) {
			t.Errorf("%s differs between two builds", a[i].Name)
		}
	}
}

// edgeCovered lists the DIGEST §7 edge cases the fixtures exercise; each
// must be named in a fixture description or an event note.
var edgeCovered = strings.Fields(`
EDGE-H01 EDGE-H02 EDGE-H03 EDGE-H04 EDGE-H05 EDGE-H06 EDGE-H07 EDGE-H08 EDGE-H09 EDGE-H10
EDGE-H12 EDGE-H13 EDGE-H14 EDGE-H15 EDGE-H16 EDGE-H17 EDGE-H18 EDGE-H19
EDGE-C1 EDGE-C2 EDGE-C3 EDGE-C4 EDGE-C5 EDGE-A1 EDGE-A2 EDGE-A3 EDGE-A4
EDGE-F1 EDGE-F2 EDGE-F3 EDGE-F4 EDGE-F5 EDGE-F6
EDGE-M1 EDGE-M2 EDGE-M3 EDGE-M4 EDGE-M5 EDGE-M6 EDGE-M7 EDGE-M8 EDGE-M9 EDGE-M10
EDGE-M11 EDGE-M12 EDGE-M13 EDGE-M14 EDGE-M15 EDGE-J1 EDGE-J2 EDGE-J3
EDGE-P1 EDGE-P2 EDGE-P3 EDGE-P4 EDGE-P5 EDGE-P6 EDGE-P7 EDGE-P8 EDGE-P9 EDGE-P10
EDGE-P11 EDGE-P12 EDGE-P13 EDGE-P14
EDGE-V1 EDGE-V2 EDGE-V3 EDGE-V4 EDGE-V5 EDGE-V6 EDGE-V7
EDGE-SR1-1 EDGE-SR1-2 EDGE-SR1-3 EDGE-SR1-4 EDGE-SR1-5 EDGE-SR1-6
EDGE-SR2-1 EDGE-SR2-3 EDGE-SR2-4 EDGE-SR2-5 EDGE-SR2-6 EDGE-SR2-7 EDGE-SR2-10 EDGE-SR2-11 EDGE-SR2-12
EDGE-G2 EDGE-G3 EDGE-G4 EDGE-HASH1 EDGE-S1 EDGE-S2 EDGE-S3 EDGE-SR2-2 EDGE-SR2-9
EDGE-V12-C1 EDGE-V8-R1
`)

// edgeNotCovered lists the §7 edge cases of the requested families that no
// fixture expresses, and why:
//
//   - EDGE-H11: whether a redaction is applied is not an auth verdict, a
//     resolved state or a redaction result.
//   - EDGE-H20: receipt check 5 (state before the event) is not part of a
//     fixture's `auth` verdicts, which use the event's own auth events.
//   - EDGE-SR2-8 (D12): an auth-event cycle cannot be written in a fixture,
//     whose events must come after the events they cite.
var edgeNotCovered = strings.Fields(`EDGE-H11 EDGE-H20 EDGE-SR2-8`)

// TestEdgeCoverage asserts that every edge case listed in edgeCovered is
// named somewhere in the fixtures.
func TestEdgeCoverage(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		for _, id := range idToken.FindAllString(r.Description, -1) {
			seen[id] = true
		}
		for _, e := range r.Events() {
			for _, id := range idToken.FindAllString(e.Rule+" "+e.Note, -1) {
				seen[id] = true
			}
		}
	}
	for _, id := range edgeCovered {
		if !seen[id] {
			t.Errorf("%s is listed as covered but no fixture names it", id)
		}
	}
	for _, id := range edgeNotCovered {
		if seen[id] {
			t.Errorf("%s is named by a fixture: move it to edgeCovered", id)
		}
	}
}

// TestKnockLifecycleVerdicts judges every knock-lifecycle fixture as
// FORMAT.md says (signatures and content hashes included) and checks each
// verdict against the hand-written label, and the rule that rejects a
// rejected event against the rule ID it is labelled with.
func TestKnockLifecycleVerdicts(t *testing.T) {
	n := 0
	for _, r := range All() {
		if r.Folder != KnockLifecycleFolder {
			continue
		}
		n++
		t.Run(r.Name, func(t *testing.T) {
			f, err := fixture.Load(r.Path(), r.JSON())
			if err != nil {
				t.Fatal(err)
			}
			if f.Keys == nil {
				t.Fatal("no keys: the fixture's signatures are not checked")
			}
			verdicts := conformance.Judge(f)
			for i, e := range r.Events() {
				v := verdicts[i]
				if v.ID != e.ID {
					t.Fatalf("event %d: judged %s, built %s", i, v.ID, e.ID)
				}
				if got := v.Verdict(); got != e.Verdict {
					t.Errorf("%s: labelled %s (%s: %s), judged %s: %s %s", e.Name, e.Verdict, e.Rule, e.Note, got, v.Rule, v.Reason)
					continue
				}
				if e.Verdict == Rejected && v.Rule != e.Rule {
					t.Errorf("%s: labelled rejected by %s, rejected by %s: %s", e.Name, e.Rule, v.Rule, v.Reason)
				}
			}
		})
	}
	if n != 10 {
		t.Errorf("%d knock-lifecycle fixtures, want 10", n)
	}
}

// canonicalSHA256 encodes a JSON value decoded with UseNumber as canonical
// JSON with encoding/json (map keys sorted by byte order, which is code
// point order; no HTML escaping) and hashes it. It is independent of the
// event package's encoder, and fit only for values without U+2028, U+2029
// or numbers outside canonical JSON.
func canonicalSHA256(t *testing.T, v any) [32]byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

func decodeNumbers(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var out map[string]any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKeyOrderIDs recomputes, without the event package, the content hash
// and the event ID of the EDGE-G4 power-levels events, so that the IDs the
// key-order fixtures pin come from code-point key order and not from the
// implementation under test. It also checks that the events map still
// holds a key in U+E000..U+FFFF and an astral key, where UTF-16 order and
// code-point order disagree.
func TestKeyOrderIDs(t *testing.T) {
	n := 0
	for _, r := range All() {
		if !strings.HasPrefix(r.Name, "spec-format-key-order-") {
			continue
		}
		n++
		e := r.Get("pl-unicode")
		full := decodeNumbers(t, e.JSON)
		hashes := full["hashes"].(map[string]any)
		for _, k := range []string{"signatures", "unsigned", "hashes"} {
			delete(full, k)
		}
		ch := canonicalSHA256(t, full)
		if got, want := hashes["sha256"], base64.RawStdEncoding.EncodeToString(ch[:]); got != want {
			t.Errorf("%s: content hash %v, independently %s", r.Name, got, want)
		}
		red := decodeNumbers(t, r.expectedRedaction(e))
		delete(red, "signatures")
		delete(red, "unsigned")
		rh := canonicalSHA256(t, red)
		if want := "$" + base64.RawURLEncoding.EncodeToString(rh[:]); e.ID != want {
			t.Errorf("%s: event ID %s, independently %s", r.Name, e.ID, want)
		}
		var bmp, astral bool
		for k := range red["content"].(map[string]any)["events"].(map[string]any) {
			for _, c := range k {
				bmp = bmp || (c >= 0xE000 && c <= 0xFFFF)
				astral = astral || c > 0xFFFF
			}
		}
		if !bmp || !astral {
			t.Errorf("%s: the events map no longer tells UTF-16 order from code-point order", r.Name)
		}
	}
	if n == 0 {
		t.Error("no key-order fixture")
	}
}

// TestV12Format checks what the builder does for room version 12 (FMT-12-1,
// SEL-1, ROOMID-1): a create event without room_id, every other event's
// room_id derived from the first create event's ID, and no event listing
// it.
func TestV12Format(t *testing.T) {
	n := 0
	for _, r := range All() {
		if !r.Version.RoomIDFromCreateEvent {
			continue
		}
		f, err := fixture.Load(r.Path(), r.JSON())
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		create := f.Events[0]
		var top map[string]json.RawMessage
		if err := json.Unmarshal(create.Raw, &top); err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if _, has := top["room_id"]; has || create.Event == nil || create.Event.Type() != "m.room.create" {
			t.Fatalf("%s: the first event is not a v12 create event without room_id", r.Name)
		}
		room := "!" + strings.TrimPrefix(create.ID, "$")
		for _, en := range f.Events[1:] {
			if en.Event == nil || en.Event.Type() == "m.room.create" {
				continue // another create event starts a room of its own
			}
			if en.Event.RoomID() != room {
				t.Errorf("%s %s: room_id %s, want %s", r.Name, en.ID, en.Event.RoomID(), room)
			}
			for _, id := range en.Event.AppendAuthEventIDs(nil) {
				if id == create.ID {
					t.Errorf("%s %s lists the create event", r.Name, en.ID)
				}
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no room version 12 fixture generated")
	}
}

// TestRestrictedRuleCoverage: the v8–12 restricted-join rules are each
// named by an event labelled with the verdict the rule gives (R-1 and R-3
// only allow, R-2 and MEMBER-JAUTH-1 only reject).
func TestRestrictedRuleCoverage(t *testing.T) {
	want := map[string]string{
		"MEMBER-JOIN-R-1": Allowed, "MEMBER-JOIN-R-2": Rejected, "MEMBER-JOIN-R-3": Allowed,
		"MEMBER-JAUTH-1": Rejected, "MEMBER-KNOCK-1": Rejected,
	}
	seen := map[string]bool{}
	for _, r := range All() {
		if !r.Version.RestrictedJoinRule {
			continue
		}
		for _, e := range r.Events() {
			if v, ok := want[e.Rule]; ok && v == e.Verdict {
				seen[e.Rule] = true
			}
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("no v8+ event labelled %s by %s", want[id], id)
		}
	}
}
