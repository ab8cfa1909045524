// Package roomversion describes Matrix room versions 1 to 12 as plain values.
//
// A [Version] is data: it carries every property in which the room versions
// differ (DIGEST §1), as flags from which the event, auth and stateres
// packages choose their behaviour. No other package compares version
// identifiers; they read these flags. A caller can build a custom version for
// experiments by copying a descriptor and changing its fields; nothing is
// registered globally.
package roomversion
