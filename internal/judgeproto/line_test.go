package judgeproto

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReaderLines(t *testing.T) {
	r := NewReader(strings.NewReader("{\"a\":1}\r\n\n{\"b\":2}\npartial"), 16)
	for _, want := range []string{`{"a":1}`, ``, `{"b":2}`} {
		line, err := r.Line()
		require.NoError(t, err)
		require.Equal(t, want, string(line))
	}
	_, err := r.Line()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)

	_, err = NewReader(strings.NewReader(""), 0).Line()
	require.ErrorIs(t, err, io.EOF)
}

func TestReaderLimit(t *testing.T) {
	// Exactly the limit passes, one byte more does not, also when the
	// line is longer than the reader's buffer.
	for _, n := range []int{10, 200 << 10} {
		ok := strings.Repeat("x", n) + "\n"
		line, err := NewReader(strings.NewReader(ok), n).Line()
		require.NoError(t, err)
		require.Len(t, line, n)
		_, err = NewReader(strings.NewReader("y"+ok), n).Line()
		require.ErrorIs(t, err, ErrLineTooLong)
	}
}

func TestDecodeLine(t *testing.T) {
	var req Request
	for _, bad := range []string{``, `[1]`, `"x"`, `{"id":"one"}`, `{"id":1} {"id":2}`, `{"id":1`, `junk`} {
		require.Error(t, decodeLine([]byte(bad), &req), bad)
	}
	require.NoError(t, decodeLine([]byte(` {"id":3,"op":"auth","future":true} `), &req))
	// Messages say what is wrong in JSON terms, never with Go type names.
	for line, want := range map[string]string{
		`{"id":"one"}`:             `member "id" is a JSON string, not an integer`,
		`{"id":1,"allowed":"yes"}`: `member "allowed" is a JSON string, not a boolean`,
		`{"id":1,"state":[1]}`:     `member "state" is a JSON array, not an object`,
		`{"id":1,`:                 `the JSON object is not closed`,
		`{"id":1 x}`:               `invalid JSON at byte`,
	} {
		var resp Response
		err := decodeLine([]byte(line), &resp)
		require.ErrorContains(t, err, want, line)
		require.NotContains(t, err.Error(), "Go ")
		require.NotContains(t, err.Error(), "int64")
	}
	require.Equal(t, int64(3), req.ID)
}

func TestWriterLimit(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, 40)
	require.NoError(t, w.Encode(&Response{ID: 1, Error: "a\nb"}))
	require.Equal(t, "{\"id\":1,\"error\":\"a\\nb\"}\n", buf.String())
	err := w.Encode(&Response{ID: 2, Error: strings.Repeat("e", 40)})
	require.True(t, errors.Is(err, ErrLineTooLong), err)
	require.Equal(t, 1, strings.Count(buf.String(), "\n"))
}

func TestEventBytes(t *testing.T) {
	for _, raw := range [][]byte{[]byte(`{"type":"x"}`), {'{', 0xff, '}'}, {}} {
		e := NewEvent("$a", raw)
		got, err := e.Bytes()
		require.NoError(t, err)
		require.Equal(t, raw, got)
	}
	require.NotEmpty(t, NewEvent("$a", []byte{0xff}).PDUBase64)
	_, err := Event{ID: "$a", PDU: "x", PDUBase64: "eA=="}.Bytes()
	require.Error(t, err)
	_, err = Event{ID: "$a", PDUBase64: "!"}.Bytes()
	require.Error(t, err)
}
