package stateres_test

import (
	"errors"
	"sort"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/authchain"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
	"github.com/mxauth/mxauth/stateres/synth"
	"github.com/stretchr/testify/require"
)

// indexOf builds an auth-chain index over every event reachable from the
// input's state sets, auth events first; missing auth events are left out
// of the lists (the resolver treats them as absent too), and events on an
// auth cycle cannot be indexed, so ok is false for such inputs.
func indexOf(t testing.TB, in stateres.Input) (idx *authchain.Index, ok bool) {
	x := authchain.New(64)
	state := map[string]int8{} // 1 visiting, 2 done, 3 failed
	var visit func(id string) bool
	visit = func(id string) bool {
		switch state[id] {
		case 1, 3:
			return false
		case 2:
			return true
		}
		ev, found := in.Fetch(id)
		if !found || ev == nil || ev.ID() != id {
			state[id] = 3
			return false
		}
		state[id] = 1
		var auth []string
		ids := ev.AuthEventIDs()
		if c, ok := ev.ImpliedCreateEventID(); ok {
			ids = append(append([]string(nil), ids...), c)
		}
		for _, a := range ids {
			if visit(a) {
				auth = append(auth, a)
			} else if state[a] == 1 {
				state[id] = 3
				return false // a cycle
			}
		}
		key := ev.Type()
		if sk, ok := ev.StateKey(); ok {
			key += "\x00" + sk
		}
		err := x.Add(id, key, auth)
		var dup *authchain.DuplicateEventError
		if err != nil && !errors.As(err, &dup) {
			require.NoError(t, err)
		}
		state[id] = 2
		return true
	}
	ok = true
	for _, s := range in.StateSets {
		for _, id := range s {
			if !visit(id) && state[id] == 3 {
				if ev, found := in.Fetch(id); found && ev != nil {
					ok = false
				}
			}
		}
	}
	return x, ok
}

// On every fixture and generated room, the index's auth difference equals
// the plain closure difference, and resolving with the index gives the
// same state as without it.
func TestIndexDifferenceMatchesClosure(t *testing.T) {
	n, states := 0, 0
	for name, in := range propertyInputs(t) {
		if in.Version.StateRes == roomversion.StateResV1 {
			continue
		}
		x, ok := indexOf(t, in)
		if !ok {
			continue
		}
		want, err := referenceAuthDifference(in.Fetch)(in.StateSets)
		require.NoError(t, err)
		sort.Strings(want)
		sets := make([][]string, len(in.StateSets))
		for i, s := range in.StateSets {
			for _, id := range s {
				sets[i] = append(sets[i], id)
			}
		}
		got, err := x.Difference(nil, sets)
		if err != nil {
			var unk *authchain.UnknownEventError
			require.True(t, errors.As(err, &unk), name)
			continue // a set names a missing event
		}
		if got == nil {
			got = []string{}
		}
		if want == nil {
			want = []string{}
		}
		require.Equal(t, want, got, name)
		// StateDifference with the unconflicted state as common and each
		// set's entries at other keys: the same, or refused.
		unconf := map[auth.StateKey]string{}
		for k, id := range in.StateSets[0] {
			same := true
			for _, s := range in.StateSets[1:] {
				same = same && s[k] == id
			}
			if same {
				unconf[k] = id
			}
		}
		own := make([][]string, len(in.StateSets))
		for i, s := range in.StateSets {
			for k, id := range s {
				if _, ok := unconf[k]; !ok {
					own[i] = append(own[i], id)
				}
			}
		}
		byState, err := x.StateDifference(func(typ, sk string) (string, bool) {
			id, ok := unconf[auth.StateKey{Type: typ, StateKey: sk}]
			return id, ok
		}, own)
		if err == nil {
			require.Equal(t, want, orEmptyStrings(byState), name)
			states++
		}
		plain, err := stateres.Resolve(in)
		require.NoError(t, err, name)
		in.AuthChains = x
		withIndex, err := stateres.Resolve(in)
		require.NoError(t, err, name)
		require.Equal(t, plain, withIndex, name)
		n++
	}
	require.Greater(t, n, 50)
	t.Logf("%d inputs, %d through StateDifference", n, states)
	require.Greater(t, states, 50)
}

func orEmptyStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// AddEvent appends the implied create event of room version 12.
func TestIndexAddEventImpliedCreate(t *testing.T) {
	room := benchRoom(t, roomversion.V12(), 200, 10)
	x := authchain.New(len(room.Events))
	for _, ev := range room.Events {
		require.NoError(t, x.AddEvent(ev))
	}
	create := room.Events[0].ID()
	for _, ev := range room.Events[1:] {
		ok, err := x.Reaches(ev.ID(), create)
		require.NoError(t, err)
		require.True(t, ok)
	}
}

// An index that lacks an event of the sets makes resolution fall back to
// the exact walk: the same state as without an index.
func TestIndexMissingEventFallsBack(t *testing.T) {
	room := benchRoom(t, roomversion.V6(), 300, 20)
	x := authchain.New(0)
	for _, ev := range room.Events[:len(room.Events)-5] {
		require.NoError(t, x.AddEvent(ev))
	}
	in := room.Input()
	want, err := stateres.Resolve(in)
	require.NoError(t, err)
	in.AuthChains = x
	got, err := stateres.Resolve(in)
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// SR21-5: in v2.1 the mainline is built from the power levels admitted
// while replaying X from an empty map; when the power levels are not
// conflicted it is empty, every key is 0, and no event's power-levels
// chain is walked. Seed 41 of the realistic shape at 10k events is such a room: before,
// the sort fetched its whole power-levels history.
func TestV21EmptyMainlineWalksNoHistory(t *testing.T) {
	cfg := realisticConfig(roomversion.V12(), 10_000, 10)
	cfg.Seed = 41
	room, err := synth.Generate(cfg)
	require.NoError(t, err)
	pls := 0
	for _, ev := range room.Events {
		if ev.Type() == event.TypePowerLevels {
			pls++
		}
	}
	require.Greater(t, pls, 200)
	x := authchain.New(len(room.Events))
	for _, ev := range room.Events {
		require.NoError(t, x.AddEvent(ev))
	}
	want, err := stateres.Resolve(room.Input())
	require.NoError(t, err)
	for _, idx := range []stateres.AuthChainIndex{nil, x} {
		in := room.Input()
		in.AuthChains = idx
		fetched := 0
		fetch := in.Fetch
		in.Fetch = func(id string) (*event.Event, bool) {
			ev, ok := fetch(id)
			if ok && ev.Type() == event.TypePowerLevels {
				fetched++
			}
			return ev, ok
		}
		got, err := stateres.Resolve(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
		if idx != nil {
			require.Less(t, fetched, 20, "power-levels events fetched with the index")
		}
	}
}

// With the index, the only unconflicted events resolution looks up are
// auth events of the events it resolves (the iterative auth checks read
// them): none is fetched to find the auth difference, the subgraph or
// the mainline.
func TestIndexFetchesOnlyAuthEventsOfUnconflicted(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V12()} {
		for _, conflicts := range []int{10, 200} {
			r := realisticRoom(t, v, 10_000, conflicts)
			in := r.room.Input()
			in.AuthChains = r.idx
			common := map[string]bool{}
			for k, id := range in.StateSets[0] {
				if in.StateSets[1][k] == id {
					common[id] = true
				}
			}
			var fetched []string
			fetch := in.Fetch
			in.Fetch = func(id string) (*event.Event, bool) {
				fetched = append(fetched, id)
				return fetch(id)
			}
			_, err := stateres.Resolve(in)
			require.NoError(t, err)
			cited := map[string]bool{}
			for _, id := range fetched {
				if common[id] {
					continue
				}
				ev, ok := fetch(id)
				require.True(t, ok)
				for _, a := range ev.AuthEventIDs() {
					cited[a] = true
				}
				if c, ok := ev.ImpliedCreateEventID(); ok {
					cited[c] = true
				}
			}
			n := 0
			for _, id := range fetched {
				if common[id] {
					n++
					require.True(t, cited[id], "v%s: unconflicted %s fetched but cited by no resolved event", v.ID, id)
				}
			}
			require.Less(t, n, 20)
		}
	}
}
