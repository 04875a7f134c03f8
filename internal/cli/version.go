package cli

import (
	"regexp"
	"runtime/debug"
	"strings"
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

// pseudoVersion matches the version Go makes up for a commit that is not
// a tag: v0.0.0-20260102030405-0123456789ab, +dirty with changes.
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// resolveBuild fills each of the ldflags values left empty in b from bi
// (which may be nil): the main module's version, vcs.revision shortened to
// 12 characters with "-dirty" when vcs.modified, and vcs.time. What neither
// knows is "unknown". A build in a work tree (one with vcs.revision) is
// "dev", or its tag when built on one: the pseudo-version Go makes up
// otherwise only repeats the commit and its time.
func resolveBuild(b Build, bi *debug.BuildInfo) Build {
	if bi != nil {
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
		if b.Version == "" {
			b.Version = moduleVersion(bi.Main.Version, revision != "")
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

// moduleVersion is what --version says of the main module's version v,
// built in a work tree or not.
func moduleVersion(v string, workTree bool) string {
	switch {
	case v == "(devel)", workTree && pseudoVersion.MatchString(v):
		return "dev"
	case workTree:
		return strings.TrimSuffix(v, "+dirty") // the commit says -dirty
	}
	return v
}
