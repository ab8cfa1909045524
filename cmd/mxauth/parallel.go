package main

import (
	"sync"

	"github.com/mxauth/mxauth/internal/conformance"
)

// runFiles runs the fixture files with up to jobs workers and returns the
// results in the order of files, counting files and events on prog.
func runFiles(files []string, jobs int, prog *progress) []conformance.Result {
	results := make([]conformance.Result, len(files))
	if jobs < 1 {
		jobs = 1
	}
	if jobs > len(files) {
		jobs = len(files)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for i := range next {
				results[i] = runFile(files[i], prog)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
