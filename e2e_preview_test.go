package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// resize makes the terminal w×h, as a user dragging its window does.
// Resize once the program shows its screen: a resize before it listens
// for them would be lost.
func (term *terminal) resize(w, h int) {
	term.tmux("resize-window", "-t", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

// selectedRow is the table's row under the cursor, cut at the preview's
// rule; "" when no row has the cursor.
func selectedRow(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.HasPrefix(line, " ▸") {
			row, _, _ := strings.Cut(line, "│")
			return row
		}
	}
	return ""
}

// previewPane is the part of the screen right of the preview's rule, line
// by line, trimmed.
func previewPane(screen string) string {
	var b strings.Builder
	for _, line := range strings.Split(screen, "\n") {
		if _, pane, ok := strings.Cut(line, "│ "); ok {
			b.WriteString(strings.TrimSpace(pane) + "\n")
		}
	}
	return b.String()
}

// TestEndToEndPreviewFollowsCursor: at 200×50 the preview shows beside
// the table by itself and follows the cursor; in the detail view n and p
// step through the events without going back (issue 23, item 18).
func TestEndToEndPreviewFollowsCursor(t *testing.T) {
	bin := buildBinary(t)
	term := startTerminal(t, fmt.Sprintf("env NO_COLOR=1 TZ=UTC %q --demo", bin))
	term.waitFor("360 events")
	term.resize(200, 50)
	idOf := regexp.MustCompile(`(tr|re|cst|sub|mdt|chb)_\w+`)
	// shows waits for the preview to show the event at pos, the one the
	// selected row names.
	shows := func(pos string) {
		t.Helper()
		term.waitUntil(func(screen []string) string {
			s := strings.Join(screen, "\n")
			row, pane := selectedRow(s), previewPane(s)
			if !strings.HasPrefix(pane, "Event "+pos+"\n") {
				return "the preview does not show event " + pos
			}
			if id := idOf.FindString(row); id == "" || !strings.Contains(pane, id) {
				return fmt.Sprintf("the selected row %q names %q, which the preview does not show", row, id)
			}
			return ""
		})
	}
	shows("1 of 360")
	term.keys("j", "j")
	shows("3 of 360")
	term.keys("G")
	shows("360 of 360")
	term.keys("Enter")
	term.waitFor("esc back")
	term.keys("n")
	term.waitFor("this is the last event")
	term.keys("p", "p")
	s := term.waitFor("Event 358 of 360")
	if strings.Contains(s, "│") {
		t.Errorf("the detail view shows the preview's rule:\n%s", s)
	}
	term.keys("Escape")
	shows("358 of 360")
}

// TestEndToEndPreviewKey: at 80×24 the table is alone; p shows the
// preview beside it, within the width, and p hides it again.
func TestEndToEndPreviewKey(t *testing.T) {
	bin := buildBinary(t)
	term := startTerminal(t, fmt.Sprintf("env NO_COLOR=1 TZ=UTC %q --demo", bin))
	term.waitFor("360 events")
	term.resize(80, 24)
	// At 80 columns the hints give o's way to ? and q.
	s := strings.Join(term.waitUntil(func(screen []string) string {
		if strings.Contains(strings.Join(screen, "\n"), "o open link") {
			return "not drawn again at 80 columns"
		}
		return ""
	}), "\n")
	if strings.Contains(s, "│") {
		t.Fatalf("at 80 columns the preview shows by itself:\n%s", s)
	}
	term.keys("p")
	s = term.waitFor("│ Event 1 of 360")
	for i, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line %d is %d wide: %q", i, n, line)
		}
	}
	term.keys("j")
	term.waitFor("│ Event 2 of 360")
	term.keys("p")
	term.waitUntil(func(screen []string) string {
		if strings.Contains(strings.Join(screen, "\n"), "│") {
			return "the preview is still shown after p"
		}
		return ""
	})
}

// TestEndToEndTypeInPanelsAndComplete: in a real terminal, / in the type
// panel narrows it to what is typed, q included; esc clears, esc again
// closes; tab in the query line completes a field, then its values
// (issue 23, item 21).
func TestEndToEndTypeInPanelsAndComplete(t *testing.T) {
	bin := buildBinary(t)
	term := startTerminal(t, fmt.Sprintf("env NO_COLOR=1 TZ=UTC %q --demo", bin))
	term.waitFor("360 events")
	term.keys("t", "/")
	term.text("222")
	s := term.waitFor("/222▏  1 of ")
	if !strings.Contains(s, "222 Payment failed") || strings.Contains(s, "221 Payment paid") {
		t.Errorf("typing 222 does not narrow the panel to 222:\n%s", s)
	}
	term.text("q")
	term.waitFor("nothing matches 222q")
	term.keys("Escape")
	term.waitFor("Event types  by type")
	term.keys("Escape")
	term.waitFor("enter details") // the table's hints
	term.keys("/")
	term.text("ty")
	term.keys("Tab")
	term.waitFor("/type:")
	term.keys("Tab")
	term.waitFor("1 of ")
	term.keys("Enter")
	term.waitUntil(func(screen []string) string {
		if s := strings.Join(screen, "\n"); strings.Contains(s, "/type:") || !strings.Contains(s, "of 360 events · type:") {
			return "enter did not keep the completed query and close the line"
		}
		return ""
	})
}
