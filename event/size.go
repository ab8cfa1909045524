package event

// checkSize enforces FMT-6: the canonical JSON of the whole PDU, signatures
// included, is at most MaxPDUBytes bytes. Canonical encoding never makes a
// text longer unless it rewrites a float (CJ-LAX), so for float-free text
// that is already short enough no encoding is needed.
func checkSize(e *Event) error {
	if !e.hasFloat && len(e.text()) <= MaxPDUBytes {
		return nil
	}
	bp := getBuf()
	defer putBuf(bp)
	b, err := appendCanonical((*bp)[:0], e.text(), numModeFor(*e.ver()), keepAll, redaction{})
	*bp = b
	if err != nil {
		return err
	}
	if len(b) > MaxPDUBytes {
		return invalid("", "canonical JSON is %d bytes, more than %d (FMT-6)", len(b), MaxPDUBytes)
	}
	return nil
}
