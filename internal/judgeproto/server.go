package judgeproto

import (
	"errors"
	"fmt"
	"io"
)

// Handler answers a judge's questions. Answer is called for every request
// after the handshake, in order; it returns the answer without its ID
// (Serve sets it), with Error set for a question it cannot answer.
type Handler interface {
	Answer(req *Request) *Response
}

// Identity is what a judge says about itself in its hello answer.
type Identity struct {
	Name     string
	Software string
}

// Serve runs a judge: it reads requests from r and writes answers to w
// until r ends, which is the normal end of a session (nil error). The
// first request must be hello with protocol version [Version]. A line that
// is not a request, a line over maxLine bytes (DefaultMaxLine when 0) or a
// request ID that does not grow ends the session with an error, after an
// answer with id -1 saying why.
func Serve(r io.Reader, w io.Writer, id Identity, h Handler, maxLine int) error {
	rd, wr := NewReader(r, maxLine), NewWriter(w, maxLine)
	refuse := func(reqID int64, err error) error {
		_ = wr.Encode(&Response{ID: reqID, Error: err.Error()})
		return err
	}
	last := int64(-1)
	for {
		var req Request
		err := rd.Decode(&req)
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, io.ErrUnexpectedEOF):
			return errors.New("input ended inside a line")
		case err != nil:
			return refuse(-1, fmt.Errorf("bad request line: %w", err))
		case req.ID <= last:
			return refuse(-1, fmt.Errorf("request id %d does not follow id %d", req.ID, last))
		case last < 0 && req.Op != OpHello:
			return refuse(req.ID, fmt.Errorf("the first request must be %q, not %q", OpHello, req.Op))
		}
		last = req.ID
		var resp *Response
		if req.Op == OpHello {
			if req.Protocol != Version {
				return refuse(req.ID, fmt.Errorf("unknown protocol version %d; this judge speaks version %d", req.Protocol, Version))
			}
			resp = &Response{Protocol: Version, Name: id.Name, Software: id.Software}
		} else {
			resp = h.Answer(&req)
		}
		if resp == nil {
			resp = &Response{Error: "no answer"}
		}
		resp.ID = req.ID
		if err := wr.Encode(resp); err != nil {
			if errors.Is(err, ErrLineTooLong) {
				if err := wr.Encode(&Response{ID: req.ID, Error: err.Error()}); err != nil {
					return err
				}
				continue
			}
			return err
		}
	}
}
