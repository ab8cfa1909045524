package stateres_test

import (
	"flag"
	"fmt"
	"maps"
	"runtime"
	"sync"
	"testing"

	"github.com/mxauth/mxauth/authchain"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
	"github.com/mxauth/mxauth/stateres/synth"
)

// bench1M enables the 1,000,000-event rooms (several GB and minutes to
// generate): go test -bench Realistic -synth1m.
var bench1M = flag.Bool("synth1m", false, "also benchmark 1,000,000-event rooms")

// realisticConfig is the realistic shape of issue 9: a pool of 10,000
// users churning, a power-levels change every ~33 events citing the
// previous one, join-rule changes.
func realisticConfig(v roomversion.Version, size, conflicts int) synth.Config {
	pool := 10_000
	members := 1000
	if size < 20_000 {
		members = size / 20
	}
	return synth.Config{
		RoomVersion: v, Seed: 42, Members: members, Pool: pool, PLEvery: 33,
		StateEvents: size - 4 - members, Forks: 2, Conflicts: conflicts,
	}
}

type indexedRoom struct {
	room *synth.Room
	idx  *authchain.Index
}

var realisticRooms sync.Map // benchKey → *indexedRoom

func realisticRoom(b testing.TB, v roomversion.Version, size, conflicts int) *indexedRoom {
	k := benchKey{"real" + v.ID, size, conflicts}
	if r, ok := realisticRooms.Load(k); ok {
		return r.(*indexedRoom)
	}
	room, err := synth.Generate(realisticConfig(v, size, conflicts))
	if err != nil {
		b.Fatal(err)
	}
	x := authchain.New(len(room.Events))
	for _, ev := range room.Events {
		if err := x.AddEvent(ev); err != nil {
			b.Fatal(err)
		}
	}
	r := &indexedRoom{room: room, idx: x}
	realisticRooms.Store(k, r)
	return r
}

func realisticSizes(b *testing.B) []int {
	sizes := []int{10_000, 100_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	if *bench1M && !testing.Short() {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}

// BenchmarkResolveRealistic resolves two branches of the realistic room
// shape with the auth-chain index and without it (the exact closure walk),
// for v2 (room version 6) and v2.1 (room version 12), beside a bare
// baseline (splitFloor) in the same run, so that ratios survive a noisy
// machine; cpu-ns/op is the process's CPU time per call, which waiting
// for a core does not inflate. fetches/op counts
// the events looked up, unconflicted/op those among them that are
// unconflicted state of the sets.
func BenchmarkResolveRealistic(b *testing.B) {
	for _, v := range []roomversion.Version{roomversion.V6(), roomversion.V12()} {
		for _, size := range realisticSizes(b) {
			for _, conflicts := range []int{10, 100, 1000} {
				for _, mode := range []string{"baseline", "index", "walk"} {
					if mode == "walk" && size > 100_000 {
						continue
					}
					name := fmt.Sprintf("v%s/events=%d/conflicts=%d/%s", v.ID, size, conflicts, mode)
					b.Run(name, func(b *testing.B) {
						r := realisticRoom(b, v, size, conflicts)
						in := r.room.Input()
						if mode == "index" {
							in.AuthChains = r.idx
						}
						var fetches, unconf int
						common := map[string]bool{}
						for k, id := range in.StateSets[0] {
							if in.StateSets[1][k] == id {
								common[id] = true
							}
						}
						fetch := in.Fetch
						in.Fetch = func(id string) (*event.Event, bool) {
							fetches++
							if common[id] {
								unconf++
							}
							return fetch(id)
						}
						b.ReportAllocs()
						b.ResetTimer()
						cpu0 := cpuNanos()
						defer func() {
							b.ReportMetric(float64(cpuNanos()-cpu0)/float64(b.N), "cpu-ns/op")
						}()
						if mode == "baseline" {
							// The bare floor of any resolution: copy one
							// state and look every entry of the other up
							// in it, as the split must.
							for i := 0; i < b.N; i++ {
								if splitFloor(in.StateSets) < 0 {
									b.Fatal("impossible")
								}
							}
							return
						}
						for i := 0; i < b.N; i++ {
							if _, err := stateres.Resolve(in); err != nil {
								b.Fatal(err)
							}
						}
						b.ReportMetric(float64(fetches)/float64(b.N), "fetches/op")
						b.ReportMetric(float64(unconf)/float64(b.N), "unconflicted/op")
					})
				}
			}
		}
	}
}

// splitFloor copies the first set and looks every entry of the others up
// in the copy: the least work any split of the sets into conflicted and
// unconflicted state does. It returns the number of differing entries.
func splitFloor(sets []stateres.StateSet) int {
	base := maps.Clone(sets[0])
	n := 0
	for _, s := range sets[1:] {
		for k, id := range s {
			if base[k] != id {
				n++
			}
		}
	}
	return n
}

// BenchmarkIndexInsert adds every event of a realistic room to a fresh
// index presized for them (authchain.New's capacity); ns/event and
// B/op ÷ events are the figures per insertion, and
// retained-B/event is the heap the finished index keeps per event,
// compacted-B/event the same after Index.Compact.
func BenchmarkIndexInsert(b *testing.B) {
	for _, size := range realisticSizes(b) {
		b.Run(fmt.Sprintf("events=%d", size), func(b *testing.B) {
			r := realisticRoom(b, roomversion.V6(), size, 10)
			evs := r.room.Events
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuNanos()
			for i := 0; i < b.N; i++ {
				x := authchain.New(len(evs))
				for _, ev := range evs {
					if err := x.AddEvent(ev); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			elapsed := b.Elapsed()
			cpu := cpuNanos() - cpu0
			var m1, m2 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m1)
			x := authchain.New(len(evs))
			for _, ev := range evs {
				_ = x.AddEvent(ev)
			}
			runtime.GC()
			runtime.ReadMemStats(&m2)
			x.Compact()
			var m3 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m3)
			runtime.KeepAlive(x)
			n := float64(len(evs))
			b.ReportMetric((float64(m3.HeapAlloc)-float64(m1.HeapAlloc))/n, "compacted-B/event")
			b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/n, "ns/event")
			b.ReportMetric(float64(cpu)/float64(b.N)/n, "cpu-ns/event")
			b.ReportMetric((float64(m2.HeapAlloc)-float64(m1.HeapAlloc))/n, "retained-B/event")
			b.ReportMetric(float64(x.Len()), "events")
		})
	}
}
