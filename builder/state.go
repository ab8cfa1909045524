package builder

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// Adapters between ID-keyed room state (stateres.StateSet, whose
// underlying type is map[auth.StateKey]string) and event-keyed state
// (auth.State, auth.StateMap).

var createKey = auth.StateKey{Type: event.TypeCreate}

// StateFromIDs returns the event-keyed state of ids, fetching each event
// from the caller's store with fetch. A stateres.StateSet can be passed as
// it is.
//
// Every entry must resolve to an event with that ID and that (type,
// state_key): entries fetch does not find are reported together, sorted by
// key, as a *[MissingEventsError]; an event that does not fit its entry as
// an *[EntryError]. A set without a (m.room.create, "") entry gives an
// error wrapping [ErrNoCreateEvent]. A nil fetch is refused with a
// *[FieldError].
func StateFromIDs(ids map[auth.StateKey]string, fetch func(id string) (*event.Event, bool)) (auth.StateMap, error) {
	if fetch == nil {
		return nil, fieldErr("fetch", "is nil")
	}
	if _, ok := ids[createKey]; !ok {
		return nil, fmt.Errorf("builder: %w", ErrNoCreateEvent)
	}
	keys := make([]auth.StateKey, 0, len(ids))
	for k := range ids {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	out := make(auth.StateMap, len(ids))
	var missing MissingEventsError
	for _, k := range keys {
		id := ids[k]
		ev, ok := fetch(id)
		if !ok || ev == nil {
			missing.Keys = append(missing.Keys, k)
			missing.IDs = append(missing.IDs, id)
			continue
		}
		if err := checkEntry(k, id, ev); err != nil {
			return nil, err
		}
		out[k] = ev
	}
	if len(missing.IDs) > 0 {
		return nil, &missing
	}
	return out, nil
}

// StateFromEvents returns the state the state events evs form, such as an
// event's auth events or a state fetched by /state. Two events at one
// (type, state_key), a message event and a nil entry are errors
// (*[EntryError]); the same event twice is not. A list without a create
// event gives an error wrapping [ErrNoCreateEvent].
func StateFromEvents(evs []*event.Event) (auth.StateMap, error) {
	out := make(auth.StateMap, len(evs))
	for i, ev := range evs {
		if ev == nil {
			return nil, &EntryError{Reason: fmt.Sprintf("entry %d is nil", i)}
		}
		sk, ok := ev.StateKey()
		k := auth.StateKey{Type: ev.Type(), StateKey: sk}
		if !ok {
			return nil, &EntryError{Key: k, ID: ev.ID(), Reason: "is not a state event"}
		}
		if prev := out[k]; prev != nil && prev.ID() != ev.ID() {
			return nil, &EntryError{Key: k, ID: ev.ID(), Reason: "two events hold this entry: " + prev.ID() + " and " + ev.ID()}
		}
		out[k] = ev
	}
	if out[createKey] == nil {
		return nil, fmt.Errorf("builder: %w", ErrNoCreateEvent)
	}
	return out, nil
}

// IDsOf returns the ID-keyed form of state; convert it with
// stateres.StateSet(m) to pass it to state resolution. A nil event, or one
// whose (type, state_key) is not its entry's, is an *[EntryError] (the
// first in key order).
func IDsOf(state auth.StateMap) (map[auth.StateKey]string, error) {
	out := make(map[auth.StateKey]string, len(state))
	var bad *EntryError
	for k, ev := range state {
		var err *EntryError
		if ev == nil {
			err = &EntryError{Key: k, Reason: "holds a nil event"}
		} else if !ev.StateKeyEquals(k.StateKey) || ev.Type() != k.Type {
			err = &EntryError{Key: k, ID: ev.ID(), Reason: "holds an event of another (type, state_key)"}
		}
		if err != nil {
			if bad == nil || compareKeys(err.Key, bad.Key) < 0 {
				bad = err
			}
			continue
		}
		out[k] = ev.ID()
	}
	if bad != nil {
		return nil, bad
	}
	return out, nil
}

func checkEntry(k auth.StateKey, id string, ev *event.Event) error {
	if ev.ID() != id {
		return &EntryError{Key: k, ID: id, Reason: "fetch returned another event, " + ev.ID()}
	}
	if ev.Type() != k.Type || !ev.StateKeyEquals(k.StateKey) {
		return &EntryError{Key: k, ID: id, Reason: "the event has another (type, state_key)"}
	}
	return nil
}

func compareKeys(a, b auth.StateKey) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.StateKey, b.StateKey))
}
