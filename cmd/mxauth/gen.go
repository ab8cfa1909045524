package main

import (
	"fmt"
	"os"

	"github.com/mxauth/mxauth/internal/fixture"
	"github.com/mxauth/mxauth/roomversion"
	"github.com/mxauth/mxauth/stateres/synth"
)

const genUsage = `
Usage: mxauth gen --room-version N --seed S [--members M] [--state-events E]
                  [--conflicts C] [--forks F] [--name NAME] [-o FILE]

Generates a seeded random room, a linear history and then a fork into F
branches holding C conflicting state events, and writes it as a
conformance fixture, to stdout or FILE. Room versions 1 to 7 come from
stateres/synth. From room version 8 on the room is built with the event
builder: members join through a restricted join rule (and, from version
10, knock_restricted) with an authorising user whose server signs too,
knock, are invited, leave and are banned, and some attempts are wrong on
purpose (an authoriser without the invite level, a missing authorising
signature, a knock where knocking is not allowed). In room version 12 the
room ID comes from the create event, which may name additional creators.

Every event is a real PDU of the room version: content hash, ed25519
signature by a throwaway key of each required server (listed under
"keys"), and a computed event ID in room versions 3+ that every reference
uses (--no-keys leaves the keys out, so runners skip the signature checks,
the costliest part of judging). The fixture holds a verdict for every
event and one resolve case over the branches' state sets. Those
expectations are computed by mxauth itself, as the fixture's description
says: use generated fixtures to compare implementations and to time
runners, not as ground truth. The same flags always give the same bytes.
When stderr is a terminal and generating takes more than a second, a
progress line in events (signed, judged, checked) is shown there.

Example:
  mxauth gen --room-version 7 --seed 42 --members 8 --conflicts 12 -o room-7-42.json
  mxauth gen --room-version 12 --seed 1 --members 10 -o room-12-1.json
  mxauth conformance room-7-42.json room-12-1.json
`

func runGen(args []string, e env) int {
	fs := flagSet("gen", genUsage)
	version := fs.String("room-version", "6", "room version, 1 to 12")
	seed := fs.Int64("seed", 1, "random seed")
	members := fs.Int("members", 5, "users who join before the fork, besides the creator")
	stateEvents := fs.Int("state-events", 10, "state events sent before the fork")
	conflicts := fs.Int("conflicts", 6, "conflicting state events across the branches")
	forks := fs.Int("forks", 2, "branches after the fork, hence state sets")
	name := fs.String("name", "", "fixture name (default gen-vN-sS)")
	out := fs.String("o", "", "write the fixture to this file instead of stdout")
	noKeys := fs.Bool("no-keys", false, "leave the signing keys out, so that runners skip signature checks")
	pos, status, done := parse(fs, args, e)
	if done {
		return status
	}
	if len(pos) != 0 {
		return usageError(fs, e, "unexpected arguments %q", pos)
	}
	v, err := roomversion.Lookup(*version)
	if err != nil {
		return usageError(fs, e, "--room-version: %s", fixture.DescribeRoomVersionError(err))
	}
	if *forks < 1 {
		return usageError(fs, e, "--forks must be at least 1")
	}
	opts := genOptions{
		cfg: synth.Config{RoomVersion: v, Seed: *seed, Members: *members, StateEvents: *stateEvents,
			Conflicts: *conflicts, Forks: *forks},
		name:   *name,
		noKeys: *noKeys,
	}
	if opts.name == "" {
		opts.name = fmt.Sprintf("gen-v%s-s%d", v.ID, *seed)
	}
	opts.prog = startProgress(e, "gen", "events", 0)
	data, err := generateFixture(opts)
	opts.prog.stop()
	if err != nil {
		return fail(e, "gen", err)
	}
	if *out == "" {
		_, err = e.stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		return fail(e, "gen", err)
	}
	return exitOK
}
