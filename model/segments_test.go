package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

// smallSegments makes chunks of four events or more segments of their
// own, with blocks of four IDs, for the rest of the test.
func smallSegments(t *testing.T) {
	bits, minimum := blockBits, adoptMin
	blockBits, adoptMin = 2, 4
	t.Cleanup(func() { blockBits, adoptMin = bits, minimum })
}

func segEvent(i int) Event {
	tm := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i%7) * time.Hour)
	e := Event{Type: 200 + i%3, Created: tm, CreatedRaw: tm.Format(time.RFC3339), Message: fmt.Sprint("m", i%5), Source: cells.Line(fmt.Sprint("s", i%2))}
	e.Finish()
	return e
}

func chunkOf(events []Event) *Chunk {
	c := &Chunk{}
	for i := range events {
		c.Add(&events[i])
	}
	return c
}

// Which segment holds each event, and where in it, as events arrive in
// chunks of these sizes (negative: appended one by one).
func TestSegStoreMapping(t *testing.T) {
	smallSegments(t)
	for _, tt := range []struct {
		name  string
		sizes []int
		segs  int // segments made
	}{
		{"one big chunk", []int{10}, 1},
		{"small chunks share one segment", []int{1, 2, 1, 3}, 1},
		{"big chunks are kept", []int{4, 9, 5}, 3},
		{"small after big goes into a segment of its own", []int{5, 1, 2, 6, 3}, 4},
		{"appends join a small chunk's segment", []int{2, -3, 1}, 1},
		{"appends after a big chunk", []int{4, -2, 7, -1}, 4},
		{"many small segments in one block", []int{4, 1, 4, 1, 4, 1}, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var st segStore
			var want []Event
			var wantSeg []int // the segment of each ID, by a plain count
			for _, n := range tt.sizes {
				first := len(want)
				batch := make([]Event, max(n, -n))
				for i := range batch {
					batch[i] = segEvent(first + i)
				}
				want = append(want, batch...)
				if n > 0 {
					st.adopt(&chunkOf(batch).st)
				} else {
					for i := range batch {
						st.add(&batch[i])
					}
				}
				for range batch {
					wantSeg = append(wantSeg, len(st.segs)-1)
				}
			}
			if len(st.segs) != tt.segs {
				t.Errorf("%d segments, want %d", len(st.segs), tt.segs)
			}
			if st.len() != len(want) {
				t.Fatalf("%d events, want %d", st.len(), len(want))
			}
			cur := st.cursor()
			for _, id := range append(slices.Collect(func(yield func(int32) bool) {
				for id := range st.n {
					yield(id)
				}
			}), st.n-1, 0, st.n/2) { // and out of order, for the cursor
				if got := st.segOf(id); got != wantSeg[id] {
					t.Errorf("event %d in segment %d, want %d", id, got, wantSeg[id])
				}
				if got := st.event(id); fmt.Sprint(got) != fmt.Sprint(want[id]) {
					t.Errorf("event %d = %+v, want %+v", id, got, want[id])
				}
				if cur.rec(id) != st.rec(id) {
					t.Errorf("event %d: the cursor and rec disagree", id)
				}
			}
		})
	}
}

// Small chunks go into the list's own segment until it holds ownedMax
// events and has no room for the next: then it is trimmed, and the chunk
// starts the next, so that no segment but the last keeps room it will not
// fill; every event stays where it was.
func TestOwnSegmentTrimmed(t *testing.T) {
	smallSegments(t)
	was := ownedMax
	ownedMax = 4
	t.Cleanup(func() { ownedMax = was })
	var st segStore
	var want []Event
	for range 8 {
		batch := []Event{segEvent(len(want)), segEvent(len(want) + 1), segEvent(len(want) + 2)}
		want = append(want, batch...)
		st.adopt(&chunkOf(batch).st)
	}
	if len(st.segs) < 3 {
		t.Fatalf("%d segments of 24 events in chunks of 3: none was started past ownedMax", len(st.segs))
	}
	for i, sg := range st.segs[:len(st.segs)-1] {
		if len(sg.recs) < ownedMax || cap(sg.recs) > len(sg.recs)+len(sg.recs)/8 {
			t.Errorf("segment %d: %d events, room for %d", i, len(sg.recs), cap(sg.recs))
		}
	}
	for id := range want {
		if got := st.event(int32(id)); fmt.Sprint(got) != fmt.Sprint(want[id]) {
			t.Errorf("event %d = %+v, want %+v", id, got, want[id])
		}
	}
}

// A list handed its events in chunks of every size, kept as segments,
// holds the same events in the same order as one handed them all at once
// by Append, and its filters keep the same ones.
func TestListChunksMatchAppend(t *testing.T) {
	smallSegments(t)
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 60 {
		events := make([]Event, r.IntN(200))
		for i := range events {
			events[i] = genEvent(r)
		}
		s := pick(r, []Sort{DefaultSort, {Key: SortCreated}, {Key: SortType}, {Key: SortType, Desc: true}, {Key: SortMessage}, {Key: SortNone, Desc: true}})
		plain := NewList()
		plain.SetSort(s)
		plain.Append(events...)
		chunked := NewList()
		chunked.SetSort(s)
		for rest := events; len(rest) > 0; {
			n := min(len(rest), 1+r.IntN(12))
			switch r.IntN(3) {
			case 0:
				chunked.Append(rest[:n]...)
			case 1:
				chunked.AppendChunks(chunkOf(rest[:n]))
			default: // several at once
				m := min(n+r.IntN(12), len(rest))
				chunked.AppendChunks(chunkOf(rest[:n]), nil, chunkOf(rest[n:m]))
				n = m
			}
			rest = rest[n:]
		}
		if chunked.Total() != len(events) {
			t.Fatalf("round %d: %d events, want %d", round, chunked.Total(), len(events))
		}
		for id := range events {
			if got, want := chunked.Event(id), plain.Event(id); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("round %d: event %d = %+v, want %+v", round, id, got, want)
			}
		}
		for range 10 {
			q, err := query.Parse(genTerm(r)+" "+genTerm(r), queryNow, queryZone)
			if err != nil {
				t.Fatal(err)
			}
			plain.SetQuery(q)
			chunked.SetQuery(q)
			if got, want := ids(chunked), ids(plain); !slices.Equal(got, want) {
				t.Fatalf("round %d, %v, %v: the chunked list shows %v, the plain one %v", round, s, q, got, want)
			}
			if got, want := chunked.TypeCounts(), plain.TypeCounts(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("round %d, %v: TypeCounts %v, want %v", round, q, got, want)
			}
			if got, want := chunked.SourceCounts(), plain.SourceCounts(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("round %d, %v: SourceCounts %v, want %v", round, q, got, want)
			}
		}
	}
}
