package synth

import (
	"sort"
	"strconv"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/stateres"
)

// line is the evolving state of the main history or of one branch.
type line struct {
	state  stateres.StateSet
	joined []string       // joined users, for random picks
	pos    map[string]int // index in joined
	banned map[string]bool
	levels map[string]int64 // power_levels users
	// creator is the v12 creator, whose level is infinite and who is
	// never listed in levels; "" before v12.
	creator string
	tip     string
	depth   int64
}

func (l *line) clone() *line {
	c := &line{
		state:  make(stateres.StateSet, len(l.state)),
		joined: append([]string(nil), l.joined...),
		pos:    make(map[string]int, len(l.pos)),
		banned: make(map[string]bool, len(l.banned)),
		levels: make(map[string]int64, len(l.levels)),
		tip:    l.tip, depth: l.depth, creator: l.creator,
	}
	for k, v := range l.state {
		c.state[k] = v
	}
	for k, v := range l.pos {
		c.pos[k] = v
	}
	for k, v := range l.banned {
		c.banned[k] = v
	}
	for k, v := range l.levels {
		c.levels[k] = v
	}
	return c
}

func (l *line) join(u string) {
	if _, ok := l.pos[u]; ok {
		return
	}
	l.pos[u] = len(l.joined)
	l.joined = append(l.joined, u)
}

func (l *line) leave(u string) {
	i, ok := l.pos[u]
	if !ok {
		return
	}
	last := l.joined[len(l.joined)-1]
	l.joined[i] = last
	l.pos[last] = i
	l.joined = l.joined[:len(l.joined)-1]
	delete(l.pos, u)
}

func (l *line) level(u string) int64 {
	if u == l.creator {
		return 1 << 53 // infinite (DEF-CREATORS-1)
	}
	return l.levels[u]
}

// authFor is auth-event selection (SEL-1..5) against the line's state. In
// room version 12 (impliedCreate) the create event is implied by room_id
// and never listed (SEL-1).
func (l *line) authFor(p *pdu, impliedCreate bool) []string {
	if p.typ == event.TypeCreate {
		return nil
	}
	out := make([]string, 0, 5)
	add := func(typ, sk string) {
		if id, ok := l.state[auth.StateKey{Type: typ, StateKey: sk}]; ok {
			for _, x := range out {
				if x == id {
					return
				}
			}
			out = append(out, id)
		}
	}
	if !impliedCreate {
		add(event.TypeCreate, "")
	}
	add(event.TypePowerLevels, "")
	add(event.TypeMember, p.sender)
	if p.typ == event.TypeMember {
		add(event.TypeMember, p.stateKey)
		if m := membershipOf(p.content); m == event.MembershipJoin || m == event.MembershipInvite {
			add(event.TypeJoinRules, "")
		}
	}
	return out
}

func membershipOf(content string) string {
	for _, m := range []string{event.MembershipJoin, event.MembershipInvite, event.MembershipLeave, event.MembershipBan} {
		if len(content) > 15 && content[:15] == `{"membership":"` && len(content) >= 15+len(m) && content[15:15+len(m)] == m {
			return m
		}
	}
	return ""
}

// plContent renders power-levels content for the line's users map, keys
// sorted as canonical JSON requires.
func (l *line) plContent() string {
	users := make([]string, 0, len(l.levels))
	for u := range l.levels {
		users = append(users, u)
	}
	sort.Strings(users)
	b := []byte(`{"ban":50,"events":{"m.room.name":50,"m.room.power_levels":100,"m.room.topic":50},"events_default":0,"invite":0,"kick":50,"redact":50,"state_default":50,"users":{`)
	for i, u := range users {
		if i > 0 {
			b = append(b, ',')
		}
		b = str(b, u)
		b = append(b, ':')
		b = strconv.AppendInt(b, l.levels[u], 10)
	}
	return string(append(b, `},"users_default":0}`...))
}
