package model

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
)

// mergeSorted, which gallops, is a plain stable merge: compared with one
// on sorted slices of keys with many ties and long runs.
func TestMergeSortedIsAStableMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		keys := map[int32]int{}
		gen := func(n, first int32, spread int) []int32 {
			ids := make([]int32, n)
			for i := range ids {
				ids[i] = first + int32(i)
				keys[ids[i]] = r.IntN(spread)
			}
			slices.SortStableFunc(ids, func(x, y int32) int { return cmp.Compare(keys[x], keys[y]) })
			return ids
		}
		spread := 1 + r.IntN(50)
		a := gen(int32(r.IntN(40)), 0, spread)
		b := gen(int32(r.IntN(40)), 1000, spread)
		byKey := func(x, y int32) int { return cmp.Compare(keys[x], keys[y]) }
		want := slices.Concat(a, b)
		slices.SortStableFunc(want, byKey) // ties: a's IDs first, as they come first
		if got := mergeSorted(a, b, byKey); !slices.Equal(got, want) {
			t.Fatalf("mergeSorted(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}

// Appending events batch by batch, which merges each batch into the
// sorted list, orders them as appending them all at once does, for every
// sort.
func TestListAppendInBatchesSortsAsOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	msgs := []string{"b", "a", "c", "A", "b "}
	var events []Event
	for i := range 300 {
		raw := fmt.Sprintf("2024-03-%02dT09:13:37Z", 1+r.IntN(5))
		created, _ := timefmt.Parse(raw)
		events = append(events, Event{Resource: "event", Type: r.IntN(4), Message: msgs[r.IntN(len(msgs))], CreatedRaw: raw, Created: created, Source: cells.Line(fmt.Sprint("s", i%3))})
	}
	for _, key := range []SortKey{SortCreated, SortType, SortMessage, SortNone} {
		for _, desc := range []bool{false, true} {
			s := Sort{Key: key, Desc: desc}
			once := NewList()
			once.SetSort(s)
			once.Append(events...)
			batched := NewList()
			batched.SetSort(s)
			for rest := events; len(rest) > 0; {
				n := min(len(rest), 1+r.IntN(60))
				c := &Chunk{}
				for i := range rest[:n] {
					c.Add(&rest[i])
				}
				batched.AppendChunks(c)
				rest = rest[n:]
			}
			for i := range once.Len() {
				if once.IDAt(i) != batched.IDAt(i) {
					t.Fatalf("%v: position %d holds event %d, appended at once %d", s, i, batched.IDAt(i), once.IDAt(i))
				}
			}
		}
	}
}

// Sorting in blocks that are merged, as many events are sorted, orders
// them as a plain stable sort by the list's comparison does: for every
// sort, with ties, with createdAt texts a record cannot hold, and with
// blocks of every size.
func TestSortBlocksIsAStableSort(t *testing.T) {
	smallSegments(t)
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 40 {
		l := NewList()
		for rest := 1 + r.IntN(300); rest > 0; {
			n := min(rest, 1+r.IntN(20))
			events := make([]Event, n)
			for i := range events {
				events[i] = genEvent(r)
			}
			l.AppendChunks(chunkOf(events))
			rest -= n
		}
		for _, key := range []SortKey{SortCreated, SortType, SortMessage, SortNone} {
			for _, desc := range []bool{false, true} {
				l.sort = Sort{Key: key, Desc: desc}
				want := make([]int32, l.Total())
				for i := range want {
					want[i] = int32(i)
				}
				slices.SortStableFunc(want, l.compare)
				block := sortBlock
				sortBlock = 1 + r.IntN(40)
				got := make([]int32, l.Total())
				l.sortIDs(got)
				sortBlock = block
				if !slices.Equal(got, want) {
					t.Fatalf("round %d, %v: blocks sort as %v, want %v", round, l.sort, got, want)
				}
			}
		}
	}
}
