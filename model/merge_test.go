package model

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
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
