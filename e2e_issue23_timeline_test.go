package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The timeline's cases of issue 23 (items 7, 9 and 10). The timeline is
// the three lines above the status line: two rows of bars, then the axis.

// timelineOf is the timeline of a screen of the case's height: its rows
// of bars and its axis, each as runes, one a cell.
func (s sized) timelineOf(screen []string) (top, bottom, axis []rune) {
	return []rune(lineAt(screen, s.height-5)), []rune(lineAt(screen, s.height-4)), []rune(lineAt(screen, s.height-3))
}

// markerAt is the column of the selected bucket's marker, ▼ above its bar
// or ▲ on the axis, or -1 when there is none.
func (s sized) markerAt(screen []string) int {
	top, _, axis := s.timelineOf(screen)
	for i, r := range top {
		if r == '▼' {
			return i
		}
	}
	for i, r := range axis {
		if r == '▲' {
			return i
		}
	}
	return -1
}

// cursorRow finds the date and time of the row under the cursor.
var cursorRow = regexp.MustCompile(`(?m)^ ▸\S?\s+(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) `)

// cursorAt is the date and the time of the row under the cursor, or "".
func cursorAt(screen []string) (date, clock string) {
	m := cursorRow.FindStringSubmatch(strings.Join(screen, "\n"))
	if m == nil {
		return "", ""
	}
	return m[1], m[2]
}

// cursorDate is the date of the row under the cursor, or "".
func cursorDate(screen []string) string {
	date, _ := cursorAt(screen)
	return date
}

// dayLabel is a label of an axis of day buckets: with its year when the
// axis crosses one, else without.
var dayLabel = regexp.MustCompile(`\d{4}-\d\d-\d\d|\b[A-Z][a-z]{2} \d{1,2}\b`)

// labelDay is the day a label of dayLabel names, in the year that puts it
// nearest near.
func labelDay(label string, near time.Time) (time.Time, error) {
	if day, err := time.Parse(time.DateOnly, label); err == nil {
		return day, nil
	}
	day, err := time.Parse("Jan 2", label)
	if err != nil {
		return day, err
	}
	best := time.Time{}
	for year := near.Year() - 1; year <= near.Year()+1; year++ {
		c := time.Date(year, day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		if best.IsZero() || c.Sub(near).Abs() < best.Sub(near).Abs() {
			best = c
		}
	}
	return best, nil
}

// markedDay says what is wrong with a screen whose timeline has day
// buckets (the status line may be too narrow to say so): the marker must be on the bucket of the cursor's day, as the
// axis's first label counts the days ("" when it is).
func (s sized) markedDay(screen []string) string {
	_, _, axis := s.timelineOf(screen)
	day := cursorDate(screen)
	loc := dayLabel.FindStringIndex(string(axis))
	switch {
	case day == "":
		return "no row under the cursor"
	case loc == nil:
		return "no date on the axis"
	}
	at := s.markerAt(screen)
	if at < 0 {
		return "no bucket is marked for the cursor's event of " + day
	}
	near, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return err.Error()
	}
	first, err := labelDay(string(axis)[loc[0]:loc[1]], near)
	if err != nil {
		return err.Error()
	}
	column := len([]rune(string(axis)[:loc[0]]))
	if marked := first.AddDate(0, 0, at-column).Format(time.DateOnly); marked != day {
		return fmt.Sprintf("the marker is on the bucket of %s, the cursor on an event of %s", marked, day)
	}
	return ""
}

// Item 7: zoomed in, the window follows the cursor out of it (G, g, @),
// and the cursor's bucket is marked.
func zoomFollowsTheCursor(t *testing.T, s sized) {
	term := s.demo(t, "")
	term.keys("z")
	term.waitFor("1d buckets (zoomed)")
	axis := func(screen []string) string { _, _, a := s.timelineOf(screen); return string(a) }
	before := axis(term.waitUntil(s.markedDay))
	for _, move := range []struct {
		keys []string
		text string
	}{{keys: []string{"G"}}, {keys: []string{"g"}}, {keys: []string{"@"}, text: "2024-06-15"}} {
		term.keys(move.keys...)
		if move.text != "" {
			term.text(move.text)
			term.keys("Enter")
		}
		screen := term.waitUntil(func(screen []string) string {
			if axis(screen) == before {
				return fmt.Sprintf("after %v %s the axis stayed where it was", move.keys, move.text)
			}
			return s.markedDay(screen)
		})
		before = axis(screen)
	}
}

// axisLabel is a whole label of any axis, as model.Timeline writes them.
var axisLabel = regexp.MustCompile(`^(\d{4}-\d\d-\d\d( \d\d:\d\d)?|[A-Z][a-z]{2} \d{1,2}( \d\d:\d\d)?|[A-Z][a-z]{2}( \d{4})?)$`)

// wholeLabels says which label of the axis the marker ▲ cut, if any: the
// labels are what stands between runs of two spaces, the marker counting
// as two.
func wholeLabels(axis string) string {
	for _, label := range regexp.MustCompile(` {2,}`).Split(strings.TrimSpace(strings.ReplaceAll(axis, "▲", "  ")), -1) {
		if label != "" && !axisLabel.MatchString(label) {
			return fmt.Sprintf("the axis %q has a label cut by the marker: %q", axis, label)
		}
	}
	return ""
}

// Item 9: the marker of the selected bucket and the axis's labels never
// share a cell: stepping through the busy buckets ([) at three zooms,
// every axis holds whole labels, and ▲ showed on some.
func markerNeverCutsALabel(t *testing.T, s sized) {
	term := s.demo(t, "")
	onAxis := 0
	for _, zoom := range []string{"", "z", "z"} {
		if zoom != "" {
			term.keys(zoom)
		}
		at := ""
		for range 8 {
			term.keys("[")
			screen := term.waitUntil(func(screen []string) string {
				_, _, axis := s.timelineOf(screen)
				switch day, clock := cursorAt(screen); {
				case day == "" || day+" "+clock == at:
					return "[ did not move the cursor from " + at
				case s.markerAt(screen) < 0:
					return "no bucket is marked"
				default:
					return wholeLabels(string(axis))
				}
			})
			day, clock := cursorAt(screen)
			at = day + " " + clock
			if _, _, axis := s.timelineOf(screen); strings.ContainsRune(string(axis), '▲') {
				onAxis++
			}
		}
	}
	if onAxis == 0 {
		t.Errorf("the marker was never on the axis, so no label could have been cut")
	}
}

// Item 10: unzoomed, the timeline spans the events: with the cursor on
// the newest event, its bucket is the last one drawn, no empty buckets
// after it.
func spanIsTheEvents(t *testing.T, s sized) {
	term := s.demo(t, "")
	term.waitUntil(func(screen []string) string {
		_, bottom, _ := s.timelineOf(screen)
		last := len([]rune(strings.TrimRight(string(bottom), " "))) - 1
		switch at := s.markerAt(screen); {
		case cursorDate(screen) != "2025-02-12":
			return "the cursor is not on the newest event"
		case at < 0:
			return "no bucket is marked"
		case at != last:
			return fmt.Sprintf("the newest event's bucket is column %d, but the bars go on to column %d", at+1, last+1)
		}
		return ""
	})
}
