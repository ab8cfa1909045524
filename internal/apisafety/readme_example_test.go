package apisafety_test

// The code of the README's "Using the library" section. Every ```go block
// of that section appears here verbatim (TestREADMESnippetsCompile checks
// it), so the README's snippets compile and the Example below runs them.

import (
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/authchain"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/receipt"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
)

// README: the server's store.

// server is what a homeserver keeps: the events it judged, with their
// verdicts, and the servers' keys.
type server struct {
	events   map[string]*event.Event // as judged: redacted after a hash mismatch
	rejected map[string]bool
	keys     event.KeyRing // server name → key ID → key and validity
}

func (s *server) fetch(id string) (*event.Event, bool) {
	ev, ok := s.events[id]
	return ev, ok
}

// README: receiving a PDU.

// receive is the federation receive path of one PDU of a room of version v.
func (s *server) receive(v roomversion.Version, pdu []byte, stateBefore, current auth.State) (receipt.Result, error) {
	res := receipt.Check(receipt.Input{
		PDU:     pdu,
		Version: v,
		Keys:    s.keys,
		AuthEvents: func(id string) (*event.Event, bool) {
			return s.events[id], s.rejected[id] // nil: not known
		},
		StateBefore:  stateBefore, // nil skips the step
		CurrentState: current,     // nil skips the step
	}, receipt.Options{})

	var sigErr *event.SignatureError
	switch {
	case errors.As(res.Err, &sigErr) && len(sigErr.MissingKeyIDs) > 0:
		// Fetch these keys of sigErr.Server, add them to s.keys, try again.
		return res, fmt.Errorf("need keys %v of %s", sigErr.MissingKeyIDs, sigErr.Server)
	case res.Refused() && res.Step < receipt.StepAuthEvents:
		// Dropped: not a valid PDU, or its signatures do not verify.
		return res, res.Err
	}
	// Accepted, soft-failed or rejected by a rule: store the form judged.
	s.events[res.Event.ID()] = res.Event
	s.rejected[res.Event.ID()] = res.Refused()
	if rej := res.Rejection(); rej != nil {
		// The rule ID, the reason and the values that decided it, e.g.
		// "MEMBER-BAN-3: … [sender level 0, target level 0, ban level 50]".
		fmt.Println("rejected:", rej.Rule, rej.Details)
	}
	return res, nil // res.SoftFailed(): keep it, but neither relay it nor build on it
}

// README: the state before an event.

// stateBefore resolves the states after an event's prev events (one
// stateres.StateSet per prev event: (type, state_key) → event ID) into the
// state before it, as the events receive checks it against.
func (s *server) stateBefore(v roomversion.Version, prevStates []stateres.StateSet) (auth.State, error) {
	ids, err := stateres.Resolve(stateres.Input{
		Version:    v,
		StateSets:  prevStates,
		Fetch:      s.fetch,
		IsRejected: func(id string) bool { return s.rejected[id] },
	})
	if err != nil {
		return nil, err
	}
	return builder.StateFromIDs(ids, s.fetch) // every missing event named at once
}

// README: building an event.

// send builds, signs and hashes an event of the server's user, with its
// auth events selected from the room's current state.
func (s *server) send(v roomversion.Version, p builder.Proto, current auth.State, key builder.SigningKey) (*event.Event, error) {
	res, err := builder.Build(p, v, current, key)
	if err != nil {
		return nil, err // a *builder.FieldError names the field
	}
	return res.Event, nil // res.Event.JSON() is the PDU to send
}

// README: resolving forked state.

// resolveFork merges two forks' states. index is optional (nil walks the
// auth chains); with an *authchain.Index kept as events are accepted the
// cost grows with the conflict, not with the room's history.
func (s *server) resolveFork(v roomversion.Version, stateA, stateB stateres.StateSet, index *authchain.Index) (stateres.StateSet, error) {
	rep, err := stateres.ResolveReport(stateres.Input{
		Version:    v,
		StateSets:  []stateres.StateSet{stateA, stateB}, // (type, state_key) → event ID
		Fetch:      s.fetch,
		IsRejected: func(id string) bool { return s.rejected[id] },
		AuthChains: index, // a nil *authchain.Index reads as empty: the exact walk
	})
	if err != nil {
		return nil, err
	}
	if len(rep.Missing) > 0 {
		// Resolved without them, as Synapse does: fetch them and resolve again.
		return rep.State, fmt.Errorf("missing events %v", rep.Missing)
	}
	return rep.State, nil
}

// Example_receivePath runs the README's receive path on a version 12 room:
// the creator's server builds the create event and the creator's join;
// the receiving server judges them with receive, and a message of a user
// who never joined is rejected with the rule that says why.
func Example_receivePath() {
	v := roomversion.V12()
	seed := make([]byte, ed25519.SeedSize) // a fixed, public test seed
	priv := ed25519.NewKeyFromSeed(seed)
	key := builder.SigningKey{ServerName: "example.org", KeyID: "ed25519:1", PrivateKey: priv}
	keys := event.KeyRing{"example.org": {"ed25519:1": {Key: priv.Public().(ed25519.PublicKey)}}}
	origin := &server{events: map[string]*event.Event{}, rejected: map[string]bool{}, keys: keys}
	s := &server{events: map[string]*event.Event{}, rejected: map[string]bool{}, keys: event.KeyRing{}}

	state := auth.StateMap{}
	create, err := origin.send(v, builder.Proto{
		Type: event.TypeCreate, StateKey: builder.StateKey(""), Sender: "@alice:example.org",
		ContentMap: map[string]any{"room_version": v.ID}, Depth: 1, OriginServerTS: 1_750_000_000_000,
	}, state, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	state[auth.StateKey{Type: event.TypeCreate}] = create
	roomID := create.RoomID()

	// Without alice's server's keys the create event is dropped, with the
	// key IDs to fetch.
	_, err = s.receive(v, []byte(create.JSON()), nil, nil)
	fmt.Println(err)
	s.keys = keys
	res, err := s.receive(v, []byte(create.JSON()), nil, nil)
	fmt.Println("create:", res.Accepted(), err)

	join, err := origin.send(v, builder.Proto{
		Type: event.TypeMember, StateKey: builder.StateKey("@alice:example.org"), Sender: "@alice:example.org",
		RoomID: roomID, ContentMap: map[string]any{"membership": "join"},
		PrevEvents: []string{create.ID()}, Depth: 2, OriginServerTS: 1_750_000_000_001,
	}, state, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	before, err := s.stateBefore(v, []stateres.StateSet{{{Type: event.TypeCreate}: create.ID()}})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err = s.receive(v, []byte(join.JSON()), before, before)
	fmt.Println("join:", res.Accepted(), err)
	state[auth.StateKey{Type: event.TypeMember, StateKey: "@alice:example.org"}] = join

	// Bob is not in the room; alice's server signs his message anyway.
	msg, err := origin.send(v, builder.Proto{
		Type: "m.room.message", Sender: "@bob:example.org", RoomID: roomID,
		ContentMap: map[string]any{"body": "hi"},
		PrevEvents: []string{join.ID()}, Depth: 3, OriginServerTS: 1_750_000_000_002,
	}, state, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err = s.receive(v, []byte(msg.JSON()), state, state)
	fmt.Println("message:", res.Refused(), res.Step.Rule(), res.Rule(), err)

	// A fork: one side has alice's join, the other only the create event.
	index := authchain.New(0)
	for _, ev := range []*event.Event{create, join} {
		if err := index.AddEvent(ev); err != nil {
			fmt.Println(err)
			return
		}
	}
	withJoin := stateres.StateSet{{Type: event.TypeCreate}: create.ID(), {Type: event.TypeMember, StateKey: "@alice:example.org"}: join.ID()}
	without := stateres.StateSet{{Type: event.TypeCreate}: create.ID()}
	for _, ix := range []*authchain.Index{nil, index} {
		resolved, err := s.resolveFork(v, withJoin, without, ix)
		fmt.Println("resolved:", len(resolved), resolved[auth.StateKey{Type: event.TypeMember, StateKey: "@alice:example.org"}] == join.ID(), err)
	}
	// Output:
	// need keys [ed25519:1] of example.org
	// create: true <nil>
	// join: true <nil>
	// rejected: SENDER-1 sender membership none
	// message: true PDU-4 SENDER-1 <nil>
	// resolved: 2 true <nil>
	// resolved: 2 true <nil>
}
