package stateres

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
)

// resolveV1 is state resolution v1 (SR1-1..8) as Synapse implements it
// (D9), for two or more sets.
func (r *resolver) resolveV1() (StateSet, error) {
	unconf, conf := splitV1(r.in.StateSets) // SR1-2

	// SR1-8: rejected and missing candidates are invisible. A key left with
	// one candidate takes it without a check; with none it disappears.
	type conflict struct {
		key   auth.StateKey
		cands []*node
	}
	var (
		plPhase, jrPhase, memberPhase, otherPhase []conflict
		single                                    = map[auth.StateKey]string{}
	)
	if err := r.checkMembers(conf); err != nil {
		return nil, err
	}
	for k, ids := range conf {
		var cands []*node
		for _, id := range ids {
			n, err := r.usable(id)
			if err != nil {
				return nil, err
			}
			if n != nil {
				cands = append(cands, n)
			}
		}
		switch {
		case len(cands) == 0:
		case len(cands) == 1:
			single[k] = cands[0].id
		case k.Type == event.TypePowerLevels && k.StateKey == "":
			plPhase = append(plPhase, conflict{k, cands})
		case k.Type == event.TypeJoinRules:
			jrPhase = append(jrPhase, conflict{k, cands})
		case k.Type == event.TypeMember:
			memberPhase = append(memberPhase, conflict{k, cands})
		default:
			otherPhase = append(otherPhase, conflict{k, cands})
		}
	}

	// R: the unconflicted entries the caller has and did not reject, plus
	// the winners of each finished phase (SR1-5).
	rv := &rState{r: r, base: unconf, winners: map[auth.StateKey]*node{}}
	phase := func(cs []conflict) error {
		won := make([]*node, len(cs))
		for i, c := range cs {
			w, err := r.authPhase(c.cands, rv)
			if err != nil {
				return err
			}
			won[i] = w
		}
		for i, c := range cs { // R changes only after the phase (EDGE-SR1-2)
			rv.winners[c.key] = won[i]
		}
		return nil
	}
	for _, p := range [][]conflict{plPhase, jrPhase, memberPhase} {
		if err := phase(p); err != nil {
			return nil, err
		}
	}
	won := make([]*node, len(otherPhase))
	for i, c := range otherPhase { // SR1-6 against the final R
		w, err := r.otherPhase(c.cands, rv)
		if err != nil {
			return nil, err
		}
		won[i] = w
	}
	for i, c := range otherPhase {
		rv.winners[c.key] = won[i]
	}

	// SR1-7.
	out := unconf
	for k, id := range single {
		out[k] = id
	}
	for k, n := range rv.winners {
		out[k] = n.id
	}
	if r.explaining() != nil {
		if err := r.explainV1(conf, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// authPhase is SR1-4: candidates by depth ascending, then sha1 descending;
// the first is taken unchecked, each next one must pass against R with the
// previously accepted one in place, and the first failure ends the chain
// (EDGE-SR1-3). If all pass, the last wins.
func (r *resolver) authPhase(cands []*node, rv *rState) (*node, error) {
	r.sortV1(cands)
	prev := cands[len(cands)-1]
	for i := len(cands) - 2; i >= 0; i-- {
		ev := cands[i]
		k, _ := keyOf(prev.ev)
		ok, err := r.checkV1(ev, rv, k, prev)
		if err != nil {
			return nil, err
		}
		if !ok {
			return prev, nil
		}
		prev = ev
	}
	return prev, nil
}

// otherPhase is SR1-6: candidates by depth descending, then sha1
// ascending; the first that passes against R wins, and if none does, the
// last in that order (EDGE-SR1-1).
func (r *resolver) otherPhase(cands []*node, rv *rState) (*node, error) {
	r.sortV1(cands)
	for _, c := range cands {
		ok, err := r.checkV1(c, rv, auth.StateKey{}, nil)
		if err != nil {
			return nil, err
		}
		if ok {
			return c, nil
		}
	}
	return cands[len(cands)-1], nil
}

// sortV1 orders candidates by depth descending, then by the hex SHA-1 of
// the event ID ascending (SR1-3, EDGE-SR1-5).
func (r *resolver) sortV1(cands []*node) {
	for _, c := range cands {
		if c.sha1 == "" {
			sum := sha1.Sum([]byte(c.id))
			c.sha1 = hex.EncodeToString(sum[:])
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if da, db := a.ev.Depth(), b.ev.Depth(); da != db {
			return da > db
		}
		return a.sha1 < b.sha1
	})
}

// checkV1 runs the state-dependent rules for ev against R restricted to
// ev's selection keys (SR1-8), with over (when not nil) in place at key.
// Since the rules read only the selection keys, this equals Synapse's map
// restricted to the candidates' selection keys.
func (r *resolver) checkV1(ev *node, rv *rState, key auth.StateKey, over *node) (bool, error) {
	st := &r.small
	st.reset()
	r.keys = r.rules.selectKeys(ev.ev, r.keys[:0])
	for _, k := range r.keys {
		if over != nil && k == key {
			st.set(k, over.ev)
			continue
		}
		n, err := rv.get(k)
		if err != nil {
			return false, err
		}
		if n != nil {
			st.set(k, n.ev)
		}
	}
	return r.rules.check(ev.ev, st) == nil, nil
}

// rState is R of SR1-4..6: phase winners over the unconflicted entries,
// with rejected and missing events left out (D9).
type rState struct {
	r       *resolver
	base    StateSet
	winners map[auth.StateKey]*node
}

func (s *rState) get(k auth.StateKey) (*node, error) {
	if n, ok := s.winners[k]; ok {
		return n, nil
	}
	id, ok := s.base[k]
	if !ok {
		return nil, nil
	}
	return s.r.usable(id)
}
