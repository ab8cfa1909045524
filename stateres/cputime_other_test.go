//go:build !unix

package stateres_test

// cpuNanos is not measured here; benchmarks report 0.
func cpuNanos() int64 { return 0 }
