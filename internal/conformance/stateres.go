package conformance

import (
	"errors"

	"github.com/mxauth/mxauth/internal/fixture"
)

// Resolve resolves the state sets (event IDs of f) with the state
// resolution algorithm of f's room version, with every event of f
// available and exactly the events in rejected counting as rejected
// (FORMAT.md `resolve`).
func Resolve(f *fixture.Fixture, sets [][]string, rejected []string) (State, error) {
	return nil, errors.New("state resolution is not available yet")
}
