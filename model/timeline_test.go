package model

import (
	"iter"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestFitStep(t *testing.T) {
	base := time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC)
	tests := []struct {
		span    time.Duration
		columns int
		want    Step
	}{
		{0, 100, Step1m},                          // one event
		{30 * time.Second, 100, Step1m},           // seconds
		{90 * time.Minute, 100, Step1m},           // 91 minutes fit
		{3 * time.Hour, 100, Step5m},              // 180 minutes do not
		{20 * time.Hour, 100, Step15m},            // 81 quarters
		{4 * 24 * time.Hour, 100, Step1h},         // 97 hours
		{20 * 24 * time.Hour, 100, Step6h},        // 81 quarter days
		{90 * 24 * time.Hour, 100, Step1d},        // 91 days
		{600 * 24 * time.Hour, 100, Step1w},       // 87 weeks
		{5 * 365 * 24 * time.Hour, 100, Step1mo},  // 61 months
		{50 * 365 * 24 * time.Hour, 100, Step1mo}, // the largest when none fits
		{90 * time.Minute, 10, Step15m},
	}
	for _, tt := range tests {
		if got := FitStep(base, base.Add(tt.span), tt.columns, time.UTC); got != tt.want {
			t.Errorf("FitStep(%v over %d columns) = %v, want %v", tt.span, tt.columns, got, tt.want)
		}
	}
}

func TestStepFloorAndNext(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		ams = time.FixedZone("CET", 3600)
	}
	at := time.Date(2024, 3, 20, 9, 13, 37, 0, ams) // a Wednesday
	tests := []struct {
		step        Step
		floor, next string
	}{
		{Step1m, "2024-03-20 09:13", "2024-03-20 09:14"},
		{Step5m, "2024-03-20 09:10", "2024-03-20 09:15"},
		{Step15m, "2024-03-20 09:00", "2024-03-20 09:15"},
		{Step1h, "2024-03-20 09:00", "2024-03-20 10:00"},
		{Step6h, "2024-03-20 06:00", "2024-03-20 12:00"},
		{Step1d, "2024-03-20 00:00", "2024-03-21 00:00"},
		{Step1w, "2024-03-18 00:00", "2024-03-25 00:00"},
		{Step1mo, "2024-03-01 00:00", "2024-04-01 00:00"},
	}
	for _, tt := range tests {
		f := tt.step.Floor(at, ams)
		n := tt.step.Next(f, ams)
		if got := f.Format("2006-01-02 15:04"); got != tt.floor {
			t.Errorf("%v: Floor = %s, want %s", tt.step, got, tt.floor)
		}
		if got := n.Format("2006-01-02 15:04"); got != tt.next {
			t.Errorf("%v: Next = %s, want %s", tt.step, got, tt.next)
		}
	}
	// A day across the change to summer time is 23 hours, and still a day.
	d := Step1d.Floor(time.Date(2024, 3, 31, 12, 0, 0, 0, ams), ams)
	if n := Step1d.Next(d, ams); n.Format("2006-01-02 15:04") != "2024-04-01 00:00" {
		t.Errorf("the day after %v is %v", d, n)
	}
}

func TestTimelineCounts(t *testing.T) {
	start := time.Date(2024, 12, 31, 22, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return start.Add(d).UnixNano() }
	nanos := []int64{at(0), at(30 * time.Minute), at(59 * time.Minute), at(3 * time.Hour), at(3*time.Hour + time.Second),
		at(-time.Hour), at(100 * time.Hour)} // the last two outside
	tl := NewTimeline(oneBatch(nanos), start, Step1h, 5, time.UTC)
	if want := []int{3, 0, 0, 2, 0}; !equalInts(tl.Counts, want) {
		t.Errorf("Counts = %v, want %v (empty buckets kept)", tl.Counts, want)
	}
	if tl.Max != 3 || tl.Total != 7 {
		t.Errorf("Max %d, Total %d", tl.Max, tl.Total)
	}
	// The buckets cross a year: the labels say it.
	if axis := NewTimeline(oneBatch(nanos), start, Step1h, 40, time.UTC).Axis(); !strings.HasPrefix(axis, "2024-12-31 22:00  ") {
		t.Errorf("Axis = %q, want the year", axis)
	}
	tl = NewTimeline(oneBatch(nanos), start.Add(3*time.Hour), Step1h, 40, time.UTC)
	if axis := tl.Axis(); !strings.HasPrefix(axis, "Jan 1 01:00") {
		t.Errorf("Axis = %q, want no year within one", axis)
	}
	if empty := NewTimeline(nil, start, Step1d, 10, time.UTC); empty.Max != 0 || len(empty.Counts) != 10 {
		t.Errorf("no events: %+v", empty)
	}
}

// TestTimelineBucketMatchesBounds holds Bucket's guess-and-correct to a
// plain search over the bounds, months and days across time changes
// included.
func TestTimelineBucketMatchesBounds(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip("no tz database")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for s := Step1m; s <= Step1mo; s++ {
		start := time.Date(2023, 1, 1, 0, 0, 0, 0, ams).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		tl := NewTimeline(nil, start, s, 120, ams)
		for range 2000 {
			n := tl.Bounds[0] + rng.Int64N(tl.Bounds[len(tl.Bounds)-1]-tl.Bounds[0])
			want := -1
			for i := range tl.Counts {
				if n >= tl.Bounds[i] && n < tl.Bounds[i+1] {
					want = i
				}
			}
			if got := tl.Bucket(n); got != want {
				t.Fatalf("%v: Bucket(%v) = %d, want %d", s, time.Unix(0, n).In(ams), got, want)
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// oneBatch is nanos as ViewNanos yields instants: here in one batch.
func oneBatch(nanos []int64) iter.Seq[[]int64] {
	return func(yield func([]int64) bool) { yield(nanos) }
}

// viewNanos is every instant ViewNanos yields, in order.
func viewNanos(l *List) []int64 {
	var all []int64
	for batch := range l.ViewNanos() {
		all = append(all, batch...)
	}
	return all
}

// TestViewNanosBatches: over more events than a batch holds, the batches
// are the view's instants in order, none lost at a batch's end.
func TestViewNanosBatches(t *testing.T) {
	l := NewList()
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{4095, 4096, 4097, 10_000} {
		for l.Total() < n {
			e := Event{Type: 1, Created: t0.Add(time.Duration(l.Total()) * time.Second), Message: "m", Source: "s"}
			e.CreatedRaw = e.Created.Format(time.RFC3339)
			e.Finish()
			l.Append(e)
		}
		got := viewNanos(l)
		if len(got) != l.Len() {
			t.Fatalf("%d events: %d instants", n, len(got))
		}
		for i, g := range got {
			if want := l.At(i).Created.UnixNano(); g != want {
				t.Fatalf("%d events: instant %d is %d, want %d", n, i, g, want)
			}
		}
	}
}
