package stateres_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
	"github.com/mxauth/mxauth/stateres/synth"
	"github.com/stretchr/testify/require"
)

// propertyInputs gathers inputs to check properties on: every fixture
// resolve case and a few generated rooms of each room version.
func propertyInputs(t *testing.T) map[string]stateres.Input {
	out := map[string]stateres.Input{}
	for _, area := range []string{"resolve-v1", "resolve-v2", "random", "resolve-forged-depth", "resolve-v8-12", "random-v8-12"} {
		paths, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", area, "*.json"))
		require.NoError(t, err)
		for _, p := range paths {
			f, err := fixture.LoadFile(p)
			require.NoError(t, err)
			for _, rc := range f.Resolve {
				out[f.Name+"/"+rc.Name] = fixtureInput(t, f, rc)
			}
		}
	}
	for _, v := range roomversion.Supported() {
		for seed := int64(1); seed <= 3; seed++ {
			room, err := synth.Generate(synth.Config{RoomVersion: v, Seed: seed, Members: 40, StateEvents: 200, StateKeys: 10, Forks: int(seed) + 1, Conflicts: 60})
			require.NoError(t, err)
			out["synth/v"+v.ID+"/"+string(rune('0'+seed))] = room.Input()
		}
	}
	return out
}

// The result does not depend on the order of the state sets, nor on map
// iteration order (each run iterates differently).
func TestOrderIndependence(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for name, in := range propertyInputs(t) {
		want, err := stateres.Resolve(in)
		require.NoError(t, err, name)
		for i := 0; i < 4; i++ {
			sets := append([]stateres.StateSet(nil), in.StateSets...)
			rng.Shuffle(len(sets), func(a, b int) { sets[a], sets[b] = sets[b], sets[a] })
			in2 := in
			in2.StateSets = sets
			got, err := stateres.Resolve(in2)
			require.NoError(t, err, name)
			require.Equal(t, want, got, name)
		}
	}
}

// Resolving one set returns it; resolving a set with itself returns it.
func TestIdempotence(t *testing.T) {
	for name, in := range propertyInputs(t) {
		for _, s := range in.StateSets {
			for _, n := range []int{1, 2, 3} {
				in2 := in
				in2.StateSets = make([]stateres.StateSet, n)
				for i := range in2.StateSets {
					in2.StateSets[i] = s
				}
				got, err := stateres.Resolve(in2)
				require.NoError(t, err, name)
				require.Equal(t, s, got, name)
			}
		}
	}
}

// referenceAuthDifference is an independent, plain implementation of
// SR2-DEF-4 with D13: full closures of each set, then union minus
// intersection.
func referenceAuthDifference(fetch func(string) (*event.Event, bool)) func([]stateres.StateSet) ([]string, error) {
	return func(sets []stateres.StateSet) ([]string, error) {
		count := map[string]int{}
		for _, s := range sets {
			seen := map[string]bool{}
			var stack []string
			for _, id := range s {
				if !seen[id] {
					seen[id] = true
					stack = append(stack, id)
				}
			}
			for len(stack) > 0 {
				id := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				ev, ok := fetch(id)
				if !ok || ev.ID() != id {
					delete(seen, id)
					continue
				}
				for _, a := range ev.AuthEventIDs() {
					if !seen[a] {
						seen[a] = true
						stack = append(stack, a)
					}
				}
			}
			for id := range seen {
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

// The depth-ordered auth difference gives the same result as plain
// closures.
func TestAuthDifferenceMatchesReference(t *testing.T) {
	for name, in := range propertyInputs(t) {
		if in.Version.StateRes != roomversion.StateResV2 {
			continue
		}
		want, err := stateres.Resolve(in)
		require.NoError(t, err, name)
		in.AuthDifference = referenceAuthDifference(in.Fetch)
		got, err := stateres.Resolve(in)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
}

// Repeating state sets changes nothing; 70 sets also take the exact
// auth-difference path (the marking walk handles at most 64).
func TestDuplicatedSets(t *testing.T) {
	for name, in := range propertyInputs(t) {
		want, err := stateres.Resolve(in)
		require.NoError(t, err, name)
		in2 := in
		in2.StateSets = nil
		for len(in2.StateSets) < 70 {
			in2.StateSets = append(in2.StateSets, in.StateSets...)
		}
		got, err := stateres.Resolve(in2)
		require.NoError(t, err, name)
		require.Equal(t, want, got, name)
	}
}

// Thousands of conflicts over many forks resolve, agree with the reference
// auth difference, and do not depend on set order.
func TestManyConflicts(t *testing.T) {
	for _, v := range []roomversion.Version{roomversion.V1(), roomversion.V2(), roomversion.V7()} {
		room, err := synth.Generate(synth.Config{RoomVersion: v, Seed: 99, Members: 300, StateEvents: 2000, StateKeys: 50, Forks: 8, Conflicts: 4000})
		require.NoError(t, err)
		in := room.Input()
		want, err := stateres.Resolve(in)
		require.NoError(t, err)
		in.StateSets = append([]stateres.StateSet(nil), in.StateSets...)
		for i, j := 0, len(in.StateSets)-1; i < j; i, j = i+1, j-1 {
			in.StateSets[i], in.StateSets[j] = in.StateSets[j], in.StateSets[i]
		}
		got, err := stateres.Resolve(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
		if v.StateRes == roomversion.StateResV2 {
			in.AuthDifference = referenceAuthDifference(in.Fetch)
			got, err = stateres.Resolve(in)
			require.NoError(t, err)
			require.Equal(t, want, got)
		}
	}
}
