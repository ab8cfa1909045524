package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Exit statuses.
const (
	exitOK    = 0 // success; for conformance: nothing failed
	exitFail  = 1 // a fixture failed, an input could not be read, a PDU is invalid
	exitUsage = 2 // bad command line
)

// env is what a command reads and writes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// tty reports that stderr is a terminal, where gen, check and
	// conformance show their progress (progress.go) once they have run
	// for progressDelay; tests set both.
	tty           bool
	progressDelay time.Duration
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, e env) int
}

func commands() []command {
	return []command{
		{"conformance", "run conformance fixtures and report PASS/FAIL per fixture", runConformance},
		{"check", "judge every event of a fixture or graph file", runCheck},
		{"resolve", "resolve the state sets of a fixture or graph file", runResolve},
		{"event", "inspect one PDU read from stdin", runEvent},
		{"gen", "generate a seeded random room graph as a fixture", runGen},
		{"graph", "draw a fixture or graph file as Graphviz DOT or SVG", runGraph},
		{"judge", "answer conformance questions as the reference judge (JUDGE.md)", runJudge},
	}
}

// run is the whole program: it parses args (without the program name),
// runs one command and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(args, env{stdin: stdin, stdout: stdout, stderr: stderr,
		tty: isTerminal(stderr), progressDelay: progressDelay})
}

// runEnv is run with the environment given, so that tests can say that
// stderr is a terminal.
func runEnv(args []string, e env) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, versionLine())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return runEnv([]string{args[1], "--help"}, e)
		}
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], e)
		}
	}
	fmt.Fprintf(stderr, "mxauth: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: mxauth COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "mxauth COMMAND --help" for a command's flags and an example,`)
	fmt.Fprintln(w, `"mxauth --version" for the version and source revision.`)
}

// flagSet builds a command's flag set; usageText is printed above the
// flag defaults and should end with an example.
func flagSet(name, usageText string) *flag.FlagSet {
	fs := flag.NewFlagSet("mxauth "+name, flag.ContinueOnError)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, strings.TrimSpace(usageText))
		if hasFlags(fs) {
			fmt.Fprintln(w)
			fmt.Fprintln(w, "Flags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses args with fs, allowing flags after positional arguments,
// and returns the positional arguments. It returns done=true with the exit
// status when the command should stop: after --help (usage on stdout,
// status 0) or a bad command line (message on stderr, status 2).
func parse(fs *flag.FlagSet, args []string, e env) (pos []string, status int, done bool) {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	defer fs.SetOutput(e.stderr)
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			io.Copy(e.stdout, &buf)
			return nil, exitOK, true
		case err != nil:
			io.Copy(e.stderr, &buf)
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, exitOK, false
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseGraphArgs is parse for the commands that take exactly one graph
// FILE (check, resolve, graph): it parses the flags and loads the file.
// With done=true the command stops with status.
func parseGraphArgs(fs *flag.FlagSet, args []string, e env) (g *graphFile, status int, done bool) {
	pos, status, done := parse(fs, args, e)
	if done {
		return nil, status, true
	}
	if len(pos) != 1 {
		return nil, usageError(fs, e, "give exactly one FILE"), true
	}
	g, err := loadGraph(pos[0], e.stdin)
	if err != nil {
		return nil, fail(e, strings.TrimPrefix(fs.Name(), "mxauth "), err), true
	}
	for _, en := range g.Changed {
		fmt.Fprintf(e.stderr, "%s: %s: events[%d] (%s): this event's computed ID changed: it is now %s; it is read under the ID the file refers to it by\n",
			fs.Name(), pos[0], en.Index, en.ID, en.ComputedID)
	}
	return g, exitOK, false
}

// usageError reports a bad command line.
func usageError(fs *flag.FlagSet, e env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fmt.Fprintf(e.stderr, "Run \"%s --help\" for usage.\n", fs.Name())
	return exitUsage
}

// fail reports an error that stops a command.
func fail(e env, name string, err error) int {
	fmt.Fprintf(e.stderr, "mxauth %s: %v\n", name, err)
	return exitFail
}
