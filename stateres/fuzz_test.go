package stateres

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/stretchr/testify/require"
)

// byteSource reads fuzz input as a stream of small numbers.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) n(k int) int {
	if k <= 1 {
		return 0
	}
	if s.i >= len(s.b) {
		return 0
	}
	v := int(s.b[s.i])
	s.i++
	return v % k
}

// randomGraph builds a hostile little room from fuzz bytes: arbitrary
// auth references (including later events, so cycles, and missing IDs),
// depths that may break order, events of another room, rejected events and
// 2–4 state sets.
func randomGraph(t testing.TB, data []byte) Input {
	src := &byteSource{b: data}
	versions := []roomversion.Version{roomversion.V1(), roomversion.V2(), roomversion.V6()}
	g := newGraph(t, versions[src.n(len(versions))])
	users := []string{alice, bob, "@carol:y.example"}
	count := 2 + src.n(30)
	idOf := func(i int) string { return fmt.Sprintf("$e%d:x.example", i) }
	type kind struct {
		typ, sk, membership string
	}
	kinds := []kind{
		{"m.room.power_levels", "", ""}, {"m.room.join_rules", "", ""}, {"m.room.topic", "", ""},
		{"m.room.member", alice, "join"}, {"m.room.member", bob, "join"}, {"m.room.member", bob, "leave"},
		{"m.room.member", bob, "ban"}, {"m.room.member", "@carol:y.example", "invite"}, {"m.room.create", "", ""},
		{"m.room.power_levels", "x", ""},
	}
	for i := 0; i < count; i++ {
		k := kinds[src.n(len(kinds))]
		if i == 0 {
			k = kind{"m.room.create", "", ""}
		}
		s := spec{ID: idOf(i), Type: k.typ, Sender: users[src.n(len(users))], StateKey: sk(k.sk),
			Depth: int64(i + 1), TS: int64(src.n(4) * 1000)}
		if src.n(8) == 0 {
			s.Depth = int64(src.n(count + 2))
		}
		switch k.typ {
		case "m.room.create":
			s.Content = map[string]any{"creator": users[src.n(len(users))]}
		case "m.room.member":
			s.Content = map[string]any{"membership": k.membership}
		case "m.room.power_levels":
			s.Content = map[string]any{"users": map[string]any{users[src.n(3)]: 100, users[src.n(3)]: src.n(101)}}
		case "m.room.join_rules":
			s.Content = map[string]any{"join_rule": []string{"public", "invite"}[src.n(2)]}
		}
		if i > 0 {
			s.Auth = append(s.Auth, idOf(0))
			for j, na := 0, src.n(4); j < na; j++ {
				switch src.n(10) {
				case 0:
					s.Auth = append(s.Auth, idOf(src.n(count))) // maybe later: cycles
				case 1:
					s.Auth = append(s.Auth, "$missing:x.example")
				default:
					s.Auth = append(s.Auth, idOf(src.n(i)))
				}
			}
		}
		if src.n(40) == 0 {
			s.Room = "!other:x.example"
		}
		g.add(s)
		if src.n(6) == 0 {
			g.rej[s.ID] = true
		}
	}
	nsets := 2 + src.n(3)
	sets := make([]StateSet, nsets)
	for i := range sets {
		sets[i] = StateSet{}
		for j := 0; j < count; j++ {
			if src.n(3) == 0 {
				continue
			}
			ev := g.evs[idOf(j)]
			k, _ := keyOf(ev)
			sets[i][k] = ev.ID()
		}
		if src.n(5) == 0 {
			sets[i][key("m.room.name", "")] = "$missing:x.example"
		}
	}
	return g.input(sets...)
}

// depthsOrdered reports whether every auth edge between events of the
// input goes to a strictly smaller depth, as in any honestly built graph.
func depthsOrdered(in Input) bool {
	for i := 0; i < 64; i++ {
		ev, ok := in.Fetch(fmt.Sprintf("$e%d:x.example", i))
		if !ok {
			continue
		}
		for _, a := range ev.AuthEventIDs() {
			if ae, ok := in.Fetch(a); ok && ae.Depth() >= ev.Depth() {
				return false
			}
		}
	}
	return true
}

// diffBoth runs both auth-difference algorithms on fresh resolvers.
func diffBoth(in Input) (marked, exact []string, markedOK bool, err error) {
	unconf, conf := splitV2(in.StateSets)
	r := newResolver(&in, authRules{})
	d, err := r.authDiffMarked(in.StateSets, unconf, conf)
	if err != nil && err != errDepthOrder {
		return nil, nil, false, err
	}
	markedOK = err == nil
	marked = ids(d)
	r = newResolver(&in, authRules{})
	d, err = r.authDiffExact(in.StateSets, unconf)
	if err != nil {
		return nil, nil, false, err
	}
	exact = ids(d)
	sort.Strings(marked)
	sort.Strings(exact)
	return marked, exact, markedOK, nil
}

func checkGraph(t *testing.T, in Input) {
	got, err := Resolve(in)
	// Same answer (or error) with the sets reversed.
	rev := in
	rev.StateSets = make([]StateSet, len(in.StateSets))
	for i, s := range in.StateSets {
		rev.StateSets[len(in.StateSets)-1-i] = s
	}
	got2, err2 := Resolve(rev)
	require.Equal(t, err == nil, err2 == nil, "%v / %v", err, err2)
	if err == nil {
		require.Equal(t, got, got2)
	}
	if err != nil {
		return
	}
	marked, exact, ok, err := diffBoth(in)
	var rm *RoomMismatchError
	if errors.As(err, &rm) {
		return // the exact walk may reach an event of another room that resolution never needs
	}
	require.NoError(t, err)
	if ok && depthsOrdered(in) {
		require.Equal(t, exact, marked, "marked and exact auth differences differ")
		// The fast walks (marking, lazy mainline) agree with the exact ones
		// whenever depths are ordered.
		ex := in
		ex.ExactAuthDifference = true
		if got3, err3 := Resolve(ex); err3 == nil {
			require.Equal(t, got3, got, "fast and exact resolution differ")
		}
	}
}

func FuzzResolve(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x10abcdefghijklmnopqrstuvwxyz0123456789"))
	f.Add([]byte("\x02\x1d\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x00\x00\x07\x07\x07\x01\x02\x03"))
	for i := 0; i < 20; i++ {
		b := make([]byte, 200)
		for j := range b {
			b[j] = byte((i*131 + j*17 + j*j) % 251)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkGraph(t, randomGraph(t, data))
	})
}

// The marked auth difference equals the exact one on every v2 fixture case.
func TestAuthDiffMarkedMatchesExactOnFixtures(t *testing.T) {
	for _, area := range []string{"resolve-v2", "random"} {
		paths, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", area, "*.json"))
		require.NoError(t, err)
		for _, p := range paths {
			fx, err := fixture.LoadFile(p)
			require.NoError(t, err)
			if fx.RoomVersion.StateRes != roomversion.StateResV2 {
				continue
			}
			for _, rc := range fx.Resolve {
				var sets []StateSet
				for _, idl := range rc.StateSets {
					s := StateSet{}
					for _, id := range idl {
						ev := fx.Lookup(id).Event
						k, _ := keyOf(ev)
						s[k] = id
					}
					sets = append(sets, s)
				}
				in := Input{Version: fx.RoomVersion, StateSets: sets, Fetch: func(id string) (*event.Event, bool) {
					if en := fx.Lookup(id); en != nil && en.Event != nil {
						return en.Event, true
					}
					return nil, false
				}}
				marked, exact, ok, err := diffBoth(in)
				require.NoError(t, err)
				require.True(t, ok, "%s/%s fell back", fx.Name, rc.Name)
				require.Equal(t, exact, marked, "%s/%s", fx.Name, rc.Name)
			}
		}
	}
}
