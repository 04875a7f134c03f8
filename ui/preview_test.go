package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// previewTitle is the preview's first line, "Event 3 of 10", or "" when
// the preview does not show.
func previewTitle(hs *harness) string {
	if !hs.m.table().preview.shown {
		return ""
	}
	first, _, _ := strings.Cut(hs.view(), "\n")
	_, pane, ok := strings.Cut(first, "│ ")
	if !ok {
		return ""
	}
	return strings.TrimSpace(pane)
}

// The preview shows by itself from previewFrom columns up; p shows it
// below that and hides it above, and at any width where it shows the
// table keeps minTableBeside columns, the two fill the width and no line
// is wider than the screen. Where even p cannot fit it, it says so.
func TestPreviewWidths(t *testing.T) {
	need := minTableBeside + ruleWidth + minPreview
	for _, w := range []int{need - 1, need, 80, 100, 159, 160, 200, 320} {
		for _, pressed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d p=%v", w, pressed), func(t *testing.T) {
				hs := newHarness(t, w, 30, fixtureBatches(t)...)
				if pressed {
					hs.press("p")
				}
				want := w >= previewFrom != pressed && w >= need
				tb := hs.m.table()
				if tb.preview.shown != want {
					t.Fatalf("the preview shows: %v, want %v", tb.preview.shown, want)
				}
				if got := hs.m.message; pressed && w < need && !strings.Contains(got, fmt.Sprintf("at least %d columns", need)) {
					t.Errorf("p where the preview cannot fit says %q", got)
				}
				pane := tb.preview.detail.width
				switch {
				case !want && tb.width != w:
					t.Errorf("without the preview the table is %d wide, want %d", tb.width, w)
				case want && (tb.width < minTableBeside || tb.width+ruleWidth+pane != w || pane < minPreview):
					t.Errorf("table %d + rule + preview %d in %d columns", tb.width, pane, w)
				}
				for i, line := range strings.Split(hs.view(), "\n") {
					if lw := ansi.StringWidth(line); lw > w {
						t.Errorf("line %d is %d wide, more than %d: %q", i, lw, w, line)
					}
				}
				if want && previewTitle(hs) != "Event 1 of 10" {
					t.Errorf("the preview starts %q, want the first event", previewTitle(hs))
				}
			})
		}
	}
}

// p shows the preview and p again hides it, at 80 columns as at 200, and
// it stays as p left it when the terminal is resized.
func TestPreviewToggles(t *testing.T) {
	hs := newHarness(t, 80, 24, fixtureBatches(t)...)
	for i, want := range []bool{true, false, true} {
		hs.press("p")
		if got := hs.m.table().preview.shown; got != want {
			t.Fatalf("p #%d at 80 columns: shown %v, want %v", i+1, got, want)
		}
	}
	hs.m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	if !hs.m.table().preview.shown {
		t.Error("forced on at 80 columns, the preview went at 200")
	}
	hs.press("p")
	hs.m.Update(tea.WindowSizeMsg{Width: 300, Height: 50})
	if hs.m.table().preview.shown {
		t.Error("hidden with p, the preview came back at 300 columns")
	}
}

// The preview shows the selected event, whatever moved the cursor: a
// key, a click, a query, a sort; and a mark shows in it at once.
func TestPreviewFollowsCursor(t *testing.T) {
	hs := newHarness(t, 200, 50, fixtureBatches(t)...)
	hs.at(0)
	steps := []struct {
		name string
		do   func()
	}{
		{"j", func() { hs.press("j") }},
		{"G", func() { hs.press("G") }},
		{"k", func() { hs.press("k") }},
		{"click", func() { hs.click(3) }},
		{"query", func() { hs.press("/"); hs.typeText("payment"); hs.press("enter") }},
		{"sort", func() { hs.press("s") }},
		{"pgup", func() { hs.press("pgup") }},
	}
	for _, st := range steps {
		st.do()
		l := hs.m.List()
		d := hs.m.table().preview.detail
		if d.id != l.SelectedID() || d.event.Message != l.Selected().Message || previewTitle(hs) != "Event "+position(l) {
			t.Fatalf("after %s the preview shows %q (%q), want the selected event %q at %s",
				st.name, previewTitle(hs), d.text, l.Selected().Message, position(l))
		}
		msg := l.Selected().Message
		if !strings.Contains(hs.view(), "│ "+msg[:min(len(msg), 16)]) {
			t.Errorf("after %s the screen does not show the selected event's message:\n%s", st.name, hs.view())
		}
	}
	hs.press("m")
	if !strings.Contains(hs.view(), "Marks     marked") {
		t.Errorf("a mark does not show in the preview:\n%s", hs.view())
	}
}

// A click on the preview selects no row of the table.
func TestPreviewClickSelectsNothing(t *testing.T) {
	hs := newHarness(t, 200, 50, fixtureBatches(t)...)
	hs.at(0)
	hs.m.Update(tea.MouseClickMsg{X: hs.m.table().width + 5, Y: 3, Button: tea.MouseLeft})
	if got := hs.m.List().Cursor(); got != 0 {
		t.Errorf("a click on the preview moved the cursor to %d", got)
	}
}

// The preview's text is sanitized as the detail view's is, and a message
// of megabytes is read no further than previewMessage bytes, cut with ….
func TestPreviewSanitizedAndBounded(t *testing.T) {
	evil := hugeEvent("Payment \x1b]52;c;ZXZpbA==\x07paid \x1b[2J\x9b31m" + hugeMessage(1<<20, true))
	m := loadedModel(t, 200, 50, evil)
	v := m.View().Content
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x07", "\x9b"} {
		if strings.Contains(v, bad) {
			t.Errorf("the screen holds %q from the event's message", bad)
		}
	}
	d := m.table().preview.detail
	if len(d.text) > previewMessage+len(ellipsis)+1024 || !strings.HasSuffix(d.text, ellipsis) {
		t.Errorf("the preview read %d bytes of a 1 MB message, want at most about %d, ending in …", len(d.text), previewMessage)
	}
	if !strings.Contains(ansi.Strip(v), "Payment ") {
		t.Errorf("the preview does not show the message:\n%s", ansi.Strip(v))
	}
}

// cutMessage keeps whole characters and says that it cut.
func TestCutMessage(t *testing.T) {
	tests := []struct {
		msg  string
		n    int
		want string
	}{
		{"short", 0, "short"},
		{"short", 5, "short"},
		{"shorter", 5, "short…"},
		{"ab€cd", 3, "ab…"}, // € is three bytes: not split
		{"ab€cd", 5, "ab€…"},
	}
	for _, tt := range tests {
		if got := cutMessage(tt.msg, tt.n); got != tt.want {
			t.Errorf("cutMessage(%q, %d) = %q, want %q", tt.msg, tt.n, got, tt.want)
		}
	}
}

// In the detail view n and p step to the next and previous event of the
// table, as filtered and sorted, stopping at either end, and esc comes
// back to the table at the event shown.
func TestDetailSteps(t *testing.T) {
	hs := newFixture(t)
	q, err := query.Parse("!mandate", fixedNow, hs.m.cfg.Location)
	if err != nil {
		t.Fatal(err)
	}
	hs.m.setQuery(q)
	hs.m.List().SetSort(model.Sort{Key: model.SortType})
	hs.at(0)
	l := hs.m.List()
	var order []int // the events' IDs in the table's order
	for pos := range l.Len() {
		order = append(order, l.IDAt(pos))
	}
	if len(order) != 9 {
		t.Fatalf("%d events under the query, want 9", len(order))
	}
	d := viewIn[*detailView](hs.m, stateDetail)
	shows := func(i int) bool {
		return d.id == order[i] && d.event.Message == l.Event(order[i]).Message &&
			strings.Contains(hs.view(), fmt.Sprintf("Event %d of 9", i+1))
	}
	hs.press("enter", "p")
	if hs.m.message != "this is the first event" || !shows(0) {
		t.Errorf("p on the first event: %q, showing %q", hs.m.message, d.event.Message)
	}
	for i := 1; i < len(order); i++ {
		hs.press("n")
		if !shows(i) {
			t.Fatalf("n #%d shows %q, want %q", i, d.event.Message, l.Event(order[i]).Message)
		}
	}
	hs.press("n")
	if hs.m.message != "this is the last event" || !shows(8) {
		t.Errorf("n on the last event: %q, showing %q", hs.m.message, d.event.Message)
	}
	hs.press("p", "p")
	if !shows(6) || hs.m.state != stateDetail {
		t.Errorf("p p from the last shows %q, want %q", d.event.Message, l.Event(order[6]).Message)
	}
	hs.press("J", "n")
	if !d.raw || !shows(7) || d.top != 0 {
		t.Errorf("n in the raw view: raw %v, event %q, top %d", d.raw, d.event.Message, d.top)
	}
	hs.press("esc")
	if hs.m.state != stateTable || l.SelectedID() != order[7] {
		t.Errorf("esc came back to %q with %q selected, want the table at %q", hs.m.state, l.Selected().Message, l.Event(order[7]).Message)
	}
}

// TestGoldenPreview renders the preview beside the table: forced with p
// at 80×24 and 100×30, by itself at 200×50, each after the cursor moved;
// and at 200×50 hidden with p; and the panels typed in and tab in the
// query line at each size.
func TestGoldenPreview(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"preview_80x24", 80, 24, []string{"p", "jjj"}},
		{"preview_100x30", 100, 30, []string{"p", "jjj"}},
		{"preview_200x50", 200, 50, []string{"jjj"}},
		{"preview_hidden_200x50", 200, 50, []string{"p"}},
		{"preview_filter_200x50", 200, 50, []string{"/payment"}},
	}
	// The panels typed in and the query line completed, at every size.
	for _, size := range []struct{ w, h int }{{80, 24}, {100, 30}, {200, 50}} {
		for _, tt := range []struct {
			name string
			keys []string
		}{
			{"types_typed", []string{"t", "/3"}},
			{"sources_typed_kept", []string{"c", "/vs", "enter"}},
			{"query_tab", []string{"/ty", "tab", "tab"}},
		} {
			tests = append(tests, struct {
				name string
				w, h int
				keys []string
			}{fmt.Sprintf("%s_%dx%d", tt.name, size.w, size.h), size.w, size.h, tt.keys})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { goldenScreen(t, tt.w, tt.h, tt.keys) })
	}
}

// The preview fetches the resources of the event it shows, as the detail
// view does, and shows them when they arrive; the table alone fetches
// nothing.
func TestPreviewShowsTheLinkedResource(t *testing.T) {
	f := &fakeFetcher{bodies: map[string]string{hrefPaid: failedPayment}}
	hs := newResourceHarness(t, f, false)
	if cmd := hs.press("j", "k"); cmd != nil || f.count(hrefPaid) != 0 {
		t.Fatalf("the table alone asked for a resource (%d fetches)", f.count(hrefPaid))
	}
	cmd := hs.press("p")
	if v := hs.view(); !strings.Contains(v, "│ 1  fetching") {
		t.Errorf("while fetching, the preview does not say so:\n%s", v)
	}
	hs.deliver(t, cmd, 1)
	if v := hs.view(); !strings.Contains(v, "│    Status        failed") {
		t.Errorf("the preview does not show the resource:\n%s", v)
	}
}

// TestPreviewFetchesOnceTheCursorRests: moving through events with the
// preview shown fetches nothing; the event the cursor rests on has its
// resources fetched, once, and a tick for an event left behind fetches
// nothing.
func TestPreviewFetchesOnceTheCursorRests(t *testing.T) {
	f := &fakeFetcher{bodies: map[string]string{hrefPaid: failedPayment}}
	hs := newResourceHarness(t, f, false)
	first := hs.press("p") // on the first event, which links to hrefPaid
	moved := hs.press("j", "j", "j")
	hs.press("k", "k")
	rest := hs.press("k")
	if n := hs.m.res.pending(); n != 0 {
		t.Fatalf("moving through events started %d fetches", n)
	}
	for _, stale := range []tea.Cmd{first, moved} {
		hs.m.Update(findMsg[previewRestMsg](t, stale))
	}
	if n := f.total(); n != 0 {
		t.Fatalf("the ticks of events left behind fetched %d resources", n)
	}
	hs.deliver(t, rest, 1)
	if n, paid := f.total(), f.count(hrefPaid); n != 1 || paid != 1 {
		t.Errorf("once the cursor rested: %d fetches, %d of the event's payment; want 1 and 1", n, paid)
	}
	if v := hs.view(); !strings.Contains(v, "│    Status        failed") {
		t.Errorf("the preview does not show the resource:\n%s", v)
	}
}

// findMsg runs cmd and the commands of its batches until one gives a T.
func findMsg[T tea.Msg](t *testing.T, cmd tea.Cmd) T {
	t.Helper()
	var zero T
	if cmd == nil {
		t.Fatalf("no command, so no %T", zero)
	}
	switch msg := cmd().(type) {
	case T:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if c == nil {
				continue
			}
			if m, ok := any(c()).(T); ok {
				return m
			}
		}
	}
	t.Fatalf("the command gives no %T", zero)
	return zero
}
