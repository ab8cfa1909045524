package judgeproto

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// serve runs Serve on the input lines and returns its answer lines.
func serve(t *testing.T, h Handler, in ...string) ([]Response, error) {
	t.Helper()
	var out bytes.Buffer
	err := Serve(strings.NewReader(strings.Join(in, "\n")+"\n"), &out, Identity{Name: "test"}, h, 1024)
	var resps []Response
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if line == "" {
			continue
		}
		var r Response
		require.NoError(t, json.Unmarshal([]byte(line), &r), line)
		resps = append(resps, r)
	}
	return resps, err
}

const hello = `{"id":0,"op":"hello","protocol":1}`

func TestServeHandshake(t *testing.T) {
	resps, err := serve(t, &Reference{}, hello)
	require.NoError(t, err)
	require.Equal(t, []Response{{ID: 0, Protocol: 1, Name: "test"}}, resps)

	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{`{"id":0,"op":"load"}`}, `the first request must be "hello", not "load"`},
		{[]string{`{"id":0,"op":"hello","protocol":2}`}, `unknown protocol version 2; this judge speaks version 1`},
		{[]string{`{"id":0,"op":"hello"}`}, `unknown protocol version 0`},
		{[]string{hello, `{"id":0,"op":"auth"}`}, `request id 0 does not follow id 0`},
		{[]string{hello, `not json`}, `bad request line: not a JSON object: "not json"`},
		{[]string{hello, `{"id":1,"op":"auth","event":"` + strings.Repeat("x", 1100) + `"}`}, `line longer than the size limit`},
	} {
		resps, err := serve(t, &Reference{}, tc.in...)
		require.Error(t, err, tc.in)
		require.Contains(t, err.Error(), tc.want)
		last := resps[len(resps)-1]
		require.Contains(t, last.Error, tc.want)
	}
}

func TestServeAnswerTooLong(t *testing.T) {
	big := handlerFunc(func(*Request) *Response { return &Response{Error: strings.Repeat("x", 2000)} })
	resps, err := serve(t, big, hello, `{"id":1,"op":"x"}`, `{"id":2,"op":"x"}`)
	require.NoError(t, err)
	require.Len(t, resps, 3)
	require.Contains(t, resps[1].Error, "line longer than the size limit")
	require.Equal(t, int64(2), resps[2].ID)
}

type handlerFunc func(*Request) *Response

func (f handlerFunc) Answer(r *Request) *Response { return f(r) }

// FuzzServe feeds arbitrary input to the reference judge: it never
// panics, and every line it writes is a JSON object with an id.
func FuzzServe(f *testing.F) {
	f.Add([]byte(hello + "\n" + `{"id":1,"op":"load","room_version":"1","ids":"computed","events":[{"id":"$a:x","pdu":"{}"}]}` + "\n" + `{"id":2,"op":"auth","event":"$a:x"}` + "\n"))
	f.Add([]byte(hello + "\n" + `{"id":1,"op":"resolve","state_sets":[["$a"]]}` + "\n"))
	f.Add([]byte("junk\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		_ = Serve(bytes.NewReader(in), &out, Identity{Name: "fuzz"}, &Reference{}, 4096)
		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if line == "" {
				continue
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("answer %q is not a JSON object: %v", line, err)
			}
			if _, ok := m["id"]; !ok {
				t.Fatalf("answer %q has no id", line)
			}
		}
	})
}
