package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/tidwall/gjson"
)

const graphUsage = `
Usage: mxauth graph [--format dot|svg] [--auth-edges all|none|conflicted]
                    [--case NAME] [--no-state] [--no-legend] FILE

Draws the event graph of FILE (a fixture or a plain graph file, see
"mxauth resolve --help"), as Graphviz DOT (the default) or as SVG drawn by
mxauth itself, with no Graphviz needed. Events are boxes showing a short
event ID, the type and the state key; member events also show their
membership. prev_events edges are solid, auth_events edges dashed and grey
(--auth-edges none hides them, conflicted keeps only those of the events
in conflict between the state sets). In room version 12, where no event
lists the create event, each event's implied auth edge to the create
event its room_id names is drawn dotted and blue. Events "mxauth check" rejects are
red and show the rule ID that rejected them. With a resolve case (the
fixture's first, the one named by --case, or the plain file's state_sets)
the events of the resolved state have a bold double border, the last event
of each state set not shared by all sets is marked "tip N", and the
latest event before the tips that all of them descend from is marked
"fork". A legend explains the marks.

In SVG the create event is at the top and every event one row below the
lowest of its prev events; the layout is the same for the same input.

Example:
  mxauth graph testdata/conformance/resolve-v2/synapse-topic-basic-v4.json | dot -Tsvg > graph.svg
  mxauth graph --format svg --auth-edges none testdata/conformance/resolve-v2/ruma-ban-vs-power-levels-v6.json > fork.svg
`

func runGraph(args []string, e env) int {
	fs := flagSet("graph", graphUsage)
	only := fs.String("case", "", "highlight the resolved state of this resolve case")
	noState := fs.Bool("no-state", false, "do not resolve state")
	format := fs.String("format", "dot", "output `format`: dot or svg")
	authEdges := fs.String("auth-edges", "all", "auth_events edges to draw: all, none, or conflicted")
	noLegend := fs.Bool("no-legend", false, "leave out the legend")
	g, status, done := parseGraphArgs(fs, args, e)
	if done {
		return status
	}
	switch *format {
	case "dot", "svg":
	default:
		return usageError(fs, e, "--format must be dot or svg, not %q", *format)
	}
	switch *authEdges {
	case "all", "none", "conflicted":
	default:
		return usageError(fs, e, "--auth-edges must be all, none or conflicted, not %q", *authEdges)
	}
	p := &picture{name: g.Name, version: g.RoomVersion.ID, legend: !*noLegend, idLen: 12}
	if *format == "svg" {
		p.idLen = 28 // the SVG layout makes room for longer IDs
	}
	var sets [][]string
	if !*noState && (len(g.Resolve) > 0 || len(g.StateSets) > 0) {
		cases, err := resolveCases(g, *only)
		if err != nil {
			return fail(e, "graph", err)
		}
		c := cases[0]
		sets = c.sets
		state, err := conformance.Resolve(g.Fixture, c.sets, c.rejected)
		if err != nil {
			fmt.Fprintf(e.stderr, "mxauth graph: resolving %q: %v\n", c.name, err)
			p.note = fmt.Sprintf("resolving %q failed: %v", c.name, err)
		} else {
			p.note = fmt.Sprintf("resolved state of %q in bold", c.name)
			p.resolved = map[string]bool{}
			for _, m := range state {
				for _, id := range m {
					p.resolved[id] = true
				}
			}
		}
	} else if *authEdges == "conflicted" {
		return usageError(fs, e, "--auth-edges conflicted needs state sets: a resolve case or a plain file's state_sets")
	}
	p.build(g, conformance.Judge(g.Fixture), sets, *authEdges)
	if *format == "svg" {
		p.writeSVG(e.stdout)
	} else {
		p.writeDOT(e.stdout)
	}
	return exitOK
}

// picture is what graph draws, independent of the output format.
type picture struct {
	name, version, note string
	legend              bool
	idLen               int // characters of an event ID shown in labels
	nodes               []*pnode
	byID                map[string]*pnode
	edges               []pedge
	resolved            map[string]bool
	hasFork, hasTips    bool
}

// pnode is one event (or a referenced event missing from the file).
type pnode struct {
	id       string
	lines    []string // label lines: short ID, type, state key, membership, rule
	rejected bool
	tooltip  string
	missing  bool
	fork     bool
	tips     []int // 1-based state set numbers this event is the tip of
	index    int   // position in the file; missing events after all others
}

// pedge is an edge from an event to an event it cites.
type pedge struct {
	from, to string
	auth     bool
	// implied marks v12's implied auth edge to the create event that the
	// event's room_id names (SR21-DEF-0): never listed in auth_events.
	implied bool
}

// build fills the picture from the graph, the verdicts and the state
// sets of the chosen resolve case (nil without one).
func (p *picture) build(g *graphFile, verdicts []conformance.Verdict, sets [][]string, authEdges string) {
	p.byID = map[string]*pnode{}
	for i, en := range g.Events {
		v := verdicts[i]
		typ, sk, isState := typeAndStateKey(en)
		n := &pnode{id: en.ID, index: i, lines: []string{shortIDn(en.ID, p.idLen), typ}}
		if isState && sk != "" {
			n.lines = append(n.lines, sk)
		}
		if typ == "m.room.member" {
			if m := membership(en); m != "" {
				n.lines = append(n.lines, "membership: "+m)
			}
		}
		if !v.Allowed {
			n.rejected, n.tooltip = true, v.Rule+": "+v.Reason
			n.lines = append(n.lines, "rejected: "+v.Rule)
		}
		p.nodes = append(p.nodes, n)
		p.byID[en.ID] = n
	}
	conflicted := conflictedEvents(sets)
	missing := map[string]bool{}
	for _, en := range g.Events {
		prev, authEvs := references(en)
		for _, id := range prev {
			p.edges = append(p.edges, pedge{from: en.ID, to: id})
			if g.Lookup(id) == nil {
				missing[id] = true
			}
		}
		if authEdges == "none" || (authEdges == "conflicted" && !conflicted[en.ID]) {
			continue
		}
		for _, id := range authEvs {
			p.edges = append(p.edges, pedge{from: en.ID, to: id, auth: true})
			if g.Lookup(id) == nil {
				missing[id] = true
			}
		}
		if id, ok := impliedCreate(g, en); ok {
			p.edges = append(p.edges, pedge{from: en.ID, to: id, auth: true, implied: true})
			if g.Lookup(id) == nil {
				missing[id] = true
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(missing)) {
		n := &pnode{id: id, missing: true, index: len(p.nodes), lines: []string{shortIDn(id, p.idLen), "(not in file)"}}
		p.nodes = append(p.nodes, n)
		p.byID[id] = n
	}
	p.markTips(g, sets)
}

// impliedCreate returns the create event that en's room_id implies as an
// auth event in room version 12 (FMT-12-3, SR21-DEF-0), read from the raw
// room_id when en is not a valid PDU; false in other versions and for a
// create event.
func impliedCreate(g *graphFile, en *fixture.Entry) (string, bool) {
	if !g.RoomVersion.RoomIDFromCreateEvent {
		return "", false
	}
	if en.Event != nil {
		return en.Event.ImpliedCreateEventID()
	}
	r := gjson.GetManyBytes(en.Raw, "type", "room_id")
	room := r[1].String()
	if r[0].String() == "m.room.create" || r[1].Type != gjson.String || len(room) < 2 || room[0] != '!' {
		return "", false
	}
	return "$" + room[1:], true
}

// membership reads a member event's content.membership.
func membership(en *fixture.Entry) string {
	if en.Event != nil {
		return gjson.Get(en.Event.ContentJSON(), "membership").String()
	}
	return gjson.GetBytes(en.Raw, "content.membership").String()
}

// conflictedEvents returns the events of the state sets whose (type,
// state_key) the sets do not all map to the same event: the conflicted
// state of state resolution. The sets' keys are read from their position:
// an event is unconflicted only when every set holds it.
func conflictedEvents(sets [][]string) map[string]bool {
	out := map[string]bool{}
	if len(sets) < 2 {
		return out
	}
	count := map[string]int{}
	for _, set := range sets {
		seen := map[string]bool{}
		for _, id := range set {
			if !seen[id] {
				seen[id] = true
				count[id]++
			}
		}
	}
	for id, n := range count {
		if n < len(sets) {
			out[id] = true
		}
	}
	return out
}

// markTips marks each state set's tip, the latest event (in file order) of
// the set that not every set holds, and the fork point, the latest event
// that every tip is or descends from through prev_events.
func (p *picture) markTips(g *graphFile, sets [][]string) {
	if len(sets) < 2 {
		return
	}
	inAll := map[string]int{}
	for _, set := range sets {
		for _, id := range slices.Compact(slices.Sorted(slices.Values(set))) {
			inAll[id]++
		}
	}
	var tips []*fixture.Entry
	for i, set := range sets {
		var tip *fixture.Entry
		for _, id := range set {
			en := g.Lookup(id)
			if en != nil && inAll[id] < len(sets) && (tip == nil || en.Index > tip.Index) {
				tip = en
			}
		}
		if tip == nil {
			continue
		}
		n := p.byID[tip.ID]
		n.tips = append(n.tips, i+1)
		p.hasTips = true
		tips = append(tips, tip)
	}
	if len(tips) < 2 {
		return
	}
	common := ancestors(g, tips[0])
	for _, t := range tips[1:] {
		a := ancestors(g, t)
		for id := range common {
			if !a[id] {
				delete(common, id)
			}
		}
	}
	var fork *fixture.Entry
	for id := range common {
		if en := g.Lookup(id); fork == nil || en.Index > fork.Index {
			fork = en
		}
	}
	if fork != nil {
		p.byID[fork.ID].fork = true
		p.hasFork = true
	}
}

// ancestors returns the events of the file that en is or descends from
// through prev_events. Events only cite earlier events of the file (the
// fixture order), so the walk ends.
func ancestors(g *graphFile, en *fixture.Entry) map[string]bool {
	out := map[string]bool{en.ID: true}
	stack := []*fixture.Entry{en}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		prev, _ := references(cur)
		for _, id := range prev {
			p := g.Lookup(id)
			if p == nil || out[id] || p.Index >= cur.Index {
				continue
			}
			out[id] = true
			stack = append(stack, p)
		}
	}
	return out
}

// marks returns the extra label line of a node: its tips and the fork.
func (n *pnode) marks() string {
	var m []string
	if n.fork {
		m = append(m, "fork")
	}
	for _, t := range n.tips {
		m = append(m, fmt.Sprintf("tip %d", t))
	}
	return strings.Join(m, ", ")
}

// label returns the node's label lines with its marks.
func (n *pnode) label() []string {
	if m := n.marks(); m != "" {
		return append(slices.Clone(n.lines), "◆ "+m)
	}
	return n.lines
}

// writeDOT writes the picture as Graphviz DOT; edges point from an event
// to the events it cites, and the graph is laid out bottom to top so the
// create event is at the top.
func (p *picture) writeDOT(w io.Writer) {
	fmt.Fprintf(w, "digraph %s {\n", dotQuote(p.name))
	fmt.Fprintf(w, "  // room version %s, %d events", p.version, p.eventCount())
	if p.note != "" {
		fmt.Fprintf(w, "; %s", strings.ReplaceAll(p.note, "\n", " "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "  rankdir=BT;")
	fmt.Fprintln(w, `  node [shape=box, style=rounded, fontname="monospace", fontsize=10];`)
	for _, n := range p.nodes {
		if n.missing {
			continue
		}
		label := make([]string, 0, len(n.lines)+1)
		for _, l := range n.label() {
			label = append(label, dotEscape(l))
		}
		attrs := []string{`label="` + strings.Join(label, `\n`) + `"`}
		if n.rejected {
			attrs = append(attrs, `style="rounded,filled"`, `fillcolor="#f4b6b6"`, `color="#c00000"`,
				"tooltip="+dotQuote(n.tooltip))
		}
		if p.resolved[n.id] {
			attrs = append(attrs, "penwidth=2.5", "peripheries=2")
		}
		if n.fork || len(n.tips) > 0 {
			attrs = append(attrs, `fontcolor="#1f4e9c"`)
		}
		fmt.Fprintf(w, "  %s [%s];\n", dotQuote(n.id), strings.Join(attrs, ", "))
	}
	for _, e := range p.edges {
		switch {
		case e.implied:
			fmt.Fprintf(w, "  %s -> %s [style=dotted, color=\"#2a7ab0\", arrowhead=empty, tooltip=\"implied by room_id (v12)\"];\n", dotQuote(e.from), dotQuote(e.to))
		case e.auth:
			fmt.Fprintf(w, "  %s -> %s [style=dashed, color=grey50, arrowhead=empty];\n", dotQuote(e.from), dotQuote(e.to))
		default:
			fmt.Fprintf(w, "  %s -> %s;\n", dotQuote(e.from), dotQuote(e.to))
		}
	}
	for _, n := range p.nodes {
		if n.missing {
			fmt.Fprintf(w, "  %s [label=%s, style=dotted];\n", dotQuote(n.id), dotQuote(n.lines[0]+"\n(not in file)"))
		}
	}
	if p.legend {
		fmt.Fprintln(w, `  subgraph cluster_legend {`)
		fmt.Fprintln(w, `    label="legend"; fontname="monospace"; fontsize=10; color=grey70;`)
		for i, item := range p.legendItems() {
			fmt.Fprintf(w, "    \"legend %d\" [label=%s%s];\n", i, dotQuote(item.text), item.dot)
		}
		fmt.Fprintln(w, "  }")
	}
	fmt.Fprintln(w, "}")
}

func (p *picture) eventCount() int {
	n := 0
	for _, nd := range p.nodes {
		if !nd.missing {
			n++
		}
	}
	return n
}

// legendItem is one entry of the legend.
type legendItem struct {
	text string
	dot  string // extra DOT attributes of its sample node
	kind string // what the SVG sample shows
}

func (p *picture) legendItems() []legendItem {
	items := []legendItem{
		{"event", "", "event"},
		{"prev_events: solid arrow", ", shape=plaintext", "prev"},
	}
	if slices.ContainsFunc(p.edges, func(e pedge) bool { return e.auth && !e.implied }) {
		items = append(items, legendItem{"auth_events: dashed grey arrow", ", shape=plaintext", "auth"})
	}
	if slices.ContainsFunc(p.edges, func(e pedge) bool { return e.implied }) {
		items = append(items, legendItem{"create event implied by room_id (v12): dotted blue arrow", ", shape=plaintext", "implied"})
	}
	items = append(items, legendItem{"rejected (rule ID)", `, style="rounded,filled", fillcolor="#f4b6b6", color="#c00000"`, "rejected"})
	if p.resolved != nil {
		items = append(items, legendItem{"in the resolved state", ", penwidth=2.5, peripheries=2", "resolved"})
	}
	if p.hasTips || p.hasFork {
		items = append(items, legendItem{"◆ fork point / tip N of state set N", `, fontcolor="#1f4e9c"`, "mark"})
	}
	return items
}

// references returns an event's prev and auth event IDs, read from its raw
// text when it is not a valid PDU.
func references(en *fixture.Entry) (prev, authEvs []string) {
	if en.Event != nil {
		return en.Event.PrevEventIDs(), en.Event.AuthEventIDs()
	}
	return rawIDs(en.Raw, "prev_events"), rawIDs(en.Raw, "auth_events")
}

// shortIDn abbreviates an event ID to at most max characters.
func shortIDn(id string, max int) string {
	if r := []rune(id); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return id
}

// dotQuote quotes s as a DOT string.
func dotQuote(s string) string { return `"` + dotEscape(s) + `"` }

// dotEscape escapes s for use inside a DOT string; newlines become \n.
func dotEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// rawIDs reads the event IDs of a prev_events or auth_events array from
// PDU text: plain IDs (room versions 3+) or [id, hashes] pairs (1–2).
func rawIDs(raw []byte, key string) []string {
	var ids []string
	gjson.GetBytes(raw, key).ForEach(func(_, v gjson.Result) bool {
		if v.IsArray() {
			v = v.Get("0")
		}
		if v.Type == gjson.String {
			ids = append(ids, v.Str)
		}
		return true
	})
	return ids
}

// Layout of the SVG picture, in pixels.
const (
	svgCharW   = 6.6 // advance of one monospace character at svgFont
	svgFont    = 11
	svgLineH   = 14
	svgPadX    = 8
	svgPadY    = 6
	svgGapX    = 24
	svgGapY    = 48
	svgMargin  = 16
	svgTitleH  = 34
	svgMinBoxW = 96
)

// svgBox is a node's place in the SVG picture.
type svgBox struct {
	n          *pnode
	x, y, w, h float64
}

// layout places every node: each event one row below the lowest of its
// prev events in the file (events citing none, and missing events, on the
// top rows), in file order within a row. It returns the boxes by ID and
// the picture's width and height.
func (p *picture) layout() (map[string]*svgBox, float64, float64) {
	row := map[string]int{}
	hasMissing := false
	for _, n := range p.nodes {
		if n.missing {
			hasMissing = true
		}
	}
	prevs := map[string][]string{}
	for _, e := range p.edges {
		if !e.auth {
			prevs[e.from] = append(prevs[e.from], e.to)
		}
	}
	base := 0
	if hasMissing {
		base = 1
	}
	for _, n := range p.nodes { // file order: prev events come first
		if n.missing {
			row[n.id] = 0
			continue
		}
		r := base
		for _, id := range prevs[n.id] {
			if pn := p.byID[id]; pn != nil && (pn.missing || pn.index < n.index) {
				r = max(r, row[id]+1)
			}
		}
		row[n.id] = r
	}
	var rows [][]*svgBox
	boxes := map[string]*svgBox{}
	for _, n := range p.nodes {
		r := row[n.id]
		for len(rows) <= r {
			rows = append(rows, nil)
		}
		b := &svgBox{n: n, h: float64(len(n.label()))*svgLineH + 2*svgPadY}
		for _, l := range n.label() {
			b.w = max(b.w, float64(len([]rune(l)))*svgCharW+2*svgPadX)
		}
		b.w = max(b.w, svgMinBoxW)
		rows[r] = append(rows[r], b)
		boxes[n.id] = b
	}
	width := 0.0
	for _, r := range rows {
		w := -float64(svgGapX)
		for _, b := range r {
			w += b.w + svgGapX
		}
		width = max(width, w)
	}
	y := float64(svgMargin + svgTitleH)
	for _, r := range rows {
		w, h := -float64(svgGapX), 0.0
		for _, b := range r {
			w += b.w + svgGapX
			h = max(h, b.h)
		}
		x := svgMargin + (width-w)/2
		for _, b := range r {
			b.x, b.y = x, y+(h-b.h)/2
			x += b.w + svgGapX
		}
		y += h + svgGapY
	}
	return boxes, width + 2*svgMargin, y - svgGapY + svgMargin
}

// writeSVG writes the picture as a standalone SVG document, laid out by
// [picture.layout], with the legend to the right.
func (p *picture) writeSVG(w io.Writer) {
	boxes, width, height := p.layout()
	var items []legendItem
	legendX, legendW := width, 0.0
	if p.legend {
		items = p.legendItems()
		for _, it := range items {
			legendW = max(legendW, float64(len([]rune(it.text)))*svgCharW+70)
		}
		width += legendW + svgMargin
		height = max(height, float64(svgMargin+svgTitleH)+float64(len(items))*28+30)
	}
	title := fmt.Sprintf("%s (room version %s, %d events)", p.name, p.version, p.eventCount())
	width = max(width, float64(len([]rune(title)))*svgCharW+2*svgMargin)
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="monospace" font-size="%d">`+"\n",
		width, height, width, height, svgFont)
	fmt.Fprintln(w, `<defs>`)
	fmt.Fprintln(w, `<marker id="prev" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker>`)
	fmt.Fprintln(w, `<marker id="auth" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="white" stroke="#888"/></marker>`)
	if slices.ContainsFunc(p.edges, func(e pedge) bool { return e.implied }) {
		fmt.Fprintln(w, `<marker id="implied" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="white" stroke="#2a7ab0"/></marker>`)
	}
	fmt.Fprintln(w, `</defs>`)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%d" y="%d" font-size="13" font-weight="bold">%s</text>`+"\n", svgMargin, svgMargin+12, xmlEscape(title))
	if p.note != "" {
		fmt.Fprintf(w, `<text x="%d" y="%d" fill="#555">%s</text>`+"\n", svgMargin, svgMargin+27, xmlEscape(p.note))
	}
	outX, inX := edgeEnds(p.edges, boxes)
	for i, e := range p.edges {
		from, to := boxes[e.from], boxes[e.to]
		if from == nil || to == nil {
			continue
		}
		x1, y1 := outX[i], from.y
		x2, y2 := inX[i], to.y+to.h
		if to.y >= from.y { // same row or below: join the sides
			y1, y2 = from.y+from.h/2, to.y+to.h/2
			if to.x < from.x {
				x1, x2 = from.x, to.x+to.w
			} else {
				x1, x2 = from.x+from.w, to.x
			}
		}
		switch {
		case e.implied:
			fmt.Fprintf(w, `<line class="implied" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#2a7ab0" stroke-dasharray="1 3" marker-end="url(#implied)"/>`+"\n", x1, y1, x2, y2)
		case e.auth:
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888" stroke-dasharray="4 3" marker-end="url(#auth)"/>`+"\n", x1, y1, x2, y2)
		default:
			fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222" marker-end="url(#prev)"/>`+"\n", x1, y1, x2, y2)
		}
	}
	for _, n := range p.nodes {
		b := boxes[n.id]
		fmt.Fprintf(w, `<g id="%s">`, xmlEscape("ev "+n.id))
		tip := n.id
		if n.tooltip != "" {
			tip += "\n" + n.tooltip
		}
		fmt.Fprintf(w, "<title>%s</title>", xmlEscape(tip))
		p.svgBox(w, b.x, b.y, b.w, b.h, n.missing, n.rejected, p.resolved[n.id])
		for i, l := range n.label() {
			attr := ""
			switch {
			case strings.HasPrefix(l, "◆ "):
				attr = ` fill="#1f4e9c" font-weight="bold"`
			case strings.HasPrefix(l, "rejected: "):
				attr = ` fill="#c00000"`
			case i == 0:
				attr = ` fill="#555"`
			}
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f"%s>%s</text>`, b.x+svgPadX, b.y+svgPadY+float64(i+1)*svgLineH-3, attr, xmlEscape(l))
		}
		fmt.Fprintln(w, "</g>")
	}
	if p.legend {
		x, y := legendX+svgMargin/2, float64(svgMargin+svgTitleH)
		fmt.Fprintf(w, `<g id="legend"><rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="none" stroke="#bbb"/>`, x, y, legendW, len(items)*28+26)
		fmt.Fprintf(w, `<text x="%.1f" y="%.1f" font-weight="bold">legend</text>`, x+8, y+16)
		for i, it := range items {
			iy := y + 26 + float64(i)*28
			switch it.kind {
			case "prev":
				fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222" marker-end="url(#prev)"/>`, x+8, iy+9, x+48, iy+9)
			case "auth":
				fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888" stroke-dasharray="4 3" marker-end="url(#auth)"/>`, x+8, iy+9, x+48, iy+9)
			case "implied":
				fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#2a7ab0" stroke-dasharray="1 3" marker-end="url(#implied)"/>`, x+8, iy+9, x+48, iy+9)
			case "mark":
				fmt.Fprintf(w, `<text x="%.1f" y="%.1f" fill="#1f4e9c" font-weight="bold">◆</text>`, x+24, iy+13)
			default:
				p.svgBox(w, x+8, iy, 40, 18, false, it.kind == "rejected", it.kind == "resolved")
			}
			fmt.Fprintf(w, `<text x="%.1f" y="%.1f">%s</text>`, x+58, iy+13, xmlEscape(strings.TrimPrefix(it.text, "◆ ")))
		}
		fmt.Fprintln(w, "</g>")
	}
	fmt.Fprintln(w, "</svg>")
}

// edgeEnds spreads the ends of the edges leaving each box over its top
// side, and of those arriving at each box over its bottom side, in the
// order of the boxes at their other ends (then of the edges), so that
// edges sharing a box do not share a point.
func edgeEnds(edges []pedge, boxes map[string]*svgBox) (outX, inX []float64) {
	outX, inX = make([]float64, len(edges)), make([]float64, len(edges))
	out, in := map[string][]int{}, map[string][]int{}
	for i, e := range edges {
		if boxes[e.from] != nil && boxes[e.to] != nil {
			out[e.from] = append(out[e.from], i)
			in[e.to] = append(in[e.to], i)
		}
	}
	spread := func(ends map[string][]int, other func(pedge) string, xs []float64) {
		for id, list := range ends {
			b := boxes[id]
			slices.SortStableFunc(list, func(a, c int) int {
				xa, xc := boxes[other(edges[a])].x, boxes[other(edges[c])].x
				switch {
				case xa < xc:
					return -1
				case xa > xc:
					return 1
				}
				return a - c
			})
			for k, i := range list {
				xs[i] = b.x + b.w*float64(k+1)/float64(len(list)+1)
			}
		}
	}
	spread(out, func(e pedge) string { return e.to }, outX)
	spread(in, func(e pedge) string { return e.from }, inX)
	return outX, inX
}

// svgBox draws an event's box: dotted for a missing event, red for a
// rejected one, with a double bold border in the resolved state.
func (p *picture) svgBox(w io.Writer, x, y, bw, bh float64, missing, rejected, resolved bool) {
	fill, stroke, extra := "#ffffff", "#333", ""
	switch {
	case missing:
		stroke, extra = "#999", ` stroke-dasharray="2 2"`
	case rejected:
		fill, stroke = "#f4b6b6", "#c00000"
	}
	sw := 1.0
	if resolved {
		sw = 2.5
		fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="6" fill="none" stroke="%s" stroke-width="1.5"/>`, x-3, y-3, bw+6, bh+6, stroke)
	}
	fmt.Fprintf(w, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="4" fill="%s" stroke="%s" stroke-width="%.1f"%s/>`, x, y, bw, bh, fill, stroke, sw, extra)
}

// xmlEscape escapes s for SVG text and attribute values; characters XML
// does not allow become U+FFFD.
func xmlEscape(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != 0xFFFE && r != 0xFFFF && (r < 0xD800 || r > 0xDFFF)) {
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;", "\n", "&#10;").Replace(s)
}
