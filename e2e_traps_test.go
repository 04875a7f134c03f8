package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestEndToEndStdinIsATerminal: "-" naming a terminal is refused before
// the screen opens, with exit 2 and a hint, so that q and ctrl+c are never
// read as events (issue 23, item 1).
func TestEndToEndStdinIsATerminal(t *testing.T) {
	bin := buildBinary(t)
	// The shell stays, so the screen is still there to read once it ends.
	term := startTerminal(t, fmt.Sprintf("%q -; echo exit=$?; sleep 60", bin))
	screen := term.waitFor("exit=")
	if !strings.Contains(screen, "eventbrowser: stdin is a terminal: pipe events in, or name a file") || !strings.Contains(screen, "exit=2") {
		t.Errorf("want the hint and exit status 2; the screen shows:\n%s", screen)
	}
	if strings.Contains(screen, "reading stdin") {
		t.Errorf("the table opened on a terminal's stdin:\n%s", screen)
	}
}
