package judgeproto

import (
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

var corpusDir = filepath.Join("..", "..", "testdata", "conformance")

func loadFixture(t testing.TB, path string) *fixture.Fixture {
	t.Helper()
	f, err := fixture.LoadFile(path)
	require.NoError(t, err, path)
	return f
}

// loadRequest is the load request of a fixture, as the runner builds it.
func loadRequest(f *fixture.Fixture) *Request {
	req := &Request{Op: OpLoad, RoomVersion: f.RoomVersion.ID, IDs: "computed",
		CheckSignatures: f.Keys != nil, CheckHashes: f.Keys != nil || f.CheckHashes}
	if f.GivenIDs && f.RoomVersion.EventIDFormat != roomversion.EventIDGiven {
		req.IDs = "given"
	}
	for _, en := range f.Events {
		req.Events = append(req.Events, NewEvent(en.ID, en.Raw))
	}
	if f.Keys != nil {
		req.Keys = map[string]map[string]Key{}
		for s, ks := range f.Keys {
			req.Keys[s] = map[string]Key{}
			for id, k := range ks {
				req.Keys[s][id] = Key{Key: k.Key, ValidUntilTS: k.ValidUntilTS}
			}
		}
	}
	return req
}

// refsOf lists the earlier events en cites (with the v12 implied create
// event) and whether each was rejected.
func refsOf(f *fixture.Fixture, en *fixture.Entry, allowed []bool) []Ref {
	if en.Event == nil {
		return nil
	}
	ids := en.Event.AuthEventIDs()
	if c, ok := en.Event.ImpliedCreateEventID(); ok {
		ids = append(ids, c)
	}
	var refs []Ref
	for _, id := range ids {
		if a := f.Lookup(id); a != nil && a.Index < en.Index {
			refs = append(refs, Ref{ID: id, Rejected: !allowed[a.Index]})
		}
	}
	return refs
}

// TestReferenceMatchesBuiltin is the reference judge's contract: on every
// fixture of the corpus it gives the built-in judge's verdict and rule on
// every event, its resolved state (or its failure) on every resolve case,
// and the library's redaction of every event.
func TestReferenceMatchesBuiltin(t *testing.T) {
	files, err := fixture.Find(corpusDir)
	require.NoError(t, err)
	require.Greater(t, len(files), 400)
	events, states, codes := 0, 0, 0
	for _, path := range files {
		f := loadFixture(t, path)
		h := &Reference{}
		require.Empty(t, h.Answer(loadRequest(f)).Error, f.Name)
		want := conformance.Judge(f)
		allowed := make([]bool, len(f.Events))
		for i, en := range f.Events {
			resp := h.Answer(&Request{Op: OpAuth, Event: en.ID, AuthEvents: refsOf(f, en, allowed)})
			require.Empty(t, resp.Error, "%s %s", f.Name, en.ID)
			require.NotNil(t, resp.Allowed)
			allowed[i] = *resp.Allowed
			require.Equal(t, want[i].Allowed, allowed[i], "%s %s: %s", f.Name, en.ID, resp.Reason)
			require.Equal(t, want[i].Rule, resp.Rule, "%s %s", f.Name, en.ID)
			if en.Event != nil {
				require.Equal(t, en.ID, resp.EventID)
			}
			events++
		}
		for _, c := range f.AuthState {
			en := f.Lookup(c.Event)
			got, rule, _ := conformance.Options{}.JudgeAuthState(f, want, c)
			req := &Request{Op: OpAuth, Event: en.ID, AuthEvents: refsOf(f, en, allowed)}
			if c.StateBefore != nil {
				req.StateBefore = &c.StateBefore
			}
			if c.CurrentState != nil {
				req.CurrentState = &c.CurrentState
			}
			resp := h.Answer(req)
			require.Empty(t, resp.Error, "%s %q", f.Name, c.Name)
			verdict := fixture.VerdictRejected
			switch {
			case *resp.Allowed:
				verdict = fixture.VerdictAllowed
			case resp.SoftFailed:
				verdict = fixture.VerdictSoftFailed
			}
			require.Equal(t, got, verdict, "%s %q", f.Name, c.Name)
			require.Equal(t, rule, resp.Rule, "%s %q", f.Name, c.Name)
			states++
		}
		for _, rc := range f.Resolve {
			st, err := conformance.Resolve(f, rc.StateSets, rc.Rejected)
			resp := h.Answer(&Request{Op: OpResolve, StateSets: rc.StateSets, Rejected: rc.Rejected})
			if err != nil {
				require.NotEmpty(t, resp.Error, "%s %q", f.Name, rc.Name)
				require.Equal(t, fixture.ResolveErrorCode(err), resp.ErrorCode, "%s %q", f.Name, rc.Name)
				if resp.ErrorCode != "" {
					codes++
				}
				continue
			}
			require.Empty(t, resp.ErrorCode)
			require.Empty(t, resp.Error, "%s %q", f.Name, rc.Name)
			require.True(t, st.Equal(*resp.State), "%s %q", f.Name, rc.Name)
		}
		for _, en := range f.Events {
			var red []byte
			var err error
			if en.Event != nil {
				red, err = en.Event.Redact()
			} else {
				red, err = event.RedactJSON(en.Raw, f.RoomVersion)
			}
			resp := h.Answer(&Request{Op: OpRedact, Event: en.ID})
			if err != nil {
				require.NotEmpty(t, resp.Error)
				continue
			}
			require.Equal(t, string(red), string(resp.Redacted), "%s %s", f.Name, en.ID)
		}
	}
	require.Greater(t, events, 5000)
	require.Positive(t, states, "format 2 auth_state cases")
	require.Positive(t, codes, "resolve errors with a code")
}

// TestReferenceStates: state_before refuses an event at PDU-5, and
// current_state soft-fails it (PDU-6), while its auth events allow it.
func TestReferenceStates(t *testing.T) {
	f := loadFixture(t, filepath.Join(corpusDir, "auth-create", "create-minimal-v1.json"))
	h := &Reference{}
	require.Empty(t, h.Answer(loadRequest(f)).Error)
	en := f.Lookup("$alice-topic:example.org")
	require.NotNil(t, en)
	all := make([]bool, len(f.Events))
	for i := range all {
		all[i] = true
	}
	refs := refsOf(f, en, all)
	ask := func(before, current *[]string) *Response {
		return h.Answer(&Request{Op: OpAuth, Event: en.ID, AuthEvents: refs, StateBefore: before, CurrentState: current})
	}
	r := ask(nil, nil)
	require.True(t, *r.Allowed, r.Reason)
	createOnly := []string{"$create:example.org"}
	r = ask(&createOnly, nil)
	require.False(t, *r.Allowed)
	require.False(t, r.SoftFailed)
	r = ask(nil, &createOnly)
	require.False(t, *r.Allowed)
	require.True(t, r.SoftFailed)
	bad := []string{"$nope"}
	require.Contains(t, ask(&bad, nil).Error, "state_before: unknown event $nope")
}

func TestReferenceVerify(t *testing.T) {
	f := loadFixture(t, filepath.Join(corpusDir, "signatures", "signatures-event-id-domain-v1.json"))
	h := &Reference{}
	require.Empty(t, h.Answer(loadRequest(f)).Error)
	r := h.Answer(&Request{Op: OpVerify, Event: "$bob-message-one-sig:remote.example"})
	require.False(t, *r.Valid)
	require.Contains(t, r.Reason, "remote.example")
	r = h.Answer(&Request{Op: OpVerify, Event: "$bob-message-two-sigs:remote.example"})
	require.True(t, *r.Valid, r.Reason)

	f = loadFixture(t, filepath.Join(corpusDir, "auth-create", "create-minimal-v1.json"))
	require.Empty(t, h.Answer(loadRequest(f)).Error)
	require.Contains(t, h.Answer(&Request{Op: OpVerify, Event: "$create:example.org"}).Error, "no keys loaded")
}

func TestReferenceBadQuestions(t *testing.T) {
	h := &Reference{}
	require.Equal(t, "no events loaded", h.Answer(&Request{Op: OpAuth, Event: "$x"}).Error)
	require.Equal(t, `unknown room version "99" (known: 1 to 12)`, h.Answer(&Request{Op: OpLoad, RoomVersion: "99", IDs: "computed"}).Error)
	require.Contains(t, h.Answer(&Request{Op: OpLoad, RoomVersion: "1", IDs: "maybe"}).Error, `not "maybe"`)
	dup := &Request{Op: OpLoad, RoomVersion: "1", IDs: "computed", Events: []Event{{ID: "$a", PDU: "{}"}, {ID: "$a", PDU: "{}"}}}
	require.Contains(t, h.Answer(dup).Error, "appears twice")
	ok := &Request{Op: OpLoad, RoomVersion: "1", IDs: "computed", Events: []Event{{ID: "$a", PDU: "{}"}}}
	require.Empty(t, h.Answer(ok).Error)
	r := h.Answer(&Request{Op: OpAuth, Event: "$a"})
	require.False(t, *r.Allowed)
	require.Equal(t, conformance.RuleInvalidPDU, r.Rule)
	require.Contains(t, h.Answer(&Request{Op: OpAuth, Event: "$b"}).Error, "unknown event $b")
	require.Contains(t, h.Answer(&Request{Op: OpAuth, Event: "$a", AuthEvents: []Ref{{ID: "$c"}}}).Error, "auth_events: unknown event $c")
	require.Contains(t, h.Answer(&Request{Op: OpResolve, StateSets: [][]string{{"$a"}}}).Error, "not a valid PDU")
	require.Contains(t, h.Answer(&Request{Op: "frobnicate"}).Error, "unsupported operation")
}
