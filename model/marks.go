package model

import (
	"iter"
	"sort"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

// Marks and time: what the timeline, goto-time and marks of the table ask
// of the list. Each is one pass over the view at most.

// ToggleMark marks event id, or unmarks it if it was; it reports whether
// the event is marked now. Marks stay on their events across sorts,
// queries and refreshes; an is:marked query is applied again.
func (l *List) ToggleMark(id int) bool {
	if l.marked == nil {
		l.marked = map[int32]struct{}{}
	}
	_, was := l.marked[int32(id)]
	if was {
		delete(l.marked, int32(id))
	} else {
		l.marked[int32(id)] = struct{}{}
	}
	if l.query.Has(query.FieldIs) {
		l.refilter(l.SelectedID())
	}
	return !was
}

// IsMarked reports whether event id is marked.
func (l *List) IsMarked(id int) bool {
	_, ok := l.marked[int32(id)]
	return ok
}

// MarkedCount is the number of marked events, shown or not.
func (l *List) MarkedCount() int { return len(l.marked) }

// NextMarked returns the view position of the first marked event after pos,
// or before it when back is set, in the current sort; -1 if there is none.
func (l *List) NextMarked(pos int, back bool) int {
	if len(l.marked) == 0 {
		return -1
	}
	step := 1
	if back {
		step = -1
	}
	for i := pos + step; i >= 0 && i < len(l.view); i += step {
		if _, ok := l.marked[l.view[i]]; ok {
			return i
		}
	}
	return -1
}

// NearestMarked returns the marked event nearest in time to t, among all
// marked events, shown or not, other than id itself; ok is false when
// there is none.
func (l *List) NearestMarked(t time.Time, id int) (e *Event, ok bool) {
	best, bestD := int32(-1), int64(0)
	n := heldNanos(t)
	for m := range l.marked {
		if int(m) == id {
			continue
		}
		d := l.st.rec(m).nanos - n
		if d < 0 {
			d = -d
		}
		if best < 0 || d < bestD || d == bestD && m < best {
			best, bestD = m, d
		}
	}
	if best < 0 {
		return nil, false
	}
	return l.Event(int(best)), true
}

// ViewNanos yields the instants (Unix nanoseconds) of the events shown,
// in view order, a batch at a time in a buffer reused from batch to batch:
// read from the projection rather than copied whole (a million would be
// 8 MB), and in batches so that a counting loop reads arrays.
func (l *List) ViewNanos() iter.Seq[[]int64] {
	if !l.projected {
		l.project()
	}
	return func(yield func([]int64) bool) {
		buf := make([]int64, 0, 4096)
		j := 0 // positions's walk, written out so that it compiles to a loop
		for _, id := range l.view {
			for l.sorted[j] != id {
				j++
			}
			if buf = append(buf, l.proj.nanos[j]); len(buf) == cap(buf) {
				if !yield(buf) {
					return
				}
				buf = buf[:0]
			}
			j++
		}
		if len(buf) > 0 {
			yield(buf)
		}
	}
}

// ViewSpan is the first and the last instant of the events shown (Unix
// nanoseconds); ok is false when none are. Sorted by time, it reads the
// view's ends only.
func (l *List) ViewSpan() (lo, hi int64, ok bool) {
	if len(l.view) == 0 {
		return 0, 0, false
	}
	if l.sort.Key == SortCreated {
		a, b := l.st.rec(l.view[0]).nanos, l.st.rec(l.view[len(l.view)-1]).nanos
		return min(a, b), max(a, b), true
	}
	lo, hi = 1<<63-1, -1<<63
	for batch := range l.ViewNanos() {
		for _, n := range batch {
			lo, hi = min(lo, n), max(hi, n)
		}
	}
	return lo, hi, true
}

// Nearest returns the view position of the event nearest in time to t, the
// first in the current sort among equals; -1 for an empty view. Sorted by
// time, it is found by halving; sorted otherwise, by a pass over the view.
func (l *List) Nearest(t time.Time) int {
	n, best, bestD := heldNanos(t), -1, int64(0)
	if l.sort.Key == SortCreated && len(l.view) > 0 {
		return l.nearestSorted(n)
	}
	i := 0
	for pos := range l.positions(l.view) {
		d := l.proj.nanos[pos] - n
		if d < 0 {
			d = -d
		}
		if best < 0 || d < bestD {
			best, bestD = i, d
		}
		i++
	}
	return best
}

// nearestSorted is Nearest for a view sorted by time, either way.
func (l *List) nearestSorted(n int64) int {
	at := func(i int) int64 { return l.st.rec(l.view[i]).nanos }
	desc := l.sort.Desc
	// The first position at or past n in the view's direction.
	i := sort.Search(len(l.view), func(i int) bool {
		if desc {
			return at(i) <= n
		}
		return at(i) >= n
	})
	dist := func(i int) int64 {
		d := at(i) - n
		if d < 0 {
			d = -d
		}
		return d
	}
	best := i
	if i == len(l.view) || i > 0 && dist(i-1) <= dist(i) {
		best = i - 1
	}
	// Among events at the same instant, the first in the view.
	v := at(best)
	return sort.Search(best+1, func(j int) bool {
		if desc {
			return at(j) <= v
		}
		return at(j) >= v
	})
}

// FirstIn returns the view position of the first event, in the current
// sort, whose instant is in [from, to) (Unix nanoseconds); -1 if none is.
// Sorted by time, it is found by halving; sorted otherwise, by a pass.
func (l *List) FirstIn(from, to int64) int {
	if l.sort.Key == SortCreated {
		// The view is in time order: the span's events are a run of it.
		at := func(i int) int64 { return l.st.rec(l.view[i]).nanos }
		i := sort.Search(len(l.view), func(i int) bool {
			if l.sort.Desc {
				return at(i) < to
			}
			return at(i) >= from
		})
		if i < len(l.view) && at(i) >= from && at(i) < to {
			return i
		}
		return -1
	}
	for i, id := range l.view {
		if n := l.st.rec(id).nanos; n >= from && n < to {
			return i
		}
	}
	return -1
}

// NanosAt is the instant of the event at view position pos.
func (l *List) NanosAt(pos int) int64 { return l.st.rec(l.view[pos]).nanos }
