package model

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

// markedList is five events a day apart, oldest first: "e0" … "e4".
func markedList(t *testing.T) *List {
	t.Helper()
	l := NewList()
	l.SetSort(Sort{Key: SortCreated})
	base := time.Date(2025, 1, 10, 12, 0, 0, 0, time.UTC)
	var events []Event
	for i := range 5 {
		at := base.Add(time.Duration(i) * 24 * time.Hour)
		e := Event{Type: 200 + i, Created: at, CreatedRaw: at.Format(time.RFC3339), Message: "e" + string(rune('0'+i)), Source: "s"}
		e.Finish()
		events = append(events, e)
	}
	l.Append(events...)
	return l
}

func TestMarks(t *testing.T) {
	l := markedList(t)
	if !l.ToggleMark(l.IDAt(1)) || !l.ToggleMark(l.IDAt(3)) || l.MarkedCount() != 2 {
		t.Fatal("marking two events")
	}
	if got := l.NextMarked(1, false); got != 3 {
		t.Errorf("NextMarked(1) = %d, want 3", got)
	}
	if got := l.NextMarked(3, true); got != 1 {
		t.Errorf("NextMarked(3, back) = %d, want 1", got)
	}
	if got := l.NextMarked(3, false); got != -1 {
		t.Errorf("NextMarked(3) = %d, want -1 past the last", got)
	}
	// Marks stay on their events across a sort and a query.
	l.SetSort(Sort{Key: SortCreated, Desc: true})
	q, err := query.Parse("is:marked", time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	l.SetQuery(q)
	if l.Len() != 2 || l.At(0).Message != "e3" || l.At(1).Message != "e1" {
		t.Fatalf("is:marked shows %d events", l.Len())
	}
	if l.ToggleMark(l.IDAt(0)) || l.Len() != 1 {
		t.Errorf("unmarking under is:marked left %d events shown", l.Len())
	}
	q, _ = query.Parse("!is:marked", time.Now(), time.UTC)
	l.SetQuery(q)
	if l.Len() != 4 {
		t.Errorf("!is:marked shows %d, want 4", l.Len())
	}
	// The nearest marked event to e4 is e1, three days before.
	e4 := l.At(0)
	if m, ok := l.NearestMarked(e4.Created, l.IDAt(0)); !ok || m.Message != "e1" {
		t.Errorf("NearestMarked = %v, %v", m, ok)
	}
}

func TestNearestAndFirstIn(t *testing.T) {
	l := markedList(t)
	base := l.At(0).Created
	if got := l.Nearest(base.Add(40 * time.Hour)); got != 2 {
		t.Errorf("Nearest(+40h) = %d, want 2 (48h) rather than 1 (24h)", got)
	}
	if got := l.Nearest(base.Add(-1000 * time.Hour)); got != 0 {
		t.Errorf("Nearest(long before) = %d, want the first", got)
	}
	if got := l.FirstIn(base.Add(30*time.Hour).UnixNano(), base.Add(100*time.Hour).UnixNano()); got != 2 {
		t.Errorf("FirstIn = %d, want 2", got)
	}
	if got := l.FirstIn(0, 1); got != -1 {
		t.Errorf("FirstIn(nothing) = %d", got)
	}
	if NewList().Nearest(base) != -1 {
		t.Error("Nearest in an empty view")
	}
}

// TestTimelineCountsTheView is the property the timeline keeps: laid over
// the view's span at the step that fits, its total in buckets is the
// number of rows the table shows, for generated events and queries.
func TestTimelineCountsTheView(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 300 {
		l := NewList()
		events := make([]Event, r.IntN(60))
		for i := range events {
			events[i] = genEvent(r)
			events[i].Created = events[i].Created.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour))))
		}
		l.Append(events...)
		// ViewSpan reads the ends of a view sorted by time, and the rest.
		l.SetSort([]Sort{DefaultSort, {Key: SortCreated}, {Key: SortType}, {Key: SortMessage, Desc: true}}[r.IntN(4)])
		var terms []string
		for range r.IntN(3) {
			terms = append(terms, genTerm(r))
		}
		q, err := query.Parse(strings.Join(terms, " "), time.Now(), time.UTC)
		if err != nil {
			continue
		}
		l.SetQuery(q)
		nanos := viewNanos(l)
		if len(nanos) == 0 {
			if _, _, ok := l.ViewSpan(); ok {
				t.Fatalf("ViewSpan of no events is ok")
			}
			continue
		}
		lo, hi := nanos[0], nanos[0]
		for _, n := range nanos {
			lo, hi = min(lo, n), max(hi, n)
		}
		if l2, h2, ok := l.ViewSpan(); !ok || l2 != lo || h2 != hi {
			t.Fatalf("ViewSpan = %d, %d, %v; the view spans %d to %d", l2, h2, ok, lo, hi)
		}
		columns := 20 + r.IntN(100)
		step := FitStep(time.Unix(0, lo), time.Unix(0, hi), columns, time.UTC)
		tl := NewTimeline(oneBatch(nanos), time.Unix(0, lo), step, columns, time.UTC)
		sum := 0
		for _, c := range tl.Counts {
			sum += c
		}
		if step < Step1mo && sum != l.Len() {
			t.Fatalf("round %d, %q: the timeline counts %d, the table shows %d", round, q, sum, l.Len())
		}
	}
}

// TestNearestByHalvingMatchesAPass holds the sorted-by-time searches of
// Nearest and FirstIn to a plain pass over the view, ties and repeated
// instants included.
func TestNearestByHalvingMatchesAPass(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 200 {
		l := NewList()
		events := make([]Event, 1+r.IntN(40))
		for i := range events {
			at := base.Add(time.Duration(r.IntN(20)) * time.Hour)
			events[i] = Event{Type: r.IntN(3), Created: at, CreatedRaw: at.Format(time.RFC3339), Message: "m", Source: "s"}
			events[i].Finish()
		}
		l.Append(events...)
		l.SetSort(Sort{Key: SortCreated, Desc: round%2 == 0})
		for range 20 {
			at := base.Add(time.Duration(r.IntN(50)-15) * 30 * time.Minute)
			want, bestD := -1, int64(0)
			for i := range l.Len() {
				d := l.At(i).Created.Sub(at).Abs().Nanoseconds()
				if want < 0 || d < bestD {
					want, bestD = i, d
				}
			}
			if got := l.Nearest(at); got != want {
				t.Fatalf("round %d, %v: Nearest = %d, a pass finds %d", round, at, got, want)
			}
			from, to := at.UnixNano(), at.Add(time.Duration(r.IntN(4))*time.Hour).UnixNano()
			first := -1
			for i := range l.Len() {
				if n := l.At(i).Created.UnixNano(); n >= from && n < to {
					first = i
					break
				}
			}
			if got := l.FirstIn(from, to); got != first {
				t.Fatalf("round %d, [%v, %v): FirstIn = %d, a pass finds %d", round, at, to, got, first)
			}
		}
	}
}

// TestViewReadsMatchEvents holds what is read of the view through the
// projection (ViewNanos, Nearest in other sorts than by time) to the
// events themselves, under filters that keep runs of the sort (type:
// sorted by type) and scattered events, over segments a few events long.
func TestViewReadsMatchEvents(t *testing.T) {
	smallSegments(t)
	r := rand.New(rand.NewPCG(7, 8))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 100 {
		l := NewList()
		for range 1 + r.IntN(4) {
			events := make([]Event, r.IntN(30))
			for i := range events {
				events[i] = genEvent(r)
			}
			l.AppendChunks(chunkOf(events))
		}
		l.SetSort(pick(r, []Sort{{Key: SortType}, {Key: SortType, Desc: true}, {Key: SortMessage}, {Key: SortNone, Desc: true}}))
		if round%2 == 0 {
			q, err := query.Parse(pick(r, []string{"type:1", "type:2..3", "a", "-type:0"}), base, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			l.SetQuery(q)
		}
		nanos := viewNanos(l)
		if len(nanos) != l.Len() {
			t.Fatalf("round %d: %d instants for %d rows", round, len(nanos), l.Len())
		}
		at := base.Add(time.Duration(r.IntN(1000)) * time.Hour)
		want, bestD := -1, int64(0)
		for i := range l.Len() {
			n := l.At(i).Created.UnixNano()
			if nanos[i] != n {
				t.Fatalf("round %d: ViewNanos[%d] = %d, the event has %d", round, i, nanos[i], n)
			}
			if d := max(n-at.UnixNano(), at.UnixNano()-n); want < 0 || d < bestD {
				want, bestD = i, d
			}
		}
		if got := l.Nearest(at); got != want {
			t.Fatalf("round %d: Nearest = %d, a pass finds %d", round, got, want)
		}
	}
}
