package stateres

import (
	"math"
	"sort"

	"github.com/mxauth/mxauth/event"
)

// plAuthEvent returns the first (m.room.power_levels, "") event among n's
// auth events that the caller has, or nil (SR2-DEF-7, SR2-DEF-8).
func (r *resolver) plAuthEvent(n *node) (*node, error) {
	auths, err := r.authOf(n)
	if err != nil {
		return nil, err
	}
	for _, a := range auths {
		if a.ev.Type() == event.TypePowerLevels && a.ev.StateKeyEquals("") {
			return a, nil
		}
	}
	return nil, nil
}

// mainline is the chain P0, P1, … of SR2-DEF-7: P0 is the resolved
// power-levels event and each next one is the first power-levels event
// among the previous one's auth events. It is discovered one step at a
// time, only as far as the events being sorted need it (see mainlineKey);
// positions are counted from P0 and do not depend on when an event is
// found, so the result is the same as building the whole chain first, as
// Synapse does. No depth is read.
type mainline struct {
	last  *node // the last event found (nil when empty)
	n     int32 // events found so far; P_i has mlPos = i + 1
	ended bool  // the chain has been followed to its end
}

// step finds the next mainline event and returns it, or nil when the chain
// ends: no power-levels auth event, or one already on the chain (an auth
// cycle, D12).
func (r *resolver) step(m *mainline) (*node, error) {
	if m.ended {
		return nil, nil
	}
	next, err := r.plAuthEvent(m.last)
	if err != nil {
		return nil, err
	}
	if next == nil || next.mlPos != 0 {
		m.ended = true
		return nil, nil
	}
	m.n++
	next.mlPos = m.n
	m.last = next
	return next, nil
}

// mainlineSort is SR2-5: it orders events by mainline ordering based on
// the power-levels event pl (SR2-DEF-9), as Synapse does: ascending on
// (mainline depth, origin_server_ts, event ID), where an event whose chain
// of power-levels auth events reaches the mainline at P_i has depth n+1−i
// (the oldest mainline event has 1) and any other has 0. Since n+1−i only
// matters through its order, the key used is 2^30−i (0 when the mainline
// is not reached), which sorts the same without knowing n. An empty pl
// gives an empty mainline, so the order is by (ts, ID) alone (EDGE-SR2-10).
func (r *resolver) mainlineSort(events []*node, pl string) error {
	if len(events) == 0 {
		return nil
	}
	m := &mainline{ended: true}
	var p0 *node
	if pl != "" {
		p, err := r.get(pl)
		if err != nil {
			return err
		}
		if p != nil {
			p.mlPos, m.n, m.last, m.ended = 1, 1, p, false
			p0 = p
		}
	}
	mi, _ := r.in.AuthChains.(MainlineIndex)
	for _, e := range events {
		if p0 == nil {
			// An empty mainline: every key is 0 without walking e's
			// power-levels chain (in v2.1 the usual case when the power
			// levels are not conflicted, SR21-5).
			e.mlMemo = 1
			continue
		}
		if mi != nil && p0 != nil {
			done, err := r.mainlineKeyIndexed(mi, p0, e)
			if err != nil {
				return err
			}
			if done {
				continue
			}
		}
		if err := r.mainlineKey(m, e); err != nil {
			return err
		}
	}
	sort.Slice(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if a.mlMemo != b.mlMemo {
			return a.mlMemo < b.mlMemo
		}
		if ta, tb := a.ev.OriginServerTS(), b.ev.OriginServerTS(); ta != tb {
			return ta < tb
		}
		return a.id < b.id
	})
	return nil
}

// mainlineKey is SR2-DEF-8 as Synapse computes it: starting from e itself,
// the first event on the mainline along the chain of first power-levels
// auth events decides. Both that chain and the mainline follow the same
// "first power-levels auth event" step, so once they share an event they
// share everything after it: the first event of e's chain on the mainline
// is the first one the two walks have in common. The walks advance in
// lockstep, one step of each, and stop at the first event seen by both, so
// the cost is the distance to where they meet rather than the length of
// the room's power-levels history; when e's chain ends or loops first,
// the mainline is followed to its end before deciding. The key + 1 is
// memoised in mlMemo for every event of e's walk; keys are properties of
// the graph, so the memo never depends on the order events are sorted in.
func (r *resolver) mainlineKey(m *mainline, e *node) error {
	const inProgress = -1
	walk := r.walk[:0]
	key := int32(0)
	meet := -1 // index in walk of the event where the walks met
	found := false
	n := e
	for {
		if n.mlPos != 0 {
			key, found = math.MaxInt32/2-n.mlPos, true
			break
		}
		if n.mlMemo > 0 {
			key, found = n.mlMemo-1, true
			break
		}
		walk = append(walk, n)
		n.mlMemo = inProgress
		p, err := r.step(m)
		if err != nil {
			return err
		}
		if p != nil && p.mlMemo == inProgress {
			key, found = math.MaxInt32/2-p.mlPos, true
			for i, w := range walk {
				if w == p {
					meet = i
				}
			}
			break
		}
		next, err := r.plAuthEvent(n)
		if err != nil {
			return err
		}
		if next == nil || next.mlMemo == inProgress {
			break // e's chain ended or loops (D12): finish the mainline
		}
		n = next
	}
	if !found {
		for !m.ended {
			if _, err := r.step(m); err != nil {
				return err
			}
		}
		for i, w := range walk {
			if w.mlPos != 0 {
				key, meet = math.MaxInt32/2-w.mlPos, i
				break
			}
		}
	}
	// Events of the walk up to the meeting point take its key; events
	// after it are on the mainline themselves, and their keys come from
	// their own positions once the mainline reaches them.
	for i, w := range walk {
		if meet < 0 || i <= meet {
			w.mlMemo = key + 1
		} else {
			w.mlMemo = 0
		}
	}
	if e.mlMemo <= 0 {
		e.mlMemo = key + 1
	}
	r.walk = walk
	return nil
}

// mainlineKeyIndexed is mainlineKey with the mainline read off an index:
// it walks e's own chain of first power-levels auth events and asks the
// index, for each event, its distance from P0 along the mainline; the
// first one on it decides. Keys equal mainlineKey's, so memos from either
// agree. It returns false, leaving e to mainlineKey, when the index does
// not know an event.
func (r *resolver) mainlineKeyIndexed(mi MainlineIndex, p0, e *node) (bool, error) {
	const inProgress = -1
	walk := r.walk[:0]
	key := int32(0)
	for n := e; n != nil; {
		if n.mlMemo > 0 {
			key = n.mlMemo - 1
			break
		}
		d, ok, err := mi.KeyChainDistance(p0.id, n.id)
		if err != nil {
			for _, w := range walk {
				w.mlMemo = 0
			}
			r.walk = walk
			return false, nil
		}
		if ok {
			if d >= math.MaxInt32/4 {
				d = math.MaxInt32/4 - 1
			}
			key = math.MaxInt32/2 - int32(d+1)
			if n == e {
				break
			}
			break
		}
		walk = append(walk, n)
		n.mlMemo = inProgress
		next, err := r.plAuthEvent(n)
		if err != nil {
			return false, err
		}
		if next != nil && next.mlMemo == inProgress {
			break // a loop (D12): not on the mainline
		}
		n = next
	}
	for _, w := range walk {
		w.mlMemo = key + 1
	}
	if e.mlMemo <= 0 {
		e.mlMemo = key + 1
	}
	r.walk = walk
	return true, nil
}
