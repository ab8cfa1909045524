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

// mainline is the chain P0, P1, … of SR2-DEF-7, discovered lazily: only as
// far down as the events being sorted need it, so its cost does not grow
// with the number of power-levels changes in the room's history.
type mainline struct {
	last  *node // deepest event found so far (nil when empty)
	n     int32 // events found so far; P_i has mlPos = i + 1
	ended bool  // the chain has been followed to its end
	full  bool  // depths broke order: follow the chain to its end
}

// extend finds mainline events until every one with depth >= d is known.
// Along a power-levels chain depths strictly decrease in an honest graph;
// once an edge breaks that, the rest of the chain is followed in full.
func (r *resolver) extend(m *mainline, d int64) error {
	for !m.ended && (m.full || m.last.ev.Depth() >= d) {
		next, err := r.plAuthEvent(m.last)
		if err != nil {
			return err
		}
		if next == nil || next.mlPos != 0 { // end, or a cycle (D12)
			m.ended = true
			return nil
		}
		if next.ev.Depth() >= m.last.ev.Depth() {
			m.full = true
		}
		m.n++
		next.mlPos = m.n
		m.last = next
	}
	return nil
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
	// With exact walks requested the whole mainline is found up front, as
	// Synapse does, so no depth is trusted (SR2-DEF-7).
	m := &mainline{ended: true, full: r.in.ExactAuthDifference}
	if pl != "" {
		p, err := r.get(pl)
		if err != nil {
			return err
		}
		if p != nil {
			p.mlPos, m.n, m.last, m.ended = 1, 1, p, false
		}
	}
	for _, e := range events {
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
// auth events decides. The key + 1 is memoised in mlMemo for every event on
// the walk, so shared chains are walked once; a cycle ends the walk.
func (r *resolver) mainlineKey(m *mainline, e *node) error {
	const inProgress = -1
	walk := r.walk[:0]
	key := int32(0)
	for n := e; n != nil; {
		if n.mlMemo > 0 {
			key = n.mlMemo - 1
			break
		}
		if err := r.extend(m, n.ev.Depth()); err != nil {
			return err
		}
		if n.mlPos != 0 {
			key = math.MaxInt32/2 - n.mlPos
			break
		}
		walk = append(walk, n)
		n.mlMemo = inProgress
		next, err := r.plAuthEvent(n)
		if err != nil {
			return err
		}
		if next != nil && next.mlMemo == inProgress {
			break
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
	return nil
}
