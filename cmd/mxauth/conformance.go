package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"time"

	"github.com/mxauth/mxauth/internal/conformance"
	"github.com/mxauth/mxauth/internal/fixture"
)

const conformanceUsage = `
Usage: mxauth conformance [--json] [--jobs N] [--judge CMD] PATH...

Runs the conformance fixtures in each PATH (a fixture file, or a directory
searched recursively for *.json) and prints one line per fixture, in path
order:

  PASS name
  FAIL name: what differed (event, expected, got, rule ID: reason)

then the line "N passed, N failed". A file that breaks the fixture format
fails with its path and the problem. The exit status is 0 only when no
fixture failed. With --json the report is one JSON document instead.
When stderr is a terminal and the run takes more than a second, a
progress line is shown there. With --judge the fixtures are judged by the
external judge CMD, one subprocess for the whole run, speaking the
protocol of testdata/conformance/JUDGE.md ("mxauth judge" is one).

Example:
  mxauth conformance testdata/conformance
  mxauth conformance --json testdata/conformance/resolve-v2 > report.json
  mxauth conformance --judge 'mxauth judge' testdata/conformance
`

// report is the --json output of conformance.
type report struct {
	Results []conformance.Result `json:"results"`
	Passed  int                  `json:"passed"`
	Failed  int                  `json:"failed"`
}

func runConformance(args []string, e env) int {
	fs := flagSet("conformance", conformanceUsage)
	asJSON := fs.Bool("json", false, "write the report as JSON")
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "fixtures loaded and judged at once")
	judge := addJudgeFlags(fs)
	paths, status, done := parse(fs, args, e)
	if done {
		return status
	}
	if len(paths) == 0 {
		return usageError(fs, e, "no fixture paths given")
	}
	for i, p := range paths {
		paths[i] = filepath.Clean(p)
	}
	files, err := fixture.Find(paths...)
	if err != nil {
		return fail(e, "conformance", err)
	}
	if len(files) == 0 {
		return fail(e, "conformance", errors.New("no *.json files found"))
	}
	prog := startProgress(e.stderr, len(files), time.Second)
	var results []conformance.Result
	if judge.enabled() {
		results, err = judge.runFiles(files, prog.done)
	} else {
		results = runFiles(files, *jobs, prog.done)
	}
	prog.stop()
	if err != nil {
		return fail(e, "conformance", err)
	}
	markDuplicateNames(results)

	rep := report{Results: results}
	for _, r := range results {
		if r.Passed {
			rep.Passed++
		} else {
			rep.Failed++
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fail(e, "conformance", err)
		}
	} else {
		for _, r := range results {
			if r.Passed {
				fmt.Fprintf(e.stdout, "PASS %s\n", r.Name)
			} else {
				fmt.Fprintf(e.stdout, "FAIL %s: %s\n", r.Name, r.Summary())
			}
		}
		fmt.Fprintf(e.stdout, "%d passed, %d failed\n", rep.Passed, rep.Failed)
	}
	if rep.Failed > 0 {
		return exitFail
	}
	return exitOK
}

// runFile loads and runs one fixture file.
func runFile(path string) conformance.Result {
	f, err := fixture.LoadFile(path)
	if err != nil {
		var fe *fixture.FormatError
		if errors.As(err, &fe) {
			err = errors.New(fe.Reason)
		}
		return conformance.FormatFailure(path, path, err)
	}
	return runFixture(f)
}

// runFixture runs a loaded fixture, turning a panic of the implementation
// into a failure of that fixture instead of the end of the whole run.
func runFixture(f *fixture.Fixture) (r conformance.Result) {
	defer func() {
		if p := recover(); p != nil {
			r = conformance.Result{Path: f.Path, Name: f.Name, Error: fmt.Sprintf("panic while running the fixture: %v", p)}
		}
	}()
	return conformance.Run(f)
}

// markDuplicateNames fails every fixture after the first that reuses a
// name: names must be unique within a corpus (FORMAT.md).
func markDuplicateNames(results []conformance.Result) {
	first := map[string]string{}
	for i := range results {
		r := &results[i]
		if r.Error != "" {
			continue
		}
		if p, dup := first[r.Name]; dup {
			r.Passed = false
			r.Error = fmt.Sprintf("%s: name %q is also used by %s", r.Path, r.Name, p)
			continue
		}
		first[r.Name] = r.Path
	}
}
