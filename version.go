package main

import (
	"runtime/debug"
)

// Set by release builds (see .goreleaser.yaml):
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123 -X main.date=2026-01-02T03:04:05Z"
//
// Left empty, each is taken from the build information Go records in the
// binary (go install, go build), or is "unknown".
var (
	version string
	commit  string
	date    string
)

// build says what this binary is: its version, the VCS revision it was
// built from and that revision's time.
type build struct {
	Version, Commit, Date string
}

// String is the --version line: eventbrowser <version> (<commit>, <date>).
func (b build) String() string {
	return "eventbrowser " + b.Version + " (" + b.Commit + ", " + b.Date + ")"
}

// versionInfo is this binary's build: the ldflags values where set, else
// what debug.ReadBuildInfo knows.
func versionInfo() build {
	bi, _ := debug.ReadBuildInfo()
	return resolveBuild(version, commit, date, bi)
}

// resolveBuild fills each of the ldflags values left empty from bi (which
// may be nil): the main module's version ("dev" for a work tree build,
// "(devel)"), vcs.revision shortened to 12 characters with "-dirty" when
// vcs.modified, and vcs.time. What neither knows is "unknown".
func resolveBuild(version, commit, date string, bi *debug.BuildInfo) build {
	b := build{Version: version, Commit: commit, Date: date}
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
