package event

import "fmt"

// ValidationError reports a PDU that is not valid for its room version
// (FMT-*, CJ-STRICT, DECISIONS D16, D20, D21, X2; D24, D31, D33 in room
// versions 8–12). Such a PDU is dropped. Its Reason names the rule.
type ValidationError struct {
	// Field is the JSON path of the offending field, or "" for the whole PDU.
	Field string
	// Reason says what is wrong.
	Reason string

	cause error
}

// Unwrap returns the underlying sentinel error, if any (for example
// [ErrNotCanonicalizable]).
func (e *ValidationError) Unwrap() error { return e.cause }

// Error implements error.
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return "invalid PDU: " + e.Reason
	}
	return fmt.Sprintf("invalid PDU: %s: %s", e.Field, e.Reason)
}

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
