package event

import "testing"

// TestPlainWord checks the word-at-a-time test against plainASCII for
// every byte value in every position of a word of plain bytes.
func TestPlainWord(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			if got, want := plainWord(word8(string(b))), plainASCII[c]; got != want {
				t.Fatalf("byte %#x at %d: plainWord %v, plainASCII %v", c, pos, got, want)
			}
		}
	}
	// Two special bytes, and borrows between neighbours.
	for _, w := range []string{"\x00\x00abcdef", "a\"\\bcdef", "\x1f\x20\x21\x22\x23\x5b\x5c\x5d", "\x7f\x80\x81\xff\x00\x01\x20\x19"} {
		want := true
		for i := 0; i < 8; i++ {
			want = want && plainASCII[w[i]]
		}
		if plainWord(word8(w)) != want {
			t.Fatalf("%q: plainWord %v", w, !want)
		}
	}
}
