// Command eventbrowser browses Mollie customer events in the terminal, or
// prints them for scripts when its output is not a terminal. The command
// is internal/cli; main hands it the build and exits with its status.
package main

import (
	"os"

	"github.com/eventbrowser/eventbrowser/internal/cli"
)

// Set by release builds (see .goreleaser.yaml):
//
//	go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123 -X main.date=2026-01-02T03:04:05Z"
//
// Left empty, each is taken from the build information Go records in the
// binary (go install, go build), or is "unknown".
var version, commit, date string

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.System(cli.Build{Version: version, Commit: commit, Date: date})))
}
