package model

import (
	"testing"
)

// TestListViewGen checks that the view's generation grows with everything
// that works the view out again, and only with that.
func TestListViewGen(t *testing.T) {
	extra := event(t, 500, "2024-01-04T10:00:00Z", "Refund created", "cst_d")
	tests := []struct {
		name   string
		query  string // the filter in force before op
		op     func(t *testing.T, l *List)
		grows  bool
		length int // the view's length after op
	}{
		{"a query", "", func(t *testing.T, l *List) { l.SetQuery(mustQuery(t, "payment")) }, true, 3},
		{"the same query again", "payment", func(t *testing.T, l *List) { l.SetQuery(mustQuery(t, "payment")) }, true, 3},
		{"a sort", "", func(t *testing.T, l *List) { l.SetSort(Sort{Key: SortType}) }, true, 6},
		{"an event appended", "", func(t *testing.T, l *List) { l.Append(extra) }, true, 7},
		{"an event appended that the query hides", "payment", func(t *testing.T, l *List) { l.Append(extra) }, true, 3},
		{"nothing appended", "", func(t *testing.T, l *List) { l.Append() }, false, 6},
		{"nothing chunked", "", func(t *testing.T, l *List) { l.AppendChunks() }, false, 6},
		{"a merge that adds", "", func(t *testing.T, l *List) { l.MergeChunks(chunkOf([]Event{extra})) }, true, 7},
		{"a merge of what the list holds", "", func(t *testing.T, l *List) { l.MergeChunks(chunkOf(sample(t))) }, false, 6},
		{"statuses", "", func(t *testing.T, l *List) { l.SetStatus(func(int) string { return "paid" }) }, true, 6},
		{"a mark", "", func(t *testing.T, l *List) { l.ToggleMark(1) }, false, 6},
		{"a mark under is:marked", "is:marked", func(t *testing.T, l *List) { l.ToggleMark(1) }, true, 1},
		{"the cursor", "", func(t *testing.T, l *List) { l.SetCursor(3) }, false, 6},
		{"events seen", "", func(t *testing.T, l *List) { l.MarkSeen(0, 1); l.MarkSeenWindow(0, 6) }, false, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewList()
			l.Append(sample(t)...)
			if tt.query != "" {
				l.SetQuery(mustQuery(t, tt.query))
			}
			before := l.ViewGen()
			tt.op(t, l)
			if grew := l.ViewGen() > before; grew != tt.grows {
				t.Errorf("the generation grew: %v, want %v (%d → %d)", grew, tt.grows, before, l.ViewGen())
			}
			if l.Len() != tt.length {
				t.Errorf("the view holds %d events, want %d", l.Len(), tt.length)
			}
		})
	}
}

// TestListViewGenStartsAfterEveryView checks that a new list's generation
// differs from one that has worked out a view, so a zero-valued cache key
// never matches a view.
func TestListViewGenStartsAfterEveryView(t *testing.T) {
	l := NewList()
	if l.ViewGen() != 0 {
		t.Fatalf("an empty list's generation is %d, want 0", l.ViewGen())
	}
	l.Append(sample(t)...)
	if l.ViewGen() == 0 {
		t.Error("appending events left the generation at 0")
	}
}
