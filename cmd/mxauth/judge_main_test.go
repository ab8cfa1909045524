package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mxauth/mxauth/internal/judgeproto"
)

// judgeArg, as the test binary's first argument, makes it a judge for the
// tests instead of running them: "mxauth.test mxauth-test-judge KIND".
const judgeArg = "mxauth-test-judge"

func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == judgeArg {
		os.Exit(testJudge(os.Args[2]))
	}
	os.Exit(m.Run())
}

// testJudgeCmd is the --judge command line of the test judge KIND.
func testJudgeCmd(t *testing.T, kind string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return "'" + exe + "' " + judgeArg + " " + kind
}

// testJudge runs one of the judges the tests drive, on stdin and stdout.
func testJudge(kind string) int {
	e := env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	in := bufio.NewReader(os.Stdin)
	hello := func() {
		in.ReadString('\n')
		fmt.Println(`{"id":0,"protocol":1,"name":"test"}`)
	}
	switch kind {
	case "reference":
		// The real command, as "mxauth judge" runs it.
		return run([]string{"judge"}, os.Stdin, os.Stdout, os.Stderr)
	case "exit-at-end":
		serveJudge(e, refJudge)
		fmt.Fprintln(os.Stderr, "test judge: failing at the end")
		return 4
	case "wrong":
		return serveJudge(e, wrongJudge{})
	case "wrong-ids":
		return serveJudge(e, wrongIDsJudge{})
	case "exit":
		hello()
		in.ReadString('\n')
		fmt.Fprintln(os.Stderr, "test judge: giving up")
		return 3
	case "no-hello":
		return 0
	case "junk":
		hello()
		in.ReadString('\n')
		fmt.Println("this is not JSON")
	case "huge":
		hello()
		in.ReadString('\n')
		fmt.Println(`{"id":1,"error":"` + strings.Repeat("x", judgeproto.DefaultMaxLine) + `"}`)
	case "version":
		in.ReadString('\n')
		fmt.Println(`{"id":0,"protocol":2,"name":"future"}`)
	case "wrong-id":
		hello()
		in.ReadString('\n')
		fmt.Println(`{"id":7}`)
	case "hang":
		hello()
		time.Sleep(time.Minute)
	default:
		fmt.Fprintln(os.Stderr, "unknown test judge", kind)
		return 2
	}
	return 0
}

// wrongJudge is a deliberately wrong judge: it allows every event,
// resolves every state to nothing and redacts every event to {}.
type wrongJudge struct{}

func (wrongJudge) Answer(req *judgeproto.Request) *judgeproto.Response {
	switch req.Op {
	case judgeproto.OpAuth:
		return &judgeproto.Response{Allowed: judgeproto.Bool(true)}
	case judgeproto.OpResolve:
		return &judgeproto.Response{State: &map[string]map[string]string{}}
	case judgeproto.OpRedact:
		return &judgeproto.Response{Redacted: judgeproto.RawJSON(`{}`)}
	}
	return refJudge.Answer(req)
}

// wrongIDsJudge answers as the reference judge but claims another ID for
// every event it judges.
type wrongIDsJudge struct{}

func (wrongIDsJudge) Answer(req *judgeproto.Request) *judgeproto.Response {
	resp := refJudge.Answer(req)
	if req.Op == judgeproto.OpAuth && resp.EventID != "" {
		resp.EventID += "x"
	}
	return resp
}

var refJudge = &judgeproto.Reference{}
