package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows "k/N fixtures" on stderr while a long run goes on. It is
// silent unless stderr is a terminal and the run lasts longer than the
// delay it was started with.
type progress struct {
	count    atomic.Int64
	total    int
	w        io.Writer
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

// startProgress starts the progress line on w when w is a terminal; call
// stop when the run ends.
func startProgress(w io.Writer, total int, delay time.Duration) *progress {
	return newProgress(w, total, delay, isTerminal(w))
}

// newProgress is startProgress with the terminal check done by the caller.
func newProgress(w io.Writer, total int, delay time.Duration, tty bool) *progress {
	p := &progress{total: total, w: w}
	if !tty {
		return p
	}
	p.quit = make(chan struct{})
	p.finished.Go(func() {
		select {
		case <-p.quit:
			return
		case <-time.After(delay):
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(p.w, "\rmxauth conformance: %d/%d fixtures", p.count.Load(), p.total)
			select {
			case <-p.quit:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-tick.C:
			}
		}
	})
	return p
}

// done counts one finished fixture; it is safe for concurrent use.
func (p *progress) done() { p.count.Add(1) }

// stop ends the progress line and clears it.
func (p *progress) stop() {
	if p.quit != nil {
		close(p.quit)
		p.finished.Wait()
	}
}
