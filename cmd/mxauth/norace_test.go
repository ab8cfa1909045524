//go:build !race

package main

// raceEnabled is true when the race detector slows everything down, so the
// timing budgets are not enforced.
const raceEnabled = false
