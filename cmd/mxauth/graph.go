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
Usage: mxauth graph [--case NAME] [--no-state] FILE

Writes the event graph of FILE (a fixture or a plain graph file, see
"mxauth resolve --help") as Graphviz DOT. Nodes show a short event ID, the
type and the state key; prev_events edges are solid, auth_events edges
dashed and grey; events "mxauth check" rejects are filled red; the events
of the resolved state (the fixture's first resolve case, the case named
by --case, or the plain file's state_sets) have a bold double border.

Example:
  mxauth graph testdata/conformance/resolve-v2/synapse-topic-basic-v4.json | dot -Tsvg > graph.svg
`

func runGraph(args []string, e env) int {
	fs := flagSet("graph", graphUsage)
	only := fs.String("case", "", "highlight the resolved state of this resolve case")
	noState := fs.Bool("no-state", false, "do not resolve state")
	g, status, done := parseGraphArgs(fs, args, e)
	if done {
		return status
	}
	var resolved map[string]bool
	var note string
	if !*noState && (len(g.Resolve) > 0 || len(g.StateSets) > 0) {
		cases, err := resolveCases(g, *only)
		if err != nil {
			return fail(e, "graph", err)
		}
		c := cases[0]
		state, err := conformance.Resolve(g.Fixture, c.sets, c.rejected)
		if err != nil {
			fmt.Fprintf(e.stderr, "mxauth graph: resolving %q: %v\n", c.name, err)
			note = fmt.Sprintf("resolving %q failed: %v", c.name, err)
		} else {
			note = fmt.Sprintf("resolved state of %q in bold", c.name)
			resolved = map[string]bool{}
			for _, m := range state {
				for _, id := range m {
					resolved[id] = true
				}
			}
		}
	}
	writeDOT(e.stdout, g, conformance.Judge(g.Fixture), resolved, note)
	return exitOK
}

// writeDOT writes the graph; edges point from an event to the events it
// cites, and the graph is laid out bottom to top so the create event is at
// the top.
func writeDOT(w io.Writer, g *graphFile, verdicts []conformance.Verdict, resolved map[string]bool, note string) {
	fmt.Fprintf(w, "digraph %s {\n", dotQuote(g.Name))
	fmt.Fprintf(w, "  // room version %s, %d events", g.RoomVersion, len(g.Events))
	if note != "" {
		fmt.Fprintf(w, "; %s", strings.ReplaceAll(note, "\n", " "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "  rankdir=BT;")
	fmt.Fprintln(w, `  node [shape=box, style=rounded, fontname="monospace", fontsize=10];`)
	missing := map[string]bool{}
	for i, en := range g.Events {
		v := verdicts[i]
		typ, sk, isState := typeAndStateKey(en)
		label := dotEscape(shortID(en.ID)) + `\n` + dotEscape(typ)
		if isState && sk != "" {
			label += `\n` + dotEscape(sk)
		}
		attrs := []string{`label="` + label + `"`}
		if !v.Allowed {
			attrs = append(attrs, `style="rounded,filled"`, `fillcolor="#f4b6b6"`, `color="#c00000"`,
				"tooltip="+dotQuote(v.Rule+": "+v.Reason))
		}
		if resolved[en.ID] {
			attrs = append(attrs, "penwidth=2.5", "peripheries=2")
		}
		fmt.Fprintf(w, "  %s [%s];\n", dotQuote(en.ID), strings.Join(attrs, ", "))
	}
	for _, en := range g.Events {
		prev, authEvs := references(en)
		for _, p := range prev {
			fmt.Fprintf(w, "  %s -> %s;\n", dotQuote(en.ID), dotQuote(p))
			if g.Lookup(p) == nil {
				missing[p] = true
			}
		}
		for _, a := range authEvs {
			fmt.Fprintf(w, "  %s -> %s [style=dashed, color=grey50, arrowhead=empty];\n", dotQuote(en.ID), dotQuote(a))
			if g.Lookup(a) == nil {
				missing[a] = true
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(missing)) {
		fmt.Fprintf(w, "  %s [label=%s, style=dotted];\n", dotQuote(id), dotQuote(shortID(id)+"\n(not in file)"))
	}
	fmt.Fprintln(w, "}")
}

// references returns an event's prev and auth event IDs, read from its raw
// text when it is not a valid PDU.
func references(en *fixture.Entry) (prev, authEvs []string) {
	if en.Event != nil {
		return en.Event.PrevEventIDs(), en.Event.AuthEventIDs()
	}
	return rawIDs(en.Raw, "prev_events"), rawIDs(en.Raw, "auth_events")
}

// shortID abbreviates an event ID for a label.
func shortID(id string) string {
	const max = 12
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
