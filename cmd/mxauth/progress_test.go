package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestIsTerminal(t *testing.T) {
	require.False(t, isTerminal(&bytes.Buffer{}))
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	require.NoError(t, err)
	defer f.Close()
	require.False(t, isTerminal(f))
}

func TestProgressShortRunIsSilent(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 10, time.Hour, true)
	p.done()
	p.stop()
	require.Empty(t, buf.String())
}

func TestProgressLongRun(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 10, time.Millisecond, true)
	for range 3 {
		p.done()
	}
	time.Sleep(50 * time.Millisecond)
	p.stop()
	out := buf.String()
	require.Contains(t, out, "\rmxauth conformance: 3/10 fixtures")
	require.True(t, strings.HasSuffix(out, "\r\033[K"), "the line is cleared at the end")
}

func TestProgressNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 10, time.Millisecond, false)
	time.Sleep(10 * time.Millisecond)
	p.stop()
	require.Empty(t, buf.String())
}
