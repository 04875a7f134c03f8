package model

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

// TestSinceUntilEdges checks the bounds through the list: --since is
// inclusive, --until exclusive, to the nanosecond, whatever offset the
// events were written in.
func TestSinceUntilEdges(t *testing.T) {
	l := NewList()
	l.SetSort(Sort{Key: SortCreated})
	l.Append(
		event(t, 1, "2024-03-20T08:59:59.999999999Z", "just before since", "f"),
		event(t, 2, "2024-03-20T09:00:00Z", "at since", "f"),
		event(t, 3, "2024-03-20T11:00:00.0+02:00", "at since, other offset", "f"),
		event(t, 4, "2024-03-20T09:30:00Z", "between", "f"),
		event(t, 5, "2024-03-20T09:59:59.999999999Z", "just before until", "f"),
		event(t, 6, "2024-03-20T10:00:00Z", "at until", "f"),
		event(t, 7, "2024-03-20T12:00:00+02:00", "at until, other offset", "f"),
		event(t, 8, "2024-03-20T10:00:00.000000001Z", "just after until", "f"),
	)
	now := time.Date(2024, 3, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name         string
		since, until string // as given on the command line; "" for none
		want         []int  // types shown
	}{
		{"since", "2024-03-20T09:00:00Z", "", []int{2, 3, 4, 5, 6, 7, 8}},
		{"until", "", "2024-03-20T10:00:00Z", []int{1, 2, 3, 4, 5}},
		{"both", "2024-03-20T09:00:00Z", "2024-03-20T10:00:00Z", []int{2, 3, 4, 5}},
		{"since in another offset", "2024-03-20T10:00:00+01:00", "", []int{2, 3, 4, 5, 6, 7, 8}},
		{"durations", "3h", "2h", []int{2, 3, 4, 5}},
		{"empty range", "2024-03-20T10:00:00Z", "2024-03-20T10:00:00Z", nil},
		{"a date is a whole day", "2024-03-20", "2024-03-21", []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"until a date excludes that day", "", "2024-03-20", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var terms []string
			if tt.since != "" {
				terms = append(terms, "since:"+tt.since)
			}
			if tt.until != "" {
				terms = append(terms, "until:"+tt.until)
			}
			q, err := query.Parse(strings.Join(terms, " "), now, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			l.SetQuery(q)
			var got []int
			for e := range l.All() {
				got = append(got, e.Type)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("since %q until %q: types %v, want %v", tt.since, tt.until, got, tt.want)
			}
		})
	}
}
