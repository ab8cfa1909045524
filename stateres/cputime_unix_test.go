//go:build unix

package stateres_test

import "syscall"

// cpuNanos returns the CPU time the process has used (user and system),
// which a loaded machine disturbs far less than wall time: waiting for a
// core costs none.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
