// Package authchain is a chain-cover index of a room's auth graph, in the
// style of Synapse's event_auth_chains and event_auth_chain_links tables,
// for answering state resolution's auth difference (SR2-DEF-4) without
// walking the room's history.
//
// Every event gets a chain and a sequence number. Events that share a
// chain key (by [Index.AddEvent], the same type and state_key) and cite the
// chain's latest event extend that chain, so within a chain an event with
// a smaller sequence number is always in the auth chain of one with a
// larger one. A link (origin chain, origin seq) → (target chain, target
// seq) records that the origin event, and everything after it in its
// chain, has the target event (and everything before it in the target
// chain) in its auth chain. A link is stored only when no earlier link of
// the same chain already reaches as far into the same target chain.
//
// The auth chain of a set of events is then a "reach" vector: for each
// chain, the largest sequence number reachable. The auth difference of
// state sets is, chain by chain, the sequence numbers between the smallest
// and the largest reach among the sets, so [Index.Difference] costs time in
// the chains the sets reach and the size of the difference, never in the
// number of events of the room's history.
//
// The index is built incrementally, as a server accepts events in
// topological order (auth events first). [Index.Rows] exports it as plain
// rows and [Load] builds it back, so a server can persist it in its own
// database. The package does no I/O, keeps no global state and never
// panics on any input; it never reads depth or timestamps.
//
// An Index is not safe for concurrent use while events are added; once
// built, any number of goroutines may query it at once.
package authchain
