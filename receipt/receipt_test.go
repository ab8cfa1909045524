package receipt_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// testRoom is a small signed room of one room version: a create event, the
// creator's join and power levels, built with the public API only.
type testRoom struct {
	v      roomversion.Version
	priv   ed25519.PrivateKey
	keys   event.KeyRing
	roomID string
	judged map[string]receipt.Result
	create *event.Event
	join   *event.Event
	pl     *event.Event
}

const alice = "@alice:example.org"

func newTestRoom(t testing.TB, v roomversion.Version) *testRoom {
	t.Helper()
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	r := &testRoom{v: v, priv: ed25519.NewKeyFromSeed(seed), judged: map[string]receipt.Result{}}
	r.keys = event.KeyRing{"example.org": {"ed25519:1": {Key: r.priv.Public().(ed25519.PublicKey)}}}
	createContent := `{"room_version":"` + v.ID + `","creator":"` + alice + `"}`
	roomIDField := `"room_id":"!r:example.org",`
	if v.RoomIDFromCreateEvent {
		roomIDField = ""
	}
	r.roomID = "!r:example.org"
	r.create = r.mustAccept(t, r.pdu(t, `{`+r.idField("create")+`"type":"m.room.create","state_key":"",`+roomIDField+`"sender":"`+alice+`",`+
		`"content":`+createContent+`,"depth":1,"origin_server_ts":1700000000000,`+
		`"auth_events":[],"prev_events":[],"hashes":{},"signatures":{}}`))
	if v.RoomIDFromCreateEvent {
		r.roomID = event.RoomIDOfCreateEventID(r.create.ID())
	}
	r.join = r.mustAccept(t, r.pdu(t, r.stateEvent("m.room.member", alice, `{"membership":"join"}`, 2, r.create)))
	plContent := `{"users":{"` + alice + `":100}}`
	if v.PrivilegedCreators {
		plContent = `{}` // a creator is never listed (PL-1b)
	}
	r.pl = r.mustAccept(t, r.pdu(t, r.stateEvent("m.room.power_levels", "", plContent, 3, r.create, r.join)))
	return r
}

// refs lists event IDs as auth_events or prev_events of r's version.
func (r *testRoom) refs(evs ...*event.Event) string {
	parts := make([]string, 0, len(evs))
	for _, ev := range evs {
		if r.v.RoomIDFromCreateEvent && ev.Type() == event.TypeCreate && ev.ID() == r.create.ID() {
			continue
		}
		if r.v.EventFormat == roomversion.FormatV1 {
			parts = append(parts, `["`+ev.ID()+`",{"sha256":"x"}]`)
		} else {
			parts = append(parts, `"`+ev.ID()+`"`)
		}
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// idField is the event_id member of a v1–2 PDU.
func (r *testRoom) idField(local string) string {
	if r.v.EventIDFormat == roomversion.EventIDGiven {
		local = strings.NewReplacer("@", "", ":", "-", ".", "-").Replace(local)
		return `"event_id":"$` + local + `:example.org",`
	}
	return ""
}

// stateEvent is the text of a state event by alice citing auth, whose last
// entry is also its prev event.
func (r *testRoom) stateEvent(typ, stateKey, content string, depth int, authEvs ...*event.Event) string {
	prev := r.refs(authEvs[len(authEvs)-1])
	if len(authEvs) == 1 && authEvs[0] == r.create && r.v.RoomIDFromCreateEvent {
		prev = `["` + r.create.ID() + `"]`
	}
	return `{` + r.idField(typ+stateKey) + `"type":"` + typ + `","state_key":"` + stateKey + `","sender":"` + alice + `",` +
		`"room_id":"` + r.roomID + `","content":` + content + `,"depth":` + itoa(depth) + `,"origin_server_ts":170000000000` + itoa(depth) + `,` +
		`"auth_events":` + r.refs(authEvs...) + `,"prev_events":` + prev + `,"hashes":{},"signatures":{}}`
}

// message is the text of a message by sender citing the creator's events.
func (r *testRoom) message(sender, body string) string {
	return `{` + r.idField("msg-"+body) + `"type":"m.room.message","sender":"` + sender + `","room_id":"` + r.roomID + `",` +
		`"content":{"body":"` + body + `"},"depth":4,"origin_server_ts":1700000000004,` +
		`"auth_events":` + r.refs(r.create, r.join, r.pl) + `,"prev_events":` + r.refs(r.pl) + `,"hashes":{},"signatures":{}}`
}

func itoa(n int) string { return string(rune('0' + n)) }

// pdu signs text as example.org.
func (r *testRoom) pdu(t testing.TB, text string) []byte {
	t.Helper()
	signed, err := event.Sign([]byte(text), r.v, "example.org", "ed25519:1", r.priv)
	require.NoError(t, err)
	return signed
}

func (r *testRoom) lookup(id string) (*event.Event, bool) {
	res, ok := r.judged[id]
	if !ok {
		return nil, false
	}
	return res.Event, !res.Accepted()
}

func (r *testRoom) input(pdu []byte) receipt.Input {
	return receipt.Input{PDU: pdu, Version: r.v, Keys: r.keys, AuthEvents: r.lookup}
}

func (r *testRoom) check(pdu []byte) receipt.Result {
	res := receipt.Check(r.input(pdu), receipt.Options{})
	if res.Event != nil {
		r.judged[res.Event.ID()] = res
	}
	return res
}

func (r *testRoom) mustAccept(t testing.TB, pdu []byte) *event.Event {
	t.Helper()
	res := r.check(pdu)
	require.True(t, res.Accepted(), "%v", res.Err)
	return res.Event
}

// state is the room's state after the power levels.
func (r *testRoom) state() auth.StateMap {
	return auth.StateMap{
		{Type: event.TypeCreate}:                    r.create,
		{Type: "m.room.member", StateKey: alice}:    r.join,
		{Type: "m.room.power_levels", StateKey: ""}: r.pl,
	}
}

// versions covers every event format, redaction algorithm and the v12 room
// ID binding.
var versions = []func() roomversion.Version{roomversion.V1, roomversion.V3, roomversion.V6, roomversion.V11, roomversion.V12}

// ruleOf returns the rule of the *auth.Rejection inside err.
func ruleOf(t *testing.T, err error) auth.RuleID {
	t.Helper()
	var rej *auth.Rejection
	require.True(t, errors.As(err, &rej), "%v", err)
	return rej.Rule
}

// TestPDU1Format: an invalid PDU, or no PDU at all, is refused at step 1.
func TestPDU1Format(t *testing.T) {
	v := roomversion.V12()
	cases := map[string]struct {
		in   receipt.Input
		want error
	}{
		"zero input":          {receipt.Input{}, receipt.ErrNoPDU},
		"empty PDU":           {receipt.Input{PDU: []byte{}, Version: v}, receipt.ErrNoPDU},
		"zero event":          {receipt.Input{Event: &event.Event{}}, nil},
		"zero version":        {receipt.Input{PDU: []byte(`{}`)}, nil},
		"not JSON":            {receipt.Input{PDU: []byte(`{`), Version: v}, nil},
		"depth a string":      {receipt.Input{PDU: []byte(`{"type":"m.room.message","depth":"four"}`), Version: v}, nil},
		"PDU and event both":  {receipt.Input{PDU: []byte(`{}`), Event: newTestRoom(t, v).create}, receipt.ErrPDUAndEvent},
		"event of v12 as v11": {receipt.Input{Event: newTestRoom(t, v).create, Version: roomversion.V11()}, receipt.ErrVersionMismatch},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := receipt.Check(c.in, receipt.Options{})
			checkResultShape(t, r, name)
			require.Equal(t, receipt.StepFormat, r.Step)
			require.Equal(t, "PDU-1", r.Step.Rule())
			if c.want != nil {
				require.ErrorIs(t, r.Err, c.want)
			}
		})
	}
}

// TestPDU2Signatures: a PDU whose required signatures do not verify with the
// caller's keys is refused at step 2; nil keys hold no keys.
func TestPDU2Signatures(t *testing.T) {
	for _, mk := range versions {
		v := mk()
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newTestRoom(t, v)
			pdu := r.pdu(t, r.message(alice, "hi"))
			for name, keys := range map[string]event.KeyLookup{
				"nil keys":    nil,
				"empty ring":  event.KeyRing{},
				"other key":   event.KeyRing{"example.org": {"ed25519:1": {Key: make([]byte, 32)}}},
				"other keyID": event.KeyRing{"example.org": {"ed25519:2": {Key: r.priv.Public().(ed25519.PublicKey)}}},
			} {
				in := r.input(pdu)
				in.Keys = keys
				res := receipt.Check(in, receipt.Options{})
				checkResultShape(t, res, name)
				require.Equal(t, receipt.StepSignatures, res.Step, name)
				require.Contains(t, res.Err.Error(), "example.org", name)
				// Skipping the step accepts the same event.
				res = receipt.Check(in, receipt.Options{SkipSignatures: true})
				require.True(t, res.Accepted(), "%s: %v", name, res.Err)
			}
		})
	}
}

// TestPDU3ContentHash: content changed after signing breaks the hash but not
// the signatures; the event is judged, and returned, in its redacted form.
// With SkipContentHash the original form is judged.
func TestPDU3ContentHash(t *testing.T) {
	for _, mk := range versions {
		v := mk()
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newTestRoom(t, v)
			pdu := bytes.Replace(r.pdu(t, r.message(alice, "hi")), []byte(`"body":"hi"`), []byte(`"body":"changed"`), 1)
			res := r.check(pdu)
			require.True(t, res.Accepted(), "%v", res.Err)
			require.True(t, res.Redacted)
			require.Equal(t, "{}", res.Event.ContentJSON())

			res = receipt.Check(r.input(pdu), receipt.Options{SkipContentHash: true})
			require.True(t, res.Accepted(), "%v", res.Err)
			require.False(t, res.Redacted)
			require.Contains(t, res.Event.ContentJSON(), "changed")
		})
	}
}

// TestPDU4AuthEv3: an auth event that is unknown or was rejected rejects the
// event (AUTHEV-3), and in room version 12 the create event room_id implies
// counts as an auth event.
func TestPDU4AuthEv3(t *testing.T) {
	for _, mk := range versions {
		v := mk()
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newTestRoom(t, v)
			pdu := r.pdu(t, r.message(alice, "hi"))
			for name, lookup := range map[string]receipt.AuthEventLookup{
				"nil lookup": nil,
				"pl unknown": func(id string) (*event.Event, bool) {
					if id == r.pl.ID() {
						return nil, false
					}
					return r.lookup(id)
				},
				"pl rejected": func(id string) (*event.Event, bool) {
					ev, rej := r.lookup(id)
					return ev, rej || id == r.pl.ID()
				},
				"create rejected": func(id string) (*event.Event, bool) {
					ev, rej := r.lookup(id)
					return ev, rej || id == r.create.ID()
				},
				"wrong event returned": func(id string) (*event.Event, bool) {
					if id == r.join.ID() {
						return r.pl, false
					}
					return r.lookup(id)
				},
			} {
				in := r.input(pdu)
				in.AuthEvents = lookup
				res := receipt.Check(in, receipt.Options{})
				checkResultShape(t, res, name)
				require.Equal(t, receipt.StepAuthEvents, res.Step, name)
				require.Equal(t, auth.RuleAuthEv3, ruleOf(t, res.Err), name)
				require.Equal(t, res.Event.ID(), res.Rejection().EventID, name)
			}
			require.True(t, r.check(pdu).Accepted())
		})
	}
}

// TestPDU4Rules: an event whose auth events are all known and accepted
// still has to pass the rules against them.
func TestPDU4Rules(t *testing.T) {
	for _, mk := range versions {
		v := mk()
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newTestRoom(t, v)
			res := r.check(r.pdu(t, r.message("@bob:example.org", "hi")))
			checkResultShape(t, res, "bob")
			require.Equal(t, receipt.StepAuthEvents, res.Step)
			require.NotEqual(t, auth.RuleAuthEv3, ruleOf(t, res.Err))
		})
	}
}

// TestPDU4ImpliedCreate (v12, ROOMID-1): the implied create event must be
// known; a room ID that names no known event leaves the event rejected.
func TestPDU4ImpliedCreate(t *testing.T) {
	r := newTestRoom(t, roomversion.V12())
	text := strings.ReplaceAll(r.message(alice, "hi"), r.roomID, "!abc:example.org")
	res := r.check(r.pdu(t, text))
	checkResultShape(t, res, "domain room ID")
	require.Equal(t, receipt.StepAuthEvents, res.Step)
	require.Contains(t, res.Err.Error(), "$abc:example.org")
}

// TestPDU5StateBefore: the rules against the state before the event; a
// failure there rejects the event.
func TestPDU5StateBefore(t *testing.T) {
	for _, mk := range versions {
		v := mk()
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newTestRoom(t, v)
			pdu := r.pdu(t, r.message(alice, "hi"))
			in := r.input(pdu)
			in.StateBefore = r.state()
			require.True(t, receipt.Check(in, receipt.Options{}).Accepted())

			left := r.state()
			delete(left, auth.StateKey{Type: "m.room.member", StateKey: alice})
			in.StateBefore = left
			res := receipt.Check(in, receipt.Options{})
			checkResultShape(t, res, "alice not joined")
			require.Equal(t, receipt.StepStateBefore, res.Step)
			require.Equal(t, auth.RuleSender1, ruleOf(t, res.Err))
			require.True(t, res.Refused())
			require.False(t, res.SoftFailed())
		})
	}
}

// TestPDU6SoftFail: failing against the current state is a soft-fail.
func TestPDU6SoftFail(t *testing.T) {
	for _, mk := range versions {
		v := mk()
		t.Run("v"+v.ID, func(t *testing.T) {
			r := newTestRoom(t, v)
			in := r.input(r.pdu(t, r.message(alice, "hi")))
			in.StateBefore = r.state()
			left := r.state()
			delete(left, auth.StateKey{Type: "m.room.member", StateKey: alice})
			in.CurrentState = left
			res := receipt.Check(in, receipt.Options{})
			checkResultShape(t, res, "soft-fail")
			require.True(t, res.SoftFailed())
			require.False(t, res.Accepted())
			require.False(t, res.Refused())
			require.Equal(t, "PDU-6", res.Step.Rule())
			require.Contains(t, res.Err.Error(), "soft-failed")
			require.NotNil(t, res.Rejection())
		})
	}
}

// TestParsedEvent: a parsed event skips parsing and is judged the same.
func TestParsedEvent(t *testing.T) {
	r := newTestRoom(t, roomversion.V11())
	ev, err := event.Parse(r.pdu(t, r.message(alice, "hi")), r.v)
	require.NoError(t, err)
	res := receipt.Check(receipt.Input{Event: ev, Keys: r.keys, AuthEvents: r.lookup}, receipt.Options{})
	require.True(t, res.Accepted(), "%v", res.Err)
	require.Same(t, ev, res.Event)
	res = receipt.Check(receipt.Input{Event: ev, Version: r.v, Keys: r.keys, AuthEvents: r.lookup}, receipt.Options{})
	require.True(t, res.Accepted(), "%v", res.Err)
}

// TestGivenEventID: with EventID the PDU is taken as an event from the
// caller's store, under that ID.
func TestGivenEventID(t *testing.T) {
	r := newTestRoom(t, roomversion.V6())
	in := r.input(r.pdu(t, r.message(alice, "hi")))
	in.EventID = "$stored-id"
	res := receipt.Check(in, receipt.Options{})
	require.True(t, res.Accepted(), "%v", res.Err)
	require.Equal(t, "$stored-id", res.Event.ID())
}

// TestZeroValues: zero and nil values give results, not panics.
func TestZeroValues(t *testing.T) {
	var r receipt.Result
	require.False(t, r.Accepted())
	require.Nil(t, r.Rejection())
	require.False(t, r.SoftFailed())
	require.True(t, r.Refused())
	var s receipt.Step
	require.Equal(t, "none", s.String())
	require.Empty(t, s.Rule())
	require.Equal(t, "unknown step", receipt.Step(200).String())
	require.Empty(t, receipt.Step(200).Rule())
	e := &receipt.Error{}
	require.NotEmpty(t, e.Error())
	require.NoError(t, e.Unwrap())
	checkResultShape(t, receipt.Check(receipt.Input{}, receipt.Options{}), "zero")
	checkResultShape(t, receipt.Check(receipt.Input{Event: &event.Event{}, StateBefore: auth.StateMap(nil)}, receipt.Options{}), "zero event")
}

// TestStepRules pins each step's rule ID and name.
func TestStepRules(t *testing.T) {
	want := []struct {
		s          receipt.Step
		rule, name string
	}{
		{receipt.StepFormat, "PDU-1", "format"},
		{receipt.StepSignatures, "PDU-2", "signatures"},
		{receipt.StepContentHash, "PDU-3", "content hash"},
		{receipt.StepAuthEvents, "PDU-4", "auth events"},
		{receipt.StepStateBefore, "PDU-5", "state before the event"},
		{receipt.StepCurrentState, "PDU-6", "current state"},
	}
	for _, w := range want {
		require.Equal(t, w.rule, w.s.Rule())
		require.Equal(t, w.name, w.s.String())
	}
}

// TestResultRuleAndReason: Rule and Reason name the authorization rule and
// its reason from step 4 on, the step's rule ID and the cause before, and
// nothing for an accepted event.
func TestResultRuleAndReason(t *testing.T) {
	r := newTestRoom(t, roomversion.V11())
	ok := r.check(r.pdu(t, r.message(alice, "hi")))
	require.Empty(t, ok.Rule())
	require.Empty(t, ok.Reason())

	bob := r.check(r.pdu(t, r.message("@bob:example.org", "hi")))
	require.Equal(t, string(bob.Rejection().Rule), bob.Rule())
	require.Equal(t, bob.Rejection().Reason, bob.Reason())

	in := r.input(r.pdu(t, r.message(alice, "x")))
	in.Keys = nil
	sig := receipt.Check(in, receipt.Options{})
	require.Equal(t, "PDU-2", sig.Rule())
	require.NotContains(t, sig.Reason(), "receipt:")
	require.Contains(t, sig.Reason(), "example.org")

	none := receipt.Check(receipt.Input{}, receipt.Options{})
	require.Equal(t, "PDU-1", none.Rule())
	require.Equal(t, string(receipt.ErrNoPDU), none.Reason())
}
