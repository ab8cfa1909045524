package judgeproto

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
)

// Reference is the reference judge: it answers with the mxauth library
// (the receipt pipeline, state resolution and redaction) exactly as the
// built-in conformance runner judges. Its zero value is ready; a load
// replaces what it holds.
type Reference struct {
	loaded  bool
	version roomversion.Version
	given   bool
	opts    receipt.Options
	keys    event.KeyLookup
	sigs    bool
	events  map[string]*refEvent
}

// refEvent is one loaded event.
type refEvent struct {
	raw      []byte
	id       string
	ev       *event.Event // nil for an invalid PDU
	parseErr error
	// received is the form the event is held in when accepted: redacted
	// when hashes are checked and its content hash fails.
	received *event.Event
}

// Answer implements [Handler].
func (h *Reference) Answer(req *Request) *Response {
	var resp *Response
	var err error
	switch req.Op {
	case OpLoad:
		resp, err = h.load(req)
	case OpAuth, OpResolve, OpRedact, OpVerify:
		if !h.loaded {
			return &Response{Error: "no events loaded"}
		}
		switch req.Op {
		case OpAuth:
			resp, err = h.auth(req)
		case OpResolve:
			resp, err = h.resolve(req)
		case OpRedact:
			resp, err = h.redact(req)
		default:
			resp, err = h.verify(req)
		}
	default:
		return &Response{Error: fmt.Sprintf("unsupported operation %q", req.Op)}
	}
	if err != nil {
		resp = &Response{Error: err.Error()}
		if req.Op == OpResolve {
			resp.ErrorCode = fixture.ResolveErrorCode(err)
		}
	}
	return resp
}

func (h *Reference) load(req *Request) (*Response, error) {
	*h = Reference{}
	v, err := roomversion.Lookup(req.RoomVersion)
	if err != nil {
		return nil, errors.New(fixture.DescribeRoomVersionError(err))
	}
	switch req.IDs {
	case "given", "computed":
	default:
		return nil, fmt.Errorf("ids must be \"given\" or \"computed\", not %q", req.IDs)
	}
	h.version, h.given = v, req.IDs == "given" && v.EventIDFormat != roomversion.EventIDGiven
	h.sigs = req.CheckSignatures
	h.opts = receipt.Options{SkipSignatures: !req.CheckSignatures, SkipContentHash: !req.CheckHashes}
	if req.CheckSignatures {
		h.keys = keyRing(req.Keys)
	}
	h.events = make(map[string]*refEvent, len(req.Events))
	for i, e := range req.Events {
		raw, err := e.Bytes()
		if err != nil {
			return nil, fmt.Errorf("events[%d]: %v", i, err)
		}
		if e.ID == "" {
			return nil, fmt.Errorf("events[%d]: no id", i)
		}
		if _, dup := h.events[e.ID]; dup {
			return nil, fmt.Errorf("events[%d]: event ID %s appears twice", i, e.ID)
		}
		re := &refEvent{raw: raw, id: e.ID}
		if h.given {
			re.ev, re.parseErr = event.NewWithID(raw, e.ID, v)
		} else {
			re.ev, re.parseErr = event.Parse(raw, v)
		}
		re.received = re.ev
		if re.ev != nil && !h.opts.SkipContentHash {
			if ok, err := re.ev.ContentHashValid(); err == nil && !ok {
				if red, err := re.ev.Redacted(); err == nil {
					re.received = red
				}
			}
		}
		h.events[e.ID] = re
	}
	h.loaded = true
	return &Response{}, nil
}

// keyRing builds the verification keys; a key that does not decode to an
// Ed25519 public key is left out (DECISIONS S1).
func keyRing(keys map[string]map[string]Key) event.KeyRing {
	ring := event.KeyRing{}
	for server, ks := range keys {
		ring[server] = map[string]event.PublicKey{}
		for keyID, k := range ks {
			pub, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(k.Key, "="))
			if err != nil || len(pub) != 32 {
				continue
			}
			ring[server][keyID] = event.PublicKey{Key: pub, ValidUntilTS: k.ValidUntilTS}
		}
	}
	return ring
}

func (h *Reference) lookup(id string) (*refEvent, error) {
	re := h.events[id]
	if re == nil {
		return nil, fmt.Errorf("unknown event %s", id)
	}
	return re, nil
}

// state builds an auth state from event IDs, each event in the form it
// is held in.
func (h *Reference) state(ids []string) (auth.StateMap, error) {
	st := auth.StateMap{}
	for _, id := range ids {
		re, err := h.lookup(id)
		if err != nil {
			return nil, err
		}
		if re.received == nil {
			return nil, fmt.Errorf("state event %s is not a valid PDU", id)
		}
		sk, ok := re.received.StateKey()
		if !ok {
			return nil, fmt.Errorf("event %s is not a state event", id)
		}
		st[auth.StateKey{Type: re.received.Type(), StateKey: sk}] = re.received
	}
	return st, nil
}

func (h *Reference) auth(req *Request) (*Response, error) {
	re, err := h.lookup(req.Event)
	if err != nil {
		return nil, err
	}
	refs := make(map[string]bool, len(req.AuthEvents))
	for _, r := range req.AuthEvents {
		if _, err := h.lookup(r.ID); err != nil {
			return nil, fmt.Errorf("auth_events: %v", err)
		}
		refs[r.ID] = r.Rejected
	}
	in := receipt.Input{
		Keys: h.keys,
		AuthEvents: func(id string) (*event.Event, bool) {
			rejected, ok := refs[id]
			if !ok {
				return nil, false
			}
			return h.events[id].received, rejected
		},
	}
	if re.ev != nil {
		in.Event = re.ev
	} else {
		in.PDU, in.Version = re.raw, h.version
		if h.given {
			in.EventID = re.id
		}
	}
	if req.StateBefore != nil {
		st, err := h.state(*req.StateBefore)
		if err != nil {
			return nil, fmt.Errorf("state_before: %v", err)
		}
		in.StateBefore = st
	}
	if req.CurrentState != nil {
		st, err := h.state(*req.CurrentState)
		if err != nil {
			return nil, fmt.Errorf("current_state: %v", err)
		}
		in.CurrentState = st
	}
	r := receipt.Check(in, h.opts)
	resp := &Response{Allowed: Bool(r.Accepted())}
	if re.ev != nil {
		resp.EventID = re.ev.ID()
	}
	if r.Accepted() {
		return resp, nil
	}
	resp.SoftFailed = r.SoftFailed()
	resp.Rule, resp.Reason = r.Step.Rule(), r.Err.Error()
	var e *receipt.Error
	if errors.As(r.Err, &e) && e.Err != nil {
		resp.Reason = e.Err.Error()
	}
	if rej := r.Rejection(); rej != nil {
		resp.Rule, resp.Reason = string(rej.Rule), rej.Reason
	}
	if r.Step == receipt.StepFormat && re.parseErr != nil {
		resp.Reason = re.parseErr.Error()
	}
	return resp, nil
}

func (h *Reference) resolve(req *Request) (*Response, error) {
	in := stateres.Input{
		Version:   h.version,
		StateSets: make([]stateres.StateSet, 0, len(req.StateSets)),
		Fetch: func(id string) (*event.Event, bool) {
			re := h.events[id]
			switch {
			case re == nil || re.ev == nil:
				return nil, false
			case h.sigs:
				// With signatures checked, an event whose hash fails is
				// held in its redacted form (PDU-3, HASH-C-4).
				return re.received, re.received != nil
			}
			return re.ev, true
		},
	}
	if len(req.Rejected) > 0 {
		rejected := make(map[string]bool, len(req.Rejected))
		for _, id := range req.Rejected {
			rejected[id] = true
		}
		in.IsRejected = func(id string) bool { return rejected[id] }
	}
	for i, ids := range req.StateSets {
		set := make(stateres.StateSet, len(ids))
		for _, id := range ids {
			re, err := h.lookup(id)
			if err != nil {
				return nil, fmt.Errorf("state set %d: %v", i, err)
			}
			if re.ev == nil {
				return nil, fmt.Errorf("state set %d: event %s is not a valid PDU: %v", i, id, re.parseErr)
			}
			sk, ok := re.ev.StateKey()
			if !ok {
				return nil, fmt.Errorf("state set %d: event %s is not a state event", i, id)
			}
			k := auth.StateKey{Type: re.ev.Type(), StateKey: sk}
			if prev, dup := set[k]; dup {
				return nil, fmt.Errorf("state set %d: events %s and %s both hold (%s, %q)", i, prev, id, k.Type, k.StateKey)
			}
			set[k] = id
		}
		in.StateSets = append(in.StateSets, set)
	}
	resolved, err := stateres.Resolve(in)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for k, id := range resolved {
		if out[k.Type] == nil {
			out[k.Type] = map[string]string{}
		}
		out[k.Type][k.StateKey] = id
	}
	return &Response{State: &out}, nil
}

func (h *Reference) redact(req *Request) (*Response, error) {
	re, err := h.lookup(req.Event)
	if err != nil {
		return nil, err
	}
	var out []byte
	if re.ev != nil {
		out, err = re.ev.Redact()
	} else {
		out, err = event.RedactJSON(re.raw, h.version)
	}
	if err != nil {
		return nil, err
	}
	return &Response{Redacted: out}, nil
}

func (h *Reference) verify(req *Request) (*Response, error) {
	re, err := h.lookup(req.Event)
	switch {
	case err != nil:
		return nil, err
	case re.ev == nil:
		return nil, fmt.Errorf("event %s is not a valid PDU: %v", re.id, re.parseErr)
	case !h.sigs:
		return nil, errors.New("no keys loaded (check_signatures is false)")
	}
	if err := re.ev.VerifySignatures(h.keys); err != nil {
		return &Response{Valid: Bool(false), Reason: err.Error()}, nil
	}
	return &Response{Valid: Bool(true)}, nil
}
