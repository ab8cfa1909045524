//go:build race

package auth

// raceEnabled reports a -race build, whose instrumentation allocates, so
// that the tests counting allocations skip themselves.
const raceEnabled = true
