package model

import (
	"fmt"
	"iter"
	"strings"
	"time"
)

// Step is the size of a timeline's buckets.
type Step int

const (
	Step1m Step = iota
	Step5m
	Step15m
	Step1h
	Step6h
	Step1d
	Step1w
	Step1mo
)

var stepNames = [...]string{"1m", "5m", "15m", "1h", "6h", "1d", "1w", "1mo"}

func (s Step) String() string { return stepNames[s] }

// nominal is a bucket's length, exact up to a day; a day, a week and a
// month follow the calendar of the zone.
var nominal = [...]time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 6 * time.Hour,
	24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour}

// Floor is the start of the bucket holding t, in loc: minutes and hours
// from the hour or the day, a day from midnight, a week from Monday, a
// month from its first day.
func (s Step) Floor(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	y, mo, d := t.Date()
	switch s {
	case Step1mo:
		return time.Date(y, mo, 1, 0, 0, 0, 0, loc)
	case Step1w:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, mo, d-back, 0, 0, 0, 0, loc)
	case Step1d:
		return time.Date(y, mo, d, 0, 0, 0, 0, loc)
	}
	day := time.Date(y, mo, d, 0, 0, 0, 0, loc)
	n := nominal[s]
	return day.Add(t.Sub(day) / n * n)
}

// Next is the start of the bucket after the one starting at start.
func (s Step) Next(start time.Time, loc *time.Location) time.Time {
	switch s {
	case Step1mo:
		return start.AddDate(0, 1, 0)
	case Step1w:
		return start.AddDate(0, 0, 7)
	case Step1d:
		return start.AddDate(0, 0, 1)
	}
	return s.Floor(start.Add(nominal[s]), loc)
}

// FitStep is the smallest step whose buckets from first to last number no
// more than columns; the largest if none does.
func FitStep(first, last time.Time, columns int, loc *time.Location) Step {
	for s := Step1m; s < Step1mo; s++ {
		if s.fits(first, last, columns, loc) {
			return s
		}
	}
	return Step1mo
}

// fits reports whether the buckets from the one holding first to the one
// holding last number no more than columns. Buckets are within a day or so
// of their nominal length (time changes, months), so only a count near the
// limit is counted bucket by bucket.
func (s Step) fits(first, last time.Time, columns int, loc *time.Location) bool {
	a, b := s.Floor(first, loc), s.Floor(last, loc)
	switch est := int(b.Sub(a)/nominal[s]) + 1; {
	case est > columns+columns/8+2:
		return false
	case est < columns-columns/8-2:
		return true
	}
	n := 1
	for t := a; t.Before(b) && n <= columns; t = s.Next(t, loc) {
		n++
	}
	return n <= columns
}

// Timeline counts events per bucket: Counts[i] between Bounds[i] and
// Bounds[i+1] (Unix nanoseconds, the end excluded).
type Timeline struct {
	Step   Step
	Loc    *time.Location
	Bounds []int64 // len(Counts)+1
	Counts []int
	Max    int // the largest count
	Total  int // every event counted, in a bucket or not
}

// NewTimeline lays out columns buckets of step s, the first starting at the
// bucket holding start, and counts nanos (the instants of the events shown)
// into them; an instant outside the buckets is in Total only. nanos may be
// nil: no events.
func NewTimeline(nanos iter.Seq[[]int64], start time.Time, s Step, columns int, loc *time.Location) Timeline {
	tl := Timeline{Step: s, Loc: loc, Bounds: make([]int64, columns+1), Counts: make([]int, columns)}
	t := s.Floor(start, loc)
	for i := range tl.Bounds {
		tl.Bounds[i] = t.UnixNano()
		t = s.Next(t, loc)
	}
	if nanos == nil {
		nanos = func(func([]int64) bool) {}
	}
	for batch := range nanos {
		for _, n := range batch {
			if i := tl.Bucket(n); i >= 0 {
				tl.Counts[i]++
			}
		}
		tl.Total += len(batch)
	}
	for _, c := range tl.Counts {
		tl.Max = max(tl.Max, c)
	}
	return tl
}

// Bucket is the index of the bucket holding the instant n (Unix
// nanoseconds), or -1 outside them all. Buckets are near their nominal
// length, so a guess by division is corrected by a step or two.
func (tl Timeline) Bucket(n int64) int {
	b := tl.Bounds
	if len(b) < 2 || n < b[0] || n >= b[len(b)-1] {
		return -1
	}
	i := min(int((n-b[0])/int64(nominal[tl.Step])), len(b)-2)
	for n < b[i] {
		i--
	}
	for n >= b[i+1] {
		i++
	}
	return i
}

// Start is the instant the bucket i starts.
func (tl Timeline) Start(i int) time.Time { return time.Unix(0, tl.Bounds[i]).In(tl.Loc) }

// Centered lays out the buckets so that the one holding t is in the middle
// of columns, as a zoom does.
func Centered(t time.Time, s Step, columns int, loc *time.Location) time.Time {
	start := s.Floor(t, loc)
	for range columns / 2 {
		start = s.Floor(start.Add(-time.Nanosecond), loc)
	}
	return start
}

// AxisLabel is one label of the axis: Text starts under bucket At.
type AxisLabel struct {
	At   int
	Text string
}

// Labels are the axis's labels, each starting under its bucket: a date
// (and a time for steps under a day) every few columns, with the year
// whenever the buckets cross one, two spaces at least between them.
func (tl Timeline) Labels() []AxisLabel {
	n := len(tl.Counts)
	if n == 0 {
		return nil
	}
	first, last := tl.Start(0), tl.Start(n-1)
	years := first.Year() != last.Year()
	layout := "Jan 2"
	switch {
	case tl.Step < Step1d && years:
		layout = "2006-01-02 15:04"
	case tl.Step < Step1d:
		layout = "Jan 2 15:04"
	case tl.Step == Step1mo && years:
		layout = "Jan 2006"
	case tl.Step == Step1mo:
		layout = "Jan"
	case years:
		layout = "2006-01-02"
	}
	var out []AxisLabel
	for i := 0; i < n; {
		label := tl.Start(i).Format(layout)
		if i+len(label) > n {
			break
		}
		out = append(out, AxisLabel{i, label})
		i += len(label) + 2
	}
	return out
}

// Axis writes the labels on a line as wide as the buckets.
func (tl Timeline) Axis() string {
	line := []byte(strings.Repeat(" ", len(tl.Counts)))
	for _, l := range tl.Labels() {
		copy(line[l.At:], l.Text)
	}
	return string(line)
}

// Describe says what one bucket is, for the status line: "1h buckets".
func (s Step) Describe() string { return fmt.Sprintf("%s buckets", s) }
