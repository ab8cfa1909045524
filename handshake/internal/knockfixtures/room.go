// Package knockfixtures builds the knock-lifecycle conformance fixtures
// (testdata/conformance/knock-lifecycle, format FORMAT.md): real PDUs with
// content hashes, computed event IDs and signatures, and an expected
// verdict on every event that the case author wrote down from the spec
// (DIGEST §2.5 and §4.2). Nothing here computes a verdict.
package knockfixtures

import (
	"fmt"

	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/handshake/internal/pdutest"
	"github.com/mxauth/mxauth/roomversion"
)

// Verdict labels, as FORMAT.md spells them.
const (
	Allowed  = "allowed"
	Rejected = "rejected"
)

// Identifiers of the fixture conventions. Bob, the knocking user, lives on
// another server, as knocks over federation do.
const (
	RoomID = "!room:example.org"
	Alice  = "@alice:example.org"
	Carol  = "@carol:example.org"
	Bob    = "@bob:remote.example"
)

// BaseTS is the origin_server_ts of a fixture's first event; each later
// event is one second later.
const BaseTS int64 = 1714000001000

type stateKey struct{ typ, sk string }

// Built is one event of a fixture with its label.
type Built struct {
	// Raw is the signed PDU as canonical JSON.
	Raw []byte
	// Event is the parsed PDU.
	Event *event.Event
	// Expect is the expected verdict, Allowed or Rejected.
	Expect string
	// Note says which rule decides the verdict, for a human reader.
	Note string
}

// Room appends events to one room's graph. Each event gets prev_events =
// the last allowed event, depth one more than it, and auth_events selected
// from the state made by the allowed events so far, as DIGEST §3 selects
// them (written out here, independently of the auth package). A rejected
// event changes neither the state nor the prev events.
type Room struct {
	v       roomversion.Version
	state   map[stateKey]*Built
	events  []*Built
	last    *Built
	signers map[string]pdutest.Signer
	err     error
}

// NewRoom starts an empty room of version v.
func NewRoom(v roomversion.Version) *Room {
	return &Room{v: v, state: map[stateKey]*Built{}, signers: map[string]pdutest.Signer{}}
}

// Err returns the first error met while building, if any.
func (r *Room) Err() error { return r.err }

// Events returns the events in order.
func (r *Room) Events() []*Built { return r.events }

// Signers returns the signers of every server that sent an event.
func (r *Room) Signers() map[string]pdutest.Signer { return r.signers }

// Version returns the room version.
func (r *Room) Version() roomversion.Version { return r.v }

// State returns the event at (typ, sk) in the room's current state, or nil.
func (r *Room) State(typ, sk string) *Built { return r.state[stateKey{typ, sk}] }

// Add appends a state event of type typ from sender with state key sk and
// content, labelled expect with the deciding rule in note.
func (r *Room) Add(expect, note, typ, sender, sk string, content map[string]any) *Built {
	return r.add(expect, note, typ, sender, sk, content, "")
}

// MemberWithout appends an m.room.member event whose auth_events leave out
// the selected event of type omit, as a careless or malicious server might.
func (r *Room) MemberWithout(omit, expect, note, sender, target, membership string) *Built {
	return r.add(expect, note, event.TypeMember, sender, target, map[string]any{"membership": membership}, omit)
}

func (r *Room) add(expect, note, typ, sender, sk string, content map[string]any, omit string) *Built {
	if r.err != nil {
		return nil
	}
	fields := map[string]any{
		"type":             typ,
		"room_id":          RoomID,
		"sender":           sender,
		"state_key":        sk,
		"content":          content,
		"origin_server_ts": BaseTS + int64(len(r.events))*1000,
		"auth_events":      r.selectAuth(typ, sender, sk, content, omit),
		"prev_events":      []string{},
		"depth":            int64(1),
	}
	if r.last != nil {
		fields["prev_events"] = []string{r.last.Event.ID()}
		fields["depth"] = r.last.Event.Depth() + 1
	}
	server := serverOf(sender)
	s, ok := r.signers[server]
	if !ok {
		s = pdutest.NewSigner(server)
		r.signers[server] = s
	}
	raw, ev, err := pdutest.Build(r.v, fields, s)
	if err != nil {
		r.err = fmt.Errorf("event %d (%s from %s): %w", len(r.events), typ, sender, err)
		return nil
	}
	b := &Built{Raw: raw, Event: ev, Expect: expect, Note: note}
	r.events = append(r.events, b)
	if expect == Allowed {
		r.state[stateKey{typ, sk}] = b
		r.last = b
	}
	return b
}

// Member appends an m.room.member event.
func (r *Room) Member(expect, note, sender, target, membership string) *Built {
	return r.Add(expect, note, event.TypeMember, sender, target, map[string]any{"membership": membership})
}

// selectAuth returns the auth event IDs DIGEST §3 selects for the event
// from the current state, in the table's column order, less any of type
// omit.
func (r *Room) selectAuth(typ, sender, sk string, content map[string]any, omit string) []string {
	if typ == event.TypeCreate {
		return []string{}
	}
	keys := []stateKey{{event.TypeCreate, ""}, {event.TypePowerLevels, ""}, {event.TypeMember, sender}}
	if typ == event.TypeMember {
		keys = append(keys, stateKey{event.TypeMember, sk})
		switch content["membership"] {
		case event.MembershipJoin, event.MembershipInvite, event.MembershipKnock:
			keys = append(keys, stateKey{event.TypeJoinRules, ""})
		}
	}
	ids := []string{}
	seen := map[string]bool{}
	for _, k := range keys {
		if b := r.state[k]; b != nil && k.typ != omit && !seen[b.Event.ID()] {
			seen[b.Event.ID()] = true
			ids = append(ids, b.Event.ID())
		}
	}
	return ids
}

func serverOf(userID string) string {
	for i := 0; i < len(userID); i++ {
		if userID[i] == ':' {
			return userID[i+1:]
		}
	}
	return ""
}
