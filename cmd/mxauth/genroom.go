package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/builder"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres/synth"
)

// Rooms of room versions with restricted joins (v8+) are generated here with
// the public event builder rather than by stateres/synth: members join
// through restricted and (v10+) knock_restricted join rules with an
// authorising user whose server also signs, knock and get invited, and a
// few attempts are wrong on purpose (an authoriser without the invite
// level, a missing authoriser signature, a join with no authoriser, a knock
// where knocking is not allowed). In room version 12 the room ID comes from
// the create event, which may name additional creators.

const (
	genAdmin    = "@admin:hs0.example"
	genServers  = 4
	genMods     = 3
	genBaseTS   = 1_700_000_000_000
	genSpace    = "!space:hs0.example" // the room a restricted join rule allows
	genCustom   = "org.example.state"
	genStateKey = 8 // custom state keys state events spread over
)

// genLine is one line of history: its tip, depth and state.
type genLine struct {
	tip   string
	depth int64
	state auth.StateMap
}

func (l *genLine) fork() *genLine {
	st := make(auth.StateMap, len(l.state))
	for k, v := range l.state {
		st[k] = v
	}
	return &genLine{tip: l.tip, depth: l.depth, state: st}
}

// genRoom builds one room.
type genRoom struct {
	v       roomversion.Version
	rng     *rand.Rand
	roomID  string
	ts      int64
	events  []json.RawMessage
	signers map[string]bool
	mods    []string
	next    int // next user number to join
	prog    *progress
}

func genUser(n int) string { return fmt.Sprintf("@u%d:hs%d.example", n, n%genServers) }

func genDomain(user string) string {
	if i := strings.IndexByte(user, ':'); i >= 0 {
		return user[i+1:]
	}
	return ""
}

func genSigningKey(server string) builder.SigningKey {
	return builder.SigningKey{ServerName: server, KeyID: genKeyID, PrivateKey: genKey(server)}
}

// send builds p on line l (prev event the tip, depth one more), signs it
// as the sender's server and, when authoriser is set, as the authoriser's
// server too (unless unsigned); the event joins l's state when the rules
// allow it there.
func (g *genRoom) send(l *genLine, p builder.Proto, authoriser string, unsigned bool) (*event.Event, error) {
	if p.Type != event.TypeCreate {
		p.RoomID = g.roomID
		p.PrevEvents = []string{l.tip}
	}
	p.Depth = l.depth + 1
	p.OriginServerTS = g.ts
	g.ts++
	server := genDomain(p.Sender)
	res, err := builder.Build(p, g.v, l.state, genSigningKey(server))
	if err != nil {
		return nil, fmt.Errorf("building %s by %s: %w", p.Type, p.Sender, err)
	}
	ev := res.Event
	g.signers[server] = true
	if authoriser != "" && !unsigned && genDomain(authoriser) != server {
		if ev, err = builder.AddSignature(ev, genSigningKey(genDomain(authoriser))); err != nil {
			return nil, fmt.Errorf("authorising server's signature: %w", err)
		}
		g.signers[genDomain(authoriser)] = true
	}
	if p.Type == event.TypeCreate {
		g.roomID = res.RoomID
	}
	g.events = append(g.events, json.RawMessage(ev.JSON()))
	g.prog.event()
	l.tip, l.depth = ev.ID(), l.depth+1
	if sk, ok := ev.StateKey(); ok && auth.Check(ev, l.state) == nil {
		l.state[auth.StateKey{Type: ev.Type(), StateKey: sk}] = ev
	}
	return ev, nil
}

func genContent(m map[string]any) []byte {
	b, _ := marshal(m)
	return b
}

// state sends a state event.
func (g *genRoom) state(l *genLine, sender, typ, key string, content map[string]any) error {
	_, err := g.send(l, builder.Proto{Type: typ, StateKey: builder.StateKey(key), Sender: sender, Content: genContent(content)}, "", false)
	return err
}

// member sends a member event about target; authoriser fills
// join_authorised_via_users_server.
func (g *genRoom) member(l *genLine, sender, target, membership, authoriser string, unsigned bool) error {
	c := map[string]any{"membership": membership}
	if authoriser != "" {
		c["join_authorised_via_users_server"] = authoriser
	}
	_, err := g.send(l, builder.Proto{Type: "m.room.member", StateKey: builder.StateKey(target), Sender: sender, Content: genContent(c)}, authoriser, unsigned)
	return err
}

func membershipIn(l *genLine, user string) string {
	ev := l.state[auth.StateKey{Type: "m.room.member", StateKey: user}]
	if ev == nil {
		return ""
	}
	m, _ := ev.Membership()
	return m
}

// joined lists the joined users of l among candidates.
func joined(l *genLine, candidates []string) []string {
	var out []string
	for _, u := range candidates {
		if membershipIn(l, u) == "join" {
			out = append(out, u)
		}
	}
	return out
}

// maxPicks bounds the random tries of [genRoom.pickJoined], so that the
// cost of an event does not grow with the room.
const maxPicks = 16

// pickJoined returns a random joined user among candidates, or "" when a
// few tries find none.
func (g *genRoom) pickJoined(l *genLine, candidates []string) string {
	if len(candidates) == 0 {
		return ""
	}
	for range maxPicks {
		if u := candidates[g.rng.IntN(len(candidates))]; membershipIn(l, u) == "join" {
			return u
		}
	}
	return ""
}

// authoriser picks a joined moderator or the admin of l.
func (g *genRoom) authoriser(l *genLine) string {
	c := joined(l, append([]string{genAdmin}, g.mods...))
	if len(c) == 0 {
		return genAdmin
	}
	return c[g.rng.IntN(len(c))]
}

// join brings user into the room along one of the ways the room's join rule
// offers, sometimes after a wrong attempt.
func (g *genRoom) join(l *genLine, user string, members []string) error {
	good := func() error { return g.member(l, user, user, "join", g.authoriser(l), false) }
	switch r := g.rng.IntN(10); {
	case r < 5:
		return good()
	case r == 5: // an authoriser without the invite level (MEMBER-JOIN-R-3)
		if plain := g.pickJoined(l, members[len(g.mods):]); plain != "" {
			if err := g.member(l, user, user, "join", plain, false); err != nil {
				return err
			}
		}
		return good()
	case r == 6: // the authorising server's signature missing (MEMBER-JAUTH-1)
		if err := g.member(l, user, user, "join", g.authoriser(l), true); err != nil {
			return err
		}
		return good()
	case r == 7: // knock (allowed under knock_restricted only), then invite
		if err := g.member(l, user, user, "knock", "", false); err != nil {
			return err
		}
		fallthrough
	case r == 8: // invited by a moderator, then a plain join
		if err := g.member(l, g.authoriser(l), user, "invite", "", false); err != nil {
			return err
		}
		return g.member(l, user, user, "join", "", false)
	default: // a join with no authoriser (refused unless invited)
		if err := g.member(l, user, user, "join", "", false); err != nil {
			return err
		}
		return good()
	}
}

// stateChange sends one state event of the kinds the history and the
// branches hold.
func (g *genRoom) stateChange(l *genLine, members []string) error {
	mod := g.authoriser(l)
	switch r := g.rng.IntN(12); {
	case r < 3:
		return g.state(l, mod, "m.room.topic", "", map[string]any{"topic": fmt.Sprintf("topic %d", g.rng.IntN(1000))})
	case r < 5:
		return g.state(l, mod, genCustom, fmt.Sprintf("k%d", g.rng.IntN(genStateKey)), map[string]any{"n": g.rng.IntN(1000)})
	case r < 6:
		return g.state(l, mod, "m.room.join_rules", "", g.joinRuleContent())
	case r < 7:
		return g.powerLevels(l)
	case r < 9:
		if target := g.pickJoined(l, members); target != "" {
			ms := []string{"leave", "ban"}[g.rng.IntN(2)]
			return g.member(l, mod, target, ms, "", false)
		}
		fallthrough
	default:
		user := genUser(g.next)
		g.next++
		return g.join(l, user, members)
	}
}

// joinRuleContent is a restricted or (v10+) knock_restricted join rule
// allowing the members of genSpace, now and then public or invite.
func (g *genRoom) joinRuleContent() map[string]any {
	rules := []string{"restricted", "restricted", "invite", "public"}
	if g.v.KnockRestrictedJoinRule {
		rules = append(rules, "knock_restricted", "knock_restricted")
	}
	jr := rules[g.rng.IntN(len(rules))]
	c := map[string]any{"join_rule": jr}
	if jr == "restricted" || jr == "knock_restricted" {
		c["allow"] = []any{map[string]any{"type": "m.room_membership", "room_id": genSpace}}
	}
	return c
}

// powerLevels sends power levels: moderators at 50 (creators of a
// PrivilegedCreators version are never listed, PL-1b), invites, kicks,
// bans and state at 50, and now and then one moderator demoted.
func (g *genRoom) powerLevels(l *genLine) error {
	users := map[string]any{}
	if !g.v.PrivilegedCreators {
		users[genAdmin] = 100
	}
	for _, m := range g.mods {
		users[m] = 50
	}
	if len(g.mods) > 0 && g.rng.IntN(3) == 0 {
		delete(users, g.mods[g.rng.IntN(len(g.mods))])
	}
	return g.state(l, genAdmin, "m.room.power_levels", "", map[string]any{
		"users": users, "invite": 50, "kick": 50, "ban": 50, "redact": 50,
		"state_default": 50, "events_default": 0, "users_default": 0,
	})
}

// buildRoom generates the room cfg describes (cfg.RoomVersion must have
// RestrictedJoinRule) and returns its PDUs in order, the state sets at the
// branch tips and the servers that signed.
func buildRoom(cfg synth.Config, prog *progress) ([]json.RawMessage, [][]string, []string, error) {
	v := cfg.RoomVersion
	forks := cfg.Forks
	if forks == 0 {
		forks = 2
	}
	switch {
	case cfg.Members < 0 || cfg.Members > synth.MaxMembers:
		return nil, nil, nil, fmt.Errorf("members out of range 0..%d", synth.MaxMembers)
	case cfg.StateEvents < 0 || cfg.StateEvents > synth.MaxStateEvents:
		return nil, nil, nil, fmt.Errorf("state events out of range 0..%d", synth.MaxStateEvents)
	case cfg.Conflicts < 0 || cfg.Conflicts > synth.MaxConflicts:
		return nil, nil, nil, fmt.Errorf("conflicts out of range 0..%d", synth.MaxConflicts)
	case forks < 1 || forks > synth.MaxForks:
		return nil, nil, nil, fmt.Errorf("forks out of range 1..%d", synth.MaxForks)
	}
	g := &genRoom{
		v:       v,
		rng:     rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6e6e)),
		ts:      genBaseTS,
		signers: map[string]bool{},
		next:    cfg.Members,
		prog:    prog,
	}
	prog.phase("built and signed", 0) // the count is known at the end
	members := make([]string, cfg.Members)
	for i := range members {
		members[i] = genUser(i)
	}
	g.mods = members[:min(genMods, len(members))]
	main := &genLine{state: auth.StateMap{}}
	if err := g.history(main, cfg, members); err != nil {
		return nil, nil, nil, err
	}
	lines := make([]*genLine, forks)
	for i := range lines {
		lines[i] = main.fork()
	}
	for j := range cfg.Conflicts {
		if err := g.stateChange(lines[j%forks], members); err != nil {
			return nil, nil, nil, err
		}
	}
	sets := make([][]string, forks)
	for i, l := range lines {
		for _, ev := range l.state {
			sets[i] = append(sets[i], ev.ID())
		}
		slices.Sort(sets[i])
	}
	servers := make([]string, 0, len(g.signers))
	for s := range g.signers {
		servers = append(servers, s)
	}
	slices.Sort(servers)
	return g.events, sets, servers, nil
}

// history is the line before the fork: create, the admin's join, power
// levels, the join rule, the members' joins and cfg.StateEvents changes.
func (g *genRoom) history(l *genLine, cfg synth.Config, members []string) error {
	create := map[string]any{"room_version": g.v.ID}
	if !g.v.CreatorIsCreateSender {
		create["creator"] = genAdmin
	}
	if g.v.PrivilegedCreators && len(members) > genMods {
		// Up to two additional creators among the members past the
		// moderators (DEF-CREATORS-1).
		var extra []any
		for i := range g.rng.IntN(3) {
			extra = append(extra, members[genMods+i%(len(members)-genMods)])
		}
		if len(extra) > 0 {
			create["additional_creators"] = extra
		}
	}
	if _, err := g.send(l, builder.Proto{Type: event.TypeCreate, StateKey: builder.StateKey(""), Sender: genAdmin,
		RoomID: g.createRoomID(cfg), Content: genContent(create)}, "", false); err != nil {
		return err
	}
	if err := g.member(l, genAdmin, genAdmin, "join", "", false); err != nil {
		return err
	}
	if err := g.powerLevels(l); err != nil {
		return err
	}
	jr := map[string]any{"join_rule": "restricted", "allow": []any{map[string]any{"type": "m.room_membership", "room_id": genSpace}}}
	if g.v.KnockRestrictedJoinRule && g.rng.IntN(2) == 0 {
		jr["join_rule"] = "knock_restricted"
	}
	if err := g.state(l, genAdmin, "m.room.join_rules", "", jr); err != nil {
		return err
	}
	for _, m := range g.mods { // the first moderators are authorised by the admin
		if err := g.member(l, m, m, "join", genAdmin, false); err != nil {
			return err
		}
	}
	for _, m := range members[len(g.mods):] {
		if err := g.join(l, m, members); err != nil {
			return err
		}
	}
	for range cfg.StateEvents {
		if err := g.stateChange(l, members); err != nil {
			return err
		}
	}
	return nil
}

// createRoomID is the create event's room_id: none where the room ID is
// derived from the create event (v12).
func (g *genRoom) createRoomID(cfg synth.Config) string {
	if g.v.RoomIDFromCreateEvent {
		return ""
	}
	return fmt.Sprintf("!gen%d:hs0.example", cfg.Seed)
}
