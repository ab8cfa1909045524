package stateres

import (
	"slices"
	"strings"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// Step is the step of a state-resolution algorithm at which an event was
// checked or a key was decided, named by its rule ID (DIGEST §5).
type Step string

// The steps [KeyExplanation] and [EventOutcome] name.
const (
	// StepV2Power is SR2-4: the power events, sorted by reverse
	// topological power ordering (SR2-DEF-6) and authorised from the
	// unconflicted map.
	StepV2Power Step = "SR2-4"
	// StepV2Mainline is SR2-6: the other events of the full conflicted
	// set, sorted by mainline ordering (SR2-5) and authorised.
	StepV2Mainline Step = "SR2-6"
	// StepV2Unconflicted is SR2-7: the unconflicted entry is laid over
	// whatever the checks put at the key.
	StepV2Unconflicted Step = "SR2-7"
	// StepV21Power is SR21-4: as StepV2Power, from an empty map.
	StepV21Power Step = "SR21-4"
	// StepV21Mainline is SR21-6, as StepV2Mainline.
	StepV21Mainline Step = "SR21-6"
	// StepV21Unconflicted is SR21-7, as StepV2Unconflicted.
	StepV21Unconflicted Step = "SR21-7"
	// StepV1PowerLevels is SR1-5 part 1: the auth-type phase (SR1-4) of
	// the power levels.
	StepV1PowerLevels Step = "SR1-5.1"
	// StepV1JoinRules is SR1-5 part 2: the auth-type phase of the join
	// rules.
	StepV1JoinRules Step = "SR1-5.2"
	// StepV1Members is SR1-5 part 3: the auth-type phase of the members.
	StepV1Members Step = "SR1-5.3"
	// StepV1Other is SR1-6: the first candidate, by depth descending, that
	// passes against the state resolved so far.
	StepV1Other Step = "SR1-6"
	// StepV1NonePassed is EDGE-SR1-1: no candidate of SR1-6 passed, and
	// the last in its order wins.
	StepV1NonePassed Step = "EDGE-SR1-1"
	// StepV1Single is SR1-8: at most one candidate could be used (the
	// others are rejected or missing); it is taken without a check.
	StepV1Single Step = "SR1-8"
)

// Describe says in words what the step does.
func (s Step) Describe() string {
	switch s {
	case StepV2Power, StepV21Power:
		return "power events sorted by power and authorised"
	case StepV2Mainline, StepV21Mainline:
		return "other events in mainline order, authorised"
	case StepV2Unconflicted, StepV21Unconflicted:
		return "the unconflicted entry laid over the result"
	case StepV1PowerLevels:
		return "auth-type phase of the power levels"
	case StepV1JoinRules:
		return "auth-type phase of the join rules"
	case StepV1Members:
		return "auth-type phase of the members"
	case StepV1Other:
		return "first candidate by depth that passes auth"
	case StepV1NonePassed:
		return "no candidate passed: the last in order wins"
	case StepV1Single:
		return "the only usable candidate, taken unchecked"
	}
	return string(s)
}

// Outcome is what became of one event at a key.
type Outcome string

// The outcomes of [EventOutcome].
const (
	// OutcomeWon: the event is the resolved state's entry at the key.
	OutcomeWon Outcome = "won"
	// OutcomeSuperseded: the event passed (or, in v1's auth-type phase,
	// was taken first unchecked) and a later one replaced it.
	OutcomeSuperseded Outcome = "superseded"
	// OutcomeFailedAuth: the state-dependent rules rejected it at Step
	// (EventOutcome.Err says why).
	OutcomeFailedAuth Outcome = "failed auth"
	// OutcomeRejected: the caller rejected it on receipt; resolution
	// never admits it (D8, D9).
	OutcomeRejected Outcome = "rejected on receipt"
	// OutcomeMissing: Fetch did not supply it.
	OutcomeMissing Outcome = "missing"
	// OutcomeCycle: it is on an auth cycle among the power events and is
	// never applied (D12).
	OutcomeCycle Outcome = "on an auth cycle"
	// OutcomeNotTried: the algorithm stopped before it (v1: the
	// auth-type chain ended at an earlier failure, or an earlier
	// candidate of SR1-6 passed).
	OutcomeNotTried Outcome = "not tried"
)

// KeyExplanation says how one key of the resolved state was decided. See
// [Input.Explain].
type KeyExplanation struct {
	// Key is the (type, state_key).
	Key auth.StateKey
	// Conflicted is true for a conflicted key; false for a key the state
	// sets agree on (or do not hold) where events of the full conflicted
	// set were also checked.
	Conflicted bool
	// Winner is the resolved state's event at Key, "" when it has none.
	Winner string
	// Step is the step that put Winner there, or for no winner the last
	// step that considered the key.
	Step Step
	// Events are the key's candidates and every other event checked at
	// the key: first those checked, in the order the algorithm checked
	// them, then the rest by ID.
	Events []EventOutcome
}

// EventOutcome is one event's fate at a key.
type EventOutcome struct {
	// EventID is the event.
	EventID string
	// Candidate is true when a state set holds the event at the key;
	// false for an event of the auth difference.
	Candidate bool
	// Outcome is what became of it.
	Outcome Outcome
	// Step is where it was checked (or taken unchecked); empty when it
	// never was.
	Step Step
	// Err is the rules' rejection (an *auth.Rejection) when it failed
	// auth, also for the winner of [StepV1NonePassed].
	Err error
}

// explainer records the checks of one resolution asked to explain.
type explainer struct {
	checks map[*event.Event]checkRecord
	seq    int
	out    []KeyExplanation // the explanations, once resolution ends
}

type checkRecord struct {
	seq int
	err error
}

// recordingRules is the rules of the resolution, recording each check.
// It is installed only when Input.Explain is set, so a resolution that
// does not explain runs exactly as before.
type recordingRules struct {
	rules
	ex *explainer
}

func (rr recordingRules) check(ev *event.Event, st auth.State) error {
	err := rr.rules.check(ev, st)
	rr.ex.seq++
	rr.ex.checks[ev] = checkRecord{seq: rr.ex.seq, err: err}
	return err
}

// startExplaining makes r record its checks. The recorder lives in
// r.rules, so a resolver that does not explain is exactly as before.
func (r *resolver) startExplaining() {
	r.rules = recordingRules{rules: r.rules, ex: &explainer{checks: map[*event.Event]checkRecord{}}}
}

// explaining returns the recorder when r explains, else nil.
func (r *resolver) explaining() *explainer {
	if rr, ok := r.rules.(recordingRules); ok {
		return rr.ex
	}
	return nil
}

// keyExplainer builds one KeyExplanation.
type keyExplainer struct {
	out KeyExplanation
	seq []int // seq of each event of out.Events, 0 when never checked
}

func newKey(k auth.StateKey, conflicted bool, winner string) *keyExplainer {
	return &keyExplainer{out: KeyExplanation{Key: k, Conflicted: conflicted, Winner: winner}}
}

// add adds an event with its outcome, unless it is there already.
func (ke *keyExplainer) add(id string, candidate bool, o Outcome, step Step, err error, seq int) {
	for i := range ke.out.Events {
		if ke.out.Events[i].EventID == id {
			ke.out.Events[i].Candidate = ke.out.Events[i].Candidate || candidate
			return
		}
	}
	ke.out.Events = append(ke.out.Events, EventOutcome{EventID: id, Candidate: candidate, Outcome: o, Step: step, Err: err})
	ke.seq = append(ke.seq, seq)
}

// remove removes an event.
func (ke *keyExplainer) remove(id string) {
	for i := range ke.out.Events {
		if ke.out.Events[i].EventID == id {
			ke.out.Events = slices.Delete(ke.out.Events, i, i+1)
			ke.seq = slices.Delete(ke.seq, i, i+1)
			return
		}
	}
}

// done sorts the events (checked first, in check order, then by ID).
func (ke *keyExplainer) done() KeyExplanation {
	idx := make([]int, len(ke.out.Events))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		sa, sb := ke.seq[a], ke.seq[b]
		switch {
		case sa != 0 && sb != 0:
			return sa - sb
		case sa != 0:
			return -1
		case sb != 0:
			return 1
		}
		return strings.Compare(ke.out.Events[a].EventID, ke.out.Events[b].EventID)
	})
	evs := make([]EventOutcome, len(idx))
	for i, j := range idx {
		evs[i] = ke.out.Events[j]
	}
	ke.out.Events = evs
	return ke.out
}

// sortExplanations orders explanations by key.
func sortExplanations(out []KeyExplanation) {
	slices.SortFunc(out, func(a, b KeyExplanation) int {
		if c := strings.Compare(a.Key.Type, b.Key.Type); c != 0 {
			return c
		}
		return strings.Compare(a.Key.StateKey, b.Key.StateKey)
	})
}

// explainV2 explains the keys of a finished v2 or v2.1 resolution: every
// conflicted key, and every other key where an event of the full
// conflicted set was checked. final is the resolved state; in v2 it is
// the unconflicted map itself, updated in place, and orig holds what the
// checks replaced in it (iterate).
func (r *resolver) explainV2(conf conflicts, unconf, final StateSet, orig map[auth.StateKey]origEntry, v21 bool) {
	ex := r.explaining()
	unconflicted := func(k auth.StateKey) (string, bool) {
		if !v21 {
			if o, ok := orig[k]; ok {
				return o.id, o.had
			}
		}
		id, ok := unconf[k]
		return id, ok
	}
	power, mainline, over := StepV2Power, StepV2Mainline, StepV2Unconflicted
	if v21 {
		power, mainline, over = StepV21Power, StepV21Mainline, StepV21Unconflicted
	}
	keys := map[auth.StateKey]*keyExplainer{}
	get := func(k auth.StateKey) *keyExplainer {
		ke := keys[k]
		if ke == nil {
			_, c := conf[k]
			ke = newKey(k, c, final[k])
			keys[k] = ke
		}
		return ke
	}
	outcome := func(ke *keyExplainer, id string, candidate bool) {
		n := r.nodes[id]
		switch {
		case n == nil:
			ke.add(id, candidate, OutcomeMissing, "", nil, 0)
			return
		case r.rejected(n):
			ke.add(id, candidate, OutcomeRejected, "", nil, 0)
			return
		case n.cycle:
			ke.add(id, candidate, OutcomeCycle, "", nil, 0)
			return
		}
		rec, ok := ex.checks[n.ev]
		if !ok {
			ke.add(id, candidate, OutcomeNotTried, "", nil, 0)
			return
		}
		step := mainline
		if n.xIdx >= 0 {
			step = power
		}
		o := OutcomeSuperseded
		switch {
		case rec.err != nil:
			o = OutcomeFailedAuth
		case id == ke.out.Winner:
			o = OutcomeWon
			ke.out.Step = step
		}
		ke.add(id, candidate, o, step, rec.err, rec.seq)
	}
	for k, ids := range conf {
		ke := get(k)
		for _, id := range ids {
			outcome(ke, id, true)
		}
	}
	for _, n := range r.nodes {
		if n == nil {
			continue
		}
		if _, ok := ex.checks[n.ev]; !ok {
			continue
		}
		k, _ := keyOf(n.ev)
		outcome(get(k), n.id, false)
	}
	out := make([]KeyExplanation, 0, len(keys))
	for k, ke := range keys {
		if id, ok := unconflicted(k); ok && !ke.out.Conflicted {
			// SR2-7, SR21-7: the unconflicted entry is laid over.
			ke.out.Step = over
			ke.remove(id) // it may have been checked too, as an event of the subgraph
			ke.add(id, true, OutcomeWon, over, nil, 1<<62)
			for i := range ke.out.Events {
				if e := &ke.out.Events[i]; e.EventID != id && e.Outcome == OutcomeWon {
					e.Outcome = OutcomeSuperseded
				}
			}
		}
		if ke.out.Step == "" {
			ke.out.Step = lastStep(ke.out.Events)
		}
		out = append(out, ke.done())
	}
	sortExplanations(out)
	ex.out = out
}

// lastStep is the step of the last event checked, for a key nobody won.
func lastStep(evs []EventOutcome) Step {
	var s Step
	for _, e := range evs {
		if e.Step != "" {
			s = e.Step
		}
	}
	return s
}

// explainV1 explains every conflicted key of a finished v1 resolution
// from the recorded checks; final is the resolved state. The candidates'
// order is recomputed with sortV1, as the phases used it.
func (r *resolver) explainV1(conf conflicts, final StateSet) error {
	ex := r.explaining()
	out := make([]KeyExplanation, 0, len(conf))
	for k, ids := range conf {
		ke := newKey(k, true, final[k])
		var cands []*node
		for _, id := range ids {
			n, err := r.usable(id)
			if err != nil {
				return err
			}
			switch {
			case n != nil:
				cands = append(cands, n)
			case r.nodes[id] == nil:
				ke.add(id, true, OutcomeMissing, "", nil, 0)
			default:
				ke.add(id, true, OutcomeRejected, "", nil, 0)
			}
		}
		r.sortV1(cands)
		step := StepV1Other
		auth := true
		switch {
		case len(cands) <= 1:
			step = StepV1Single
		case k.Type == event.TypePowerLevels && k.StateKey == "":
			step = StepV1PowerLevels
		case k.Type == event.TypeJoinRules:
			step = StepV1JoinRules
		case k.Type == event.TypeMember:
			step = StepV1Members
		default:
			auth = false
		}
		if auth {
			slices.Reverse(cands) // SR1-4 walks depth ascending
		}
		ke.out.Step = step
		for i, n := range cands {
			seq := i + 1
			rec, checked := ex.checks[n.ev]
			var o Outcome
			switch {
			case n.id == ke.out.Winner:
				o = OutcomeWon
			case checked && rec.err != nil:
				o = OutcomeFailedAuth
			case checked || (auth && i == 0):
				o = OutcomeSuperseded
			default:
				o = OutcomeNotTried
			}
			s := step
			if o == OutcomeNotTried {
				s = ""
			}
			if !auth && o == OutcomeWon && checked && rec.err != nil {
				ke.out.Step, s = StepV1NonePassed, StepV1NonePassed
			}
			var err error
			if checked {
				err = rec.err
			}
			ke.add(n.id, true, o, s, err, seq)
		}
		out = append(out, ke.done())
	}
	sortExplanations(out)
	ex.out = out
	return nil
}
