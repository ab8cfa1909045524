package judgeproto

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// As its first argument, "judgeproto-reference" makes the test binary the
// reference judge, for the Client tests.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == "judgeproto-reference" {
		if err := Serve(os.Stdin, os.Stdout, Identity{Name: "reference", Software: "test"}, &Reference{}, 0); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func startReference(t *testing.T) *Client {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	c, err := Start([]string{exe, "judgeproto-reference"}, Options{Timeout: 10 * time.Second, Runner: "test"})
	require.NoError(t, err)
	return c
}

func TestClientSession(t *testing.T) {
	c := startReference(t)
	name, soft := c.Name()
	require.Equal(t, "reference", name)
	require.Equal(t, "test", soft)

	f := loadFixture(t, filepath.Join(corpusDir, "auth-create", "create-minimal-v1.json"))
	resp, err := c.Ask(loadRequest(f))
	require.NoError(t, err)
	require.Empty(t, resp.Error)
	resp, err = c.Ask(&Request{Op: OpAuth, Event: f.Events[0].ID})
	require.NoError(t, err)
	require.True(t, *resp.Allowed, resp.Reason)
	require.Equal(t, f.Events[0].ID, resp.EventID)
	// A question the judge cannot answer is an answer, not an error.
	resp, err = c.Ask(&Request{Op: "unknown"})
	require.NoError(t, err)
	require.Contains(t, resp.Error, "unsupported operation")
	require.NoError(t, c.Close())
	_, err = c.Ask(&Request{Op: OpAuth})
	require.Error(t, err)
}

func TestClientStartErrors(t *testing.T) {
	_, err := Start(nil, Options{})
	require.Error(t, err)
	_, err = Start([]string{filepath.Join(t.TempDir(), "missing")}, Options{})
	var pe *ProtocolError
	require.True(t, errors.As(err, &pe), err)
	require.Contains(t, pe.Msg, "cannot start")
	// A program that is no judge: its output ends at once.
	_, err = Start([]string{"true"}, Options{})
	require.True(t, errors.As(err, &pe), err)
	// Whether the write or the read notices first is a race.
	require.Regexp(t, `^judge true: (closed its output before answering|stopped reading its input before) question 0 \(hello\) \(it exited with status 0\)$`, pe.Error())
}

// TestClientBrokenStaysBroken: after a protocol error every call returns
// it, and the judge is gone.
func TestClientBrokenStaysBroken(t *testing.T) {
	c := startReference(t)
	_, err := c.Ask(&Request{Op: OpHello, Protocol: Version}) // a second hello is not an error...
	require.NoError(t, err)
	c.opts.MaxLine = 8
	c.r.max = 8 // ...but an answer over the limit is
	_, err = c.Ask(&Request{Op: OpAuth, Event: "$x"})
	var pe *ProtocolError
	require.True(t, errors.As(err, &pe), err)
	require.Contains(t, pe.Msg, "line longer than 8 bytes")
	_, err2 := c.Ask(&Request{Op: OpAuth})
	require.Equal(t, err, err2)
	require.NoError(t, c.Close())
}
