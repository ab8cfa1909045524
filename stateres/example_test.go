package stateres_test

import (
	"fmt"

	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
	"github.com/mxauth/mxauth/stateres/synth"
)

// Resolve the state sets of a generated room with two conflicting
// branches.
func ExampleResolve() {
	room, err := synth.Generate(synth.Config{
		RoomVersion: roomversion.V6(), Seed: 1,
		Members: 20, StateEvents: 50, Forks: 2, Conflicts: 10,
	})
	if err != nil {
		panic(err)
	}
	state, err := stateres.Resolve(stateres.Input{
		Version:    room.Version,
		StateSets:  room.StateSets,
		Fetch:      room.Fetch,
		IsRejected: func(string) bool { return false },
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(room.StateSets[0]), len(room.StateSets[1]), len(state))
	// Output: 50 51 53
}
