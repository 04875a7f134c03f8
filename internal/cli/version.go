package cli

import (
	"runtime/debug"
)

// Build says what this binary is: its version, the VCS revision it was
// built from and that revision's time. Release builds set them with
// ldflags, in package main (see .goreleaser.yaml and main.go); System
// fills in what they leave empty.
type Build struct {
	Version, Commit, Date string
}

// String is the --version line: eventbrowser <version> (<commit>, <date>).
func (b Build) String() string {
	return "eventbrowser " + b.Version + " (" + b.Commit + ", " + b.Date + ")"
}

// resolve is b with what it leaves empty taken from what
// debug.ReadBuildInfo knows.
func (b Build) resolve() Build {
	bi, _ := debug.ReadBuildInfo()
	return resolveBuild(b, bi)
}

// resolveBuild fills each of the ldflags values left empty in b from bi
// (which may be nil): the main module's version ("dev" for a work tree
// build, "(devel)"), vcs.revision shortened to 12 characters with "-dirty"
// when vcs.modified, and vcs.time. What neither knows is "unknown".
func resolveBuild(b Build, bi *debug.BuildInfo) Build {
	if bi != nil {
		if b.Version == "" {
			switch v := bi.Main.Version; v {
			case "":
			case "(devel)":
				b.Version = "dev"
			default:
				b.Version = v
			}
		}
		var revision, modified, when string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			case "vcs.time":
				when = s.Value
			}
		}
		if b.Commit == "" && revision != "" {
			b.Commit = revision[:min(len(revision), 12)]
			if modified == "true" {
				b.Commit += "-dirty"
			}
		}
		if b.Date == "" {
			b.Date = when
		}
	}
	for _, f := range []*string{&b.Version, &b.Commit, &b.Date} {
		if *f == "" {
			*f = "unknown"
		}
	}
	return b
}
