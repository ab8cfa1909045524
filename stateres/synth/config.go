package synth

import (
	"errors"

	"github.com/mxauth/mxauth/roomversion"
)

// Config describes the room to generate.
type Config struct {
	// RoomVersion is the room version; the zero value means
	// roomversion.Default().
	RoomVersion roomversion.Version
	// Seed makes the output deterministic.
	Seed int64
	// Members is the number of users who join before the fork, besides
	// the creator. The first few (up to 5) are moderators at level 50.
	Members int
	// StateEvents is the number of state events sent after the joins and
	// before the fork: topic, name and custom state by moderators, profile
	// changes by members, and an occasional power-levels change.
	StateEvents int
	// StateKeys is the number of distinct custom state keys StateEvents
	// spread over (default 100).
	StateKeys int
	// Forks is the number of branches after the fork point, hence of state
	// sets (default 2; at least 1).
	Forks int
	// Conflicts is the number of events sent across all branches, spread
	// evenly; each changes one state key.
	Conflicts int
}

// Limits of Config values, to keep a typo from exhausting memory.
const (
	MaxMembers     = 1_000_000
	MaxStateEvents = 10_000_000
	MaxConflicts   = 1_000_000
	MaxForks       = 64
)

func (c *Config) normalize() error {
	if c.RoomVersion.ID == "" {
		c.RoomVersion = roomversion.Default()
	}
	if err := c.RoomVersion.Valid(); err != nil {
		return err
	}
	if c.StateKeys <= 0 {
		c.StateKeys = 100
	}
	if c.Forks == 0 {
		c.Forks = 2
	}
	switch {
	case c.Members < 0 || c.Members > MaxMembers:
		return errors.New("synth: Members out of range")
	case c.StateEvents < 0 || c.StateEvents > MaxStateEvents:
		return errors.New("synth: StateEvents out of range")
	case c.Conflicts < 0 || c.Conflicts > MaxConflicts:
		return errors.New("synth: Conflicts out of range")
	case c.Forks < 1 || c.Forks > MaxForks:
		return errors.New("synth: Forks out of range")
	}
	return nil
}
