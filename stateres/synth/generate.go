package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/mxauth/mxauth/auth"
	"github.com/mxauth/mxauth/event"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres"
)

// Room is a generated room.
type Room struct {
	// Version is the room version the events were built for.
	Version roomversion.Version
	// RoomID is the room's ID.
	RoomID string
	// Events are all events, each after the events it cites.
	Events []*event.Event
	// Raw holds each event's PDU text (Raw[i] is Events[i]; without
	// event_id for room versions 3+).
	Raw [][]byte
	// Base is the state at the fork point.
	Base stateres.StateSet
	// StateSets holds the state at the tip of each branch.
	StateSets []stateres.StateSet

	byID map[string]*event.Event
}

// Fetch returns the event with the given ID; it suits stateres.Input.Fetch.
func (r *Room) Fetch(id string) (*event.Event, bool) {
	ev, ok := r.byID[id]
	return ev, ok
}

// Input returns a stateres.Input resolving the room's state sets, with no
// event rejected.
func (r *Room) Input() stateres.Input {
	return stateres.Input{Version: r.Version, StateSets: r.StateSets, Fetch: r.Fetch, RoomID: r.RoomID}
}

const (
	baseTS  = 1_700_000_000_000
	admin   = "@admin:hs0.example"
	maxMods = 5
	// promotable is how many members power-levels changes pick from.
	promotable = 20
)

type gen struct {
	cfg  Config
	rng  *rand.Rand
	room *Room
	buf  []byte
	ts   int64
}

// Generate builds the room cfg describes.
func Generate(cfg Config) (*Room, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	total := 4 + cfg.Members + cfg.StateEvents + cfg.Conflicts
	g := &gen{
		cfg: cfg,
		rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5eed)),
		room: &Room{
			Version: cfg.RoomVersion,
			RoomID:  "!synth" + strconv.FormatInt(cfg.Seed, 10) + ":hs0.example",
			Events:  make([]*event.Event, 0, total),
			Raw:     make([][]byte, 0, total),
			byID:    make(map[string]*event.Event, total),
		},
		ts: baseTS,
	}
	main := &line{state: stateres.StateSet{}, pos: map[string]int{}, banned: map[string]bool{}, levels: map[string]int64{admin: 100}}
	if cfg.RoomVersion.PrivilegedCreators {
		// v12: the creator has infinite power and must not be listed in
		// the users map (PL-1b).
		delete(main.levels, admin)
		main.creator = admin
	}
	if err := g.history(main); err != nil {
		return nil, err
	}
	g.room.Base = main.clone().state
	lines := make([]*line, cfg.Forks)
	for i := range lines {
		lines[i] = main.clone()
	}
	for i := 0; i < cfg.Conflicts; i++ {
		b := lines[i%cfg.Forks]
		if err := g.conflict(b); err != nil {
			return nil, err
		}
	}
	for _, b := range lines {
		g.room.StateSets = append(g.room.StateSets, b.state)
	}
	return g.room, nil
}

func user(i int) string { return "@u" + strconv.Itoa(i) + ":hs" + strconv.Itoa(i%5) + ".example" }

// history writes the linear part: create, creator join, power levels, join
// rules, the members' joins and the state events.
func (g *gen) history(l *line) error {
	creator := `{"creator":` + string(str(nil, admin)) + `,"room_version":` + string(str(nil, g.cfg.RoomVersion.ID)) + `}`
	if g.cfg.RoomVersion.CreatorIsCreateSender {
		// v11+: the creator is the create event's sender.
		creator = `{"room_version":` + string(str(nil, g.cfg.RoomVersion.ID)) + `}`
	}
	steps := []struct{ typ, sender, sk, content string }{
		{event.TypeCreate, admin, "", creator},
		{event.TypeMember, admin, admin, `{"membership":"join"}`},
	}
	for _, s := range steps {
		if err := g.emit(l, s.typ, s.sender, s.sk, s.content); err != nil {
			return err
		}
	}
	l.join(admin)
	for i := 0; i < g.cfg.Members && i < maxMods; i++ {
		l.levels[user(i)] = 50
	}
	if err := g.emit(l, event.TypePowerLevels, admin, "", l.plContent()); err != nil {
		return err
	}
	if err := g.emit(l, event.TypeJoinRules, admin, "", `{"join_rule":"public"}`); err != nil {
		return err
	}
	for i := 0; i < g.cfg.Members; i++ {
		u := user(i)
		if err := g.emit(l, event.TypeMember, u, u, `{"membership":"join"}`); err != nil {
			return err
		}
		l.join(u)
	}
	if g.cfg.Pool > 0 {
		for i := 0; i < g.cfg.StateEvents; i++ {
			if err := g.churn(l); err != nil {
				return err
			}
		}
		return nil
	}
	for i := 0; i < g.cfg.StateEvents; i++ {
		var err error
		switch x := g.rng.IntN(100); {
		case x < 2:
			err = g.plChange(l)
		case x < 40:
			err = g.profile(l)
		default:
			err = g.stateChange(l)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// churn writes one event of the realistic shape (Config.Pool).
func (g *gen) churn(l *line) error {
	if g.rng.IntN(g.cfg.PLEvery) == 0 {
		return g.plChange(l)
	}
	switch x := g.rng.IntN(200); {
	case x == 0:
		return g.emit(l, event.TypeJoinRules, g.powerful(l), "", `{"join_rule":"public"}`)
	case x < 20:
		return g.stateChange(l)
	}
	u := user(maxMods + g.rng.IntN(max(g.cfg.Pool-maxMods, 1)))
	if _, joined := l.pos[u]; !joined {
		if l.banned[u] { // unban: a moderator sets the membership to leave
			by := g.powerful(l)
			if l.level(by) <= l.level(u) {
				by = admin
			}
			if err := g.emit(l, event.TypeMember, by, u, `{"membership":"leave"}`); err != nil {
				return err
			}
			delete(l.banned, u)
			return nil
		}
		if err := g.emit(l, event.TypeMember, u, u, `{"membership":"join"}`); err != nil {
			return err
		}
		l.join(u)
		return nil
	}
	switch x := g.rng.IntN(10); {
	case x < 4:
		if err := g.emit(l, event.TypeMember, u, u, `{"membership":"leave"}`); err != nil {
			return err
		}
		l.leave(u)
		return nil
	case x < 7:
		return g.kickOrBanUser(l, u, event.MembershipLeave)
	case x < 8:
		return g.kickOrBanUser(l, u, event.MembershipBan)
	}
	content := `{"displayname":"name ` + strconv.Itoa(g.rng.IntN(1_000_000)) + `","membership":"join"}`
	return g.emit(l, event.TypeMember, u, u, content)
}

// conflict writes one branch event.
func (g *gen) conflict(l *line) error {
	switch x := g.rng.IntN(100); {
	case x < 10:
		return g.plChange(l)
	case x < 25:
		return g.kickOrBan(l, event.MembershipLeave)
	case x < 35:
		return g.kickOrBan(l, event.MembershipBan)
	case x < 70:
		return g.stateChange(l)
	case x < 90:
		return g.profile(l)
	default:
		return g.newJoin(l)
	}
}

// powerful picks a joined user with level >= 50 (the creator if none).
func (g *gen) powerful(l *line) string {
	for try := 0; try < 4; try++ {
		i := g.rng.IntN(maxMods + 1)
		u := admin
		if i < maxMods {
			u = user(i)
		}
		if _, ok := l.pos[u]; ok && l.level(u) >= 50 {
			return u
		}
	}
	return admin
}

// ordinary picks a joined user with level 0, or "" if there is none.
func (g *gen) ordinary(l *line) string {
	for try := 0; try < 8 && len(l.joined) > 0; try++ {
		u := l.joined[g.rng.IntN(len(l.joined))]
		if l.level(u) == 0 {
			return u
		}
	}
	return ""
}

// plChange promotes or demotes one of the first promotable members. The
// pool is small so that the users map stays the size of real rooms'.
func (g *gen) plChange(l *line) error {
	u := user(g.rng.IntN(max(min(g.cfg.Members, promotable), 1)))
	if l.levels[u] >= 50 {
		delete(l.levels, u)
	} else {
		l.levels[u] = 50
	}
	return g.emit(l, event.TypePowerLevels, admin, "", l.plContent())
}

func (g *gen) profile(l *line) error {
	u := g.ordinary(l)
	if u == "" {
		return g.stateChange(l)
	}
	content := `{"displayname":"name ` + strconv.Itoa(g.rng.IntN(1_000_000)) + `","membership":"join"}`
	return g.emit(l, event.TypeMember, u, u, content)
}

func (g *gen) stateChange(l *line) error {
	sender := g.powerful(l)
	n := g.rng.IntN(1_000_000)
	switch x := g.rng.IntN(10); {
	case x == 0:
		return g.emit(l, "m.room.topic", sender, "", `{"topic":"topic `+strconv.Itoa(n)+`"}`)
	case x == 1:
		return g.emit(l, "m.room.name", sender, "", `{"name":"name `+strconv.Itoa(n)+`"}`)
	default:
		key := "k" + strconv.Itoa(g.rng.IntN(g.cfg.StateKeys))
		return g.emit(l, "org.example.synth", sender, key, `{"n":`+strconv.Itoa(n)+`}`)
	}
}

func (g *gen) kickOrBan(l *line, membership string) error {
	target := g.ordinary(l)
	if target == "" {
		return g.stateChange(l)
	}
	return g.kickOrBanUser(l, target, membership)
}

// kickOrBanUser has a moderator kick or ban target, a joined user at
// level 0.
func (g *gen) kickOrBanUser(l *line, target, membership string) error {
	if l.level(target) != 0 {
		return g.stateChange(l)
	}
	sender := g.powerful(l)
	if err := g.emit(l, event.TypeMember, sender, target, `{"membership":"`+membership+`"}`); err != nil {
		return err
	}
	l.leave(target)
	if membership == event.MembershipBan {
		l.banned[target] = true
	}
	return nil
}

func (g *gen) newJoin(l *line) error {
	u := user(max(g.cfg.Members, g.cfg.Pool) + len(g.room.Events)) // never used before
	if err := g.emit(l, event.TypeMember, u, u, `{"membership":"join"}`); err != nil {
		return err
	}
	l.join(u)
	return nil
}

// emit writes one event on top of line l and applies it to l's state.
func (g *gen) emit(l *line, typ, sender, stateKey, content string) error {
	r := g.room
	g.ts += 1000 + int64(g.rng.IntN(500))
	p := &pdu{typ: typ, sender: sender, stateKey: stateKey, isState: true, content: content, depth: l.depth + 1, ts: g.ts}
	if l.tip != "" {
		p.prev = []string{l.tip}
	}
	p.auth = l.authFor(p, r.Version.RoomIDFromCreateEvent)
	id := eventID(g.cfg.Seed, len(r.Events), r.Version)
	roomID := r.RoomID
	if typ == event.TypeCreate && r.Version.RoomIDFromCreateEvent {
		// v12: the create event has no room_id; the room ID is derived
		// from its event ID (FMT-12-1, FMT-12-4).
		roomID = ""
		r.RoomID = event.RoomIDOfCreateEventID(id)
	}
	g.buf = p.encode(g.buf[:0], roomID, id, r.Version)
	raw := append([]byte(nil), g.buf...)
	ev, err := parse(raw, id, r.Version)
	if err != nil {
		return fmt.Errorf("synth: event %d (%s): %w", len(r.Events), typ, err)
	}
	r.Events = append(r.Events, ev)
	r.Raw = append(r.Raw, raw)
	r.byID[id] = ev
	l.state[auth.StateKey{Type: typ, StateKey: stateKey}] = id
	l.tip, l.depth = id, p.depth
	return nil
}
