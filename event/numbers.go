package event

import (
	"math"
	"strconv"
	"strings"
)

// Number tokens in canonical JSON: CJ-4 (general and CJ-STRICT) and the
// Python float form of CJ-LAX (EDGE-JSON1).

// number writes one number token per enc.mode (CJ-4, CJ-LAX, CJ-STRICT).
func (enc *encoder) number(dst []byte, tok string, isFloat bool) ([]byte, error) {
	if !isFloat {
		if tok == "-0" {
			return append(dst, '0'), nil
		}
		if enc.mode != numLax && !safeInteger(tok) {
			return dst, &ValidationError{Reason: "integer " + clip(tok) + " is outside ±(2^53−1)", cause: ErrNotCanonicalizable}
		}
		return append(dst, tok...), nil
	}
	if enc.mode == numStrict {
		return dst, &ValidationError{Reason: "number " + clip(tok) + " has a fraction or exponent (CJ-STRICT)", cause: ErrNotCanonicalizable}
	}
	f, err := strconv.ParseFloat(tok, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, &ValidationError{Reason: "number " + clip(tok) + " is not a finite binary64 value", cause: ErrNotCanonicalizable}
	}
	if enc.mode == numLax {
		return appendPythonFloat(dst, f), nil
	}
	if f != math.Trunc(f) || math.Abs(f) > (1<<53-1) {
		return dst, &ValidationError{Reason: "number " + clip(tok) + " is not an integer within ±(2^53−1)", cause: ErrNotCanonicalizable}
	}
	return strconv.AppendInt(dst, int64(f), 10), nil
}

// appendPythonFloat writes f the way Python's repr(float) does, which is
// how Synapse writes floats in v1–5 PDUs (CJ-LAX, EDGE-JSON1): shortest
// round-trip digits, fixed notation with at least one fractional digit when
// the decimal exponent is in [-4, 16), scientific otherwise with a signed,
// at least two-digit exponent (1e+16, 1e-05).
func appendPythonFloat(dst []byte, f float64) []byte {
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], math.Abs(f), 'e', -1, 64)
	// e is d[.ddd]e±XX
	ePos := strings.LastIndexByte(string(e), 'e')
	if ePos < 0 {
		return dst
	}
	mant := e[:ePos]
	exp, _ := strconv.Atoi(string(e[ePos+1:]))
	var digits [24]byte
	nd := 0
	for _, c := range mant {
		if c != '.' && nd < len(digits) {
			digits[nd] = c
			nd++
		}
	}
	ds := digits[:nd]
	decpt := exp + 1
	if f < 0 {
		dst = append(dst, '-')
	}
	if decpt > -4 && decpt <= 16 {
		switch {
		case decpt <= 0:
			dst = append(dst, '0', '.')
			for k := 0; k < -decpt; k++ {
				dst = append(dst, '0')
			}
			dst = append(dst, ds...)
		case decpt >= nd:
			dst = append(dst, ds...)
			for k := nd; k < decpt; k++ {
				dst = append(dst, '0')
			}
			dst = append(dst, '.', '0')
		default:
			dst = append(dst, ds[:decpt]...)
			dst = append(dst, '.')
			dst = append(dst, ds[decpt:]...)
		}
		return dst
	}
	dst = append(dst, ds[0])
	if nd > 1 {
		dst = append(dst, '.')
		dst = append(dst, ds[1:]...)
	}
	dst = append(dst, 'e')
	x := decpt - 1
	if x < 0 {
		dst = append(dst, '-')
		x = -x
	} else {
		dst = append(dst, '+')
	}
	if x < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(x), 10)
}

// numMode selects how numbers are written.
type numMode uint8

const (
	// numGeneral is CJ-4 as the spec's example: -0 → 0, integral values
	// written with a fraction or exponent become integers, anything else
	// (non-integral, outside ±(2^53−1)) is an error.
	numGeneral numMode = iota
	// numStrict is for PDUs of room versions 6+ (CJ-STRICT): the text was
	// scanned already, so only integer tokens within range can occur; -0 → 0.
	numStrict
	// numLax is for PDUs of room versions 1–5 (CJ-LAX, EDGE-JSON1):
	// integers keep their digits (-0 → 0), numbers with a fraction or
	// exponent are written as Python's repr(float).
	numLax
)
