package stateres_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/mxauth/mxauth/authchain"
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

// BenchmarkResolve resolves two branches of conflicts events over a room
// of size events, by the exact walk of the auth chains (no index) and,
// under .../index, with an authchain.Index of the room built beforehand:
// what the same rooms cost a server that keeps the index.
func BenchmarkResolve(b *testing.B) {
	for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V1()} {
		for _, size := range []int{1_000, 10_000, 100_000} {
			for _, conflicts := range []int{10, 100, 1000} {
				for _, indexed := range []bool{false, true} {
					name := fmt.Sprintf("v%s/events=%d/conflicts=%d", v.ID, size, conflicts)
					if indexed {
						name += "/index"
					}
					b.Run(name, func(b *testing.B) {
						room := benchRoom(b, v, size, conflicts)
						in := room.Input()
						if indexed {
							in.AuthChains = benchIndex(b, v, size, conflicts, room)
						}
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
}

// benchIndexes caches the auth-chain index of each benchmark room.
var benchIndexes sync.Map // benchKey → *authchain.Index

// benchIndex returns the auth-chain index of room, built once.
func benchIndex(b testing.TB, v roomversion.Version, size, conflicts int, room *synth.Room) *authchain.Index {
	k := benchKey{v.ID, size, conflicts}
	if x, ok := benchIndexes.Load(k); ok {
		return x.(*authchain.Index)
	}
	x := authchain.New(len(room.Events))
	for _, ev := range room.Events {
		if err := x.AddEvent(ev); err != nil {
			b.Fatal(err)
		}
	}
	benchIndexes.Store(k, x)
	return x
}
