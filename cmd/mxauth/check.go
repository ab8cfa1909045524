package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/tidwall/gjson"
)

const checkUsage = `
Usage: mxauth check [--json] FILE

Judges every event of FILE in array order, as the conformance runner does
(valid PDU; signatures and content hash when the file has keys; auth events
known, earlier and allowed; the authorization rules against the event's own
auth events), and prints each verdict with the rule ID and reason of every
rejection and the values the rule compared (levels, memberships, join
rule, the key read). FILE is a fixture, or a plain graph file
{"room_version": "6", "events": [...]}; "-" reads stdin. Where a fixture
expects another verdict, the line says so, and the fixture's other
expectations (auth_state, resolve, redact) that do not hold are listed
after the verdicts. A cycle of auth events is reported once, with the
events on it and those that depend on it saying so. An event edited
after the file's IDs were computed is reported, and read under the ID
the file refers to it by, so the other events are still judged. When
stderr is a terminal and judging takes more than a second, a progress
line in events is shown there. The exit status is 1 when a verdict
differs from the fixture's expectations, an event's computed ID changed,
or auth events form a cycle.

Example:
  mxauth check testdata/conformance/auth-member-ban/ban-basic-v1.json
`

// checkLine is one event's verdict in check's --json output.
type checkLine struct {
	Index    int    `json:"index"`
	ID       string `json:"event_id"`
	Type     string `json:"type"`
	StateKey string `json:"state_key,omitempty"`
	Verdict  string `json:"verdict"`
	Rule     string `json:"rule,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Redacted bool   `json:"judged_redacted,omitempty"`
	Expected string `json:"expected,omitempty"`
	// Details are the values behind an authorization rejection.
	Details *detailsJSON `json:"details,omitempty"`
	// ComputedID is set when the event's computed ID is not the one the
	// file refers to it by (event_id): the event was edited.
	ComputedID string `json:"computed_id_changed_to,omitempty"`
	// Cycle is the number (from 1) of the auth cycle the event is on.
	Cycle int `json:"auth_cycle,omitempty"`
}

func runCheck(args []string, e env) int {
	fs := flagSet("check", checkUsage)
	asJSON := fs.Bool("json", false, "write the verdicts as JSON")
	g, status, done := parseGraphArgs(fs, args, e)
	if done {
		return status
	}
	prog := startProgress(e, "check", "events", len(g.Events))
	verdicts := conformance.Options{Judged: prog.event}.Judge(g.Fixture)
	cycles, onCycle := authCycles(g.Fixture)
	cycleWhy := cycleReasons(g.Fixture, verdicts, onCycle)
	lines := make([]checkLine, len(verdicts))
	allowed, mismatches := 0, 0
	for i, v := range verdicts {
		en := g.Events[i]
		typ, sk, _ := typeAndStateKey(en)
		lines[i] = checkLine{Index: i, ID: v.ID, Type: typ, StateKey: sk, Verdict: v.Verdict(),
			Rule: v.Rule, Reason: v.Reason, Redacted: v.Redacted, Expected: g.Auth[v.ID],
			ComputedID: en.ComputedID}
		if !v.Allowed {
			lines[i].Details = newDetailsJSON(rejectionDetails(v.Err))
		}
		if why, ok := cycleWhy[i]; ok {
			lines[i].Reason = why
		}
		if k, ok := onCycle[i]; ok {
			lines[i].Cycle = k + 1
		}
		if v.Allowed {
			allowed++
		}
		if l := lines[i]; l.Expected != "" && l.Expected != l.Verdict {
			mismatches++
		}
	}
	// The fixture's other expectations (auth_state, resolve, redact), as
	// the conformance run checks them.
	var others []conformance.Outcome
	if !g.Plain {
		prog.phase("checked against the fixture's expectations", len(g.Events))
		for _, o := range (conformance.Options{Judged: prog.event}).Run(g.Fixture).Failures() {
			if o.Kind != conformance.KindAuth {
				others = append(others, o)
			}
		}
	}
	prog.stop()
	code := exitOK
	if mismatches > 0 || len(others) > 0 || len(g.Changed) > 0 || len(cycles) > 0 {
		code = exitFail
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(lines); err != nil {
			return fail(e, "check", err)
		}
		return code
	}
	fmt.Fprintf(e.stdout, "%s (room version %s, %d events)\n", g.Name, g.RoomVersion, len(lines))
	for k, ids := range cycles {
		fmt.Fprintln(e.stdout, cycleLine(k, ids))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for i, l := range lines {
		what := l.Type
		if _, _, isState := typeAndStateKey(g.Events[l.Index]); isState {
			what += fmt.Sprintf(" %q", l.StateKey)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s", verdictWord(l.Verdict), l.ID, what)
		if l.Verdict == "rejected" {
			fmt.Fprintf(tw, "\t%s: %s", l.Rule, l.Reason)
			if d := rejectionDetails(verdicts[i].Err); d != nil {
				fmt.Fprintf(tw, " [values: %s]", d)
			}
		}
		if l.Redacted {
			fmt.Fprint(tw, "\t(judged redacted: content hash mismatch)")
		}
		if l.ComputedID != "" {
			fmt.Fprintf(tw, "\t[edited: its computed ID is now %s]", l.ComputedID)
		}
		if l.Expected != "" && l.Expected != l.Verdict {
			fmt.Fprintf(tw, "\t[fixture expects %s]", l.Expected)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	for _, o := range others {
		fmt.Fprintf(e.stdout, "DIFFERS   %s\n", o)
	}
	fmt.Fprintf(e.stdout, "%d allowed, %d rejected", allowed, len(lines)-allowed)
	if len(g.Auth) > 0 || len(others) > 0 {
		fmt.Fprintf(e.stdout, "; %d differ from the fixture's expectations", mismatches+len(others))
	}
	if len(g.Changed) > 0 {
		fmt.Fprintf(e.stdout, "; %d computed IDs changed", len(g.Changed))
	}
	fmt.Fprintln(e.stdout)
	return code
}

func verdictWord(v string) string {
	if v == "allowed" {
		return "ALLOWED"
	}
	return "REJECTED"
}

// typeAndStateKey reads type and state_key from an event, or from its raw
// text when it is not a valid PDU.
func typeAndStateKey(en *fixture.Entry) (typ, stateKey string, isState bool) {
	if en.Event != nil {
		stateKey, isState = en.Event.StateKey()
		return en.Event.Type(), stateKey, isState
	}
	r := gjson.GetManyBytes(en.Raw, "type", "state_key")
	return r[0].String(), r[1].String(), r[1].Exists()
}
