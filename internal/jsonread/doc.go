// Package jsonread is the library's one reader of JSON text that is
// already known to be well formed: the content and members of parsed
// events, which the validating scanner of package event checked once. It
// looks up object members, walks arrays, skips values, decodes strings and
// validates text, all in place on the raw text and without converting
// numbers, so that a rule reading two members of a small object pays for
// little more than the bytes it passes.
//
// The readers check every bound and stop on anything unexpected, but they
// do not validate: on malformed text they return some answer (never a
// panic) that need not be meaningful. Valid is the one validating
// function, for text that did not come from a parsed event.
//
// Lookups by key compare decoded keys (a key written with escapes matches
// its decoded text). Value.Get, the rules' lookup, returns the last member
// of a repeated key, as Synapse does; Value.First and Value.Path return the
// first, as gjson's Get does. Parsed events hold no repeated keys
// (DECISIONS X2), so the two agree on them.
//
// The package is internal: its exported names are for the packages of this
// module, and it imports nothing of the module.
package jsonread
