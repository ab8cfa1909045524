package main

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/stretchr/testify/require"
)

func TestGraphFixture(t *testing.T) {
	code, out, errOut := mxauth(t, "", "graph", filepath.Join(corpus, "signatures", "signatures-valid-and-bad-v6.json"))
	require.Equal(t, exitOK, code, errOut)
	require.True(t, strings.HasPrefix(out, `digraph "signatures-valid-and-bad-v6" {`), out)
	require.True(t, strings.HasSuffix(out, "}\n"))
	// 12 nodes, 4 of them rejected (filled red, with the rule as tooltip
	// and in the label), and the legend's sample of a rejected event.
	require.Equal(t, 5, strings.Count(out, `fillcolor="#f4b6b6"`))
	require.Equal(t, 4, strings.Count(out, `\nrejected: `))
	require.Contains(t, out, `\nrejected: PDU-2"`)
	require.Contains(t, out, `tooltip="PDU-2: `)
	require.Contains(t, out, `tooltip="AUTHEV-3: `)
	// Node labels: short ID, type, state key.
	require.Contains(t, out, `label="$gffiyKu20W…\nm.room.create"`)
	require.Contains(t, out, `\nm.room.member\n@alice:example.org\nmembership: join"`)
	require.Contains(t, out, "subgraph cluster_legend {")
	// prev edges solid, auth edges dashed.
	require.Regexp(t, `(?m)^  "\$JtAk629qXj2qVUGKdPawmprotK5aeHQXHwDaFFLvdfQ" -> "\$gffiyKu20W-FHi8CkzDPlWqaqCsv4-4fNFSAaznP5Ks";$`, out)
	require.Regexp(t, `(?m)^  "\$JtAk629qXj2qVUGKdPawmprotK5aeHQXHwDaFFLvdfQ" -> "\$gffiyKu20W-FHi8CkzDPlWqaqCsv4-4fNFSAaznP5Ks" \[style=dashed`, out)
	// No resolve case: nothing highlighted.
	require.NotContains(t, out, "peripheries=2")
	require.NotContains(t, out, "in the resolved state")
}

func TestGraphResolvedState(t *testing.T) {
	code, out, errOut := mxauth(t, "", "graph", filepath.Join(cmdData, "graph-v1.json"))
	require.Equal(t, exitOK, code, errOut)
	require.Empty(t, errOut)
	require.Contains(t, out, `resolved state of "state_sets" in bold`)
	// The resolved state of v1-topic-conflict has 6 entries.
	require.Len(t, regexp.MustCompile(`(?m)^  "\$.*peripheries=2`).FindAllString(out, -1), 6)
	hl := regexp.MustCompile(`(?m)^  "\$alice-topic:example.org" \[.*peripheries=2.*\];$`)
	require.Regexp(t, hl, out)

	code, out, _ = mxauth(t, "", "graph", "--no-state", filepath.Join(cmdData, "graph-v1.json"))
	require.Equal(t, exitOK, code)
	require.NotContains(t, out, "peripheries=2")
	require.NotContains(t, out, "in the resolved state")
}

func TestGraphMissingReference(t *testing.T) {
	code, out, _ := mxauth(t, "", "graph", filepath.Join(corpus, "auth-create", "create-with-prev-events-v3.json"))
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "digraph")
}

const forkFixture = "resolve-v2/ruma-ban-vs-power-levels-v6.json"

// TestGraphForkMarks: the fork fixture's two branches end at their tips,
// each marked with its state set, and the fork point is the last event
// both branches descend from.
func TestGraphForkMarks(t *testing.T) {
	code, out, errOut := mxauth(t, "", "graph", filepath.Join(corpus, forkFixture))
	require.Equal(t, exitOK, code, errOut)
	node := func(id string) string {
		m := regexp.MustCompile(`(?m)^  "` + regexp.QuoteMeta(id) + `" \[label="([^"]*)"`).FindStringSubmatch(out)
		require.NotNil(t, m, id)
		return m[1]
	}
	require.True(t, strings.HasSuffix(node("$00-m-room-member-ban-bob"), `\nmembership: ban\n◆ tip 1`), node("$00-m-room-member-ban-bob"))
	require.True(t, strings.HasSuffix(node("$02-m-room-power_levels"), `\n◆ tip 2`))
	// Bob's power levels cite alice's ($01), as does her ban of him.
	require.True(t, strings.HasSuffix(node("$01-m-room-power_levels"), `\nm.room.power_levels\n◆ fork`), node("$01-m-room-power_levels"))
	require.True(t, strings.HasSuffix(node("$00-m-room-member-join-bob"), `\nmembership: join`))
	require.Equal(t, 1, strings.Count(out, `\n◆ fork"`))
	require.Contains(t, out, `"legend 5" [label="◆ fork point / tip N of state set N"`)
}

// TestGraphAuthEdges: --auth-edges none draws no auth edge, conflicted
// only those of the events not in every state set.
func TestGraphAuthEdges(t *testing.T) {
	path := filepath.Join(corpus, forkFixture)
	_, all, _ := mxauth(t, "", "graph", path)
	code, none, _ := mxauth(t, "", "graph", "--auth-edges", "none", path)
	require.Equal(t, exitOK, code)
	_, conflicted, _ := mxauth(t, "", "graph", "--auth-edges", "conflicted", path)
	count := func(s string) int { return strings.Count(s, "style=dashed") }
	require.Greater(t, count(all), count(conflicted))
	require.Positive(t, count(conflicted))
	require.Zero(t, count(none))
	require.NotContains(t, none, "auth_events: dashed")
	// The conflicted events are the four not in both sets.
	for _, m := range regexp.MustCompile(`(?m)^  "([^"]+)" -> "[^"]+" \[style=dashed`).FindAllStringSubmatch(conflicted, -1) {
		require.Contains(t, []string{"$01-m-room-power_levels", "$00-m-room-member-ban-bob", "$00-m-room-member-join-bob", "$02-m-room-power_levels"}, m[1])
	}
	// prev edges are the same in all three.
	prev := regexp.MustCompile(`(?m)^  "[^"]+" -> "[^"]+";$`)
	require.Equal(t, prev.FindAllString(all, -1), prev.FindAllString(none, -1))

	code, _, errOut := mxauth(t, "", "graph", "--auth-edges", "some", path)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "--auth-edges must be all, none or conflicted")
	code, _, errOut = mxauth(t, "", "graph", "--auth-edges", "conflicted", "--no-state", path)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "needs state sets")
}

// TestGraphSVG: the SVG is well-formed XML, deterministic, has one box per
// event with its label, a legend, and places every event below its prev
// events.
func TestGraphSVG(t *testing.T) {
	path := filepath.Join(corpus, forkFixture)
	code, out, errOut := mxauth(t, "", "graph", "--format", "svg", path)
	require.Equal(t, exitOK, code, errOut)
	dec := xml.NewDecoder(strings.NewReader(out))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	_, again, _ := mxauth(t, "", "graph", "--format", "svg", path)
	require.Equal(t, out, again)
	require.Equal(t, 10, strings.Count(out, `<g id="ev `))
	require.Contains(t, out, `<g id="legend">`)
	require.Contains(t, out, ">membership: ban<")
	require.Contains(t, out, ">◆ tip 1<")
	// y of each event's box, from its group.
	ys := map[string]float64{}
	for _, m := range regexp.MustCompile(`<g id="ev ([^"]+)"><title>[^<]*</title>(?:<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" rx="6"[^>]*/>)?<rect x="[^"]*" y="([0-9.]+)"`).FindAllStringSubmatch(out, -1) {
		y, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err)
		ys[m[1]] = y
	}
	require.Len(t, ys, 10)
	g, err := loadGraph(path, nil)
	require.NoError(t, err)
	for _, en := range g.Events {
		for _, p := range en.Event.PrevEventIDs() {
			require.Less(t, ys[p], ys[en.ID], "%s below its prev event %s", en.ID, p)
		}
	}

	code, _, errOut = mxauth(t, "", "graph", "--format", "png", path)
	require.Equal(t, exitUsage, code)
	require.Contains(t, errOut, "--format must be dot or svg")
}

func TestGraphSVGEscapes(t *testing.T) {
	require.Equal(t, "a&lt;b&gt;&amp;&quot;&#39;\uFFFD&#10;", xmlEscape("a<b>&\"'\x01\n"))
	require.Equal(t, "\uFFFD", xmlEscape("\xff"))
}

// TestGraphDocsPicture keeps docs/fork.svg what the command draws:
//
//	go run ./cmd/mxauth graph --format svg --auth-edges none testdata/conformance/resolve-v2/ruma-ban-vs-power-levels-v6.json > docs/fork.svg
func TestGraphDocsPicture(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "docs", "fork.svg"))
	require.NoError(t, err)
	code, out, _ := mxauth(t, "", "graph", "--format", "svg", "--auth-edges", "none", filepath.Join(corpus, forkFixture))
	require.Equal(t, exitOK, code)
	require.Equal(t, string(want), out, "docs/fork.svg is out of date: run the command in this test's comment")
}

// TestGraphSVGMissingAndHostile: events cited but not in the file get a
// dotted box on the top row; text that is not valid XML is escaped.
func TestGraphSVGMissingAndHostile(t *testing.T) {
	in := `{"room_version":"1","events":[{"type":"m.room.create<&>","event_id":"$a\u0001:x","state_key":"","prev_events":[["$gone:x",{}]],"auth_events":[["$gone2:x",{}]]}]}`
	for _, format := range []string{"svg", "dot"} {
		code, out, errOut := mxauth(t, in, "graph", "--format", format, "-")
		require.Equal(t, exitOK, code, errOut)
		require.Equal(t, 2, strings.Count(out, "not in file"), out)
		if format == "svg" {
			dec := xml.NewDecoder(strings.NewReader(out))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
			}
			require.Contains(t, out, "m.room.create&lt;&amp;&gt;")
		}
	}
}

// FuzzGraphSVG draws whatever loads as a graph file: the SVG is always
// well-formed XML with one group per drawn event, and drawing twice gives
// the same bytes.
func FuzzGraphSVG(f *testing.F) {
	for _, name := range []string{forkFixture, "signatures/signatures-valid-and-bad-v6.json", "auth-create/create-minimal-v1.json"} {
		data, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"room_version":"1","events":[{"type":"x","event_id":"$a:x","prev_events":[["$b:x",{}]]}],"state_sets":[["$a:x"],[]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		code, out, _ := mxauth(t, string(data), "graph", "--format", "svg", "-")
		if code != exitOK {
			return
		}
		dec := xml.NewDecoder(strings.NewReader(out))
		groups := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("not XML: %v", err)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" && len(se.Attr) > 0 && strings.HasPrefix(se.Attr[0].Value, "ev ") {
				groups++
			}
		}
		if groups != strings.Count(out, `<g id="ev `) {
			t.Fatalf("%d event groups, %d written", groups, strings.Count(out, `<g id="ev `))
		}
		if _, again, _ := mxauth(t, string(data), "graph", "--format", "svg", "-"); again != out {
			t.Fatal("two drawings differ")
		}
	})
}

// In room version 12 no event lists the create event; graph draws each
// event's implied auth edge to it (SR21-DEF-0) dotted and blue, in DOT
// and SVG, with a legend entry, and none in v11 where it is listed.
func TestGraphImpliedCreateEdges(t *testing.T) {
	v12 := filepath.Join(corpus, "resolve-v8-12", "sr21-4-sender-left-unconflicted-v12.json")
	f, err := fixture.LoadFile(v12)
	require.NoError(t, err)
	var create string
	nonCreate := 0
	for _, en := range f.Events {
		if en.Event.Type() == "m.room.create" {
			create = en.ID
		} else {
			nonCreate++
		}
	}
	require.NotEmpty(t, create)

	code, dot, errOut := mxauth(t, "", "graph", v12)
	require.Equal(t, exitOK, code, errOut)
	require.Equal(t, nonCreate, strings.Count(dot, `-> "`+create+`" [style=dotted, color="#2a7ab0"`), dot)
	require.Contains(t, dot, "create event implied by room_id (v12)")

	code, svg, _ := mxauth(t, "", "graph", "--format", "svg", v12)
	require.Equal(t, exitOK, code)
	require.Equal(t, nonCreate, strings.Count(svg, `<line class="implied"`))
	require.Contains(t, svg, "create event implied by room_id (v12)")

	_, none, _ := mxauth(t, "", "graph", "--auth-edges", "none", v12)
	require.NotContains(t, none, "#2a7ab0", "hidden with the other auth edges")

	_, v11, _ := mxauth(t, "", "graph", filepath.Join(corpus, "resolve-v8-12", "sr21-4-sender-left-unconflicted-v11.json"))
	require.NotContains(t, v11, "#2a7ab0")
	require.NotContains(t, v11, "implied by room_id")
}
