package model

import (
	"fmt"
	"reflect"
	"testing"
)

// A list whose events all have one source (one file) keeps no source an
// event in its projection, and filters by source as a list of many does:
// the source wanted keeps all, another none. Events of a second source,
// merged into the projection or projected anew in another sort, have
// their sources again. Each view is checked against the list's order
// filtered by each event's own source.
func TestProjectedSources(t *testing.T) {
	l := NewList()
	day := func(d int, src string) Event {
		return event(t, 200+d%3, fmt.Sprintf("2024-01-%02dT10:00:00Z", d), fmt.Sprintf("event %d", d), src)
	}
	check := func(step string, wantOne bool) {
		t.Helper()
		if one := l.proj.oneSrc; one != wantOne {
			t.Errorf("%s: the projection has one source: %v, want %v", step, one, wantOne)
		}
		counts := map[string]int{}
		for _, src := range []string{"cst_a", "cst_b", "cst_c"} {
			l.SetQuery(mustQuery(t, "source:"+src))
			var want []int
			for _, id := range l.sorted {
				if string(l.Event(int(id)).Source) == src {
					want = append(want, int(id))
				}
			}
			if got := ids(l); len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
				t.Errorf("%s: source:%s shows %v, want %v", step, src, got, want)
			}
			counts[src] = len(want)
		}
		l.SetQuery(mustQuery(t, "event"))
		for _, c := range l.SourceCounts() {
			if c.Count != counts[string(c.Source)] {
				t.Errorf("%s: SourceCounts gives %s %d, want %d", step, c.Source, c.Count, counts[string(c.Source)])
			}
		}
	}
	// cst_c first, and gone, so that the one source is not the first
	// string the list holds.
	l.Append(day(20, "cst_c"))
	l.remove([]int32{0})
	l.Append(day(5, "cst_a"), day(1, "cst_a"), day(9, "cst_a"))
	l.SetQuery(mustQuery(t, "event")) // projected
	check("one source", true)
	l.Append(day(3, "cst_a"), day(12, "cst_a")) // merged into the projection
	check("one source, merged", true)
	l.Append(day(7, "cst_b"), day(2, "cst_a"), day(8, "cst_b"))
	check("a second source, merged", false)
	l.Append(day(4, "cst_a"), day(10, "cst_c"), day(6, "cst_b"))
	check("a third source, merged", false)
	l.SetSort(Sort{Key: SortType})
	check("a second source, projected anew", false)
	l.remove([]int32{6, 8, 11, 10}) // all but cst_a's: one source again
	check("refreshed to one source", true)
}
