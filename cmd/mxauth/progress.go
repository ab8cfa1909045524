package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progressDelay is how long a command runs before it shows progress: a
// run that ends sooner prints nothing.
const progressDelay = time.Second

// progress shows a command's progress in events on stderr while a long
// run goes on, one line rewritten in place:
//
//	mxauth check: 51200/100000 events
//	mxauth gen: 20480/100000 events signed
//	mxauth conformance: 120/489 fixtures, 53211 events
//
// It is silent unless stderr is a terminal (env.tty) and the run lasts
// longer than env.progressDelay; the line is cleared when the run ends.
// A nil *progress is a valid one that shows nothing. Its counters are safe
// for concurrent use.
type progress struct {
	cmd  string
	w    io.Writer
	unit string // what total counts: "events" or "fixtures"

	mu    sync.Mutex // guards what, total and writes to w
	what  string     // a word after the unit, such as "signed"
	total int64

	count  atomic.Int64 // units done
	events atomic.Int64 // events judged, when unit is "fixtures"
	shown  atomic.Bool

	quit     chan struct{}
	finished sync.WaitGroup
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// startProgress starts cmd's progress line over total units (events, or
// fixtures for conformance) on e's stderr, when it is a terminal. Call
// stop when the run ends. With no terminal it returns nil.
func startProgress(e env, cmd, unit string, total int) *progress {
	if !e.tty {
		return nil
	}
	p := &progress{cmd: cmd, w: e.stderr, unit: unit, total: int64(total), quit: make(chan struct{})}
	if e.progressDelay <= 0 {
		p.print()
	}
	p.finished.Go(func() {
		if !p.shown.Load() {
			select {
			case <-p.quit:
				return
			case <-time.After(e.progressDelay):
			}
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			p.print()
			select {
			case <-p.quit:
				return
			case <-tick.C:
			}
		}
	})
	return p
}

// print writes the current line.
func (p *progress) print() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.shown.Store(true)
	line := fmt.Sprintf("\rmxauth %s: %d/%d %s", p.cmd, p.count.Load(), p.total, p.unit)
	if p.total <= 0 { // not known yet
		line = fmt.Sprintf("\rmxauth %s: %d %s", p.cmd, p.count.Load(), p.unit)
	}
	if p.what != "" {
		line += " " + p.what
	}
	if p.unit != "events" {
		line += fmt.Sprintf(", %d events", p.events.Load())
	}
	fmt.Fprint(p.w, line+"\033[K")
}

// phase starts counting again from 0 over total units, shown followed by
// what ("signed", "judged"), for a command that goes over its events more
// than once. When the line is shown, the finished phase's final count is
// written first.
func (p *progress) phase(what string, total int) {
	if p == nil {
		return
	}
	if p.shown.Load() {
		p.print()
	}
	p.mu.Lock()
	p.what, p.total = what, int64(total)
	p.count.Store(0)
	p.mu.Unlock()
}

// done counts one finished unit.
func (p *progress) done() {
	if p != nil {
		p.count.Add(1)
	}
}

// event counts one judged event: a unit when the unit is events.
func (p *progress) event() {
	if p == nil {
		return
	}
	if p.unit == "events" {
		p.count.Add(1)
	} else {
		p.events.Add(1)
	}
}

// stop ends the progress line: when it was shown, the final counts are
// written once more and the line is cleared.
func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.quit)
	p.finished.Wait()
	if p.shown.Load() {
		p.print()
		p.mu.Lock()
		fmt.Fprint(p.w, "\r\033[K")
		p.mu.Unlock()
	}
}
