// Package judgeproto is the judge protocol of mxauth's conformance runner
// (testdata/conformance/JUDGE.md): JSON lines over a judge's stdin and
// stdout, through which a runner asks another implementation of Matrix
// event authorization, in any language, to judge the events of a fixture,
// resolve its state sets and redact its events.
//
// The package holds the message types ([Request], [Response]), a bounded
// line reader and writer ([Reader], [Writer]), a [Client] that starts a
// judge as a subprocess and asks it questions with a time limit each, a
// [Serve] loop for writing a judge, and [Reference], the reference judge
// built on the mxauth library.
//
// Everything a judge sends is untrusted: lines are capped at a size, every
// answer must carry the question's id, and a judge that exits, hangs or
// writes anything else ends the session with an error that says so.
package judgeproto
