package event

import (
	"testing"

	"github.com/mxauth/mxauth/roomversion"
)

// TestFastIntegerEdges: the short path's own reading of positive integers
// accepts and refuses, writes and words errors as the general scan does,
// in lax (v5) and strict (v6+, CJ-STRICT) versions, at the top level
// (depth) and inside content: around 15 and 16 digits and 2^53−1, with a
// fraction, an exponent or a malformed one after the digits.
func TestFastIntegerEdges(t *testing.T) {
	nums := []string{"1", "7", "10", "999999999999999", "1000000000000000", "9007199254740991",
		"9007199254740992", "12345678901234567890", "1.5", "1.", "1e5", "1E5", "1e", "1e+", "12E-3",
		"0", "-0", "01", "-1", "1x", "1 ", "1]"}
	for _, n := range nums {
		for _, raw := range []string{
			`{"type":"m.room.message","depth":` + n + `,"content":{"a":1}}`,
			`{"type":"m.room.message","depth":1,"content":{"a":` + n + `,"b":[` + n + `]}}`,
			`{"type":"m.room.message","depth":1,"unsigned":{"x":` + n + `}}`,
		} {
			for _, v := range []roomversion.Version{roomversion.V5(), roomversion.V6(), roomversion.V11()} {
				checkScanShapes(t, []byte(raw), v)
				checkSigningCanon(t, []byte(raw), v)
				checkContentHashCanon(t, []byte(raw), v)
			}
		}
	}
}
