package stateres

import (
	"fmt"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
)

// StateSet is one room state: each (type, state_key) mapped to the ID of the
// event that holds it.
type StateSet map[auth.StateKey]string

// DefaultMaxEvents is the number of distinct event IDs one [Resolve] call
// may look up when [Input.MaxEvents] is zero. A fork between honest servers
// needs a few events per conflicted entry when an [AuthChainIndex] is given;
// without one, the closure walk looks up every event of the room's auth
// history once, so the default leaves room for a million-event history.
const DefaultMaxEvents = 1_000_000

// DefaultMaxBytes is the memory budget of one [Resolve] call when
// [Input.MaxBytes] is zero: 1 GiB. See [Input.MaxBytes] for what is counted.
const DefaultMaxBytes = 1 << 30

// HeldEventOverhead is the number of bytes [Input.MaxBytes] charges for each
// event looked up, on top of its JSON: the resolver's bookkeeping (a node,
// its map entry and references to its auth events) plus the parsed event's
// fixed part. It is an estimate rounded up.
const HeldEventOverhead = 512

// AuthChainIndex answers auth-difference queries from a precomputed index,
// such as the chain-cover index of package authchain (*authchain.Index
// implements it).
type AuthChainIndex interface {
	// Difference returns the IDs of the events that lie in some but not
	// all of the auth chains of the sets common ∪ sets[i], where each
	// set's chain includes the set's own events (D13). Order and
	// duplicates do not matter. It fails when an event is not indexed.
	Difference(common []string, sets [][]string) ([]string, error)
}

// MainlineIndex is optionally implemented by an [AuthChainIndex] that can
// also place an event on a power-levels mainline (SR2-DEF-7) without
// walking it; *authchain.Index does. When [Input.AuthChains] implements
// it, the mainline ordering (SR2-5) asks it instead of walking the chain of
// power-levels events down from the resolved one, so an event citing an
// old power-levels event costs no more than a recent one.
type MainlineIndex interface {
	// KeyChainDistance returns the number of steps from the event from to
	// the event to along "first auth event of the same type and
	// state_key", or false when to is not on that path. The index must
	// hold the same events Fetch supplies, keyed by type and state_key as
	// authchain's AddEvent does.
	KeyChainDistance(from, to string) (int, bool, error)
}

// StateDifferenceIndex is optionally implemented by an [AuthChainIndex]
// that can take the events common to every set as a state, looked up by
// key only where it needs them, instead of as a list; *authchain.Index
// does. When [Input.AuthChains] implements it, the auth difference costs
// time in the conflicted events and what descends from the difference,
// not in the size of the unconflicted state.
type StateDifferenceIndex interface {
	// StateDifference is Difference with the common events given by
	// common, which returns the event the common state holds at (typ,
	// stateKey). The index must key events by type and state_key, as
	// authchain's AddEvent does, and hold every event of the state sets.
	StateDifference(common func(typ, stateKey string) (string, bool), sets [][]string) ([]string, error)
}

// SubgraphIndex is optionally implemented by an [AuthChainIndex] that can
// compute v2.1's conflicted state subgraph (SR21-DEF-1) itself;
// *authchain.Index does. When [Input.AuthChains] implements it, only the
// subgraph's events are fetched, and the cost grows with the subgraph,
// not with the auth history below the conflicted events.
type SubgraphIndex interface {
	// Subgraph returns the events that some of the given events reach
	// along auth edges and that reach some of them, the given ones
	// included (with v12's implied create event as an auth event, as
	// authchain's AddEvent indexes it). Order does not matter.
	Subgraph(conflicted []string) ([]string, error)
}

// Input is everything [Resolve] needs. Only Version, StateSets and Fetch are
// required. Its zero options are the safe, exact ones: the result never
// depends on depth, map iteration order, the order of the state sets, the
// order events are fetched in, or on how often it is called.
type Input struct {
	// Version is the room version; its StateRes field selects algorithm v1,
	// v2 or v2.1.
	Version roomversion.Version
	// StateSets are the states to merge, for example the states after each
	// of an event's prev_events (SR-DEF-2). They are only read.
	StateSets []StateSet
	// Fetch returns the event with the given ID, or false when the caller
	// does not have it. Missing events are treated as absent, as Synapse
	// does: they never join the conflicted set, and auth-chain walks stop
	// at them; [ResolveReport] names them. An event whose ID() differs from
	// the ID asked for counts as missing.
	Fetch func(id string) (*event.Event, bool)
	// IsRejected reports whether the event was rejected when it was
	// received. Nil means no event is rejected. Rejected events never win a
	// conflicted key and are never used to fill gaps (D8, D9), but an
	// unconflicted entry is kept as it is.
	IsRejected func(id string) bool
	// AuthChains, when non-nil, answers the auth difference of state
	// resolution v2 and v2.1 (SR2-DEF-4) from an index, so that no
	// unconflicted event is fetched to find it and the cost grows with the
	// difference rather than with the room's history; the optional
	// [StateDifferenceIndex], [MainlineIndex] and [SubgraphIndex] go
	// further. Every event of the sets and of their auth chains must be
	// indexed, keyed by type and state_key as authchain's AddEvent does,
	// and every entry of the sets must be an event of that type and
	// state_key (as a room state always is). When the index reports an
	// event it does not hold, or a set entry at another key, resolution
	// falls back to a slower exact path (Difference, then the closure
	// walk), so the answer is the same; an unconflicted event missing
	// from the index is detected only when a query needs it. Not used by
	// algorithm v1.
	AuthChains AuthChainIndex
	// AuthDifference, when non-nil, replaces the library's computation of
	// the auth difference of state resolution v2 and v2.1 (SR2-DEF-4),
	// for embedders with an index of their own; it takes precedence over
	// AuthChains. It must return the IDs of the events that lie in some
	// but not all of the sets' auth chains, where the chain of a set
	// includes the set's own events (D13); order and duplicates do not
	// matter. Not used by algorithm v1.
	AuthDifference func(sets []StateSet) ([]string, error)
	// RoomID, when set, is the room every event must belong to. When empty,
	// the room of the create event the sets name is used. A conflicted
	// state event of another room makes Resolve fail with a
	// *[RoomMismatchError]; an auth event of another room, reached while
	// walking auth chains, is treated as missing.
	RoomID string
	// MaxEvents bounds the number of distinct event IDs looked up in one
	// call (default [DefaultMaxEvents]); beyond it Resolve fails with
	// [ErrTooManyEvents].
	MaxEvents int
	// MaxBytes bounds the memory one call holds for the events it looks up
	// (default [DefaultMaxBytes]): each costs the length of its JSON plus
	// [HeldEventOverhead]. Beyond it Resolve fails with [ErrTooManyBytes].
	// With MaxEvents it keeps a hostile or endless event source from
	// making resolution run forever or exhaust memory.
	MaxBytes int64
	// Explain, when true, makes [ResolveReport] say how each conflicted
	// key was decided ([Result.Explanations]): which event won, at which
	// step of the algorithm, and what became of the other candidates.
	// Without it nothing is recorded and resolution costs what it did.
	Explain bool
}

// Result is the outcome of [ResolveReport].
type Result struct {
	// State is the resolved state, a new map.
	State StateSet
	// Missing lists, sorted, the IDs resolution needed but Fetch did not
	// supply (or supplied for another room). The state was resolved
	// without them, as Synapse does; a server can fetch them and resolve
	// again.
	Missing []string
	// Explanations, with [Input.Explain], has one entry per conflicted
	// key, and one per other key where events of the full conflicted set
	// were checked (v2, v2.1), sorted by type then state_key. Nil when
	// the sets have no conflict or Explain is false.
	Explanations []KeyExplanation
}

// Error is the type of the package's sentinel errors. They are constants,
// so no caller can replace them; compare with errors.Is.
type Error string

// Error implements error.
func (e Error) Error() string { return string(e) }

const (
	// ErrNoFetch is returned when [Input.Fetch] is nil.
	ErrNoFetch Error = "stateres: Input.Fetch is nil"
	// ErrTooManyEvents is returned when resolution would look up more
	// events than [Input.MaxEvents] allows.
	ErrTooManyEvents Error = "stateres: too many events looked up"
	// ErrTooManyBytes is returned when the events looked up would hold
	// more memory than [Input.MaxBytes] allows.
	ErrTooManyBytes Error = "stateres: events looked up exceed the memory budget"
)

// RoomMismatchError reports an event that belongs to another room than the
// one being resolved. Synapse aborts resolution in this case too.
type RoomMismatchError struct {
	// EventID is the offending event.
	EventID string
	// RoomID is the room it names.
	RoomID string
	// Want is the room being resolved.
	Want string
}

// Error implements error.
func (e *RoomMismatchError) Error() string {
	return fmt.Sprintf("stateres: event %s belongs to room %s, not %s", e.EventID, e.RoomID, e.Want)
}

// Resolve merges the input's state sets with the state-resolution algorithm
// of its room version and returns the resolved state as a new map. Zero
// sets give an empty state; one set is returned as a copy (SR1-1, SR2-1).
// Resolve is safe for concurrent use as long as Fetch and IsRejected are.
// [ResolveReport] also names the events Fetch could not supply.
func Resolve(in Input) (StateSet, error) {
	res, err := resolveWith(&in, authRules{})
	return res.State, err
}

// ResolveReport is [Resolve], also reporting the events that resolution
// needed and Fetch did not supply.
func ResolveReport(in Input) (Result, error) {
	return resolveWith(&in, authRules{})
}

// resolveWith is Resolve with the authorization rules made replaceable, so
// that tests can exercise orderings in isolation.
func resolveWith(in *Input, rl rules) (Result, error) {
	if err := in.Version.Valid(); err != nil {
		return Result{}, fmt.Errorf("stateres: %w", err)
	}
	if in.Fetch == nil {
		return Result{}, ErrNoFetch
	}
	switch len(in.StateSets) {
	case 0:
		return Result{State: StateSet{}}, nil
	case 1: // SR1-1, SR2-1
		return Result{State: copySet(in.StateSets[0])}, nil
	}
	r := newResolver(in, rl)
	if in.Explain {
		r.startExplaining()
	}
	var (
		st  StateSet
		err error
	)
	switch in.Version.StateRes {
	case roomversion.StateResV1:
		st, err = r.resolveV1()
	default:
		st, err = r.resolveV2()
	}
	if err != nil {
		return Result{}, err
	}
	res := Result{State: st, Missing: r.missingIDs()}
	if ex := r.explaining(); ex != nil {
		res.Explanations = ex.out
	}
	return res, nil
}

// roomOfSets names the room being resolved when the caller did not: the
// room of the create event the sets name (the smallest ID, should they
// name several), else of the event at the smallest key. Deciding it up
// front, and from the sets as a whole, keeps the answer independent of
// the order of the sets and of the order walks fetch events in.
func roomOfSets(in *Input) string {
	fetch := func(id string) *event.Event {
		if ev, ok := in.Fetch(id); ok && ev != nil && ev.ID() == id {
			return ev
		}
		return nil
	}
	create := auth.StateKey{Type: event.TypeCreate}
	var room, bestID string
	for _, s := range in.StateSets {
		if id, ok := s[create]; ok && (bestID == "" || id < bestID) {
			if ev := fetch(id); ev != nil {
				room, bestID = ev.RoomID(), id
			}
		}
	}
	if bestID != "" {
		return room
	}
	var best auth.StateKey
	for _, s := range in.StateSets {
		for k, id := range s {
			less := bestID == "" || k.Type < best.Type ||
				(k.Type == best.Type && (k.StateKey < best.StateKey || (k.StateKey == best.StateKey && id < bestID)))
			if less {
				if ev := fetch(id); ev != nil {
					room, best, bestID = ev.RoomID(), k, id
				}
			}
		}
	}
	return room
}

func copySet(s StateSet) StateSet {
	out := make(StateSet, len(s))
	for k, v := range s {
		out[k] = v
	}
	return out
}
