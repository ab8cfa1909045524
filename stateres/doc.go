// Package stateres implements Matrix state resolution: algorithm v1 (room
// version 1, DIGEST §5.1), algorithm v2 (room versions 2–11, DIGEST §5.2)
// and v2.1 (room version 12, DIGEST-V8-12 §5.2), with Synapse's concrete
// choices wherever the specification is silent (DECISIONS D6, D7, D8, D9,
// D12, D13, D29, D36).
//
// [Resolve] takes the state sets to merge, a way to fetch events by ID and a
// way to ask whether an event was rejected. It performs no I/O of its own,
// keeps no global state and never panics; every walk over the event graph
// is bounded by a visited set, by [Input.MaxEvents] and by [Input.MaxBytes].
//
// # Safe by default
//
// The zero value of every option is the exact algorithm. No step reads
// depth (except algorithm v1, whose ordering is defined on it), and no
// result depends on map iteration order, on the order of the state sets,
// on the order events are fetched in or on repetition: a hostile server
// that forges depths cannot make two servers resolve differently.
// [ResolveReport] also names the events Fetch could not supply, so that a
// server can fetch them and resolve again.
//
// # Cost
//
//   - The split into unconflicted and conflicted state (SR1-2, SR2-DEF-2) is
//     one pass over the sets, linear in their total size (split.go).
//   - The auth difference (SR2-DEF-4 with D13): with [Input.AuthChains]
//     (for example an index of package authchain, which also implements
//     [StateDifferenceIndex]) it costs time in the conflicted events, the
//     chains they reach and the events that descend from the difference,
//     not in the size of the unconflicted state, and no unconflicted event
//     is fetched for it; the only unconflicted events fetched at all are
//     the auth events the iterative checks read. Without an index it is a plain
//     closure walk (authdiff.go) that fetches every event of the auth
//     chains of the current state once, so time and memory grow with the
//     room's auth history: about [HeldEventOverhead] bytes plus the
//     event's JSON per event, bounded by MaxEvents and MaxBytes.
//     [Input.AuthDifference] lets an embedder with its own index replace it.
//   - v2.1's conflicted state subgraph (SR21-DEF-1): with an index that
//     implements [SubgraphIndex] it is computed from chain positions and
//     only its own events are fetched; without one it walks the ancestors
//     of the conflicted events (v21.go), so it grows with their auth
//     history.
//   - The mainline (SR2-DEF-7..9) is discovered in lockstep with each
//     sorted event's own power-levels chain (mainline.go), so it costs the
//     distance from the resolved power levels to where the chains meet; an
//     event citing an old power-levels event pays for the walk down to it,
//     unless the index implements [MainlineIndex]. An empty mainline (in
//     v2.1 whenever the power levels are not conflicted) costs nothing.
//   - Measured on stateres/synth's realistic shape with the index (two
//     forks, 2-core machine shared with other work): 100k events and 10
//     conflicts 1.5 ms in room version 6 and 0.9 ms in room version 12
//     (a bare split of the two states alone: 0.45–0.5 ms), 1,000
//     conflicts 4.7–6.7 ms and 6.1–8.5 ms; 1M events cost no more than
//     100k, for 10 and for 1,000 conflicts. The exact walk without an
//     index takes 140–250 ms of CPU at 100k events. See
//     bench_realistic_test.go.
//
// # Choices where the specification is silent or differs from Synapse
//
//   - D6: a power event's sender with no power-levels event among its auth
//     events has 100 if they created the room, else 0 (power.go); the
//     creator is content.creator in v1–10 and the create event's sender in
//     v11 (SR2-DEF-6). In v12 creators have infinite power (SR21-DEF-3),
//     so two creators tie and fall through to origin_server_ts, then ID.
//   - D7: power events are (m.room.power_levels, ""), (m.room.join_rules,
//     ""), (m.room.create, "") and kicks, unbans and bans (power.go).
//   - D8, D9: events the caller rejected never win a conflicted key and
//     never fill gaps in auth maps; unconflicted entries are kept as they
//     are, rejected or not (iterative.go, v1.go).
//   - D12: events on an auth cycle among the ordered power events are left
//     out (graph.go); events that depend on such a cycle are never emitted
//     by the ordering, as in Synapse, and join the mainline pass
//     (powersort.go); every walk is bounded, so cycles elsewhere only end
//     walks.
//   - D13: each set's chain includes the set's own events (authdiff.go).
//   - D29: in v12 the create event that room_id implies is an auth event of
//     every non-create event throughout resolution (resolver.go, authOf).
//   - D36: the v12 conflicted state subgraph is the ancestors-or-self of
//     the conflicted events that are also descendants-or-self of one
//     (v21.go); v2.1 replays the power events from an empty map and lays
//     the unconflicted map over the result at the end (v2.go).
//   - SR-DEF-3: the checks inside resolution are the state-dependent rules
//     only, and an m.room.create event passes them unconditionally, as in
//     Synapse; CREATE-1..5 were settled on receipt (rules.go).
//   - EDGE-SR2-9: the power-event closure follows only auth edges inside
//     the full conflicted set (powersort.go).
//   - A conflicted candidate of another room makes Resolve fail
//     ([RoomMismatchError], errors.Is [ErrOtherRoom]), as Synapse fails; an
//     auth event of another room met while walking auth chains is treated
//     as missing (whatever cites it was rejected by AUTHEV-5), and so are
//     missing events.
//   - A power event that v2 or v2.1 must order with no create event among
//     its auth events (in v12, the implied one unavailable) makes Resolve
//     fail with [NoCreateEventError] (errors.Is [ErrNoCreateEvent]): its
//     sender's power cannot be read, and Synapse's ordering asserts a
//     create event there.
//
// # Explanations
//
// With [Input.Explain] set, [ResolveReport] also fills
// [Result.Explanations]: for each conflicted key (sorted by type, then
// state_key; also each other key where events of the full conflicted set
// were checked) the event that won, the [Step] of the algorithm that decided
// it, and what became of every other candidate (superseded, failed an
// auth check with its *auth.Rejection, rejected on receipt, missing, on an
// auth cycle, never tried). Recording is off by default and costs nothing
// then; `mxauth resolve --explain` prints it.
package stateres
