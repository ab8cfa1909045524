package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

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
fixture failed. With --areas the counts per area (the folder holding each
fixture, such as auth-restricted) come before the last line, one area a
line: "area NAME: N of M passed" and the failed fixtures' names. With
--json the report is one JSON document instead (with "areas" when --areas
is given).
When stderr is a terminal and the run takes more than a second, a
progress line is shown there: fixtures done and events judged. With --judge the fixtures are judged by the
external judge CMD, one subprocess for the whole run, speaking the
protocol of testdata/conformance/JUDGE.md ("mxauth judge" is one).

Example:
  mxauth conformance testdata/conformance
  mxauth conformance --areas testdata/conformance
  mxauth conformance --json testdata/conformance/resolve-v2 > report.json
  mxauth conformance --judge 'mxauth judge' testdata/conformance
`

// report is the --json output of conformance.
type report struct {
	Results []conformance.Result `json:"results"`
	Areas   []areaCount          `json:"areas,omitempty"`
	Passed  int                  `json:"passed"`
	Failed  int                  `json:"failed"`
}

// areaCount is the count of one area, the folder holding its fixtures.
type areaCount struct {
	Area   string   `json:"area"`
	Passed int      `json:"passed"`
	Failed int      `json:"failed"`
	Fails  []string `json:"failed_fixtures,omitempty"`
}

// countAreas counts results per area, in the order areas first appear
// (results are in path order, so areas are sorted).
func countAreas(results []conformance.Result) []areaCount {
	var out []areaCount
	index := map[string]int{}
	for _, r := range results {
		area := filepath.Base(filepath.Dir(r.Path))
		i, ok := index[area]
		if !ok {
			i = len(out)
			index[area] = i
			out = append(out, areaCount{Area: area})
		}
		if r.Passed {
			out[i].Passed++
		} else {
			out[i].Failed++
			out[i].Fails = append(out[i].Fails, r.Name)
		}
	}
	return out
}

func runConformance(args []string, e env) int {
	fs := flagSet("conformance", conformanceUsage)
	asJSON := fs.Bool("json", false, "write the report as JSON")
	areas := fs.Bool("areas", false, "count passed and failed fixtures per area (folder)")
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
		return fail(e, "conformance", fmt.Errorf("no *.json files found in %s", strings.Join(paths, ", ")))
	}
	prog := startProgress(e, "conformance", "fixtures", len(files))
	var results []conformance.Result
	if judge.enabled() {
		results, err = judge.runFiles(files, prog)
	} else {
		results = runFiles(files, *jobs, prog)
	}
	prog.stop()
	if err != nil {
		return fail(e, "conformance", err)
	}
	markDuplicateNames(results)

	rep := report{Results: results}
	if *areas {
		rep.Areas = countAreas(results)
	}
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
		for _, a := range rep.Areas {
			fmt.Fprintf(e.stdout, "area %s: %d of %d passed", a.Area, a.Passed, a.Passed+a.Failed)
			if len(a.Fails) > 0 {
				fmt.Fprintf(e.stdout, "; failed: %s", strings.Join(a.Fails, " "))
			}
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "%d passed, %d failed\n", rep.Passed, rep.Failed)
	}
	if rep.Failed > 0 {
		return exitFail
	}
	return exitOK
}

// runFile loads and runs one fixture file, counting its events and the
// file on prog.
func runFile(path string, prog *progress) conformance.Result {
	defer prog.done()
	f, changed, err := loadForRun(path)
	if err != nil {
		return conformance.FormatFailure(path, path, err)
	}
	r := runFixture(f, prog)
	if len(changed) > 0 {
		r.Outcomes = append(changed, r.Outcomes...)
		r.Finish()
	}
	return r
}

// loadForRun loads a fixture file to run. A fixture whose only format
// error is an event edited after its computed ID was written still fails,
// but is loaded with the event read under the ID the file refers to it by
// (fixture.LoadOptions.AllowChangedIDs), so that the other events are
// still judged; changed holds the failed outcome of each edited event, to
// be reported first. Any other format error is returned without the path,
// which the report names anyway.
func loadForRun(path string) (f *fixture.Fixture, changed []conformance.Outcome, err error) {
	f, err = fixture.LoadFile(path)
	if err == nil {
		return f, nil, nil
	}
	if lf, lerr := (fixture.LoadOptions{AllowChangedIDs: true}).LoadFile(path); lerr == nil && len(lf.Changed) > 0 {
		for _, en := range lf.Changed {
			changed = append(changed, conformance.ChangedIDOutcome(en))
		}
		return lf, changed, nil
	}
	var fe *fixture.FormatError
	if errors.As(err, &fe) {
		err = errors.New(fe.Reason)
	}
	return nil, nil, err
}

// runFixture runs a loaded fixture, turning a panic of the implementation
// into a failure of that fixture instead of the end of the whole run.
func runFixture(f *fixture.Fixture, prog *progress) (r conformance.Result) {
	defer func() {
		if p := recover(); p != nil {
			r = conformance.Result{Path: f.Path, Name: f.Name, Error: fmt.Sprintf("panic while running the fixture: %v", p)}
		}
	}()
	return conformance.Options{Judged: prog.event}.Run(f)
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
