package model

import (
	"reflect"
	"slices"
	"testing"
)

// TestRefreshShowsTheFileAsItIsNow: a reload of a whole source drops the
// events it no longer sends, keeps the marks of those that remain, and
// keeps everything when it failed.
func TestRefreshShowsTheFileAsItIsNow(t *testing.T) {
	ev := func(typ int, day, msg string) Event {
		return event(t, typ, "2024-01-"+day+"T10:00:00Z", msg, "events.json")
	}
	a, b, c := ev(200, "01", "a"), ev(300, "02", "b"), ev(300, "03", "c")
	d, e, f := ev(400, "04", "d"), ev(400, "05", "e"), ev(500, "06", "f")
	tests := []struct {
		name    string
		loaded  []Event
		marked  []string  // messages of the events marked before the refresh
		reload  [][]Event // the refresh's batches
		whole   bool      // the refresh succeeded
		want    []string  // the messages of the view after, newest first
		marks   []string  // the messages of the marked events after
		removed int
		types   int // types in the type panel after
	}{
		{"truncated", []Event{a, b, c, d, e, f}, nil, [][]Event{{a, b}}, true, []string{"b", "a"}, nil, 4, 2},
		{"emptied", []Event{a, b, c}, nil, [][]Event{}, true, []string{}, nil, 3, 0},
		{"rewritten", []Event{a, b, c}, nil, [][]Event{{d, e}}, true, []string{"e", "d"}, nil, 3, 1},
		{"a line changed", []Event{a, b, c}, nil, [][]Event{{a, ev(300, "02", "b2"), c}}, true, []string{"c", "b2", "a"}, nil, 1, 2},
		{"one of twins left", []Event{a, a, b}, nil, [][]Event{{a, b}}, true, []string{"b", "a"}, nil, 1, 2},
		{"twins across batches stay", []Event{a, a}, nil, [][]Event{{a}, {a}}, true, []string{"a", "a"}, nil, 0, 1},
		{"marks stay on what remains", []Event{a, b, c}, []string{"a", "c"}, [][]Event{{a, b}}, true, []string{"b", "a"}, []string{"a"}, 1, 2},
		{"a failed refresh keeps all", []Event{a, b, c}, []string{"c"}, [][]Event{{a}}, false, []string{"c", "b", "a"}, []string{"c"}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewList()
			l.Append(tt.loaded...)
			for i := range l.Len() {
				if slices.Contains(tt.marked, l.At(i).Message) {
					l.ToggleMark(l.IDAt(i))
				}
			}
			l.BeginRefresh()
			for _, batch := range tt.reload {
				l.MergeChunks(chunkOf(batch))
			}
			if got := l.EndRefresh(tt.whole); got != tt.removed {
				t.Errorf("EndRefresh removed %d events, want %d", got, tt.removed)
			}
			got, marks := []string{}, []string(nil)
			for i := range l.Len() {
				got = append(got, l.At(i).Message)
				if l.IsMarked(l.IDAt(i)) {
					marks = append(marks, l.At(i).Message)
				}
			}
			if !reflect.DeepEqual(got, tt.want) || l.Total() != len(tt.want) {
				t.Errorf("after the refresh: %v (total %d), want %v", got, l.Total(), tt.want)
			}
			if !reflect.DeepEqual(marks, tt.marks) || l.MarkedCount() != len(tt.marks) {
				t.Errorf("marked after the refresh: %v (count %d), want %v", marks, l.MarkedCount(), tt.marks)
			}
			if n := len(l.TypeCounts()); n != tt.types {
				t.Errorf("the type panel lists %d types, want %d", n, tt.types)
			}
		})
	}
}

// TestRefreshBringsBackWhatReturned: an event that left the file and came
// back is in the list again, as new.
func TestRefreshBringsBackWhatReturned(t *testing.T) {
	a := event(t, 200, "2024-01-01T10:00:00Z", "a", "events.json")
	b := event(t, 300, "2024-01-02T10:00:00Z", "b", "events.json")
	l := NewList()
	l.Append(a, b)
	for _, reload := range [][]Event{{a}, {a, b}} {
		l.BeginRefresh()
		l.MergeChunks(chunkOf(reload))
		l.EndRefresh(true)
	}
	if l.Len() != 2 || l.Total() != 2 || l.NewCount() != 1 || !l.IsNew(l.IDAt(0)) || len(l.TypeCounts()) != 2 {
		t.Errorf("after b left and came back: %d shown of %d, %d new", l.Len(), l.Total(), l.NewCount())
	}
}
