package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// Issue 23, item 16: what the README says against the screen.

// readmeDetail is the README's example of the detail view, as lines.
func readmeDetail(t *testing.T) []string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```text\nEvent 1 of 3\n")
	if !ok {
		t.Fatal("README.md has no example of the detail view (Event 1 of 3)")
	}
	block, _, _ = strings.Cut(block, "```")
	return strings.Split("Event 1 of 3\n"+strings.TrimSuffix(block, "\n"), "\n")
}

// ago is the part of a line that changes with the clock.
var ago = regexp.MustCompile(`\(\d+(mo|d|h|m|s|y) ago, `)

// Item 16: README and screen agree: the detail example (whole at the
// README's 100×30, its status line at any size); --version of a build in
// a clone says dev; a new event is marked until a key is pressed while it
// is on screen.
func readmeAndScreenAgree(t *testing.T, s sized) {
	example := readmeDetail(t)
	term := s.demo(t, "")
	term.keys("/")
	term.text("3-D")
	term.keys("Enter")
	term.waitFor("3 of 360 events · 3-D · ")
	term.keys("Enter")
	term.waitUntil(func(screen []string) string {
		if !strings.Contains(strings.Join(screen, "\n"), "Status        failed") {
			return "the detail view of the 3-D Secure failure with its payment never showed"
		}
		if got, want := strings.TrimRight(s.statusOf(screen), " "), example[len(example)-2]; got != want {
			return fmt.Sprintf("the status line is %q, the README's example shows %q", got, want)
		}
		if s.width != 100 || s.height != len(example) {
			return ""
		}
		for i, want := range example {
			if got := strings.TrimRight(screen[i], " "); ago.ReplaceAllString(got, "(ago, ") != ago.ReplaceAllString(want, "(ago, ") {
				return fmt.Sprintf("line %d is %q, the README's example shows %q", i+1, got, want)
			}
		}
		return ""
	})

	version := s.start(t, fmt.Sprintf("%q --version; exec sleep 600", s.bin))
	if v := version.waitFor("eventbrowser "); !strings.Contains(v, "eventbrowser dev (") {
		t.Errorf("--version of a build in a clone does not say dev:\n%s", v)
	}

	newEventMarkedUntilSeen(t, s)
}

// newEventMarkedUntilSeen: r reads a file again; the event it did not
// hold before is marked • and counted new, and a key pressed while it is
// on screen clears both.
func newEventMarkedUntilSeen(t *testing.T, s sized) {
	event := func(day int, message string) string {
		return fmt.Sprintf(`{"resource":"event","type":221,"createdAt":"2024-06-%02dT08:00:00Z","message":%q}`+"\n", day, message)
	}
	file := writeFile(t, "events.ndjson", event(1, "Payment paid first")+event(2, "Payment paid second"))
	term := s.start(t, fmt.Sprintf("env TZ=UTC %q %q", s.bin, file))
	term.waitFor("2 events")
	term.keys("j") // the cursor off the top row, where the new event comes
	term.waitFor("▸  2024-06-01 08:00:00")
	f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(event(3, "Payment paid third")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	term.keys("r")
	term.waitFor("3 events · 1 new")
	term.waitFor(" •  2024-06-03 08:00:00")
	term.keys("k")
	term.waitUntil(func(screen []string) string {
		joined := strings.Join(screen, "\n")
		switch {
		case !strings.Contains(joined, "▸  2024-06-02 08:00:00"):
			return "k did not move the cursor"
		case strings.Contains(joined, " new"), strings.Contains(joined, "\n •"):
			return "the new event is still marked after a key pressed while it was on screen"
		}
		return ""
	})
}
