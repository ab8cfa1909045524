package apisafety

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/authchain"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
	"github.com/mxauth/mxauth/stateres/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The convention of the call table: a function is called with every
// argument nil or zero (and, where that reaches further, once more with a
// valid room version or a non-nil empty value); a method is called on its
// type's zero value (a pointer to one for pointer receivers) with nil and
// zero arguments. Each entry asserts what the call must give: an error, or
// a zero result that is safe to use. A panic fails the entry.

// zeroEvent is an Event not made by Parse or NewWithID.
func zeroEvent() *event.Event { return &event.Event{} }

// versions are the descriptors the table calls with: the zero, invalid
// one, and a valid one of each event format family.
var versions = []roomversion.Version{{}, roomversion.V1(), roomversion.V3(), roomversion.V11(), roomversion.V12()}

func mustErr(t *testing.T, err error, what string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: want an error, got nil", what)
		return
	}
	if err.Error() == "" {
		t.Errorf("%s: the error has no message", what)
	}
}

// calls maps every exported function and method, named as exportedAPI
// names it, to its nil/zero call.
var calls = map[string]func(t *testing.T){
	// roomversion
	"roomversion.Default":   func(t *testing.T) { require.NoError(t, roomversion.Default().Valid()) },
	"roomversion.Supported": func(t *testing.T) { require.NotEmpty(t, roomversion.Supported()) },
	"roomversion.V1":        func(t *testing.T) { require.NoError(t, roomversion.V1().Valid()) },
	"roomversion.V2":        func(t *testing.T) { require.NoError(t, roomversion.V2().Valid()) },
	"roomversion.V3":        func(t *testing.T) { require.NoError(t, roomversion.V3().Valid()) },
	"roomversion.V4":        func(t *testing.T) { require.NoError(t, roomversion.V4().Valid()) },
	"roomversion.V5":        func(t *testing.T) { require.NoError(t, roomversion.V5().Valid()) },
	"roomversion.V6":        func(t *testing.T) { require.NoError(t, roomversion.V6().Valid()) },
	"roomversion.V7":        func(t *testing.T) { require.NoError(t, roomversion.V7().Valid()) },
	"roomversion.V8":        func(t *testing.T) { require.NoError(t, roomversion.V8().Valid()) },
	"roomversion.V9":        func(t *testing.T) { require.NoError(t, roomversion.V9().Valid()) },
	"roomversion.V10":       func(t *testing.T) { require.NoError(t, roomversion.V10().Valid()) },
	"roomversion.V11":       func(t *testing.T) { require.NoError(t, roomversion.V11().Valid()) },
	"roomversion.V12":       func(t *testing.T) { require.NoError(t, roomversion.V12().Valid()) },
	"roomversion.Known":     func(t *testing.T) { assert.False(t, roomversion.Known("")) },
	"roomversion.Recognized": func(t *testing.T) {
		assert.False(t, roomversion.Recognized(""))
	},
	"roomversion.Lookup": func(t *testing.T) {
		_, err := roomversion.Lookup("")
		mustErr(t, err, "Lookup(\"\")")
	},
	"roomversion.UnknownVersionError.Error": func(t *testing.T) {
		assert.NotEmpty(t, (&roomversion.UnknownVersionError{}).Error())
	},
	"roomversion.Version.String": func(t *testing.T) { _ = roomversion.Version{}.String() },
	"roomversion.Version.Valid": func(t *testing.T) {
		mustErr(t, roomversion.Version{}.Valid(), "zero Version")
	},

	// event: package functions
	"event.CanonicalJSON": func(t *testing.T) {
		_, err := event.CanonicalJSON(nil)
		mustErr(t, err, "CanonicalJSON(nil)")
	},
	"event.ComputeEventID": func(t *testing.T) {
		for _, v := range versions {
			_, err := event.ComputeEventID(nil, v)
			mustErr(t, err, "ComputeEventID(nil, "+v.ID+")")
		}
	},
	"event.DeriveEventID": func(t *testing.T) {
		for _, v := range versions {
			_, err := event.DeriveEventID(nil, v)
			mustErr(t, err, "DeriveEventID(nil, "+v.ID+")")
		}
	},
	"event.CreateEventIDOfRoomID": func(t *testing.T) {
		id, ok := event.CreateEventIDOfRoomID("")
		assert.False(t, ok)
		assert.Empty(t, id)
	},
	"event.RoomIDOfCreateEventID": func(t *testing.T) { _ = event.RoomIDOfCreateEventID("") },
	"event.NewWithID": func(t *testing.T) {
		for _, v := range versions {
			ev, err := event.NewWithID(nil, "", v)
			mustErr(t, err, "NewWithID(nil, \"\", "+v.ID+")")
			assert.Nil(t, ev)
		}
	},
	"event.Parse": func(t *testing.T) {
		for _, v := range versions {
			ev, err := event.Parse(nil, v)
			mustErr(t, err, "Parse(nil, "+v.ID+")")
			assert.Nil(t, ev)
		}
	},
	"event.ParseWith": func(t *testing.T) {
		for _, v := range versions {
			for _, opts := range []event.ParseOptions{{}, {ContentHash: true}, {ID: "$x"}} {
				ev, err := event.ParseWith(nil, v, opts)
				mustErr(t, err, "ParseWith(nil, "+v.ID+")")
				assert.Nil(t, ev)
			}
		}
	},
	"event.RedactJSON": func(t *testing.T) {
		for _, v := range versions {
			_, err := event.RedactJSON(nil, v)
			mustErr(t, err, "RedactJSON(nil, "+v.ID+")")
		}
	},
	"event.Sign": func(t *testing.T) {
		for _, v := range versions {
			_, err := event.Sign(nil, v, "", "", nil)
			mustErr(t, err, "Sign(nil, "+v.ID+")")
		}
	},
	"event.SignJSON": func(t *testing.T) {
		_, err := event.SignJSON(nil, "", "", nil)
		mustErr(t, err, "SignJSON(nil)")
	},
	"event.StripEventID": func(t *testing.T) {
		_, _, err := event.StripEventID(nil)
		mustErr(t, err, "StripEventID(nil)")
	},
	"event.VerifyJSONSignature": func(t *testing.T) { assert.False(t, event.VerifyJSONSignature("", nil, "")) },
	"event.NewMemoSlot": func(t *testing.T) {
		s := event.NewMemoSlot[int]()
		assert.Zero(t, s.Get(nil, nil))
		assert.Zero(t, s.Get(zeroEvent(), nil), "a nil compute gives the zero value")
		assert.False(t, s.Cached(zeroEvent()))
	},
	"event.MemoSlot.Get": func(t *testing.T) {
		var s event.MemoSlot[*int]
		assert.Nil(t, s.Get(nil, nil))
		assert.Nil(t, s.Get(zeroEvent(), nil))
	},
	"event.MemoSlot.GetReused": func(t *testing.T) {
		var zero event.MemoSlot[*int]
		v, ok := zero.GetReused(zeroEvent(), func(*event.Event) *int { return new(int) })
		assert.True(t, v == nil && !ok, "the zero slot caches nothing")
		s := event.NewMemoSlot[*int]()
		v, ok = s.GetReused(nil, nil)
		assert.True(t, v == nil && ok, "a nil event has the zero value")
		e := zeroEvent()
		for i := 0; i < 2; i++ {
			v, ok = s.GetReused(e, nil)
			assert.True(t, v == nil && !ok, "a nil compute computes and marks nothing")
		}
		assert.False(t, s.Cached(e))
	},
	"event.MemoSlot.Cached": func(t *testing.T) {
		var s event.MemoSlot[int]
		assert.False(t, s.Cached(nil))
		assert.False(t, s.Cached(zeroEvent()))
	},
	"event.KeyRing.LookupKey": func(t *testing.T) {
		_, ok := event.KeyRing(nil).LookupKey("", "")
		assert.False(t, ok)
	},
	"event.Error.Error":            func(t *testing.T) { _ = event.Error("").Error() },
	"event.SignatureError.Error":   func(t *testing.T) { assert.NotEmpty(t, (&event.SignatureError{}).Error()) },
	"event.ValidationError.Error":  func(t *testing.T) { assert.NotEmpty(t, (&event.ValidationError{}).Error()) },
	"event.ValidationError.Unwrap": func(t *testing.T) { assert.Nil(t, (&event.ValidationError{}).Unwrap()) },

	// event: methods of the zero Event
	"event.Event.AppendAuthEventIDs": func(t *testing.T) { assert.Empty(t, zeroEvent().AppendAuthEventIDs(nil)) },
	"event.Event.AppendPrevEventIDs": func(t *testing.T) { assert.Empty(t, zeroEvent().AppendPrevEventIDs(nil)) },
	"event.Event.AuthEventID": func(t *testing.T) {
		for _, i := range []int{-1, 0, 1} {
			assert.Empty(t, zeroEvent().AuthEventID(i))
		}
	},
	"event.Event.PrevEventID": func(t *testing.T) {
		for _, i := range []int{-1, 0, 1} {
			assert.Empty(t, zeroEvent().PrevEventID(i))
		}
	},
	"event.Event.AuthEventIDs":    func(t *testing.T) { assert.Nil(t, zeroEvent().AuthEventIDs()) },
	"event.Event.PrevEventIDs":    func(t *testing.T) { assert.Nil(t, zeroEvent().PrevEventIDs()) },
	"event.Event.AuthEventIDsSeq": func(t *testing.T) { assertEmptySeq(t, zeroEvent().AuthEventIDsSeq()) },
	"event.Event.PrevEventIDsSeq": func(t *testing.T) { assertEmptySeq(t, zeroEvent().PrevEventIDsSeq()) },
	"event.Event.NumAuthEvents":   func(t *testing.T) { assert.Zero(t, zeroEvent().NumAuthEvents()) },
	"event.Event.NumPrevEvents":   func(t *testing.T) { assert.Zero(t, zeroEvent().NumPrevEvents()) },
	"event.Event.ContentHash": func(t *testing.T) {
		_, err := zeroEvent().ContentHash()
		mustErr(t, err, "ContentHash of the zero Event")
	},
	"event.Event.ContentHashValid": func(t *testing.T) {
		ok, err := zeroEvent().ContentHashValid()
		assert.False(t, ok)
		mustErr(t, err, "ContentHashValid of the zero Event")
	},
	"event.Event.ReferenceHash": func(t *testing.T) {
		_, err := zeroEvent().ReferenceHash()
		mustErr(t, err, "ReferenceHash of the zero Event")
	},
	"event.Event.SigningInput": func(t *testing.T) {
		_, err := zeroEvent().SigningInput()
		mustErr(t, err, "SigningInput of the zero Event")
	},
	"event.Event.Redact": func(t *testing.T) {
		_, err := zeroEvent().Redact()
		mustErr(t, err, "Redact of the zero Event")
	},
	"event.Event.Redacted": func(t *testing.T) {
		red, err := zeroEvent().Redacted()
		mustErr(t, err, "Redacted of the zero Event")
		assert.Nil(t, red)
	},
	"event.Event.Redacts": func(t *testing.T) {
		r, k := zeroEvent().Redacts()
		assert.Empty(t, r)
		assert.Equal(t, event.Absent, k)
	},
	"event.Event.Membership": func(t *testing.T) {
		m, k := zeroEvent().Membership()
		assert.Empty(t, m)
		assert.Equal(t, event.Absent, k)
	},
	"event.Event.VerifySignatures": func(t *testing.T) {
		mustErr(t, zeroEvent().VerifySignatures(nil), "VerifySignatures(nil) of the zero Event")
		mustErr(t, zeroEvent().VerifySignatures(event.KeyRing(nil)), "VerifySignatures(KeyRing(nil))")
	},
	"event.Event.VerifySignaturesExcept": func(t *testing.T) {
		mustErr(t, zeroEvent().VerifySignaturesExcept(nil, ""), "VerifySignaturesExcept(nil, \"\") of the zero Event")
	},
	"event.Event.RequiredSigners": func(t *testing.T) {
		// The zero Event's sender has no domain: the empty server it lists
		// fails VerifySignatures (see above).
		for _, s := range zeroEvent().RequiredSigners() {
			assert.Empty(t, s)
		}
	},
	"event.Event.ImpliedCreateEventID": func(t *testing.T) {
		_, ok := zeroEvent().ImpliedCreateEventID()
		assert.False(t, ok)
	},
	"event.Event.StateKey": func(t *testing.T) {
		sk, ok := zeroEvent().StateKey()
		assert.Empty(t, sk)
		assert.False(t, ok)
	},
	"event.Event.StateKeyEquals": func(t *testing.T) { assert.False(t, zeroEvent().StateKeyEquals("")) },
	"event.Event.IsState":        func(t *testing.T) { assert.False(t, zeroEvent().IsState()) },
	"event.Event.ContentJSON":    func(t *testing.T) { assert.Empty(t, zeroEvent().ContentJSON()) },
	"event.Event.JSON":           func(t *testing.T) { assert.Empty(t, zeroEvent().JSON()) },
	"event.Event.Depth":          func(t *testing.T) { assert.Zero(t, zeroEvent().Depth()) },
	"event.Event.OriginServerTS": func(t *testing.T) { assert.Zero(t, zeroEvent().OriginServerTS()) },
	"event.Event.ID":             func(t *testing.T) { assert.Empty(t, zeroEvent().ID()) },
	"event.Event.RoomID":         func(t *testing.T) { assert.Empty(t, zeroEvent().RoomID()) },
	"event.Event.Sender":         func(t *testing.T) { assert.Empty(t, zeroEvent().Sender()) },
	"event.Event.Type":           func(t *testing.T) { assert.Empty(t, zeroEvent().Type()) },
	"event.Event.Version": func(t *testing.T) {
		mustErr(t, zeroEvent().Version().Valid(), "the zero Event's version")
	},

	// auth
	"auth.Check": func(t *testing.T) {
		for _, ev := range []*event.Event{nil, zeroEvent()} {
			for _, st := range []auth.State{nil, auth.StateMap(nil), auth.StateMap{}} {
				mustErr(t, auth.Check(ev, st), fmt.Sprintf("Check(%v, %T)", ev, st))
			}
		}
	},
	"auth.CheckAuthEvents": func(t *testing.T) {
		for _, ev := range []*event.Event{nil, zeroEvent()} {
			for _, list := range [][]*event.Event{nil, {}, {nil}, {zeroEvent()}} {
				mustErr(t, auth.CheckAuthEvents(ev, list), fmt.Sprintf("CheckAuthEvents(%v, %d events)", ev, len(list)))
			}
		}
	},
	"auth.SelectAuthEvents": func(t *testing.T) {
		assert.Empty(t, auth.SelectAuthEvents(nil, nil))
		_ = auth.SelectAuthEvents(zeroEvent(), nil)
	},
	"auth.ParsePowerLevel": func(t *testing.T) {
		for _, v := range versions {
			_, ok := auth.ParsePowerLevel("", v)
			assert.False(t, ok)
		}
	},
	"auth.PowerLevelFromEvents": func(t *testing.T) {
		// Documented: without either event the level is 0.
		for _, ev := range []*event.Event{nil, zeroEvent()} {
			l, err := auth.PowerLevelFromEvents(ev, nil, "")
			require.NoError(t, err)
			assert.True(t, l.Compare(auth.IntLevel(0)) == 0, "level %v", l)
		}
	},
	"auth.UserPowerLevel": func(t *testing.T) {
		// As PowerLevelFromEvents: a state without the events gives 0.
		for _, st := range []auth.State{nil, auth.StateMap(nil)} {
			l, err := auth.UserPowerLevel(st, "")
			require.NoError(t, err)
			assert.True(t, l.Compare(auth.IntLevel(0)) == 0, "level %v", l)
		}
	},
	"auth.StateMap.StateEvent": func(t *testing.T) { assert.Nil(t, auth.StateMap(nil).StateEvent("", "")) },
	"auth.Rejection.Error":     func(t *testing.T) { assert.NotEmpty(t, (&auth.Rejection{}).Error()) },
	"auth.Details.Has":         func(t *testing.T) { assert.False(t, auth.Details{}.Has(0)) },
	"auth.Details.String":      func(t *testing.T) { assert.Empty(t, auth.Details{}.String()) },
	"auth.CreatorTransitions":  func(t *testing.T) { assert.NotEmpty(t, auth.CreatorTransitions()) },
	"auth.RestrictedTransitions": func(t *testing.T) {
		assert.NotEmpty(t, auth.RestrictedTransitions())
	},
	"auth.Transitions": func(t *testing.T) { assert.NotEmpty(t, auth.Transitions()) },
	"auth.Transition":  func(t *testing.T) { _ = auth.Transition("", "", false) },
	"auth.TransitionInfo.Allowed": func(t *testing.T) {
		for _, v := range versions {
			_ = auth.TransitionInfo{}.Allowed(v)
		}
	},
	"auth.JoinRuleTransition.Allowed": func(t *testing.T) {
		assert.False(t, auth.JoinRuleTransition{}.Allowed(roomversion.Version{}))
	},
	"auth.JoinRuleTransition.Known": func(t *testing.T) {
		assert.False(t, auth.JoinRuleTransition{}.Known(roomversion.Version{}))
	},
	"auth.InfiniteLevel": func(t *testing.T) { assert.True(t, auth.InfiniteLevel().Infinite()) },
	"auth.IntLevel": func(t *testing.T) {
		n, ok := auth.IntLevel(0).Int()
		assert.True(t, ok)
		assert.Zero(t, n)
	},
	"auth.Level.AtLeast":  func(t *testing.T) { assert.True(t, auth.Level{}.AtLeast(auth.Level{})) },
	"auth.Level.Compare":  func(t *testing.T) { assert.Zero(t, auth.Level{}.Compare(auth.Level{})) },
	"auth.Level.Less":     func(t *testing.T) { assert.False(t, auth.Level{}.Less(auth.Level{})) },
	"auth.Level.Infinite": func(t *testing.T) { assert.False(t, auth.Level{}.Infinite()) },
	"auth.Level.Int": func(t *testing.T) {
		n, ok := auth.Level{}.Int()
		assert.True(t, ok, "the zero Level is the integer 0")
		assert.Zero(t, n)
	},
	"auth.Level.String": func(t *testing.T) { assert.Equal(t, "0", auth.Level{}.String()) },

	// authchain
	"authchain.New": func(t *testing.T) {
		for _, n := range []int{-1, 0} {
			assert.Zero(t, authchain.New(n).Len())
		}
	},
	"authchain.Load": func(t *testing.T) {
		x, err := authchain.Load(authchain.Rows{})
		if err == nil {
			assert.Zero(t, x.Len())
		}
	},
	"authchain.Index.Add": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) { mustErr(t, x.Add("", "", nil), "Add(\"\")") })
	},
	"authchain.Index.AddEvent": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			mustErr(t, x.AddEvent(nil), "AddEvent(nil)")
			mustErr(t, x.AddEvent(zeroEvent()), "AddEvent(zero Event)")
		})
	},
	"authchain.Index.AuthChain": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			ids, err := x.AuthChain(nil)
			assert.NoError(t, err)
			assert.Empty(t, ids)
			_, err = x.AuthChain([]string{""})
			mustErr(t, err, "AuthChain of an unknown event")
		})
	},
	"authchain.Index.StateDifference": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			ids, err := x.StateDifference(nil, nil)
			assert.NoError(t, err)
			assert.Empty(t, ids)
			_, err = x.StateDifference(func(string, string) (string, bool) { return "", false }, [][]string{nil, {""}})
			mustErr(t, err, "StateDifference of an unknown event")
		})
	},
	"authchain.Index.Subgraph": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			ids, err := x.Subgraph(nil)
			assert.NoError(t, err)
			assert.Empty(t, ids)
			_, err = x.Subgraph([]string{""})
			mustErr(t, err, "Subgraph of an unknown event")
		})
	},
	"authchain.Index.Compact": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) { x.Compact(); assert.Zero(t, x.Len()) })
	},
	"authchain.Index.Difference": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			ids, err := x.Difference(nil, nil)
			assert.NoError(t, err)
			assert.Empty(t, ids)
			_, err = x.Difference(nil, [][]string{nil, {""}})
			mustErr(t, err, "Difference of an unknown event")
		})
	},
	"authchain.Index.Has": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) { assert.False(t, x.Has("")) })
	},
	"authchain.Index.Len": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) { assert.Zero(t, x.Len()) })
	},
	"authchain.Index.KeyChainDistance": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			_, _, err := x.KeyChainDistance("", "")
			mustErr(t, err, "KeyChainDistance of unknown events")
		})
	},
	"authchain.Index.Reacher": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			f, err := x.Reacher(nil)
			if err == nil {
				_, err = f("")
				mustErr(t, err, "a reacher asked about an unknown event")
			}
		})
	},
	"authchain.Index.Reaches": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			_, err := x.Reaches("", "")
			mustErr(t, err, "Reaches of unknown events")
		})
	},
	"authchain.Index.ReachesAny": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			_, err := x.ReachesAny("", nil)
			mustErr(t, err, "ReachesAny of an unknown event")
		})
	},
	"authchain.Index.Rows": func(t *testing.T) {
		forIndexes(func(x *authchain.Index) {
			r := x.Rows()
			assert.Empty(t, r.Events)
			y, err := authchain.Load(r)
			require.NoError(t, err, "the rows of an empty index load")
			assert.Zero(t, y.Len())
		})
	},
	"authchain.DuplicateEventError.Error": func(t *testing.T) {
		assert.NotEmpty(t, (&authchain.DuplicateEventError{}).Error())
	},
	"authchain.UnknownEventError.Error": func(t *testing.T) {
		assert.NotEmpty(t, (&authchain.UnknownEventError{}).Error())
	},

	// receipt
	"receipt.Check": func(t *testing.T) {
		for _, in := range []receipt.Input{{}, {Event: zeroEvent()}, {PDU: []byte{}}, {PDU: []byte("{}")}} {
			for _, v := range versions {
				in.Version = v
				r := receipt.Check(in, receipt.Options{})
				assert.True(t, r.Refused(), "%+v", in)
				assert.Equal(t, receipt.StepFormat, r.Step)
				mustErr(t, r.Err, "receipt.Check of an empty input")
			}
		}
	},
	"receipt.Error.Error":      func(t *testing.T) { assert.NotEmpty(t, (&receipt.Error{}).Error()) },
	"receipt.Error.Unwrap":     func(t *testing.T) { assert.Nil(t, (&receipt.Error{}).Unwrap()) },
	"receipt.InputError.Error": func(t *testing.T) { _ = receipt.InputError("").Error() },
	"receipt.Result.Accepted":  func(t *testing.T) { assert.False(t, receipt.Result{}.Accepted(), "a zero Result has no event") },
	"receipt.Result.Refused":   func(t *testing.T) { assert.True(t, receipt.Result{}.Refused()) },
	"receipt.Result.SoftFailed": func(t *testing.T) {
		assert.False(t, receipt.Result{}.SoftFailed())
	},
	"receipt.Result.Reason":    func(t *testing.T) { assert.Empty(t, receipt.Result{}.Reason()) },
	"receipt.Result.Rejection": func(t *testing.T) { assert.Nil(t, receipt.Result{}.Rejection()) },
	"receipt.Result.Rule":      func(t *testing.T) { assert.Empty(t, receipt.Result{}.Rule()) },
	"receipt.Step.Rule":        func(t *testing.T) { assert.Empty(t, receipt.Step(0).Rule()) },
	"receipt.Step.String":      func(t *testing.T) { assert.NotEmpty(t, receipt.Step(0).String()) },

	// builder
	"builder.Build": func(t *testing.T) {
		for _, v := range versions {
			for _, st := range []auth.State{nil, auth.StateMap(nil)} {
				res, err := builder.Build(builder.Proto{}, v, st, builder.SigningKey{})
				mustErr(t, err, "Build of the zero Proto in "+v.ID)
				assert.Nil(t, res)
			}
		}
	},
	"builder.AddSignature": func(t *testing.T) {
		for _, ev := range []*event.Event{nil, zeroEvent()} {
			out, err := builder.AddSignature(ev, builder.SigningKey{})
			mustErr(t, err, "AddSignature")
			assert.Nil(t, out)
		}
	},
	"builder.ReferenceHash": func(t *testing.T) {
		for _, ev := range []*event.Event{nil, zeroEvent()} {
			_, err := builder.ReferenceHash(ev)
			mustErr(t, err, "ReferenceHash")
		}
	},
	"builder.IDsOf": func(t *testing.T) {
		ids, err := builder.IDsOf(nil)
		assert.NoError(t, err)
		assert.Empty(t, ids)
		_, err = builder.IDsOf(auth.StateMap{{}: nil})
		mustErr(t, err, "IDsOf a state with a nil event")
	},
	"builder.StateFromEvents": func(t *testing.T) {
		// A state needs a create event; nil and zero events are refused.
		for _, list := range [][]*event.Event{nil, {nil}, {zeroEvent()}} {
			_, err := builder.StateFromEvents(list)
			mustErr(t, err, "StateFromEvents of a nil or zero event")
		}
	},
	"builder.StateFromIDs": func(t *testing.T) {
		for _, ids := range []map[auth.StateKey]string{nil, {{}: ""}} {
			_, err := builder.StateFromIDs(ids, nil)
			mustErr(t, err, "StateFromIDs with a nil fetch")
			_, err = builder.StateFromIDs(ids, func(string) (*event.Event, bool) { return nil, false })
			mustErr(t, err, "StateFromIDs of a state without a create event")
		}
	},
	"builder.StateKey": func(t *testing.T) {
		p := builder.StateKey("")
		require.NotNil(t, p)
		assert.Empty(t, *p)
	},
	"builder.EntryError.Error":         func(t *testing.T) { assert.NotEmpty(t, (&builder.EntryError{}).Error()) },
	"builder.Error.Error":              func(t *testing.T) { _ = builder.Error("").Error() },
	"builder.FieldError.Error":         func(t *testing.T) { assert.NotEmpty(t, (&builder.FieldError{}).Error()) },
	"builder.FieldError.Unwrap":        func(t *testing.T) { assert.Nil(t, (&builder.FieldError{}).Unwrap()) },
	"builder.MissingEventsError.Error": func(t *testing.T) { assert.NotEmpty(t, (&builder.MissingEventsError{}).Error()) },

	// stateres
	"stateres.Resolve": func(t *testing.T) {
		for _, in := range zeroResolveInputs() {
			_, err := stateres.Resolve(in)
			if in.Version.ID == "" {
				mustErr(t, err, "Resolve with the zero version")
			}
		}
	},
	"stateres.ResolveReport": func(t *testing.T) {
		for _, in := range zeroResolveInputs() {
			_, err := stateres.ResolveReport(in)
			if in.Version.ID == "" {
				mustErr(t, err, "ResolveReport with the zero version")
			}
		}
	},
	"stateres.Error.Error":             func(t *testing.T) { _ = stateres.Error("").Error() },
	"stateres.RoomMismatchError.Error": func(t *testing.T) { assert.NotEmpty(t, (&stateres.RoomMismatchError{}).Error()) },
	"stateres.RoomMismatchError.Is": func(t *testing.T) {
		assert.False(t, (&stateres.RoomMismatchError{}).Is(nil))
		assert.True(t, (&stateres.RoomMismatchError{}).Is(stateres.ErrOtherRoom))
	},
	"stateres.NoCreateEventError.Error": func(t *testing.T) { assert.NotEmpty(t, (&stateres.NoCreateEventError{}).Error()) },
	"stateres.NoCreateEventError.Is": func(t *testing.T) {
		assert.False(t, (&stateres.NoCreateEventError{}).Is(nil))
		assert.True(t, (&stateres.NoCreateEventError{}).Is(stateres.ErrNoCreateEvent))
	},
	"stateres.Step.Describe": func(t *testing.T) { _ = stateres.Step("").Describe() },

	// stateres/synth
	"synth.Generate": func(t *testing.T) {
		r, err := synth.Generate(synth.Config{})
		if err == nil {
			_, rerr := stateres.Resolve(r.Input())
			assert.NoError(t, rerr, "the zero Config's room resolves")
		}
	},
	"synth.Room.Fetch": func(t *testing.T) {
		ev, ok := (&synth.Room{}).Fetch("")
		assert.False(t, ok)
		assert.Nil(t, ev)
	},
	"synth.Room.Input": func(t *testing.T) {
		in := (&synth.Room{}).Input()
		_, err := stateres.Resolve(in)
		mustErr(t, err, "Resolve of the zero Room's input")
	},

	// handshake
	"handshake.MakeJoin": func(t *testing.T) {
		forMakeInputs(func(req handshake.MakeRequest, st auth.State) {
			_, err := handshake.MakeJoin(req, st)
			mustMatrixErr(t, err, "MakeJoin")
		})
	},
	"handshake.MakeKnock": func(t *testing.T) {
		forMakeInputs(func(req handshake.MakeRequest, st auth.State) {
			_, err := handshake.MakeKnock(req, st)
			mustMatrixErr(t, err, "MakeKnock")
		})
	},
	"handshake.MakeLeave": func(t *testing.T) {
		forMakeInputs(func(req handshake.MakeRequest, st auth.State) {
			_, err := handshake.MakeLeave(req, st)
			mustMatrixErr(t, err, "MakeLeave")
		})
	},
	"handshake.SendJoin": func(t *testing.T) {
		for _, v := range versions {
			for _, st := range []auth.State{nil, auth.StateMap(nil)} {
				res, err := handshake.SendJoin(handshake.SendJoinRequest{RoomVersion: v}, st)
				mustMatrixErr(t, err, "SendJoin")
				assert.Nil(t, res)
			}
		}
	},
	"handshake.SendKnock": func(t *testing.T) {
		for _, v := range versions {
			for _, st := range []auth.State{nil, auth.StateMap(nil)} {
				res, err := handshake.SendKnock(handshake.SendKnockRequest{RoomVersion: v}, st)
				mustMatrixErr(t, err, "SendKnock")
				assert.Nil(t, res)
			}
		}
	},
	"handshake.ValidateJoinTemplate": func(t *testing.T) {
		_, err := handshake.ValidateJoinTemplate(nil, handshake.Request{})
		mustErr(t, err, "ValidateJoinTemplate(nil)")
	},
	"handshake.ValidateKnockTemplate": func(t *testing.T) {
		_, err := handshake.ValidateKnockTemplate(nil, handshake.Request{})
		mustErr(t, err, "ValidateKnockTemplate(nil)")
	},
	"handshake.ValidateLeaveTemplate": func(t *testing.T) {
		_, err := handshake.ValidateLeaveTemplate(nil, handshake.Request{})
		mustErr(t, err, "ValidateLeaveTemplate(nil)")
	},
	"handshake.DescribeMembership": func(t *testing.T) {
		for _, ev := range []*event.Event{nil, zeroEvent()} {
			_ = handshake.DescribeMembership(ev, "")
		}
	},
	"handshake.PublicRoomJoinRule": func(t *testing.T) {
		for _, st := range []auth.State{nil, auth.StateMap(nil)} {
			_ = handshake.PublicRoomJoinRule(st)
		}
	},
	"handshake.PublicRoomVersion": func(t *testing.T) {
		for _, st := range []auth.State{nil, auth.StateMap(nil)} {
			_ = handshake.PublicRoomVersion(st)
		}
	},
	"handshake.StrippedState": func(t *testing.T) {
		for _, st := range []auth.State{nil, auth.StateMap(nil)} {
			assert.Empty(t, handshake.StrippedState(st))
		}
	},
	"handshake.StrippedStateTypes": func(t *testing.T) { assert.NotEmpty(t, handshake.StrippedStateTypes()) },
	"handshake.MatrixError.Error":  func(t *testing.T) { _ = (&handshake.MatrixError{}).Error() },
	"handshake.MatrixError.HTTPStatus": func(t *testing.T) {
		assert.NotZero(t, (&handshake.MatrixError{}).HTTPStatus())
	},
	"handshake.MatrixError.MarshalJSON": func(t *testing.T) {
		b, err := (&handshake.MatrixError{}).MarshalJSON()
		if err == nil {
			assert.True(t, json.Valid(b))
		}
	},
	"handshake.MatrixError.Unwrap": func(t *testing.T) { assert.Nil(t, (&handshake.MatrixError{}).Unwrap()) },
	"handshake.SendKnockResult.MarshalJSON": func(t *testing.T) {
		b, err := (&handshake.SendKnockResult{}).MarshalJSON()
		if err == nil {
			assert.True(t, json.Valid(b))
		}
	},
	"handshake.TemplateError.Error":  func(t *testing.T) { _ = (&handshake.TemplateError{}).Error() },
	"handshake.TemplateError.Unwrap": func(t *testing.T) { assert.Nil(t, (&handshake.TemplateError{}).Unwrap()) },
}

func assertEmptySeq(t *testing.T, seq func(func(string) bool)) {
	t.Helper()
	for id := range seq {
		t.Errorf("the zero Event yields %q", id)
	}
}

// forIndexes runs f on a nil *Index (which reads as an empty index and
// refuses additions: stateres.Input.AuthChains may hold one), on a zero
// Index and on New(0).
func forIndexes(f func(x *authchain.Index)) {
	f(nil)
	f(&authchain.Index{})
	f(authchain.New(0))
}

func forMakeInputs(f func(req handshake.MakeRequest, st auth.State)) {
	for _, v := range versions {
		for _, st := range []auth.State{nil, auth.StateMap(nil)} {
			f(handshake.MakeRequest{RoomVersion: v}, st)
		}
	}
	f(handshake.MakeRequest{}, nil)
}

// mustMatrixErr: the handshake functions answer with a *MatrixError.
func mustMatrixErr(t *testing.T, err error, what string) {
	t.Helper()
	mustErr(t, err, what)
	var me *handshake.MatrixError
	if err != nil && !errors.As(err, &me) {
		t.Errorf("%s: %T is not a *handshake.MatrixError", what, err)
	}
}

// zeroResolveInputs are resolution inputs with nil and zero members: for
// the zero version (an error), and for valid versions with no sets, an
// empty set, and a set naming an event that nil Fetch does not have.
func zeroResolveInputs() []stateres.Input {
	out := []stateres.Input{{}}
	for _, v := range versions[1:] {
		out = append(out,
			stateres.Input{Version: v},
			stateres.Input{Version: v, StateSets: []stateres.StateSet{nil, {}}},
			stateres.Input{Version: v, StateSets: []stateres.StateSet{{{}: ""}, {{}: "$x"}}},
			// A typed nil index in the interface: read as empty.
			stateres.Input{Version: v, StateSets: []stateres.StateSet{{{Type: "m.room.create"}: "$a"}, {{Type: "m.room.create"}: "$b"}},
				AuthChains: (*authchain.Index)(nil)},
		)
	}
	return out
}

// TestEveryExportedNameIsCalledWithNilAndZero runs the call table and
// fails for every exported function or method of the library packages
// that has no entry, so that a new one cannot go without this test.
func TestEveryExportedNameIsCalledWithNilAndZero(t *testing.T) {
	api := exportedAPI(t)
	seen := map[string]bool{}
	for _, name := range api {
		seen[name] = true
		call, ok := calls[name]
		if !ok {
			t.Errorf("%s has no nil/zero call in the table of %s", name, "internal/apisafety/nilzero_test.go")
			continue
		}
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panics on nil/zero arguments: %v", name, r)
				}
			}()
			call(t)
		})
	}
	for name := range calls {
		if !seen[name] {
			t.Errorf("the table calls %s, which is not an exported function or method of the library packages", name)
		}
	}
	if len(api) < 100 {
		t.Errorf("only %d exported names found: the source scan is broken", len(api))
	}
}
