package stateres_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/stateres"
	"github.com/stretchr/testify/require"
)

// fixtureInput builds the Resolve input of one fixture case: every fixture
// event is available, and only the case's rejected list counts as rejected
// (testdata/conformance/FORMAT.md).
func fixtureInput(t testing.TB, f *fixture.Fixture, rc fixture.ResolveCase) stateres.Input {
	t.Helper()
	rejected := map[string]bool{}
	for _, id := range rc.Rejected {
		rejected[id] = true
	}
	sets := make([]stateres.StateSet, len(rc.StateSets))
	for i, ids := range rc.StateSets {
		s := stateres.StateSet{}
		for _, id := range ids {
			en := f.Lookup(id)
			require.NotNil(t, en.Event, "state event %s does not parse: %v", id, en.ParseErr)
			sk, ok := en.Event.StateKey()
			require.True(t, ok, "state set member %s is not a state event", id)
			s[auth.StateKey{Type: en.Event.Type(), StateKey: sk}] = id
		}
		sets[i] = s
	}
	return stateres.Input{
		Version:   f.RoomVersion,
		StateSets: sets,
		Fetch: func(id string) (*event.Event, bool) {
			if en := f.Lookup(id); en != nil && en.Event != nil {
				return en.Event, true
			}
			return nil, false
		},
		IsRejected: func(id string) bool { return rejected[id] },
	}
}

func expectedSet(rc fixture.ResolveCase) stateres.StateSet {
	want := stateres.StateSet{}
	for typ, m := range rc.Expected {
		for sk, id := range m {
			want[auth.StateKey{Type: typ, StateKey: sk}] = id
		}
	}
	return want
}

// diffSets describes how got differs from want, or "".
func diffSets(got, want stateres.StateSet) string {
	var out string
	for k, w := range want {
		if g, ok := got[k]; !ok {
			out += fmt.Sprintf("\n  missing %s/%q (want %s)", k.Type, k.StateKey, w)
		} else if g != w {
			out += fmt.Sprintf("\n  %s/%q = %s, want %s", k.Type, k.StateKey, g, w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			out += fmt.Sprintf("\n  extra %s/%q = %s", k.Type, k.StateKey, g)
		}
	}
	return out
}

func TestFixtures(t *testing.T) {
	for _, area := range []string{"resolve-v1", "resolve-v2", "random", "resolve-forged-depth", "resolve-v8-12", "random-v8-12"} {
		paths, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", area, "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, paths)
		passed, total := 0, 0
		for _, p := range paths {
			f, err := fixture.LoadFile(p)
			require.NoError(t, err, p)
			for _, rc := range f.Resolve {
				total++
				name := f.Name + "/" + rc.Name
				t.Run(area+"/"+name, func(t *testing.T) {
					got, err := stateres.Resolve(fixtureInput(t, f, rc))
					require.NoError(t, err)
					if d := diffSets(got, expectedSet(rc)); d != "" {
						t.Fatalf("resolved state differs:%s", d)
					}
					passed++
				})
			}
		}
		t.Logf("%s: %d/%d resolve cases pass", area, passed, total)
	}
}
