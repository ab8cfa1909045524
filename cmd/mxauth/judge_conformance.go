package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/internal/judgeproto"
	"github.com/mxauth/mxauth/roomversion"
)

// judgeFlags are the flags of "mxauth conformance" that run the fixtures
// through an external judge.
type judgeFlags struct {
	cmd     *string
	timeout *time.Duration
}

// addJudgeFlags defines --judge and --judge-timeout on fs.
func addJudgeFlags(fs *flag.FlagSet) judgeFlags {
	return judgeFlags{
		cmd: fs.String("judge", "", "run the fixtures through the external judge `CMD` (JUDGE.md), e.g. 'mxauth judge'"),
		timeout: fs.Duration("judge-timeout", judgeproto.DefaultTimeout,
			"time the judge has to answer each question"),
	}
}

// enabled reports whether --judge was given.
func (j judgeFlags) enabled() bool { return *j.cmd != "" }

// runFiles runs every fixture file through one judge session, in order,
// counting files and events on prog. A protocol error (the judge exits, hangs or
// writes junk) ends the run with that error.
func (j judgeFlags) runFiles(files []string, prog *progress) ([]conformance.Result, error) {
	argv, err := splitCommand(*j.cmd)
	if err != nil {
		return nil, fmt.Errorf("--judge: %v", err)
	}
	c, err := judgeproto.Start(argv, judgeproto.Options{Timeout: *j.timeout, Runner: "mxauth conformance"})
	if err != nil {
		return nil, err
	}
	results := make([]conformance.Result, 0, len(files))
	for _, path := range files {
		r, err := judgeFile(c, path, prog)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		results = append(results, r)
		prog.done()
	}
	if err := c.Close(); err != nil {
		return nil, err
	}
	return results, nil
}

// judgeFile loads one fixture file and runs it through the judge.
func judgeFile(c *judgeproto.Client, path string, prog *progress) (conformance.Result, error) {
	f, changed, err := loadForRun(path)
	if err != nil {
		return conformance.FormatFailure(path, path, err), nil
	}
	r, err := judgeFixture(c, f, prog)
	if err == nil && len(changed) > 0 {
		r.Outcomes = append(changed, r.Outcomes...)
		r.Finish()
	}
	return r, err
}

// judgeFixture checks every expectation of f with the judge's answers, in
// the order and with the semantics of conformance.Run: every event is
// judged in array order when the fixture has `auth`, each against the
// earlier events its auth_events name (in v12 with the implied create
// event) together with the judge's own earlier verdicts (AUTHEV-3); then
// the resolve cases; then the redactions.
func judgeFixture(c *judgeproto.Client, f *fixture.Fixture, prog *progress) (conformance.Result, error) {
	r := conformance.Result{Path: f.Path, Name: f.Name}
	load := &judgeproto.Request{
		Op:              judgeproto.OpLoad,
		RoomVersion:     f.RoomVersion.ID,
		IDs:             "computed",
		Events:          make([]judgeproto.Event, len(f.Events)),
		CheckSignatures: f.Keys != nil,
		CheckHashes:     f.Keys != nil || f.CheckHashes,
	}
	if f.GivenIDs && f.RoomVersion.EventIDFormat != roomversion.EventIDGiven {
		load.IDs = "given" // v3–11 "ids": "given"; v1–2 PDUs carry their IDs
	}
	if len(f.Changed) > 0 && f.RoomVersion.EventIDFormat != roomversion.EventIDGiven && !f.RoomVersion.RoomIDFromCreateEvent {
		// An edited event (reported already): the judge reads every event
		// under the ID the file refers to it by, as the built-in run does.
		load.IDs = "given"
	}
	for i, en := range f.Events {
		load.Events[i] = judgeproto.NewEvent(en.ID, en.Raw)
	}
	if f.Keys != nil {
		load.Keys = map[string]map[string]judgeproto.Key{}
		for server, ks := range f.Keys {
			load.Keys[server] = map[string]judgeproto.Key{}
			for id, k := range ks {
				load.Keys[server][id] = judgeproto.Key{Key: k.Key, ValidUntilTS: k.ValidUntilTS}
			}
		}
	}
	resp, err := c.Ask(load)
	if errors.Is(err, judgeproto.ErrLineTooLong) {
		// Nothing was sent: this fixture fails, the session goes on.
		r.Error = "too large for the judge protocol: " + err.Error()
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if resp.Error != "" {
		r.Error = "the judge could not load the fixture: " + resp.Error
		return r, nil
	}
	if len(f.AuthOrder) > 0 || len(f.AuthState) > 0 {
		outs, err := judgeEvents(c, f, load.IDs == "computed", prog)
		if err != nil {
			return r, err
		}
		r.Outcomes = append(r.Outcomes, outs...)
	}
	for _, rc := range f.Resolve {
		resp, err := c.Ask(&judgeproto.Request{Op: judgeproto.OpResolve, StateSets: rc.StateSets, Rejected: rc.Rejected})
		if err != nil {
			return r, err
		}
		var got conformance.State
		var aerr error
		var code string
		switch {
		case resp.Error != "":
			aerr, code = errors.New(resp.Error), resp.ErrorCode
		case resp.State == nil:
			aerr = errors.New("the judge's answer has no state")
		default:
			got = *resp.State
		}
		r.Outcomes = append(r.Outcomes, conformance.ResolveOutcome(rc, got, code, aerr))
	}
	for _, id := range conformance.RedactOrder(f) {
		resp, err := c.Ask(&judgeproto.Request{Op: judgeproto.OpRedact, Event: id})
		if err != nil {
			return r, err
		}
		var aerr error
		switch {
		case resp.Error != "":
			aerr = errors.New(resp.Error)
		case len(resp.Redacted) == 0:
			aerr = errors.New("the judge's answer has no redacted event")
		}
		r.Outcomes = append(r.Outcomes, conformance.RedactOutcome(id, f.Redact[id], resp.Redacted, aerr))
	}
	r.Finish()
	return r, nil
}

// judgeEvents asks for the verdict on every event of f in order and
// returns the outcomes of f's `auth` expectations, in file order.
func judgeEvents(c *judgeproto.Client, f *fixture.Fixture, computedIDs bool, prog *progress) ([]conformance.Outcome, error) {
	type verdict struct{ got, rule, reason, eventID string }
	verdicts := make([]verdict, len(f.Events))
	for i, en := range f.Events {
		req := &judgeproto.Request{Op: judgeproto.OpAuth, Event: en.ID, AuthEvents: authRefs(f, en, func(j int) bool {
			return verdicts[j].got != "allowed"
		})}
		resp, err := c.Ask(req)
		if err != nil {
			return nil, err
		}
		v := &verdicts[i]
		switch {
		case resp.Error != "":
			v.got = "error: " + resp.Error
		case resp.Allowed == nil:
			v.got = "error: the judge's answer has no verdict"
		case *resp.Allowed:
			v.got = "allowed"
		default:
			v.got, v.rule, v.reason = "rejected", resp.Rule, resp.Reason
		}
		v.eventID = resp.EventID
		prog.event()
	}
	outs := make([]conformance.Outcome, 0, len(f.AuthOrder)+len(f.AuthState))
	for _, id := range f.AuthOrder {
		v := verdicts[f.Lookup(id).Index]
		outs = append(outs, conformance.AuthOutcome(f, id, v.got, v.rule, v.reason))
	}
	// The auth_state cases: the same question with the states.
	for _, as := range f.AuthState {
		en := f.Lookup(as.Event)
		req := &judgeproto.Request{Op: judgeproto.OpAuth, Event: en.ID, AuthEvents: authRefs(f, en, func(j int) bool {
			return verdicts[j].got != "allowed"
		})}
		if as.StateBefore != nil {
			req.StateBefore = &as.StateBefore
		}
		if as.CurrentState != nil {
			req.CurrentState = &as.CurrentState
		}
		resp, err := c.Ask(req)
		if err != nil {
			return nil, err
		}
		var got, rule, reason string
		switch {
		case resp.Error != "":
			got = "error: " + resp.Error
		case resp.Allowed == nil:
			got = "error: the judge's answer has no verdict"
		case *resp.Allowed:
			got = fixture.VerdictAllowed
		case resp.SoftFailed:
			got, rule, reason = fixture.VerdictSoftFailed, resp.Rule, resp.Reason
		default:
			got, rule, reason = fixture.VerdictRejected, resp.Rule, resp.Reason
		}
		outs = append(outs, conformance.AuthStateOutcome(as, got, rule, reason))
	}
	// A judge that derives another ID for an event has hashed or
	// redacted it differently: that fails the fixture too.
	for i, en := range f.Events {
		if id := verdicts[i].eventID; id != "" && id != en.ID && computedIDs {
			outs = append(outs, conformance.Outcome{Kind: "event-id", Subject: en.ID, Expected: en.ID, Got: id})
		}
	}
	return outs, nil
}

// authRefs lists the events that en's auth_events name (in room versions
// whose room ID names the create event, with that implied create event)
// and that come earlier in f, each with whether the judge rejected it.
// An event named but not listed is unknown to the judged event (AUTHEV-3).
func authRefs(f *fixture.Fixture, en *fixture.Entry, rejected func(int) bool) []judgeproto.Ref {
	var ids []string
	if en.Event != nil {
		ids = append(ids, en.Event.AuthEventIDs()...)
		if c, ok := en.Event.ImpliedCreateEventID(); ok {
			ids = append(ids, c)
		}
	}
	// An event that is not a valid PDU is refused before its auth events
	// matter (PDU-1); it is sent none.
	refs := make([]judgeproto.Ref, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		a := f.Lookup(id)
		if a == nil || a.Index >= en.Index || seen[id] {
			continue
		}
		seen[id] = true
		refs = append(refs, judgeproto.Ref{ID: id, Rejected: rejected(a.Index)})
	}
	return refs
}

// splitCommand splits a command line into words: blanks separate words,
// single quotes keep everything up to the next single quote, double quotes
// keep everything up to the next double quote except that a backslash
// escapes the next character, and a backslash outside quotes escapes the
// next character. No other shell syntax is understood.
func splitCommand(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated ' in the command")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated \" in the command")
			}
			inWord = true
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, errors.New("empty command")
	}
	return words, nil
}
