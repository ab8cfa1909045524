package judgeproto

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// ErrLineTooLong is returned for a line longer than the reader's bound.
var ErrLineTooLong = errors.New("line longer than the size limit")

// Reader reads JSON lines of bounded size.
type Reader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

// NewReader reads lines of at most max bytes (DefaultMaxLine when max is
// 0 or less) from r.
func NewReader(r io.Reader, max int) *Reader {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &Reader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Line returns the next line without its newline ("\r\n" also ends a
// line). It returns io.EOF at the end of input, io.ErrUnexpectedEOF for a
// last line without a newline, and an error wrapping ErrLineTooLong for a
// line over the bound; the returned slice is valid until the next call.
func (r *Reader) Line() ([]byte, error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.r.ReadSlice('\n')
		if len(r.buf)+len(chunk) > r.max+2 {
			return nil, fmt.Errorf("%w (%d bytes)", ErrLineTooLong, r.max)
		}
		r.buf = append(r.buf, chunk...)
		switch {
		case err == nil:
			line := bytes.TrimSuffix(bytes.TrimSuffix(r.buf, []byte("\n")), []byte("\r"))
			if len(line) > r.max {
				return nil, fmt.Errorf("%w (%d bytes)", ErrLineTooLong, r.max)
			}
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(r.buf) > 0:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// Decode reads the next line into v, which it must hold as one JSON
// object and nothing else.
func (r *Reader) Decode(v any) error {
	line, err := r.Line()
	if err != nil {
		return err
	}
	return decodeLine(line, v)
}

// decodeLine decodes one line holding a single JSON object.
func decodeLine(line []byte, v any) error {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("not a JSON object: %s", quoteStart(line))
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not a valid message (%s): %s", jsonProblem(err), quoteStart(line))
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value on a line: %s", quoteStart(line))
	}
	return nil
}

// quoteStart quotes the start of a line for a message.
func quoteStart(line []byte) string {
	const n = 60
	if len(line) > n {
		return fmt.Sprintf("%q…", line[:n])
	}
	return fmt.Sprintf("%q", line)
}

// Writer writes JSON lines of bounded size.
type Writer struct {
	w   io.Writer
	max int
}

// NewWriter writes lines of at most max bytes (DefaultMaxLine when max is
// 0 or less) to w.
func NewWriter(w io.Writer, max int) *Writer {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &Writer{w: w, max: max}
}

// Encode writes v as one line. encoding/json escapes the newlines inside
// strings, so the line holds no newline but the last.
func (w *Writer) Encode(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(b) > w.max {
		return fmt.Errorf("%w: message of %d bytes, limit %d", ErrLineTooLong, len(b), w.max)
	}
	_, err = w.w.Write(append(b, '\n'))
	return err
}

// jsonProblem says in words what encoding/json found wrong, without Go
// type names.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("member %q is a JSON %s, not %s", te.Field, te.Value, jsonKind(te.Type.Kind()))
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON object is not closed"
	}
	return "invalid JSON"
}

// jsonKind names the JSON type a Go kind decodes from.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "an object"
	}
	return "the expected type"
}
