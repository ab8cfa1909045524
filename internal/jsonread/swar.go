package jsonread

import "math/bits"

// Word-at-a-time helpers for the scanners: eight bytes of text are tested
// at once with integer arithmetic (SWAR), so that runs of string text and
// indentation are skipped in one step per word rather than one per byte.
// Every word is read within the string's bounds; the last few bytes of a
// text are left to byte loops.

const (
	// LowBits has the low bit of each byte of a word set.
	LowBits = 0x0101010101010101
	// HighBits has the high bit of each byte of a word set.
	HighBits = 0x8080808080808080
	// Low7 has the seven low bits of each byte of a word set.
	Low7 = 0x7f7f7f7f7f7f7f7f
)

// Word returns s[i:i+8] as a little-endian integer; i+8 <= len(s).
func Word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// BytesOf returns x with the high bit of each byte equal to c set, and
// possibly of bytes after such a byte (a borrow crosses up from it): the
// first byte marked is always exact.
func BytesOf(x uint64, c byte) uint64 {
	x ^= LowBits * uint64(c)
	return (x - LowBits) &^ x & HighBits
}

// FirstByte returns the index of the first byte whose high bit is set in
// m (m != 0).
func FirstByte(m uint64) int { return bits.TrailingZeros64(m) >> 3 }
