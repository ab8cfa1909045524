package auth

import "strconv"

// Level is a power level: an integer, or the infinite level of a room
// version 12 creator (DEF-PL-1, DEF-CREATORS-1, DECISIONS D27). Levels
// compare without arithmetic, so infinity never overflows: it is greater
// than every integer, and two infinite levels are equal (two creators tie).
// The zero value is the integer level 0.
type Level struct {
	n   int64
	inf bool
}

// IntLevel returns the integer level n.
func IntLevel(n int64) Level { return Level{n: n} }

// InfiniteLevel returns the level of a room version 12 creator.
func InfiniteLevel() Level { return Level{inf: true} }

// Infinite reports whether l is the infinite level.
func (l Level) Infinite() bool { return l.inf }

// Int returns l as an integer; ok is false for the infinite level.
func (l Level) Int() (n int64, ok bool) { return l.n, !l.inf }

// Compare returns -1, 0 or +1 as l is less than, equal to or greater than o.
func (l Level) Compare(o Level) int {
	switch {
	case l.inf && o.inf:
		return 0
	case l.inf:
		return 1
	case o.inf:
		return -1
	case l.n < o.n:
		return -1
	case l.n > o.n:
		return 1
	}
	return 0
}

// Less reports whether l < o.
func (l Level) Less(o Level) bool { return l.Compare(o) < 0 }

// AtLeast reports whether l ≥ o.
func (l Level) AtLeast(o Level) bool { return l.Compare(o) >= 0 }

// String returns the decimal integer, or "infinite".
func (l Level) String() string {
	if l.inf {
		return "infinite"
	}
	return strconv.FormatInt(l.n, 10)
}
