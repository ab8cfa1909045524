package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGraphFixture(t *testing.T) {
	code, out, errOut := mxauth(t, "", "graph", filepath.Join(corpus, "signatures", "signatures-valid-and-bad-v6.json"))
	require.Equal(t, exitOK, code, errOut)
	require.True(t, strings.HasPrefix(out, `digraph "signatures-valid-and-bad-v6" {`), out)
	require.True(t, strings.HasSuffix(out, "}\n"))
	// 12 nodes, 4 of them rejected (filled red, with the rule as tooltip).
	require.Equal(t, 4, strings.Count(out, `fillcolor="#f4b6b6"`))
	require.Contains(t, out, `tooltip="PDU-2: `)
	require.Contains(t, out, `tooltip="AUTHEV-3: `)
	// Node labels: short ID, type, state key.
	require.Contains(t, out, `label="$gffiyKu20W…\nm.room.create"`)
	require.Contains(t, out, `\nm.room.member\n@alice:example.org"`)
	// prev edges solid, auth edges dashed.
	require.Regexp(t, `(?m)^  "\$JtAk629qXj2qVUGKdPawmprotK5aeHQXHwDaFFLvdfQ" -> "\$gffiyKu20W-FHi8CkzDPlWqaqCsv4-4fNFSAaznP5Ks";$`, out)
	require.Regexp(t, `(?m)^  "\$JtAk629qXj2qVUGKdPawmprotK5aeHQXHwDaFFLvdfQ" -> "\$gffiyKu20W-FHi8CkzDPlWqaqCsv4-4fNFSAaznP5Ks" \[style=dashed`, out)
	// No resolve case: nothing highlighted.
	require.NotContains(t, out, "peripheries=2")
}

func TestGraphResolvedState(t *testing.T) {
	code, out, errOut := mxauth(t, "", "graph", filepath.Join(cmdData, "graph-v1.json"))
	require.Equal(t, exitOK, code, errOut)
	require.Empty(t, errOut)
	require.Contains(t, out, `resolved state of "state_sets" in bold`)
	// The resolved state of v1-topic-conflict has 6 entries.
	require.Equal(t, 6, strings.Count(out, "peripheries=2"))
	hl := regexp.MustCompile(`(?m)^  "\$alice-topic:example.org" \[.*peripheries=2\];$`)
	require.Regexp(t, hl, out)

	code, out, _ = mxauth(t, "", "graph", "--no-state", filepath.Join(cmdData, "graph-v1.json"))
	require.Equal(t, exitOK, code)
	require.NotContains(t, out, "peripheries=2")
}

func TestGraphMissingReference(t *testing.T) {
	code, out, _ := mxauth(t, "", "graph", filepath.Join(corpus, "auth-create", "create-with-prev-events-v3.json"))
	require.Equal(t, exitOK, code)
	require.Contains(t, out, "digraph")
}
