//go:build goexperiment.jsonv2 || go1.27

package compare

import (
	"encoding/json/v2"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"maunium.net/go/mautrix/federation/pdu"
	"maunium.net/go/mautrix/id"
)

// pduCase is one corpus event for parse + event ID.
type pduCase struct {
	raw []byte
	id  string // the fixture's ID of the event
	v   roomversion.Version
	// hand is true for the hand-labelled fixtures (all but random and
	// random-v8-12).
	hand bool
	rv   id.RoomVersion
}

// authCase is one corpus event for the auth check, in both libraries'
// forms. Auth events are kept as raw text too, so that a cold check can
// parse them afresh.
type authCase struct {
	v    roomversion.Version
	rv   id.RoomVersion
	hand bool

	ev      *event.Event
	auth    []*event.Event
	authRaw [][]byte
	authIDs []string

	mev    *pdu.PDU
	mauth  []*pdu.PDU // the PDUs of mev.AuthEvents, in that order
	create []*pdu.PDU // v12: the implied create event
}

// loadCorpus reads every fixture of testdata/conformance in room
// versions 3–12.
func loadCorpus(tb testing.TB) (pdus []pduCase, auths []authCase) {
	tb.Helper()
	files, err := filepath.Glob("../../testdata/conformance/*/*.json")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	sort.Strings(files)
	for _, path := range files {
		f, err := fixture.LoadFile(path)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		v := f.RoomVersion
		hand := !strings.HasPrefix(filepath.Base(filepath.Dir(path)), "random")
		if v.ID == "1" || v.ID == "2" {
			continue // mautrix reads these with another PDU type
		}
		rv := id.RoomVersion(v.ID)
		parsed := map[string]*pdu.PDU{}
		raws := map[string][]byte{}
		for _, en := range f.Events {
			if en.Event == nil {
				continue
			}
			var p *pdu.PDU
			if json.Unmarshal(en.Raw, &p) != nil || p == nil {
				continue
			}
			if !f.GivenIDs {
				pdus = append(pdus, pduCase{raw: en.Raw, id: en.ID, v: v, rv: rv, hand: hand})
			}
			parsed[en.ID], raws[en.ID] = p, en.Raw
		}
		for _, en := range f.Events {
			c, ok := authCaseOf(f, en, parsed, raws)
			if ok {
				c.hand = hand
				auths = append(auths, c)
			}
		}
	}
	return pdus, auths
}

// authCaseOf builds the auth case of entry en: false when the event or
// an auth event is missing, not earlier, or not labelled allowed.
func authCaseOf(f *fixture.Fixture, en *fixture.Entry, parsed map[string]*pdu.PDU, raws map[string][]byte) (authCase, bool) {
	c := authCase{v: f.RoomVersion, rv: id.RoomVersion(f.RoomVersion.ID), ev: en.Event, mev: parsed[en.ID]}
	if c.ev == nil || c.mev == nil || f.Auth[en.ID] == "" || c.ev.Type() == event.TypeCreate {
		return c, false
	}
	ids := c.ev.AuthEventIDs()
	implied, hasImplied := c.ev.ImpliedCreateEventID()
	if hasImplied {
		ids = append(append([]string(nil), ids...), implied)
	}
	for _, aid := range ids {
		ae := f.Lookup(aid)
		if ae == nil || ae.Event == nil || ae.Index >= en.Index || f.Auth[aid] != fixture.VerdictAllowed || parsed[aid] == nil {
			return c, false
		}
		c.auth = append(c.auth, ae.Event)
		c.authRaw = append(c.authRaw, raws[aid])
		c.authIDs = append(c.authIDs, aid)
	}
	for _, aid := range c.mev.AuthEvents {
		p := parsed[string(aid)]
		if p == nil {
			return c, false
		}
		c.mauth = append(c.mauth, p)
	}
	if hasImplied {
		c.create = []*pdu.PDU{parsed[implied]}
	}
	return c, true
}
