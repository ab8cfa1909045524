package conformance

import (
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/stateres"
)

// Resolve resolves the state sets (event IDs of f) with the state
// resolution algorithm of f's room version, with every valid event of f
// available and exactly the events in rejected counting as rejected
// (FORMAT.md `resolve`). Each set must hold at most one event per
// (type, state_key), and every event in a set must be a valid state event.
func Resolve(f *fixture.Fixture, sets [][]string, rejected []string) (State, error) {
	st, _, err := resolve(f, sets, rejected, false)
	return st, err
}

// ResolveExplained is [Resolve] with stateres's explanation of each
// conflicted key (stateres.Input.Explain).
func ResolveExplained(f *fixture.Fixture, sets [][]string, rejected []string) (State, []stateres.KeyExplanation, error) {
	return resolve(f, sets, rejected, true)
}

func resolve(f *fixture.Fixture, sets [][]string, rejected []string, explain bool) (State, []stateres.KeyExplanation, error) {
	received := redactedOnReceipt(f)
	in := stateres.Input{
		Version:   f.RoomVersion,
		StateSets: make([]stateres.StateSet, 0, len(sets)),
		// No option is set: the corpus measures what every caller gets
		// from the zero-value Input, which trusts no depth.
		Explain: explain,
		Fetch: func(id string) (*event.Event, bool) {
			if ev := received[id]; ev != nil {
				return ev, true
			}
			if en := f.Lookup(id); en != nil && en.Event != nil {
				return en.Event, true
			}
			return nil, false
		},
	}
	if len(rejected) > 0 {
		isRejected := make(map[string]bool, len(rejected))
		for _, id := range rejected {
			isRejected[id] = true
		}
		in.IsRejected = func(id string) bool { return isRejected[id] }
	}
	for i, ids := range sets {
		set, err := stateSet(f, ids)
		if err != nil {
			return nil, nil, fmt.Errorf("state set %d: %w", i, err)
		}
		in.StateSets = append(in.StateSets, set)
	}
	res, err := stateres.ResolveReport(in)
	if err != nil {
		return nil, nil, err
	}
	resolved := res.State
	out := State{}
	for k, id := range resolved {
		if out[k.Type] == nil {
			out[k.Type] = map[string]string{}
		}
		out[k.Type][k.StateKey] = id
	}
	return out, res.Explanations, nil
}

// redactedOnReceipt returns the redacted form of every event whose content
// hash does not match, in a fixture whose signatures (and so hashes) are
// checked: such an event is kept in its redacted form on receipt (PDU-3,
// HASH-C-4), and resolution sees that form, as it does when judging.
func redactedOnReceipt(f *fixture.Fixture) map[string]*event.Event {
	if f.Keys == nil {
		return nil
	}
	var out map[string]*event.Event
	for _, en := range f.Events {
		if en.Event == nil {
			continue
		}
		if ok, err := en.Event.ContentHashValid(); err != nil || ok {
			continue
		}
		if red, err := en.Event.Redacted(); err == nil {
			if out == nil {
				out = map[string]*event.Event{}
			}
			out[en.ID] = red
		}
	}
	return out
}

// stateSet turns a list of event IDs into a state set keyed by each
// event's (type, state_key).
func stateSet(f *fixture.Fixture, ids []string) (stateres.StateSet, error) {
	set := make(stateres.StateSet, len(ids))
	for _, id := range ids {
		en := f.Lookup(id)
		switch {
		case en == nil:
			return nil, fmt.Errorf("unknown event %s", id)
		case en.Event == nil:
			return nil, fmt.Errorf("event %s is not a valid PDU: %v", id, en.ParseErr)
		}
		sk, ok := en.Event.StateKey()
		if !ok {
			return nil, fmt.Errorf("event %s is not a state event", id)
		}
		k := auth.StateKey{Type: en.Event.Type(), StateKey: sk}
		if prev, dup := set[k]; dup {
			return nil, fmt.Errorf("events %s and %s both hold (%s, %q)", prev, id, k.Type, k.StateKey)
		}
		set[k] = id
	}
	return set, nil
}
