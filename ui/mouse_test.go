package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/source"
)

// click sends a left click on line y of the screen.
func (hs *harness) click(y int) tea.Cmd {
	_, cmd := hs.m.Update(tea.MouseClickMsg{X: 10, Y: y, Button: tea.MouseLeft})
	return cmd
}

// wheel sends n notches of the wheel: down for n > 0, up for n < 0.
func (hs *harness) wheel(n int) {
	b := tea.MouseWheelDown
	if n < 0 {
		b, n = tea.MouseWheelUp, -n
	}
	for range n {
		hs.m.Update(tea.MouseWheelMsg{X: 10, Y: 3, Button: b})
	}
}

// clock makes the model's present start at fixedNow and returns a
// function that moves it on by d.
func (hs *harness) clock() (advance func(d time.Duration)) {
	now := fixedNow
	hs.m.common.clock.now = func() time.Time { return now }
	return func(d time.Duration) { now = now.Add(d) }
}

func TestMouseWheelMovesTableCursor(t *testing.T) {
	// 80×12: the header on line 0, nine rows on lines 1-9.
	tests := []struct {
		start, notches, want int
	}{
		{0, 1, wheelLines},
		{0, 2, 2 * wheelLines},
		{10, -1, 10 - wheelLines},
		{1, -1, 0},
		{0, -1, 0},
		{48, 1, 49},
		{7, 1, 7 + wheelLines}, // below the first page: the table scrolls
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+d from %d", tt.notches, tt.start), func(t *testing.T) {
			hs := newHarness(t, 80, 12, source.Batch{Chunks: chunks(genEvents(50)...)})
			hs.m.List().SetCursor(tt.start)
			hs.view()
			hs.wheel(tt.notches)
			if got := hs.m.List().Cursor(); got != tt.want {
				t.Fatalf("cursor = %d, want %d", got, tt.want)
			}
			if row := cursorRow(t, hs.view()); !strings.Contains(row, hs.selected(t)) {
				t.Errorf("cursor row %q does not show the selected event %q", row, hs.selected(t))
			}
			if hs.m.state != stateTable {
				t.Errorf("state %v, want the table", hs.m.state)
			}
		})
	}
}

func TestMouseClickSelectsRow(t *testing.T) {
	// 80×12 with the cursor on event 20: rows 12-20 on lines 1-9, the
	// status on line 10, the help on line 11.
	tests := []struct {
		y    int
		want int // the cursor after the click
	}{
		{1, 12},
		{5, 16},
		{9, 20},
		{0, 20},  // the header
		{10, 20}, // the status line
		{11, 20}, // the help
		{-1, 20},
		{40, 20},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("line %d", tt.y), func(t *testing.T) {
			hs := newHarness(t, 80, 12, source.Batch{Chunks: chunks(genEvents(50)...)})
			hs.at(20)
			view := hs.view()
			lines := strings.Split(view, "\n")
			if cmd := hs.click(tt.y); cmd != nil {
				t.Errorf("the click returned a command")
			}
			if got := hs.m.List().Cursor(); got != tt.want {
				t.Fatalf("cursor = %d, want %d", got, tt.want)
			}
			if hs.m.state != stateTable {
				t.Errorf("state %v, want the table", hs.m.state)
			}
			// The row clicked is the row that was drawn on that line, and
			// the table did not scroll.
			if tt.y >= 1 && tt.y <= movePage && !strings.Contains(lines[tt.y], hs.selected(t)) {
				t.Errorf("line %d was %q, but the click selected %q", tt.y, lines[tt.y], hs.selected(t))
			}
			if got := hs.m.table().top; got != 12 {
				t.Errorf("the click scrolled the table to %d", got)
			}
		})
	}
}

func TestMouseClickBelowTheRows(t *testing.T) {
	// The fixture has ten events: at 100×30 lines 11 and below the table's
	// last row are empty.
	hs := newFixture(t).at(posMultiline)
	for _, y := range []int{11, 15} {
		hs.click(y)
		hs.click(y)
		if got := hs.m.List().Cursor(); got != posMultiline || hs.m.state != stateTable {
			t.Errorf("clicks on empty line %d: cursor %d, state %v", y, got, hs.m.state)
		}
	}
	hs.click(10)
	if got := hs.m.List().Cursor(); got != 9 {
		t.Errorf("a click on the last row selected %d, want 9", got)
	}
}

func TestMouseDoubleClickOpensDetail(t *testing.T) {
	type click struct {
		y     int
		after time.Duration // since the click before
	}
	tests := []struct {
		name   string
		clicks []click
		detail bool
		cursor int
	}{
		{"one click", []click{{4, 0}}, false, posMultiline},
		{"double click", []click{{4, 0}, {4, 200 * time.Millisecond}}, true, posMultiline},
		{"at the limit", []click{{4, 0}, {4, doubleClick}}, true, posMultiline},
		{"too slow", []click{{4, 0}, {4, 500 * time.Millisecond}}, false, posMultiline},
		{"two rows", []click{{4, 0}, {5, 100 * time.Millisecond}}, false, posMultiline + 1},
		{"back to the first row", []click{{4, 0}, {5, 100 * time.Millisecond}, {4, 100 * time.Millisecond}}, false, posMultiline},
		{"header in between", []click{{4, 0}, {0, 100 * time.Millisecond}, {4, 100 * time.Millisecond}}, false, posMultiline},
		{"slow then quick", []click{{4, 0}, {4, time.Second}, {4, 300 * time.Millisecond}}, true, posMultiline},
		{"on the header", []click{{0, 0}, {0, 100 * time.Millisecond}}, false, 0},
		{"on the status", []click{{28, 0}, {28, 100 * time.Millisecond}}, false, 0},
		{"on the help", []click{{29, 0}, {29, 100 * time.Millisecond}}, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newFixture(t)
			advance := hs.clock()
			for _, c := range tt.clicks {
				advance(c.after)
				hs.click(c.y)
			}
			if got := hs.m.state == stateDetail; got != tt.detail {
				t.Fatalf("detail view open: %v, want %v", got, tt.detail)
			}
			if got := hs.m.List().Cursor(); got != tt.cursor {
				t.Errorf("cursor = %d, want %d", got, tt.cursor)
			}
			if tt.detail && !strings.Contains(hs.view(), "Event 4 of 10") {
				t.Errorf("the detail view is not of the row clicked:\n%s", hs.view())
			}
		})
	}
}

func TestMouseIgnoresReleaseAndDrag(t *testing.T) {
	hs := newFixture(t)
	hs.clock()
	for _, msg := range []tea.MouseMsg{
		tea.MouseReleaseMsg{X: 10, Y: 4, Button: tea.MouseLeft},
		tea.MouseReleaseMsg{X: 10, Y: 4, Button: tea.MouseNone},
		tea.MouseMotionMsg{X: 10, Y: 5, Button: tea.MouseLeft},
		tea.MouseClickMsg{X: 10, Y: 5, Button: tea.MouseRight},
		tea.MouseClickMsg{X: 10, Y: 5, Button: tea.MouseMiddle},
	} {
		hs.m.Update(msg)
		if got := hs.m.List().Cursor(); got != 0 || hs.m.state != stateTable {
			t.Errorf("%+v: cursor %d, state %v; want nothing done", msg, got, hs.m.state)
		}
	}
	// A press and its release are one click, not a double click.
	hs.click(4)
	hs.m.Update(tea.MouseReleaseMsg{X: 10, Y: 4, Button: tea.MouseLeft})
	if hs.m.state != stateTable || hs.m.List().Cursor() != posMultiline {
		t.Errorf("a click and its release: cursor %d, state %v", hs.m.List().Cursor(), hs.m.state)
	}
}

func TestMouseWhileTypingAFilter(t *testing.T) {
	hs := newFixture(t)
	hs.clock()
	hs.press("/")
	hs.wheel(1)
	if got := hs.m.List().Cursor(); got != wheelLines {
		t.Errorf("wheel while typing: cursor %d, want %d", got, wheelLines)
	}
	hs.click(2)
	hs.click(2)
	if got := hs.m.List().Cursor(); got != 1 {
		t.Errorf("click while typing: cursor %d, want 1", got)
	}
	if hs.m.state != stateFilter {
		t.Errorf("a double click while typing left state %v; want the filter still open", hs.m.state)
	}
}

func TestMouseClearsMessage(t *testing.T) {
	hs := newFixture(t).at(posNoLinks)
	hs.press("o")
	if hs.m.message == "" {
		t.Fatal("o on an event without links left no message")
	}
	hs.wheel(1)
	if hs.m.message != "" {
		t.Errorf("the wheel left the message %q", hs.m.message)
	}
}

func TestMouseWheelScrollsDetail(t *testing.T) {
	hs := newHarness(t, 80, 8, fixtureBatches(t)...).at(posPaid2Links)
	hs.clock()
	hs.press("enter")
	d := viewIn[*detailView](hs.m, stateDetail)
	if d.maxTop() < 2*wheelLines {
		t.Fatalf("the detail view scrolls only %d lines; the test needs more", d.maxTop())
	}
	hs.wheel(1)
	if d.top != wheelLines {
		t.Errorf("wheel down: offset %d, want %d", d.top, wheelLines)
	}
	hs.wheel(100)
	if !d.atBottom() {
		t.Errorf("wheel down a lot: offset %d of %d, want the bottom", d.top, d.maxTop())
	}
	hs.wheel(-100)
	if !d.atTop() {
		t.Errorf("wheel up a lot: offset %d, want the top", d.top)
	}
	// Clicks in the detail view do nothing, double or not.
	hs.click(3)
	hs.click(3)
	if hs.m.state != stateDetail || d.top != 0 {
		t.Errorf("clicks in the detail view: state %v, offset %d", hs.m.state, d.top)
	}
	if got := hs.m.List().Cursor(); got != posPaid2Links {
		t.Errorf("the mouse in the detail view moved the table cursor to %d", got)
	}
}

func TestMouseWheelScrollsFailures(t *testing.T) {
	var failed []source.Failure
	for i := range 40 {
		failed = append(failed, source.Failure{Source: "cst_" + itoa(i), Err: fmt.Errorf("timeout")})
	}
	hs := newHarness(t, 100, 20, source.Batch{Failures: failed})
	hs.press("E")
	f := viewIn[*failuresView](hs.m, stateFailures)
	hs.wheel(1)
	if f.top != wheelLines {
		t.Errorf("wheel down: offset %d, want %d", f.top, wheelLines)
	}
	hs.wheel(-1)
	if f.top != 0 {
		t.Errorf("wheel up: offset %d, want 0", f.top)
	}
	hs.wheel(100)
	if !strings.Contains(hs.view(), "cst_39") {
		t.Errorf("the wheel did not scroll to the last failure:\n%s", hs.view())
	}
}
