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
	// Pool, when positive, selects the realistic room shape: the history
	// after the first Members joins is StateEvents events of membership
	// churn over a pool of Pool users (joins, leaves, rejoins, kicks, bans
	// and unbans, profile changes), a power-levels change every PLEvery
	// events, each citing the previous one, occasional join-rule changes
	// and some topic and custom state. Auth chains are then long: every
	// member event cites the user's previous one and the current power
	// levels. When zero, the history is short chains over many independent
	// state events.
	Pool int
	// PLEvery is the mean number of events between power-levels changes
	// in the realistic shape (default 33).
	PLEvery int
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
	case c.Pool < 0 || c.Pool > MaxMembers:
		return errors.New("synth: Pool out of range")
	case c.PLEvery < 0:
		return errors.New("synth: PLEvery out of range")
	}
	if c.PLEvery == 0 {
		c.PLEvery = 33
	}
	if c.Pool > 0 && c.Members > c.Pool {
		c.Members = c.Pool
	}
	return nil
}
