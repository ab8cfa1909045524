package stateres

import (
	"sort"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// This file holds a slow, obviously correct reference of state resolution
// v2 (DIGEST §5.2 with D6–D8, D12, D13) written straight from the
// definitions, with none of the resolver's shortcuts: full closures for the
// auth difference, the whole mainline built first as Synapse does, plain
// maps everywhere. The fuzz and property tests compare Resolve with it.

// refFetcher is Fetch restricted to the room being resolved: an event of
// another room counts as missing.
type refFetcher struct {
	fetch func(string) (*event.Event, bool)
	room  string
}

func (f refFetcher) get(id string) *event.Event {
	ev, ok := f.fetch(id)
	if !ok || ev == nil || ev.ID() != id || ev.RoomID() != f.room {
		return nil
	}
	return ev
}

// authIDs are ev's auth events: the listed ones, and in room version 12
// the create event its room_id implies (SR21-DEF-0, D29).
func authIDs(ev *event.Event) []string {
	ids := ev.AuthEventIDs()
	if c, ok := ev.ImpliedCreateEventID(); ok {
		ids = append(append([]string(nil), ids...), c)
	}
	return ids
}

// closure is the auth chain of ids, the ids themselves included (D13);
// missing events are left out.
func (f refFetcher) closure(ids []string) map[string]bool {
	seen := map[string]bool{}
	stack := append([]string(nil), ids...)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		ev := f.get(id)
		if ev == nil {
			continue
		}
		seen[id] = true
		stack = append(stack, authIDs(ev)...)
	}
	return seen
}

// slowAuthDifference is SR2-DEF-4 with D13 by full closures: union minus
// intersection of the sets' chains.
func slowAuthDifference(fetch func(string) (*event.Event, bool)) func([]StateSet) ([]string, error) {
	return func(sets []StateSet) ([]string, error) {
		f := refFetcher{fetch: fetch}
		count := map[string]int{}
		for _, s := range sets {
			var ids []string
			for _, id := range s {
				ids = append(ids, id)
			}
			// The room check is the resolver's job; here any room counts.
			for id := range f.closureAnyRoom(ids) {
				count[id]++
			}
		}
		var out []string
		for id, c := range count {
			if c < len(sets) {
				out = append(out, id)
			}
		}
		return out, nil
	}
}

// slowAuthDifferenceIn is slowAuthDifference with the walks stopping at
// events of another room than room, as the resolver's own walk and the
// reference do (an event reached only through an event of another room
// is in no chain): the two agree on every graph, foreign events included.
func slowAuthDifferenceIn(fetch func(string) (*event.Event, bool), room string) func([]StateSet) ([]string, error) {
	return func(sets []StateSet) ([]string, error) {
		f := refFetcher{fetch: fetch, room: room}
		count := map[string]int{}
		for _, s := range sets {
			var ids []string
			for _, id := range s {
				ids = append(ids, id)
			}
			for id := range f.closure(ids) {
				count[id]++
			}
		}
		var out []string
		for id, c := range count {
			if c < len(sets) {
				out = append(out, id)
			}
		}
		return out, nil
	}
}

func (f refFetcher) closureAnyRoom(ids []string) map[string]bool {
	seen := map[string]bool{}
	stack := append([]string(nil), ids...)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[id] {
			continue
		}
		ev, ok := f.fetch(id)
		if !ok || ev == nil || ev.ID() != id {
			continue
		}
		seen[id] = true
		stack = append(stack, authIDs(ev)...)
	}
	return seen
}

// referenceResolveV2 resolves in with the reference algorithm, v2 or, for
// room version 12, v2.1 (SR21-*). Its second result is false when the
// reference does not apply (a conflicted event of another room, where
// Resolve fails).
func referenceResolveV2(in Input) (StateSet, bool) {
	if len(in.StateSets) == 0 {
		return StateSet{}, true
	}
	room := in.RoomID
	if room == "" {
		room = roomOfSets(&in)
	}
	f := refFetcher{fetch: in.Fetch, room: room}
	rejected := func(id string) bool { return in.IsRejected != nil && in.IsRejected(id) }
	// SR2-DEF-2.
	unconf := StateSet{}
	conflicted := map[string]bool{}
	keys := map[auth.StateKey]bool{}
	for _, s := range in.StateSets {
		for k := range s {
			keys[k] = true
		}
	}
	for k := range keys {
		same := true
		first, ok0 := in.StateSets[0][k]
		for _, s := range in.StateSets {
			if id, ok := s[k]; !ok || !ok0 || id != first {
				same = false
			}
		}
		if same {
			unconf[k] = first
			continue
		}
		for _, s := range in.StateSets {
			if id, ok := s[k]; ok {
				if ev, ok := in.Fetch(id); ok && ev != nil && ev.ID() == id && ev.RoomID() != room {
					return nil, false
				}
				conflicted[id] = true
			}
		}
	}
	if len(conflicted) == 0 {
		return unconf, true
	}
	// SR2-DEF-4 with D13, and the full conflicted set.
	count := map[string]int{}
	for _, s := range in.StateSets {
		var ids []string
		for _, id := range s {
			ids = append(ids, id)
		}
		for id := range f.closure(ids) {
			count[id]++
		}
	}
	fcs := map[string]bool{}
	for id := range conflicted {
		if f.get(id) != nil {
			fcs[id] = true
		}
	}
	for id, c := range count {
		if c < len(in.StateSets) {
			fcs[id] = true
		}
	}
	v21 := in.Version.StateRes == roomversion.StateResV21
	if v21 {
		// SR21-DEF-1: every event on an auth path between two conflicted
		// events, endpoints included.
		var cs []string
		for id := range conflicted {
			cs = append(cs, id)
		}
		for id := range f.closure(cs) {
			for c := range f.closure([]string{id}) {
				if conflicted[c] {
					fcs[id] = true
					break
				}
			}
		}
	}
	// SR2-3: power events and their auth chains inside the FCS.
	x := map[string]bool{}
	var stack []string
	for id := range fcs {
		if isPowerEvent(f.get(id)) {
			stack = append(stack, id)
		}
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x[id] {
			continue
		}
		x[id] = true
		for _, a := range authIDs(f.get(id)) {
			if fcs[a] && !x[a] {
				stack = append(stack, a)
			}
		}
	}
	edges := func(id string) []string { // auth edges inside X
		var out []string
		for _, a := range authIDs(f.get(id)) {
			if x[a] {
				out = append(out, a)
			}
		}
		return out
	}
	onCycle := map[string]bool{}
	for id := range x {
		seen := map[string]bool{}
		st := edges(id)
		for len(st) > 0 {
			a := st[len(st)-1]
			st = st[:len(st)-1]
			if a == id {
				onCycle[id] = true
				break
			}
			if !seen[a] {
				seen[a] = true
				st = append(st, edges(a)...)
			}
		}
	}
	power := map[string]auth.Level{}
	for id := range x {
		ev := f.get(id)
		st := auth.StateMap{}
		for _, a := range authIDs(ev) {
			ae := f.get(a)
			if ae == nil {
				continue
			}
			switch {
			case ae.Type() == event.TypePowerLevels && ae.StateKeyEquals(""):
				st[auth.StateKey{Type: event.TypePowerLevels}] = ae
			case ae.Type() == event.TypeCreate && ae.StateKeyEquals(""):
				if st[auth.StateKey{Type: event.TypeCreate}] == nil {
					st[auth.StateKey{Type: event.TypeCreate}] = ae
				}
			}
		}
		pl, err := auth.UserPowerLevel(st, ev.Sender())
		if err != nil {
			pl = auth.Level{}
		}
		power[id] = pl
	}
	less := func(a, b string) bool {
		if c := power[a].Compare(power[b]); c != 0 {
			return c > 0
		}
		ta, tb := f.get(a).OriginServerTS(), f.get(b).OriginServerTS()
		if ta != tb {
			return ta < tb
		}
		return a < b
	}
	// Kahn's algorithm, smallest first; events on or after a cycle are
	// never emitted.
	var sorted []string
	emitted := map[string]bool{}
	for {
		best := ""
		for id := range x {
			if emitted[id] {
				continue
			}
			ready := true
			for _, a := range edges(id) {
				if !emitted[a] {
					ready = false
				}
			}
			if ready && (best == "" || less(id, best)) {
				best = id
			}
		}
		if best == "" {
			break
		}
		emitted[best] = true
		sorted = append(sorted, best)
	}
	t := StateSet{}
	if !v21 { // SR21-4: v2.1 starts from an empty map
		for k, id := range unconf {
			t[k] = id
		}
	}
	check := func(order []string) {
		for _, id := range order {
			ev := f.get(id)
			k, ok := keyOf(ev)
			if !ok || onCycle[id] || rejected(id) {
				continue
			}
			st := auth.StateMap{}
			for _, a := range authIDs(ev) {
				if ae := f.get(a); ae != nil && !rejected(a) {
					if ak, ok := keyOf(ae); ok {
						st[ak] = ae
					}
				}
			}
			for _, sk := range auth.SelectAuthEvents(ev, nil) {
				if tid, ok := t[sk]; ok {
					if te := f.get(tid); te != nil && !rejected(tid) {
						st[sk] = te
					}
				}
			}
			if (authRules{}).check(ev, st) == nil {
				t[k] = id
			}
		}
	}
	check(sorted)
	// SR2-5: the whole mainline first, then each event's position.
	var rest []string
	for id := range fcs {
		if !emitted[id] && !onCycle[id] {
			rest = append(rest, id)
		}
	}
	firstPL := func(id string) string {
		for _, a := range authIDs(f.get(id)) {
			if ae := f.get(a); ae != nil && ae.Type() == event.TypePowerLevels && ae.StateKeyEquals("") {
				return a
			}
		}
		return ""
	}
	var ml []string
	onML := map[string]int{}
	if p := t[auth.StateKey{Type: event.TypePowerLevels}]; p != "" && f.get(p) != nil {
		for p != "" {
			if _, dup := onML[p]; dup {
				break
			}
			onML[p] = len(ml)
			ml = append(ml, p)
			p = firstPL(p)
		}
	}
	depthOf := func(id string) int {
		seen := map[string]bool{}
		for id != "" && !seen[id] {
			if i, ok := onML[id]; ok {
				return len(ml) - i
			}
			seen[id] = true
			id = firstPL(id)
		}
		return 0
	}
	sort.Slice(rest, func(i, j int) bool {
		a, b := rest[i], rest[j]
		if da, db := depthOf(a), depthOf(b); da != db {
			return da < db
		}
		ta, tb := f.get(a).OriginServerTS(), f.get(b).OriginServerTS()
		if ta != tb {
			return ta < tb
		}
		return a < b
	})
	check(rest)
	// SR2-7.
	for k, id := range unconf {
		t[k] = id
	}
	return t, true
}

// isV2 reports whether the reference above applies to the version: v2 and
// v2.1.
func isV2(v roomversion.Version) bool { return v.StateRes != roomversion.StateResV1 }
