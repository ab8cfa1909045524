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
rejection. FILE is a fixture, or a plain graph file
{"room_version": "6", "events": [...]}; "-" reads stdin. Where a fixture
expects another verdict, the line says so.

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
}

func runCheck(args []string, e env) int {
	fs := flagSet("check", checkUsage)
	asJSON := fs.Bool("json", false, "write the verdicts as JSON")
	g, status, done := parseGraphArgs(fs, args, e)
	if done {
		return status
	}
	verdicts := conformance.Judge(g.Fixture)
	lines := make([]checkLine, len(verdicts))
	allowed := 0
	for i, v := range verdicts {
		en := g.Events[i]
		typ, sk, _ := typeAndStateKey(en)
		lines[i] = checkLine{Index: i, ID: v.ID, Type: typ, StateKey: sk, Verdict: v.Verdict(),
			Rule: v.Rule, Reason: v.Reason, Redacted: v.Redacted, Expected: g.Auth[v.ID]}
		if v.Allowed {
			allowed++
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(lines); err != nil {
			return fail(e, "check", err)
		}
		return exitOK
	}
	fmt.Fprintf(e.stdout, "%s (room version %s, %d events)\n", g.Name, g.RoomVersion, len(lines))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	mismatches := 0
	for _, l := range lines {
		what := l.Type
		if _, _, isState := typeAndStateKey(g.Events[l.Index]); isState {
			what += fmt.Sprintf(" %q", l.StateKey)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s", verdictWord(l.Verdict), l.ID, what)
		if l.Verdict == "rejected" {
			fmt.Fprintf(tw, "\t%s: %s", l.Rule, l.Reason)
		}
		if l.Redacted {
			fmt.Fprint(tw, "\t(judged redacted: content hash mismatch)")
		}
		if l.Expected != "" && l.Expected != l.Verdict {
			fmt.Fprintf(tw, "\t[fixture expects %s]", l.Expected)
			mismatches++
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d allowed, %d rejected", allowed, len(lines)-allowed)
	if len(g.Auth) > 0 {
		fmt.Fprintf(e.stdout, "; %d differ from the fixture's expectations", mismatches)
	}
	fmt.Fprintln(e.stdout)
	return exitOK
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
