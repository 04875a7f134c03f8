package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/source"
)

// At 80×12 the short help and the status line take a line each, so the table
// has 10 lines: the header and a page of 9 events.
const movePage = 9

func TestTableMovement(t *testing.T) {
	tests := []struct {
		key   string
		start int
		want  int
	}{
		{"down", 0, 1},
		{"j", 0, 1},
		{"down", 49, 49},
		{"up", 5, 4},
		{"k", 5, 4},
		{"up", 0, 0},
		{"pgdown", 0, movePage},
		{"ctrl+d", 0, movePage},
		{"pgdown", 45, 49},
		{"pgup", 20, 20 - movePage},
		{"ctrl+u", 20, 20 - movePage},
		{"pgup", 3, 0},
		{"g", 30, 0},
		{"home", 30, 0},
		{"G", 3, 49},
		{"end", 3, 49},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s from %d", tt.key, tt.start), func(t *testing.T) {
			hs := newHarness(t, 80, 12, source.Batch{Chunks: chunks(genEvents(50)...)})
			hs.m.List().SetCursor(tt.start)
			hs.view() // scroll the start into view, as a frame would
			if cmd := hs.press(tt.key); cmd != nil {
				t.Errorf("%s returned a command", tt.key)
			}
			if got := hs.m.List().Cursor(); got != tt.want {
				t.Fatalf("cursor = %d, want %d", got, tt.want)
			}
			// The cursor's row is on screen and is the selected event.
			if row := cursorRow(t, hs.view()); !strings.Contains(row, hs.selected(t)) {
				t.Errorf("cursor row %q does not show the selected event %q", row, hs.selected(t))
			}
		})
	}
}

func TestTablePageScrollsByAPage(t *testing.T) {
	hs := newHarness(t, 80, 12, source.Batch{Chunks: chunks(genEvents(50)...)})
	l := hs.m.List()
	rows := func() []string {
		lines := strings.Split(hs.view(), "\n")
		return lines[1 : 1+movePage]
	}
	hs.press("pgdown")
	// Newest first: position i shows tr_(49-i).
	if got := rows()[0]; !strings.Contains(got, string(l.At(movePage).Line)) {
		t.Errorf("after pgdown the first row is %q, want %q", got, l.At(movePage).Line)
	}
	hs.press("pgdown", "pgup")
	if got := rows()[0]; !strings.Contains(got, string(l.At(movePage).Line)) {
		t.Errorf("after pgdown pgdown pgup the first row is %q, want %q", got, l.At(movePage).Line)
	}
	hs.press("G")
	if got := rows()[movePage-1]; !strings.Contains(got, string(l.At(49).Line)) || !strings.Contains(got, "▸") {
		t.Errorf("after G the last row is %q, want the cursor on %q", got, l.At(49).Line)
	}
}

func TestTableEmpty(t *testing.T) {
	t.Run("no events", func(t *testing.T) {
		hs := newHarness(t, 80, 12)
		for _, k := range []string{"down", "G", "pgdown", "enter", "o", "y"} {
			hs.press(k)
		}
		if hs.m.state != stateTable {
			t.Errorf("enter on an empty table left the table")
		}
		if !strings.Contains(hs.view(), "no events") {
			t.Errorf("empty table does not say so:\n%s", hs.view())
		}
	})
	t.Run("nothing matches", func(t *testing.T) {
		hs := newFixture(t)
		hs.press("/")
		hs.typeText("zzz")
		hs.press("enter")
		if view := hs.view(); !strings.Contains(view, "no events match the query") {
			t.Errorf("table with no match does not say so:\n%s", view)
		}
		if cmd := hs.press("o"); cmd != nil || !strings.Contains(hs.status(), "no event selected") {
			t.Errorf("o with no event: cmd %v, status %q", cmd != nil, hs.status())
		}
	})
}

func TestTableClipsALongMessage(t *testing.T) {
	huge := hugeEvent("BEGIN " + hugeMessage(5<<20, true))
	m := loadedModel(t, 100, 12, huge, hugeEvent("short"))
	t.Cleanup(m.Close)
	for _, keys := range [][]string{nil, {"j"}, {"k"}, {"T"}} {
		for _, k := range keys {
			m.Update(keyMsg(k))
		}
		lines := strings.Split(screen(m), "\n")
		if len(lines) != 12 {
			t.Fatalf("after %q the view has %d lines, want 12", keys, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidthWc(l); w > 100 {
				t.Fatalf("after %q line %d is %d cells wide: %q", keys, i, w, l)
			}
		}
		row := lines[1]
		if !strings.Contains(row, "  300    BEGIN payment tr_7UhSN1zuXS refunded") || !strings.HasSuffix(strings.TrimRight(row, " "), "…") {
			t.Errorf("after %q the row of the long message is %q, want its start, cut with …", keys, row)
		}
	}
}
