// Package compare measures mxauth beside maunium.net/go/mautrix (v0.32.0,
// its federation/pdu and federation/eventauth packages) in one process, on
// the events of the conformance fixtures: parse plus event ID, and the
// authorization check against each event's own auth events, with nothing
// memoised on the auth events (parsed afresh for every check) and warm.
//
// It is a module of its own, so that the root module does not depend on
// mautrix; the measurements are in its test files. mautrix's PDU code
// needs encoding/json/v2, so on Go 1.26 run it with GOEXPERIMENT=jsonv2
// (see README.md).
package compare
