package authchain

import (
	"fmt"
	"sort"
)

// EventRow places one event in the index: its chain and sequence number,
// as Synapse's event_auth_chains table does.
type EventRow struct {
	ID    string
	Chain uint32
	Seq   uint32
}

// ChainRow names the key of one chain, so that events added after [Load]
// extend the same chains.
type ChainRow struct {
	Chain uint32
	Key   string
}

// LinkRow is one link between chains, as Synapse's event_auth_chain_links
// table stores it: the event at (OriginChain, OriginSeq) and all later
// events of its chain have the event at (TargetChain, TargetSeq) and all
// earlier events of that chain in their auth chains.
type LinkRow struct {
	OriginChain, OriginSeq uint32
	TargetChain, TargetSeq uint32
}

// JumpRow records that the first auth event with the chain's key of the
// event at (Chain, Seq) is the event at (NextChain, NextSeq), or that it
// has none (HasNext false), where that is not simply its predecessor in
// the chain. Every chain has one at Seq 1. [Index.KeyChainDistance] reads
// them. Without HasNext, [Load] ignores NextChain and NextSeq and
// [Index.Rows] exports them as 0.
type JumpRow struct {
	Chain, Seq         uint32
	NextChain, NextSeq uint32
	HasNext            bool
}

// Rows is the whole index as plain rows.
type Rows struct {
	Chains []ChainRow
	Events []EventRow
	Links  []LinkRow
	Jumps  []JumpRow
}

// Rows exports the index: chains in order, events by chain then sequence
// number, links by origin chain, origin seq and target chain. The result
// does not share memory with the index except for ID and key strings.
func (x *Index) Rows() Rows {
	var rows Rows
	if x == nil {
		return rows
	}
	rows.Chains = make([]ChainRow, 0, x.nchains())
	rows.Events = make([]EventRow, 0, x.count())
	for ci := range x.nchains() {
		c := uint32(ci)
		rows.Chains = append(rows.Chains, ChainRow{Chain: c, Key: x.key(c).String()})
		for seq := uint32(1); seq <= x.size(c); seq++ {
			rows.Events = append(rows.Events, EventRow{ID: x.idOf(x.eventAt(c, seq)), Chain: c, Seq: seq})
		}
		for _, j := range x.allJumps(c) {
			rows.Jumps = append(rows.Jumps, JumpRow{Chain: c, Seq: j.seq, NextChain: j.next.chain, NextSeq: j.next.seq, HasNext: j.has()})
		}
		ts := x.targetsOf(c)
		for k := range ts {
			for _, l := range x.all(&ts[k]) {
				rows.Links = append(rows.Links, LinkRow{OriginChain: c, OriginSeq: l.origin, TargetChain: ts[k].chain, TargetSeq: l.seq})
			}
		}
	}
	sortLinks(rows.Links)
	return rows
}

// Load builds an index from rows that [Index.Rows] exported (in any row
// order). It checks that the rows are consistent: chains numbered 0..n−1,
// each chain's sequence numbers 1..k without gaps, no event twice, links
// between existing positions and never within one chain. It cannot check
// that the rows describe the auth graph truthfully: rows come from the
// caller's own store.
func Load(rows Rows) (*Index, error) {
	n := len(rows.Chains)
	if n > maxChains || len(rows.Events) > maxEvents {
		return nil, errFull
	}
	x := &Index{evs: make([]evEntry, 0, len(rows.Events)), inHead: make([]uint32, 0, len(rows.Events))}
	x.reserve(len(rows.Events))
	keys := make([]string, n)
	seenChain := make([]bool, n)
	for _, c := range rows.Chains {
		if int64(c.Chain) >= int64(n) || seenChain[c.Chain] {
			return nil, fmt.Errorf("authchain: chain row %d out of range or repeated", c.Chain)
		}
		seenChain[c.Chain] = true
		keys[c.Chain] = c.Key
	}
	counts := make([]uint32, n)
	for _, e := range rows.Events {
		if int64(e.Chain) >= int64(n) {
			return nil, fmt.Errorf("authchain: event %s names chain %d of %d", e.ID, e.Chain, n)
		}
		if e.Seq == 0 {
			return nil, fmt.Errorf("authchain: event %s has sequence number 0", e.ID)
		}
		counts[e.Chain]++
	}
	const unset = ^uint32(0)
	x.gch = make([]gchain, 0, n)
	for i := range n {
		if counts[i] == 0 {
			return nil, fmt.Errorf("authchain: chain %d has no events", i)
		}
		x.newChain(keyOf{typ: keys[i]}, unset)
		if counts[i] > 1 {
			rest := make([]uint32, counts[i]-1)
			for j := range rest {
				rest[j] = unset
			}
			x.gch[i].rest = rest
		}
	}
	for _, e := range rows.Events {
		if e.Seq > x.size(e.Chain) || x.eventAt(e.Chain, e.Seq) != unset {
			return nil, fmt.Errorf("authchain: chain %d has a gap or a repeated sequence number at %s", e.Chain, e.ID)
		}
		num := uint32(len(x.evs))
		if e.ID == "" || !x.insert(e.ID, pos{e.Chain, e.Seq}) {
			return nil, fmt.Errorf("authchain: event ID %q empty or repeated", e.ID)
		}
		if e.Seq == 1 {
			x.gch[e.Chain].start = num
		} else {
			x.gch[e.Chain].rest[e.Seq-2] = num
		}
	}
	for _, l := range rows.Links {
		if int64(l.OriginChain) >= int64(n) || int64(l.TargetChain) >= int64(n) || l.OriginChain == l.TargetChain {
			return nil, fmt.Errorf("authchain: link %v between missing or equal chains", l)
		}
		if l.OriginSeq == 0 || l.OriginSeq > x.size(l.OriginChain) || l.TargetSeq == 0 || l.TargetSeq > x.size(l.TargetChain) {
			return nil, fmt.Errorf("authchain: link %v outside its chains", l)
		}
	}
	jumps := append([]JumpRow(nil), rows.Jumps...)
	sort.Slice(jumps, func(i, j int) bool {
		if jumps[i].Chain != jumps[j].Chain {
			return jumps[i].Chain < jumps[j].Chain
		}
		return jumps[i].Seq < jumps[j].Seq
	})
	// seen1 marks the chains whose jump at seq 1 has been read; jumps
	// come sorted by seq, so it is each chain's first, and a repeated
	// one follows its twin.
	seen1 := make([]bool, n)
	for i, j := range jumps {
		if int64(j.Chain) >= int64(n) {
			return nil, fmt.Errorf("authchain: jump %v names a missing chain", j)
		}
		repeated := i > 0 && jumps[i-1].Chain == j.Chain && jumps[i-1].Seq == j.Seq
		if j.Seq == 0 || j.Seq > x.size(j.Chain) || repeated || (!seen1[j.Chain] && j.Seq != 1) {
			return nil, fmt.Errorf("authchain: jump %v outside its chain or repeated", j)
		}
		if j.HasNext && (int64(j.NextChain) >= int64(n) || j.NextSeq == 0 || j.NextSeq > x.size(j.NextChain)) {
			return nil, fmt.Errorf("authchain: jump %v to a missing position", j)
		}
		jj := jump{seq: j.Seq}
		if j.HasNext {
			jj.next = pos{j.NextChain, j.NextSeq}
		}
		seen1[j.Chain] = true
		if j.Seq != 1 || j.HasNext {
			x.addJump(j.Chain, jj)
		}
	}
	for i := range n {
		if !seen1[i] {
			return nil, fmt.Errorf("authchain: chain %d has no jump row at sequence number 1", i)
		}
	}
	// Links are applied in origin order per chain, whatever the row order.
	sorted := append([]LinkRow(nil), rows.Links...)
	sortLinks(sorted)
	for _, l := range sorted {
		x.link(l.OriginChain, l.OriginSeq, pos{l.TargetChain, l.TargetSeq})
	}
	x.Compact()
	return x, nil
}

func sortLinks(ls []LinkRow) {
	sort.Slice(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if a.OriginChain != b.OriginChain {
			return a.OriginChain < b.OriginChain
		}
		if a.OriginSeq != b.OriginSeq {
			return a.OriginSeq < b.OriginSeq
		}
		if a.TargetChain != b.TargetChain {
			return a.TargetChain < b.TargetChain
		}
		return a.TargetSeq < b.TargetSeq
	})
}
