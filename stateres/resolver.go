package stateres

import (
	"errors"
	"sort"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// resolver holds the state of one Resolve call: the input, and a cache of
// every event looked up, so each ID is fetched at most once.
type resolver struct {
	in       *Input
	rules    rules
	roomID   string
	maxNodes int
	maxBytes int64
	bytes    int64    // held so far, as Input.MaxBytes counts it
	missing  []string // looked up and not supplied

	nodes   map[string]*node  // nil value: looked up and missing
	foreign map[string]string // events of another room: ID → their room
	slab    []node            // backing store for nodes, to allocate in chunks
	refs    []*node           // backing store for node.auth slices

	keys  []auth.StateKey // scratch for selection keys
	walk  []*node         // scratch for mainline walks
	small smallState      // scratch auth map
}

// node is one event as seen by one resolution: the event itself and the
// per-call bookkeeping of the algorithms.
type node struct {
	id  string
	ev  *event.Event
	rej int8 // memo of IsRejected: 0 unknown, 1 no, 2 yes

	// Auth difference walk (authdiff.go).
	stamp int32 // last set index + 1 that reached it
	count int32 // number of sets that reached it
	inB   bool  // in the chain of the unconflicted events

	// Conflicted state subgraph of v2.1 (v21.go).
	anc, desc bool

	// Full conflicted set and power ordering (v2.go, powersort.go).
	fcs   bool
	xIdx  int32      // index in the power graph, or -1
	cycle bool       // on an auth cycle inside the power graph (D12)
	pl    auth.Level // sender power level from the event's own auth events

	// Mainline (mainline.go).
	mlPos  int32 // position on the mainline counted from P0 = 1, 0 when not on it
	mlMemo int32 // memoised mainline sort key + 1, 0 when unknown

	// v1 (v1.go).
	sha1 string

	auth     []*node // the auth events the caller has, once authDone
	authDone bool
}

const slabChunk = 256

func newResolver(in *Input, rl rules) *resolver {
	max := in.MaxEvents
	if max <= 0 {
		max = DefaultMaxEvents
	}
	maxBytes := in.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	hint := 0
	for _, s := range in.StateSets {
		if len(s) > hint {
			hint = len(s)
		}
	}
	room := in.RoomID
	if room == "" {
		room = roomOfSets(in)
	}
	return &resolver{
		in: in, rules: rl, roomID: room, maxNodes: max, maxBytes: maxBytes,
		nodes: make(map[string]*node, hint/4+64),
		keys:  make([]auth.StateKey, 0, 8),
		small: smallState{entries: make([]stateEntry, 0, 16)},
	}
}

// get returns the node for id, fetching the event on first use. It returns
// nil (and no error) for an event the caller does not have.
func (r *resolver) get(id string) (*node, error) {
	if n, ok := r.nodes[id]; ok {
		return n, nil
	}
	if len(r.nodes) >= r.maxNodes {
		return nil, ErrTooManyEvents
	}
	ev, ok := r.in.Fetch(id)
	if !ok || ev == nil || ev.ID() != id {
		r.nodes[id] = nil
		r.missing = append(r.missing, id)
		return nil, nil
	}
	r.bytes += int64(len(ev.JSON())) + HeldEventOverhead
	if r.bytes > r.maxBytes {
		return nil, ErrTooManyBytes
	}
	if r.roomID == "" {
		r.roomID = ev.RoomID()
	} else if ev.RoomID() != r.roomID {
		// An auth event of another room is not part of this room's
		// graph (AUTHEV-5 rejects whatever cites one): walks treat it as
		// missing. As a candidate of a state set it is an error (member).
		if r.foreign == nil {
			r.foreign = map[string]string{}
		}
		r.foreign[id] = ev.RoomID()
		r.nodes[id] = nil
		r.missing = append(r.missing, id)
		return nil, nil
	}
	if len(r.slab) == cap(r.slab) {
		r.slab = make([]node, 0, slabChunk)
	}
	r.slab = append(r.slab, node{id: id, ev: ev, xIdx: -1})
	n := &r.slab[len(r.slab)-1]
	r.nodes[id] = n
	return n, nil
}

// member is get for an event named by a state set: one of another room is
// a *RoomMismatchError, not a missing event.
func (r *resolver) member(id string) (*node, error) {
	n, err := r.get(id)
	if err == nil && n == nil {
		if room, ok := r.foreign[id]; ok {
			return nil, &RoomMismatchError{EventID: id, RoomID: room, Want: r.roomID}
		}
	}
	return n, err
}

// checkMembers looks up every candidate of conf and returns the
// *RoomMismatchError of the smallest-ID candidate that belongs to another
// room, so that the error names the same event whatever the order of the
// map; other lookup errors are returned as met.
func (r *resolver) checkMembers(conf conflicts) error {
	var first *RoomMismatchError
	for _, ids := range conf {
		for _, id := range ids {
			_, err := r.member(id)
			var rm *RoomMismatchError
			switch {
			case errors.As(err, &rm):
				if first == nil || rm.EventID < first.EventID {
					first = rm
				}
			case err != nil:
				return err
			}
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// missingIDs returns the sorted IDs looked up and not supplied.
func (r *resolver) missingIDs() []string {
	if len(r.missing) == 0 {
		return nil
	}
	out := append([]string(nil), r.missing...)
	sort.Strings(out)
	return out
}

// rejected reports whether the caller rejected the event (memoised).
func (r *resolver) rejected(n *node) bool {
	if n.rej == 0 {
		n.rej = 1
		if r.in.IsRejected != nil && r.in.IsRejected(n.id) {
			n.rej = 2
		}
	}
	return n.rej == 2
}

// usable returns the node for id when the event exists and was not
// rejected, as auth maps need it (D8, D9).
func (r *resolver) usable(id string) (*node, error) {
	n, err := r.get(id)
	if err != nil || n == nil || r.rejected(n) {
		return nil, err
	}
	return n, nil
}

// authOf returns the nodes of n's auth events that the caller has, in
// order, looked up once per call. In room version 12 the create event that
// n's room_id implies is appended: it is an auth event of every non-create
// event throughout resolution (SR21-DEF-0, D29).
func (r *resolver) authOf(n *node) ([]*node, error) {
	if n.authDone {
		return n.auth, nil
	}
	c, implied := n.ev.ImpliedCreateEventID()
	need := n.ev.NumAuthEvents() + 1
	if cap(r.refs)-len(r.refs) < need {
		r.refs = make([]*node, 0, max(slabChunk*4, need))
	}
	start := len(r.refs)
	for id := range n.ev.AuthEventIDsSeq() {
		a, err := r.get(id)
		if err != nil {
			return nil, err
		}
		if a != nil {
			r.refs = append(r.refs, a)
		}
	}
	if implied {
		a, err := r.get(c)
		if err != nil {
			return nil, err
		}
		if a != nil {
			r.refs = append(r.refs, a)
		}
	}
	n.auth = r.refs[start:len(r.refs):len(r.refs)]
	n.authDone = true
	return n.auth, nil
}
