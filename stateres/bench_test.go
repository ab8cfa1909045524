package stateres_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
	"github.com/mxauth/mxauth/stateres/synth"
)

// benchRooms caches generated rooms across benchmarks: generating the
// 100k-event room takes far longer than resolving it.
var benchRooms sync.Map // benchKey → *synth.Room

type benchKey struct {
	version         string
	size, conflicts int
}

// benchConfig describes a room whose history before the fork has size
// events (create, admin join, power levels, join rules, the members' joins
// and state events), followed by conflicts events over two branches.
func benchConfig(v roomversion.Version, size, conflicts int) synth.Config {
	members := 1000
	if size < 10_000 {
		members = size / 10
	}
	return synth.Config{
		RoomVersion: v, Seed: 42, Members: members,
		StateEvents: size - 4 - members, Forks: 2, Conflicts: conflicts,
	}
}

func benchRoom(b testing.TB, v roomversion.Version, size, conflicts int) *synth.Room {
	k := benchKey{v.ID, size, conflicts}
	if r, ok := benchRooms.Load(k); ok {
		return r.(*synth.Room)
	}
	r, err := synth.Generate(benchConfig(v, size, conflicts))
	if err != nil {
		b.Fatal(err)
	}
	benchRooms.Store(k, r)
	return r
}

func BenchmarkResolve(b *testing.B) {
	for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V1()} {
		for _, size := range []int{1_000, 10_000, 100_000} {
			for _, conflicts := range []int{10, 100, 1000} {
				name := fmt.Sprintf("v%s/events=%d/conflicts=%d", v.ID, size, conflicts)
				b.Run(name, func(b *testing.B) {
					room := benchRoom(b, v, size, conflicts)
					in := room.Input()
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if _, err := stateres.Resolve(in); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
