package auth

import "github.com/mxauth/mxauth/event"

// ReadPowerLevelsOnce reads the power-levels fields of e as a check that
// sees e for the first time does (nothing cached), for the benchmarks of
// package auth_test; it returns how many users members it recorded.
func ReadPowerLevelsOnce(e *event.Event) int {
	var v plView
	v.read(e)
	return v.nSmall
}

// RaceEnabled reports a -race build (see raceEnabled).
const RaceEnabled = raceEnabled
