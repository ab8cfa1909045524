package judgeproto

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Default time limits of a [Client].
const (
	DefaultTimeout      = 30 * time.Second
	DefaultStartTimeout = 2 * time.Minute
)

// Options configure a [Client]. The zero value uses the defaults.
type Options struct {
	// Timeout bounds the answer to each question (DefaultTimeout when 0).
	Timeout time.Duration
	// StartTimeout bounds the answer to hello, which may include the
	// judge's start-up or build (DefaultStartTimeout when 0).
	StartTimeout time.Duration
	// MaxLine bounds every line either way (DefaultMaxLine when 0).
	MaxLine int
	// Runner names the runner in hello.
	Runner string
}

// Client drives one judge subprocess. Its methods are not safe for
// concurrent use. After the first protocol error (the judge exits, hangs,
// writes junk or a line over the limit) the judge is stopped and every
// later call returns that error.
type Client struct {
	opts    Options
	name    string
	soft    string
	cmd     *exec.Cmd
	in      *os.File
	out     *os.File
	r       *Reader
	w       *Writer
	stderr  *tail
	next    int64
	broken  error
	waited  chan struct{}
	waitErr error
}

// ProtocolError is a failure of the session with the judge, as opposed to
// an answer the judge gave.
type ProtocolError struct {
	// Judge is the judge's command line.
	Judge string
	// Msg says what went wrong.
	Msg string
	// Stderr is the end of the judge's standard error, if it wrote any.
	Stderr string
}

// Error implements error.
func (e *ProtocolError) Error() string {
	s := "judge " + e.Judge + ": " + e.Msg
	if e.Stderr != "" {
		s += "; its stderr ended with: " + e.Stderr
	}
	return s
}

// Start starts the judge argv[0] with arguments argv[1:] and completes the
// handshake.
func Start(argv []string, opts Options) (*Client, error) {
	if len(argv) == 0 {
		return nil, errors.New("no judge command given")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	c := &Client{opts: opts, stderr: &tail{max: 2048}, waited: make(chan struct{})}
	c.cmd = exec.Command(argv[0], argv[1:]...)
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	c.cmd.Stdin, c.cmd.Stdout, c.cmd.Stderr = inR, outW, c.stderr
	c.cmd.WaitDelay = time.Second
	setProcessGroup(c.cmd)
	err = c.cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		inW.Close()
		outR.Close()
		return nil, &ProtocolError{Judge: strings.Join(argv, " "), Msg: "cannot start: " + err.Error()}
	}
	go func() {
		c.waitErr = c.cmd.Wait()
		close(c.waited)
	}()
	c.in, c.out = inW, outR
	c.r, c.w = NewReader(outR, opts.MaxLine), NewWriter(inW, opts.MaxLine)
	resp, err := c.ask(&Request{Op: OpHello, Protocol: Version, Runner: opts.Runner}, opts.StartTimeout)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.Error != "":
		return nil, c.fail("refused the handshake: %s", resp.Error)
	case resp.Protocol != Version:
		return nil, c.fail("speaks protocol version %d; this runner speaks version %d", resp.Protocol, Version)
	case resp.Name == "":
		return nil, c.fail("its hello answer has no name")
	}
	c.name, c.soft = resp.Name, resp.Software
	return c, nil
}

// Name returns the judge's name and software version from its hello.
func (c *Client) Name() (name, software string) { return c.name, c.soft }

// Ask sends req (its ID is set here) and returns the judge's answer. An
// answer with Error set is an answer, not an error; the error is a
// *ProtocolError.
func (c *Client) Ask(req *Request) (*Response, error) {
	return c.ask(req, c.opts.Timeout)
}

func (c *Client) ask(req *Request, limit time.Duration) (*Response, error) {
	if c.broken != nil {
		return nil, c.broken
	}
	req.ID = c.next
	c.next++
	what := describe(req)
	deadline := time.Now().Add(limit)
	// Deadlines on the pipes bound a judge that stops reading or writing;
	// where a platform has none, the judge's exit still ends the wait.
	_ = c.in.SetWriteDeadline(deadline)
	_ = c.out.SetReadDeadline(deadline)
	if err := c.w.Encode(req); err != nil {
		switch {
		case errors.Is(err, ErrLineTooLong):
			c.next-- // nothing was sent; the session goes on
			return nil, fmt.Errorf("%s: %w", what, err)
		case errors.Is(err, os.ErrDeadlineExceeded):
			return nil, c.fail("did not read %s within %s", what, limit)
		}
		return nil, c.exited("stopped reading its input before %s", what)
	}
	var resp Response
	line, err := c.r.Line()
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, c.fail("did not answer %s within %s", what, limit)
	case errors.Is(err, ErrLineTooLong):
		return nil, c.fail("answered %s with a line longer than %d bytes", what, c.r.max)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, c.exited("closed its output before answering %s", what)
	case err != nil:
		return nil, c.fail("reading the answer to %s: %v", what, err)
	}
	if err := decodeLine(line, &resp); err != nil {
		return nil, c.fail("answered %s with a line that is %v", what, err)
	}
	if resp.ID != req.ID {
		return nil, c.fail("answered %s (id %d) with id %d", what, req.ID, resp.ID)
	}
	return &resp, nil
}

// describe names a request for messages.
func describe(req *Request) string {
	s := fmt.Sprintf("question %d (%s", req.ID, req.Op)
	if req.Event != "" {
		s += " " + req.Event
	}
	return s + ")"
}

// fail stops the judge and records the protocol error.
func (c *Client) fail(format string, args ...any) error {
	c.stop()
	return c.record(fmt.Sprintf(format, args...))
}

// exited records that the judge went away, with its exit status when it
// has one.
func (c *Client) exited(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	select {
	case <-c.waited:
	case <-time.After(2 * time.Second):
	}
	c.stop()
	select {
	case <-c.waited:
		if c.waitErr != nil {
			msg += " (" + c.waitErr.Error() + ")"
		} else {
			msg += " (it exited with status 0)"
		}
	default:
	}
	return c.record(msg)
}

func (c *Client) record(msg string) error {
	c.broken = &ProtocolError{Judge: strings.Join(c.cmd.Args, " "), Msg: msg, Stderr: c.stderr.String()}
	return c.broken
}

// stop kills the judge (and what it started) and closes the pipes.
func (c *Client) stop() {
	select {
	case <-c.waited:
	default:
		killProcess(c.cmd)
		<-c.waited
	}
	c.in.Close()
	c.out.Close()
}

// Close ends the session: it closes the judge's input, gives it a moment
// to exit and stops it otherwise. It returns the judge's exit error, if
// any, unless the session had already failed.
func (c *Client) Close() error {
	if c.broken != nil {
		return nil
	}
	c.in.Close()
	select {
	case <-c.waited:
	case <-time.After(5 * time.Second):
		killProcess(c.cmd)
		<-c.waited
	}
	c.out.Close()
	c.broken = errors.New("session closed")
	if c.waitErr != nil {
		return &ProtocolError{Judge: strings.Join(c.cmd.Args, " "), Msg: "exited with " + c.waitErr.Error() + " at the end of the session", Stderr: c.stderr.String()}
	}
	return nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(bytes.ToValidUTF8(t.buf, []byte("?"))))
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " | ")), " ")
}
