package ui

import (
	"strings"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// timelineRows is the timeline's height: two rows of bars and an axis.
const timelineRows = 3

// timelineMinHeight is the smallest terminal the timeline shows in.
const timelineMinHeight = 24

// timeline is the strip under the table that counts the events the table
// shows per bucket of time. It is counted again whenever the view changes
// (the list's view generation: query, sort, events arriving), after the
// message that changed it, never in View.
type timeline struct {
	on     bool // i toggles it
	shown  bool // on, and the terminal is tall enough
	zoomed bool // z or Z chose the step, around center
	step   model.Step
	center time.Time

	tl     model.Timeline
	cells  [2][]string // the bars, a cell a bucket: top and bottom rows
	axis   string      // the labels, or why there is nothing to chart
	key    timelineKey // what tl was counted for
	status string      // "1h buckets"
}

// timelineKey is everything the counts depend on.
type timelineKey struct {
	view   uint64 // the list's view generation
	width  int
	zoomed bool
	step   model.Step
	center int64
}

// count counts the view again if it changed since the last count.
func (tm *timeline) count(l *model.List, width int, loc *time.Location) {
	if tm.zoomed && l.Len() > 0 && tm.tl.Counts != nil {
		// Zoomed in, the window follows the cursor out of it (g, @, n).
		if n := l.NanosAt(l.Cursor()); tm.tl.Bucket(n) < 0 {
			tm.center = time.Unix(0, n)
		}
	}
	key := timelineKey{view: l.ViewGen(), width: width, zoomed: tm.zoomed, step: tm.step, center: tm.center.UnixNano()}
	if key == tm.key && tm.tl.Counts != nil {
		return
	}
	tm.key = key
	lo, hi, ok := l.ViewSpan()
	if !ok {
		// No axis of made-up dates for no events.
		tm.tl = model.Timeline{Counts: []int{}}
		tm.cells = [2][]string{}
		tm.axis, tm.status = "no events to chart", ""
		return
	}
	var start time.Time
	columns := width
	if tm.zoomed {
		start = model.Centered(tm.center, tm.step, width, loc)
	} else {
		start = time.Unix(0, lo)
		tm.step = model.FitStep(start, time.Unix(0, hi), width, loc)
		columns = spanColumns(start, hi, tm.step, width, loc)
	}
	tm.tl = model.NewTimeline(l.ViewNanos(), start, tm.step, columns, loc)
	top, bottom := cells.Bars(tm.tl.Counts, tm.tl.Max)
	tm.cells[0], tm.cells[1] = splitCells(top), splitCells(bottom)
	tm.axis = tm.tl.Axis()
	tm.status = tm.step.Describe()
	if tm.zoomed {
		tm.status += " (zoomed)"
	}
}

// spanColumns is how many buckets of step s, from the one holding start,
// reach the instant last (Unix nanoseconds), at most width: unzoomed, the
// timeline spans the events, with no empty buckets after the last.
func spanColumns(start time.Time, last int64, s model.Step, width int, loc *time.Location) int {
	n := 1
	for t := s.Next(s.Floor(start, loc), loc); n < width && t.UnixNano() <= last; t = s.Next(t, loc) {
		n++
	}
	return n
}

func splitCells(s string) []string {
	cells := make([]string, 0, len(s))
	for _, r := range s {
		cells = append(cells, string(r))
	}
	return cells
}

// zoom moves to the next smaller (in) or larger step, centred on at.
func (tm *timeline) zoom(in bool, at time.Time) {
	switch {
	case in && tm.step > model.Step1m:
		tm.step--
	case !in && tm.step < model.Step1mo:
		tm.step++
	}
	tm.zoomed, tm.center = true, at
}

// view draws the strip, the bucket at sel (or -1) in the selection style
// and pointed at, so that it shows without colour too: ▼ above its bar when
// the bar leaves room, else ▲ on the axis, where the date label it would
// cut gives way to it.
func (tm *timeline) view(sel int, st *styles) string {
	var b strings.Builder
	axis := tm.axis
	above := sel >= 0 && sel < len(tm.cells[0]) && tm.cells[0][sel] == " "
	for row := range 2 {
		for i, c := range tm.cells[row] {
			switch {
			case i == sel && row == 0 && above:
				c = "▼"
			case i == sel:
				c = st.selected.Render(c)
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	if sel >= 0 && sel < len(tm.cells[1]) && !above {
		axis = markedAxis(tm.tl, sel)
	}
	b.WriteString(st.muted.Render(axis))
	return b.String()
}

// markedAxis is tl's axis with ▲ under bucket sel, and without the label
// that the marker would fall in, so that no label is cut by it.
func markedAxis(tl model.Timeline, sel int) string {
	line := []byte(strings.Repeat(" ", len(tl.Counts)))
	for _, l := range tl.Labels() {
		if sel < l.At || sel >= l.At+len(l.Text) {
			copy(line[l.At:], l.Text)
		}
	}
	return string(line[:sel]) + "▲" + string(line[sel+1:])
}

// selected is the bucket of the event under the cursor, or -1.
func (tm *timeline) selected(l *model.List) int {
	if l.Len() == 0 {
		return -1
	}
	return tm.tl.Bucket(l.NanosAt(l.Cursor()))
}

// jump moves the cursor to the first event, in the current sort, of the
// next bucket with events after the cursor's (before it, if back); it
// reports whether there was one.
func (tm *timeline) jump(l *model.List, back bool) bool {
	cur := tm.selected(l)
	if cur < 0 && l.Len() > 0 {
		// The cursor's event is outside the zoomed buckets: start from the
		// edge it is past.
		cur = len(tm.tl.Counts)
		if l.NanosAt(l.Cursor()) < tm.tl.Bounds[0] {
			cur = -1
		}
	}
	step := 1
	if back {
		step = -1
	}
	for i := cur + step; i >= 0 && i < len(tm.tl.Counts); i += step {
		if tm.tl.Counts[i] > 0 {
			return tm.to(l, i)
		}
	}
	return false
}

// to moves the cursor to the first event of bucket i in the current sort.
func (tm *timeline) to(l *model.List, i int) bool {
	if i < 0 || i >= len(tm.tl.Counts) || tm.tl.Counts[i] == 0 {
		return false
	}
	if pos := l.FirstIn(tm.tl.Bounds[i], tm.tl.Bounds[i+1]); pos >= 0 {
		l.SetCursor(pos)
		return true
	}
	return false
}
