package stateres

import "github.com/mxauth/mxauth/auth"

// iterate is the iterative auth checks of SR2-DEF-10 over order, updating t
// in place. For each event it builds the auth map as Synapse does: first the
// event's own auth events that the caller has and did not reject, each at
// its own key; then, for each of the event's selection keys, t's entry when
// that event exists and was not rejected (a rejected entry of t is ignored,
// so the event's own auth event stays). A previously rejected event is
// never admitted (D8, SR2-REJ-1, EDGE-SR2-5); rejected auth events never
// fill a gap (SR2-REJ-3, EDGE-SR2-6). Events without a state_key, and events
// on an auth cycle (D12), are skipped.
//
// t starts as the unconflicted map itself; the first write to each key
// records in orig what t held there, so that SR2-7 can restore the
// unconflicted entries without a copy of the whole state.
func (r *resolver) iterate(t StateSet, order []*node, orig map[auth.StateKey]origEntry) error {
	st := &r.small
	for _, n := range order {
		key, ok := keyOf(n.ev)
		if !ok || n.cycle || r.rejected(n) {
			continue
		}
		st.reset()
		auths, err := r.authOf(n)
		if err != nil {
			return err
		}
		for _, a := range auths {
			if r.rejected(a) {
				continue
			}
			if k, ok := keyOf(a.ev); ok {
				st.set(k, a.ev)
			}
		}
		r.keys = r.rules.selectKeys(n.ev, r.keys[:0])
		for _, k := range r.keys {
			id, ok := t[k]
			if !ok {
				continue
			}
			a, err := r.usable(id)
			if err != nil {
				return err
			}
			if a != nil {
				st.set(k, a.ev)
			}
		}
		if r.rules.check(n.ev, st) != nil {
			continue
		}
		if _, seen := orig[key]; !seen {
			old, had := t[key]
			orig[key] = origEntry{id: old, had: had}
		}
		t[key] = n.id
	}
	return nil
}

// origEntry is what the unconflicted map held at a key before the iterative
// checks first wrote it.
type origEntry struct {
	id  string
	had bool
}
