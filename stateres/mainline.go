package stateres

import (
	"sort"

	"github.com/mxauth/mxauth/event"
)

// plAuthEvent returns the first (m.room.power_levels, "") event among n's
// auth events that the caller has, or nil (SR2-DEF-7, SR2-DEF-8).
func (r *resolver) plAuthEvent(n *node) (*node, error) {
	for _, aid := range n.ev.AuthEventIDs() {
		a, err := r.get(aid)
		if err != nil {
			return nil, err
		}
		if a != nil && a.ev.Type() == event.TypePowerLevels && a.ev.StateKeyEquals("") {
			return a, nil
		}
	}
	return nil, nil
}

// mainlineSort is SR2-5: it orders events by mainline ordering based on
// the power-levels event pl (SR2-DEF-9), as Synapse does: ascending on
// (mainline depth, origin_server_ts, event ID), where the mainline depth of
// P_i is n+1−i (the oldest PL event on the mainline has 1) and an event that
// reaches no mainline event has 0. An empty pl gives an empty mainline, so
// the order is by (ts, ID) alone (EDGE-SR2-10). Walks along power-levels
// chains are bounded, so a cycle among them ends the walk (D12).
func (r *resolver) mainlineSort(events []*node, pl string) error {
	if len(events) == 0 {
		return nil
	}
	// SR2-DEF-7: P0, P1 = P0's PL auth event, … (mlPos counts from P0 = 1
	// during the walk, and is rewritten to depths below).
	var mainline []*node
	var p *node
	if pl != "" {
		var err error
		if p, err = r.get(pl); err != nil {
			return err
		}
	}
	for p != nil && p.mlPos == 0 {
		mainline = append(mainline, p)
		p.mlPos = int32(len(mainline))
		var err error
		if p, err = r.plAuthEvent(p); err != nil {
			return err
		}
	}
	for i, m := range mainline {
		m.mlPos = int32(len(mainline) - i)
	}
	for _, e := range events {
		if _, err := r.mainlineDepth(e); err != nil {
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

// mainlineDepth is SR2-DEF-8 as Synapse computes it: starting from e, the
// first event on the mainline among e and its chain of power-levels auth
// events gives its depth; none gives 0. The result is memoised in mlMemo
// (depth + 1) for every event on the walk, so shared chains are walked once.
func (r *resolver) mainlineDepth(e *node) (int32, error) {
	var walk []*node
	depth := int32(0)
	for n := e; n != nil; {
		if n.mlMemo != 0 {
			depth = n.mlMemo - 1
			break
		}
		if n.mlPos != 0 {
			depth = n.mlPos
			break
		}
		walk = append(walk, n)
		n.mlMemo = -1 // in progress: a cycle back here ends the walk
		next, err := r.plAuthEvent(n)
		if err != nil {
			return 0, err
		}
		if next != nil && next.mlMemo == -1 {
			break
		}
		n = next
	}
	for _, w := range walk {
		w.mlMemo = depth + 1
	}
	if e.mlMemo == 0 { // e itself was on the mainline or memoised
		e.mlMemo = depth + 1
	}
	return depth, nil
}
