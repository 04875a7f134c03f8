package ui

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// loadedStatus matches the status line once loading is over: while loading,
// "10 events" follows "loading… ", after it the line starts with it.
var loadedStatus = regexp.MustCompile(`[^ ]10 events · sort`)

// TestGolden renders the fixture at 100×30 and compares the final screen
// with testdata/TestGolden/*.golden; go test ./ui -update rewrites them.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		keys []string // a name from keys is sent as that key, anything else typed
	}{
		{"table", nil},
		{"time_relative", []string{"TT"}},
		{"sorted_by_type", []string{"s"}},
		{"filter_typing", []string{"/!paid"}},
		{"filtered", []string{"/payment", "enter", "tajjj", "space", "enter"}},
		{"no_match", []string{"/refund", "enter", "ta", "space", "enter"}},
		{"types", []string{"/payment", "enter", "tjj", "space"}},
		{"sources", []string{"/payment", "enter", "c", "j"}},
		{"query_error", []string{"/type:2 since:yesterday"}},
		{"marked_zoomed", []string{"jm", "jjm", "z", "["}},
		{"goto_error", []string{"@", "tomorrow", "enter"}},
		{"detail", []string{"jjj", "enter"}},
		{"detail_unsafe_link", []string{"jj", "enter"}},
		{"detail_raw_json", []string{"enter", "J"}},
		{"help", []string{"?"}},
		{"views", []string{"v", "j"}},
		{"save_view", []string{"/payment", "enter", "V", "failed-payments"}},
		{"sources_by_count", []string{"c", "s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { goldenScreen(t, 100, 30, tt.keys) })
	}
}

// goldenScreen loads the fixture in a w×h terminal, sends keys (a name
// from keys as that key, anything else typed), ends with ctrl+c (q would
// be text in the filter) and compares the final screen with its golden
// file.
func goldenScreen(t *testing.T, w, h int, keyList []string) {
	t.Helper()
	cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, &opener{})
	cfg.Views = []SavedView{{Name: "failed", Query: "type:payment.failed", Sort: "-created"},
		{Name: "mandates", Query: "mandate", Columns: []string{"created", "message"}}}
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(w, h))
	teatest.WaitFor(t, tm.Output(), loadedStatus.Match,
		teatest.WithDuration(waitFor), teatest.WithCheckInterval(10*time.Millisecond))
	for _, k := range keyList {
		if _, named := keys[k]; named {
			tm.Send(keyMsg(k))
		} else {
			tm.Type(k)
		}
	}
	tm.Send(keyMsg("ctrl+c"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).(*Model)
	if final.Err() != nil {
		t.Fatalf("Err() = %v", final.Err())
	}
	golden.RequireEqual(t, []byte(screen(final)))
}

// TestGoldenNewEvents refreshes the fixture with r, bringing three newer
// events: they are marked with a glyph above the cursor, which stays on its
// event, and counted in the status line.
func TestGoldenNewEvents(t *testing.T) {
	fixture := fixtureBatches(t)
	var fresh []model.Event
	for i, msg := range []string{"Payment tr_Nw1aaaaaaa paid", "Refund re_Nw2bbbbbbb processed", "Payment tr_Nw3ccccccc paid"} {
		created := time.Date(2024, 6, 10, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * 30 * time.Minute)
		fresh = append(fresh, model.Event{Resource: "event", Type: 300 + 200*(i%2), Created: created,
			CreatedRaw: created.Format(time.RFC3339), Message: msg, Line: cells.Line(msg), Source: "cst_8wmqcHMN4U"})
	}
	src := &seqSource{loads: []source.Source{
		fakeSource{batches: fixture},
		fakeSource{batches: append([]source.Batch{{Chunks: chunks(fresh...)}}, fixture...)},
	}}
	cfg := testConfig(src, &opener{})
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	wait := func(re *regexp.Regexp) {
		teatest.WaitFor(t, tm.Output(), re.Match,
			teatest.WithDuration(waitFor), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait(loadedStatus)
	tm.Type("r")
	// The renderer writes only the cells that change: "13" and what follows.
	wait(regexp.MustCompile(`3 new · sort`))
	tm.Send(keyMsg("ctrl+c")) // any other key would mark the screen seen
	final := tm.FinalModel(t, teatest.WithFinalTimeout(waitFor)).(*Model)
	if final.Err() != nil {
		t.Fatalf("Err() = %v", final.Err())
	}
	golden.RequireEqual(t, []byte(screen(final)))
}

// TestGoldenSizes renders the table, the help (every page of it) and the
// detail view at 80×24 and 200×50, as TestGolden does at 100×30: every key
// of the help can be reached at each size (issue 23, item 5), and the hints
// keep ? and q (item 6).
func TestGoldenSizes(t *testing.T) {
	tests := []struct {
		name string
		keys []string
	}{
		{"table", nil},
		{"help", []string{"?"}},
		{"help_page_2", []string{"?", "?"}},
		{"detail", []string{"jjj", "enter"}},
		{"views", []string{"v"}},
		{"types_by_count", []string{"t", "s"}},
	}
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 50}} {
		for _, tt := range tests {
			name := fmt.Sprintf("%s_%dx%d", tt.name, size.w, size.h)
			t.Run(name, func(t *testing.T) { goldenScreen(t, size.w, size.h, tt.keys) })
		}
	}
}
