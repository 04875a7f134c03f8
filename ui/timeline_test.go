package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
)

// cursorTime is the created time of the event under the cursor, in UTC.
func (hs *harness) cursorTime(t *testing.T) string {
	t.Helper()
	e := hs.m.List().Selected()
	if e == nil {
		t.Fatal("no event selected")
	}
	return e.Created.UTC().Format(time.RFC3339)
}

func TestTimelineShowsAndToggles(t *testing.T) {
	hs := newFixture(t)
	if !hs.m.table().tline.shown || hs.m.table().pageSize() != 30-3-3 {
		t.Fatalf("at 30 rows the timeline is not shown (page %d)", hs.m.table().pageSize())
	}
	if !strings.HasSuffix(hs.status(), " · 1d buckets") {
		t.Errorf("status %q does not say the bucket size", hs.status())
	}
	// The timeline counts what the table shows.
	sum := func() int {
		n := 0
		for _, c := range hs.m.table().tline.tl.Counts {
			n += c
		}
		return n
	}
	if sum() != 10 {
		t.Errorf("the timeline counts %d events, the table shows 10", sum())
	}
	hs.press("/")
	hs.typeText("payment")
	if sum() != hs.m.List().Len() || sum() != 5 {
		t.Errorf("while typing a query the timeline counts %d, the table shows %d", sum(), hs.m.List().Len())
	}
	hs.press("enter", "i")
	if hs.m.table().tline.shown || strings.Contains(hs.status(), "buckets") || hs.m.table().pageSize() != 30-3 {
		t.Error("i does not hide the timeline")
	}
	hs.press("i")
	if !hs.m.table().tline.shown {
		t.Error("a second i does not show it again")
	}
	small := newHarness(t, 100, 20, fixtureBatches(t)...)
	if small.m.table().tline.shown || strings.Contains(small.view(), "▁") {
		t.Error("the timeline shows in a terminal of 20 rows")
	}
}

func TestTimelineZoomAndJump(t *testing.T) {
	hs := newFixture(t) // cursor on 2024-06-10 09:00, the newest
	tm := &hs.m.table().tline
	if tm.step != model.Step1d {
		t.Fatalf("the fixture's 82 days fit at %v, want 1d", tm.step)
	}
	hs.press("z")
	if tm.step != model.Step6h || !strings.Contains(hs.status(), "6h buckets (zoomed)") {
		t.Errorf("z: step %v, status %q", tm.step, hs.status())
	}
	// Centred on the cursor's time: its bucket is in the middle.
	if sel := tm.selected(hs.m.List()); sel != 50 {
		t.Errorf("after z the cursor's bucket is %d of 100, want the middle", sel)
	}
	hs.press("Z", "Z")
	if tm.step != model.Step1w {
		t.Errorf("Z Z: step %v, want 1w", tm.step)
	}
	hs.press("z")
	if tm.step != model.Step1d || tm.selected(hs.m.List()) != 50 {
		t.Errorf("z: step %v, the cursor's bucket %d", tm.step, tm.selected(hs.m.List()))
	}

	// Unzoomed, [ goes back in time bucket by bucket, to the first event of
	// each in the current sort (newest first), and ] forward.
	hs = newFixture(t)
	var seen []string
	for range 8 {
		hs.press("[")
		seen = append(seen, hs.cursorTime(t)[:10])
	}
	want := "2024-06-09 2024-06-02 2024-06-01 2024-05-22 2024-04-02 2024-03-22 2024-03-21 2024-03-20"
	if strings.Join(seen, " ") != want {
		t.Errorf("[ visits\n%v\nwant\n%v", seen, want)
	}
	hs.press("[")
	if !strings.Contains(hs.status(), "no events further that way") {
		t.Errorf("[ at the first bucket says %q", hs.status())
	}
	hs.press("]", "]")
	if got := hs.cursorTime(t); got != "2024-03-22T13:42:04Z" {
		t.Errorf("] ] went to %s", got)
	}
}

func TestTimelineClick(t *testing.T) {
	hs := newFixture(t)
	tm := &hs.m.table().tline
	// Each bucket is a column; the bars are on lines 25 and 26 of the
	// screen (under the header and 24 rows).
	col := tm.tl.Bucket(time.Date(2024, 3, 22, 13, 42, 4, 0, time.UTC).UnixNano())
	hs.m.Update(tea.MouseClickMsg{X: col, Y: 26, Button: tea.MouseLeft})
	if got := hs.cursorTime(t); got != "2024-03-22T13:42:04Z" {
		t.Errorf("a click on the bucket of 22 March moved to %s", got)
	}
	hs.m.Update(tea.MouseClickMsg{X: col + 1, Y: 25, Button: tea.MouseLeft})
	if got := hs.cursorTime(t); got != "2024-03-22T13:42:04Z" || !strings.Contains(hs.status(), "no events in that bucket") {
		t.Errorf("a click on an empty bucket moved to %s (%q)", got, hs.status())
	}
}

func TestGotoTime(t *testing.T) {
	hs := newFixture(t)
	for _, tt := range []struct{ typed, want string }{
		{"2024-03-22T12:00:00Z", "2024-03-22T13:42:04Z"}, // nearest, not the next
		{"2024-04-01", "2024-04-02T09:05:00Z"},           // a date: its midnight
		{"36h", "2024-06-09T22:30:00Z"},                  // back from now (2024-06-10 12:00)
		{"2030-01-01", "2024-06-10T09:00:00Z"},
	} {
		hs.press("@")
		if hs.m.state != stateGoto {
			t.Fatalf("@: state %v", hs.m.state)
		}
		hs.typeText(tt.typed)
		hs.press("enter")
		if got := hs.cursorTime(t); got != tt.want || hs.m.state != stateTable {
			t.Errorf("@%s went to %s (state %v), want %s", tt.typed, got, hs.m.state, tt.want)
		}
	}
	before := hs.cursorTime(t)
	hs.press("@")
	hs.typeText("yesterday")
	hs.press("enter")
	if hs.m.state != stateGoto || !strings.Contains(hs.view(), `cannot read "yesterday" as a time`) {
		t.Errorf("a bad time: state %v, no reason on screen:\n%s", hs.m.state, hs.view())
	}
	hs.press("esc")
	if got := hs.cursorTime(t); got != before || hs.m.state != stateTable {
		t.Errorf("a bad time moved the cursor to %s", got)
	}
}

func TestMarks(t *testing.T) {
	hs := newFixture(t)
	hs.press("j", "m", "j", "j", "j", "m") // 2024-06-09 22:30 and 2024-05-22 13:11
	if hs.m.List().MarkedCount() != 2 {
		t.Fatalf("%d marked", hs.m.List().MarkedCount())
	}
	lines := strings.Split(hs.view(), "\n")
	if !strings.HasPrefix(lines[2], "  ◆ 2024-06-09 22:30:00") || !strings.HasPrefix(lines[5], " ▸◆ 2024-05-22 13:11:19") {
		t.Errorf("the marks have no glyph in the gutter:\n%s\n%s", lines[2], lines[5])
	}
	hs.press("g", "n")
	if got := hs.cursorTime(t); got != "2024-06-09T22:30:00Z" {
		t.Errorf("n went to %s", got)
	}
	hs.press("n")
	if got := hs.cursorTime(t); got != "2024-05-22T13:11:19Z" {
		t.Errorf("n again went to %s", got)
	}
	hs.press("n")
	if !strings.Contains(hs.status(), "no marked event after this one") {
		t.Errorf("n past the last: %q", hs.status())
	}
	hs.press("N")
	if got := hs.cursorTime(t); got != "2024-06-09T22:30:00Z" {
		t.Errorf("N went to %s", got)
	}
	// M shows only the marked events, with is:marked in the query, and
	// keeps what was typed; the marks stay across sorts.
	hs.press("/")
	hs.typeText("payment")
	hs.press("enter", "M")
	if got := hs.m.List().Query().String(); got != "payment is:marked" || hs.m.List().Len() != 2 {
		t.Errorf("M: query %q, %d events", got, hs.m.List().Len())
	}
	hs.press("s", "S")
	if hs.m.List().Len() != 2 || !hs.m.List().IsMarked(hs.m.List().IDAt(0)) {
		t.Error("the marks did not stay across a sort")
	}
	hs.press("M")
	if got := hs.m.List().Query().String(); got != "payment" {
		t.Errorf("M again: query %q", got)
	}
	// The detail view says how far an event is from the nearest mark.
	hs.press("esc") // no query
	hs.m.List().SetSort(model.DefaultSort)
	hs.press("g", "enter") // the newest, 2024-06-10 09:00
	if v := hs.view(); !strings.Contains(v, "Marks     +10h 30m after the marked event of 2024-06-09 22:30") {
		t.Errorf("the detail view does not measure from the mark:\n%s", v)
	}
	hs.press("esc", "j", "enter")
	if v := hs.view(); !strings.Contains(v, "Marks     marked; +18d 9h after the marked event of 2024-05-22 13:11") {
		t.Errorf("a marked event's detail view:\n%s", v)
	}
	hs.press("esc", "m")
	if hs.m.List().MarkedCount() != 1 || hs.m.List().IsMarked(hs.m.List().SelectedID()) {
		t.Error("m on a marked event does not unmark it")
	}
}

// TestTimelineFollowsTheView checks that the timeline counts the view again
// when marks change it under is:marked, the query's text staying the same.
func TestTimelineFollowsTheView(t *testing.T) {
	hs := newFixture(t)
	sum := func() int {
		n := 0
		for _, c := range hs.m.table().tline.tl.Counts {
			n += c
		}
		return n
	}
	hs.press("m", "M") // the newest event marked, and only it shown
	if sum() != 1 || hs.m.List().Len() != 1 {
		t.Fatalf("under is:marked the timeline counts %d, the table shows %d", sum(), hs.m.List().Len())
	}
	hs.press("esc", "G", "m", "M") // the oldest marked too, and both shown
	if sum() != 2 || hs.m.List().Len() != 2 {
		t.Fatalf("two marked: the timeline counts %d, the table shows %d", sum(), hs.m.List().Len())
	}
	// Unmarking one under is:marked hides it: the same query and sort, one
	// event fewer.
	hs.press("g", "m")
	if sum() != 1 || hs.m.List().Len() != 1 {
		t.Errorf("one unmarked under is:marked: the timeline counts %d, the table shows %d", sum(), hs.m.List().Len())
	}
}

// Zoomed in, the window follows the cursor when it moves out of the shown
// span: g and G land on a selected bucket, not on an axis that stayed
// behind (issue 23, item 7).
func TestTimelineZoomFollowsTheCursor(t *testing.T) {
	hs := newFixture(t) // cursor on the newest event; the fixture spans 82 days
	tm := &hs.m.table().tline
	hs.press("z", "z", "z") // 6h, 1h, 15m buckets: a day at most on screen
	if tm.step != model.Step15m {
		t.Fatalf("z z z: step %v, want 15m", tm.step)
	}
	for _, key := range []string{"G", "g"} {
		hs.press(key)
		if sel := tm.selected(hs.m.List()); sel < 0 {
			t.Errorf("%s: the cursor's event is outside the zoomed buckets (%v from %v)", key, tm.step, tm.tl.Start(0))
		}
		if !tm.zoomed || tm.step != model.Step15m {
			t.Errorf("%s: zoom %v, step %v; want the same zoom", key, tm.zoomed, tm.step)
		}
	}
}

// With no events to count, the timeline says so rather than drawing an
// axis of made-up dates (issue 23, item 8).
func TestTimelineWithNoEvents(t *testing.T) {
	hs := newFixture(t)
	q, err := hs.m.common.parse("no-such-message-anywhere")
	if err != nil {
		t.Fatal(err)
	}
	hs.m.setQuery(q)
	hs.m.layout()
	v := hs.view()
	if !strings.Contains(v, "no events to chart") || strings.Contains(v, "▁") || strings.Contains(hs.status(), "buckets") {
		t.Errorf("no events: the screen shows\n%s", v)
	}
}

// The marker under a full bar never shares a cell with a date label: the
// label it would cut gives way (issue 23, item 9).
func TestTimelineMarkerCutsNoLabel(t *testing.T) {
	tl := model.NewTimeline(nil, time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), model.Step1d, 40, time.UTC)
	labels := tl.Labels()
	if len(labels) < 2 {
		t.Fatalf("labels %v", labels)
	}
	second := labels[1]
	for _, sel := range []int{second.At, second.At + 2, second.At + len(second.Text) - 1} {
		axis := markedAxis(tl, sel)
		if strings.Contains(axis, second.Text) || !strings.Contains(axis, labels[0].Text) {
			t.Errorf("marker at %d: axis %q, want %q gone and %q kept", sel, axis, second.Text, labels[0].Text)
		}
		if r := []rune(axis); r[sel] != '▲' {
			t.Errorf("marker at %d: axis %q", sel, axis)
		}
		for i, r := range []rune(axis) {
			if i != sel && r != ' ' && i >= second.At && i < second.At+len(second.Text) {
				t.Errorf("marker at %d: %q shares the label's cells", sel, axis)
			}
		}
	}
}

// Unzoomed, the timeline spans the events: no empty buckets are drawn after
// the last one (issue 23, item 10).
func TestTimelineSpansTheEvents(t *testing.T) {
	hs := newFixture(t) // 82 days at 1d buckets on 100 columns
	tm := &hs.m.table().tline
	last := tm.tl.Bounds[len(tm.tl.Bounds)-1]
	if n := len(tm.tl.Counts); n >= 100 || tm.tl.Counts[n-1] == 0 {
		t.Errorf("%d buckets, the last holding %d events; want the events' span, ending on a busy bucket", n, tm.tl.Counts[n-1])
	}
	if newest := hs.m.List().NanosAt(0); newest >= last || newest < tm.tl.Bounds[len(tm.tl.Bounds)-2] {
		t.Errorf("the newest event is not in the last bucket")
	}
}
