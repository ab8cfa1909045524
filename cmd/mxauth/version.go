package main

import (
	"runtime/debug"
	"strings"
)

// versionLine is what --version prints: the module version and, when the
// binary was built from a VCS checkout, the revision, its time and whether
// the tree had local changes, all from the build information.
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "mxauth (no build information)"
	}
	return "mxauth " + describeBuild(bi)
}

// describeBuild formats a module version and its VCS settings.
func describeBuild(bi *debug.BuildInfo) string {
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	parts := []string{version}
	if rev != "" {
		r := "revision " + rev
		if when != "" {
			r += " (" + when + ")"
		}
		if modified {
			r += ", modified"
		}
		parts = append(parts, r)
	} else {
		parts = append(parts, "no VCS revision recorded")
	}
	if bi.GoVersion != "" {
		parts = append(parts, "built with "+bi.GoVersion)
	}
	return strings.Join(parts, ", ")
}
