//go:build race

package event

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// allocation counts that rely on pooled buffers vary from run to run.
const raceEnabled = true
