package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/eventbrowser/eventbrowser/model"
)

// TestStatusBarRender lays status bars out as pure functions of their
// parts and the width.
func TestStatusBarRender(t *testing.T) {
	newest := model.Sort{Key: model.SortCreated, Desc: true}
	byType := model.Sort{Key: model.SortType}
	tests := []struct {
		name  string
		bar   statusBar
		width int
		want  string
	}{
		{"the count and the sort", statusBar{total: 1234, sort: newest}, 80,
			"1,234 events · sort created ↓"},
		{"a query", statusBar{shown: 5, total: 1234, filtered: true, query: "payment type:300", sort: byType}, 80,
			"5 of 1,234 events · payment type:300 · sort type ↑"},
		{"loading", statusBar{spinner: "*", loading: true, total: 40, sort: newest}, 80,
			"* loading… 40 events · sort created ↓"},
		{"refreshing", statusBar{spinner: "*", loading: true, refreshing: true, total: 40, sort: newest}, 80,
			"* refreshing… 40 events · sort created ↓"},
		{"reading a pipe, refresh or not", statusBar{spinner: "*", loading: true, refreshing: true, reading: "stdin", total: 3, sort: newest}, 80,
			"* reading stdin… 3 events · sort created ↓"},
		{"the load's progress counts its failures", statusBar{spinner: "*", loading: true, progress: "customers 3/3 · events 5 · 2 failed", failed: 2, total: 5, sort: newest}, 80,
			"* customers 3/3 · events 5 · 2 failed · sort created ↓"},
		{"the load's progress and a query", statusBar{spinner: "*", loading: true, progress: "customers 1/3+ · events 5", shown: 2, total: 5, filtered: true, query: "paid", sort: newest}, 80,
			"* customers 1/3+ · events 5 · 2 of 5 events · paid · sort created ↓"},
		{"failures while loading without progress", statusBar{spinner: "*", loading: true, failed: 1, total: 5, sort: newest}, 80,
			"* loading… 5 events · 1 failed (E) · sort created ↓"},
		{"failures, new events, fetches", statusBar{spinner: "*", total: 5000, failed: 1200, fresh: 3, fetching: 4, sort: newest}, 80,
			"5,000 events · 1,200 failed (E) · 3 new · * fetching 4 linked · sort created ↓"},
		{"the statuses of a view, fetched so far and asked", statusBar{spinner: "*", total: 5000, fetching: 4, fetched: 120, asked: 124, searching: true, sort: newest}, 80,
			"5,000 events · * fetching linked 120/124+ · sort created ↓"},
		{"the statuses of a view, the search done", statusBar{spinner: "*", total: 5000, fetching: 2, fetched: 448, asked: 450, sort: newest}, 80,
			"5,000 events · * fetching linked 448/450 · sort created ↓"},
		{"no fetches said while loading", statusBar{spinner: "*", loading: true, total: 5, fetching: 4, sort: newest}, 80,
			"* loading… 5 events · sort created ↓"},
		{"the watch and the view's part", statusBar{total: 5, sort: newest, watch: 90 * time.Second, info: "1h buckets"}, 80,
			"5 events · sort created ↓ · watch 1m 30s · 1h buckets"},
		{"a note", statusBar{total: 5, sort: newest, note: "skipped 2 lines"}, 80,
			"5 events · sort created ↓ · skipped 2 lines"},
		{"a note takes what is left", statusBar{total: 5, sort: newest, note: "skipped 2 lines that were not JSON"}, 40,
			"5 events · sort created ↓ · skipped 2 l…"},
		{"a message hides the note", statusBar{total: 5, sort: newest, message: "copied", note: "skipped 2 lines"}, 80,
			"5 events · sort created ↓ · copied"},
		{"a message cuts the query and the sort", statusBar{shown: 2, total: 5, filtered: true, query: "payment type:300", sort: newest, message: "copied the event as JSON"}, 50,
			"2 of 5 events · paymen… · copied the event as JSON"},
		{"a long message leaves the counts whole", statusBar{shown: 2, total: 5, filtered: true, fresh: 1, query: "payment", sort: newest, message: "opened https://www.mollie.com/dashboard/payments"}, 60,
			"2 of 5 events · 1 new · opened https://www.mollie.com/dashb…"},
		{"a narrow screen cuts everything", statusBar{total: 1234, sort: newest}, 10,
			"1,234 eve…"},
	}
	st := newStyles(true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.bar.render(tt.width, &st)
			if plain := ansi.Strip(got); plain != tt.want {
				t.Errorf("render(%d)\n got %q\nwant %q", tt.width, plain, tt.want)
			}
			if w := ansi.StringWidthWc(got); w > tt.width {
				t.Errorf("render(%d) is %d cells wide", tt.width, w)
			}
		})
	}
}

// TestStatusBarInfoIsTheFrontViews checks that the view in front feeds the
// status line its own part: the table its timeline's buckets, a prompt over
// the table nothing.
func TestStatusBarInfoIsTheFrontViews(t *testing.T) {
	hs := newFixture(t)
	if got := hs.m.statusBar().info; got != "1d buckets" {
		t.Errorf("the table's part is %q, want the timeline's buckets", got)
	}
	hs.press("/")
	if got := hs.m.statusBar().info; got != "" {
		t.Errorf("under the query prompt the part is %q, want none", got)
	}
	hs.press("esc", "i")
	if got := hs.m.statusBar().info; got != "" {
		t.Errorf("with the timeline hidden the table's part is %q, want none", got)
	}
}

// TestStatusSaysOneEvent: a count of one says "event", any other
// "events".
func TestStatusSaysOneEvent(t *testing.T) {
	for _, tt := range []struct {
		shown, total int
		filtered     bool
		want         string
	}{
		{1, 1, false, "1 event"}, {0, 0, false, "0 events"}, {2, 2, false, "2 events"},
		{0, 1, true, "0 of 1 event"}, {1, 2, true, "1 of 2 events"},
	} {
		s := statusBar{shown: tt.shown, total: tt.total, filtered: tt.filtered}
		if got := s.counts(); len(got) == 0 || got[0] != tt.want {
			t.Errorf("%d of %d: %q, want %q", tt.shown, tt.total, got, tt.want)
		}
	}
}
