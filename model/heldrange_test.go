package model

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestDatesOutsideTheHeldYearsAreRefusedAtLoad: an event created outside
// 1900–2099 (UTC) fails its file with an error naming file and line, or is
// skipped with --skip-invalid; the first and last held instants load.
func TestDatesOutsideTheHeldYearsAreRefusedAtLoad(t *testing.T) {
	tests := []struct {
		created string
		held    bool
	}{
		{"1000-01-01T00:00:00Z", false},
		{"1500-06-01T00:00:00Z", false},
		{"1677-09-21T00:12:43Z", false},
		{"1899-12-31T23:59:59.999999999Z", false},
		{"1900-01-01T00:30:00+01:00", false}, // 1899-12-31T23:30Z
		{"1900-01-01T00:00:00Z", true},
		{"1900-01-01T00:30:00+00:30", true}, // 1900-01-01T00:00Z
		{"2099-12-31T23:59:59.999999999Z", true},
		{"2099-12-31T20:00:00-05:00", false}, // 2100-01-01T01:00Z
		{"2100-01-01T00:00:00Z", false},
		{"2270-01-01T00:00:00Z", false},
		{"2300-01-01T00:00:00Z", false},
		{"9999-12-31T23:59:59Z", false},
	}
	const first = `{"type":1,"createdAt":"2024-03-20T09:13:37Z","message":"ok"}` + "\n"
	for _, tt := range tests {
		t.Run(tt.created, func(t *testing.T) {
			data := []byte(first + `{"type":2,"createdAt":"` + tt.created + `","message":"far"}` + "\n")
			d, err := Decode("events.json", data)
			if tt.held {
				if err != nil || len(d.Events) != 2 || !d.Events[1].Created.Equal(mustTime(t, tt.created)) {
					t.Fatalf("Decode: %v, %d events; want both, the second at %s", err, len(d.Events), tt.created)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "events.json:2") || !strings.Contains(err.Error(), "outside the years eventbrowser holds, 1900 to 2099") {
				t.Errorf("Decode: err = %v; want events.json:2 and the held years", err)
			}
			// The streamed reader, which reads files on disk, says the same.
			var n int
			_, serr := DecodeStream(context.Background(), "events.json", bytes.NewReader(data), DecodeOptions{}, func(c *Chunk) { n += c.Len() })
			if serr == nil || !strings.Contains(serr.Error(), "events.json:2") {
				t.Errorf("DecodeStream: err = %v; want events.json:2", serr)
			}
			// With --skip-invalid, the event is skipped and the rest loads.
			n = 0
			notes, serr := DecodeStream(context.Background(), "events.json", bytes.NewReader(data), DecodeOptions{SkipInvalid: true}, func(c *Chunk) { n += c.Len() })
			if serr != nil || n != 1 || len(notes) == 0 || !strings.Contains(strings.Join(notes, " "), "skipped") {
				t.Errorf("with SkipInvalid: %v, %d events, notes %q; want 1 and a note", serr, n, notes)
			}
		})
	}
}

// farList holds events at both ends of the held years and between.
func farList(t *testing.T, sort Sort) *List {
	l := NewList()
	l.SetSort(sort)
	l.Append(
		event(t, 300, "1900-01-01T00:00:00Z", "first held", "f.json"),
		event(t, 200, "1990-06-01T00:00:00Z", "1990", "f.json"),
		event(t, 100, "2024-03-20T09:13:37Z", "2024", "f.json"),
		event(t, 400, "2099-12-31T23:59:59Z", "last held", "f.json"),
	)
	return l
}

var farSorts = []Sort{{Key: SortCreated, Desc: true}, {Key: SortCreated}, {Key: SortType}, {Key: SortNone}}

// TestFarQueryBoundsSelectTheRightEvents: since: and until: with dates far
// outside the held years keep or drop every event as the dates say.
func TestFarQueryBoundsSelectTheRightEvents(t *testing.T) {
	tests := []struct {
		query string
		want  []string // messages, in load order
	}{
		{"since:1500-01-01", []string{"first held", "1990", "2024", "last held"}},
		{"since:2000-01-01", []string{"2024", "last held"}},
		{"since:2150-01-01", nil},
		{"since:2300-01-01", nil},
		{"until:2280-01-01", []string{"first held", "1990", "2024", "last held"}},
		{"until:2150-01-01", []string{"first held", "1990", "2024", "last held"}},
		{"until:1500-01-01", nil},
		{"until:1990-01-01", []string{"first held"}},
		{"!since:2300-01-01", []string{"first held", "1990", "2024", "last held"}},
		{"since:1500-01-01 until:2300-01-01", []string{"first held", "1990", "2024", "last held"}},
	}
	for _, sort := range farSorts {
		for _, tt := range tests {
			l := farList(t, sort)
			l.SetQuery(mustQuery(t, tt.query))
			var got []string
			for id := range l.Total() {
				if l.Index(id) >= 0 {
					got = append(got, l.Event(id).Message)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sort %v, %s: %q, want %q", sort, tt.query, got, tt.want)
			}
		}
	}
}

// TestJumpToAFarDateLandsOnTheNearestEvent: @ with a date past either end
// of the held years lands on the event nearest to it, the last or the
// first; so does the nearest marked event.
func TestJumpToAFarDateLandsOnTheNearestEvent(t *testing.T) {
	tests := []struct {
		at, want string
	}{
		{"2400-01-01T00:00:00Z", "last held"},
		{"2150-01-01T00:00:00Z", "last held"},
		{"9999-12-31T00:00:00Z", "last held"},
		{"1000-01-01T00:00:00Z", "first held"},
		{"1800-01-01T00:00:00Z", "first held"},
		{"1991-01-01T00:00:00Z", "1990"},
	}
	for _, sort := range farSorts {
		for _, tt := range tests {
			l := farList(t, sort)
			at, _ := time.Parse(time.RFC3339, tt.at)
			if pos := l.Nearest(at); pos < 0 || l.At(pos).Message != tt.want {
				t.Errorf("sort %v: Nearest(%s) = %d, want %q", sort, tt.at, pos, tt.want)
			}
			for i := range l.Len() {
				l.ToggleMark(l.IDAt(i))
			}
			if e, ok := l.NearestMarked(at, -1); !ok || e.Message != tt.want {
				t.Errorf("sort %v: NearestMarked(%s) = %v, want %q", sort, tt.at, e, tt.want)
			}
		}
	}
}

// TestHeldInstantsSubtractAndChart: any two held instants are a
// time.Duration apart, and a timeline over them has rising bounds.
func TestHeldInstantsSubtractAndChart(t *testing.T) {
	first, last := HeldFrom, HeldUntil.Add(-time.Nanosecond)
	if d := last.Sub(first); d <= 0 || d == time.Duration(1<<63-1) || first.Add(d) != last {
		t.Errorf("the held years are %v apart: not a duration", d)
	}
	if s := FitStep(first, last, 100, time.UTC); s != Step1mo {
		t.Errorf("FitStep over the held years = %v, want 1mo", s)
	}
	for _, start := range []time.Time{first, last} {
		tl := NewTimeline(oneBatch([]int64{first.UnixNano(), last.UnixNano()}), start, Step1mo, 120, time.UTC)
		for i := 1; i < len(tl.Bounds); i++ {
			if tl.Bounds[i] <= tl.Bounds[i-1] {
				t.Fatalf("timeline from %v: bound %d (%v) not after bound %d (%v)", start, i,
					time.Unix(0, tl.Bounds[i]).UTC(), i-1, time.Unix(0, tl.Bounds[i-1]).UTC())
			}
		}
		if tl.Total != 2 || tl.Max != 1 {
			t.Errorf("timeline from %v: total %d, max %d; want 2 and 1", start, tl.Total, tl.Max)
		}
	}
}
