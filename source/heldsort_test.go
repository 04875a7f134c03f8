package source

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sortRefs sorts as slices.Sort does, refs in the order of their offsets
// (a chunk's, sorted by key alone) or not, with keys shared or not.
func TestSortRefs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		name    string
		n, keys int
		ordered bool
	}{
		{"none", 0, 1, true},
		{"one", 1, 1, true},
		{"few, in order", 255, 1 << 24, true},
		{"in order", 256, 1 << 24, true},
		{"a chunk", 30000, 1 << 24, true},
		{"keys shared", 30000, 40, true},
		{"one key", 1000, 1, true},
		{"not in order", 30000, 1 << 24, false},
		{"not in order, keys shared", 5000, 7, false},
	} {
		refs := make([]entityRef, tt.n)
		off := int64(0)
		for i := range refs {
			if tt.ordered {
				off += rng.Int64N(3000)
			} else {
				off = rng.Int64N(1 << refOffBits)
			}
			refs[i] = newEntityRef(rng.Uint32N(uint32(tt.keys)), off)
		}
		want := slices.Clone(refs)
		slices.Sort(want)
		sortRefs(refs)
		if !slices.Equal(refs, want) {
			t.Errorf("%s: not sorted as slices.Sort sorts", tt.name)
		}
	}
}

// BenchmarkSortRefs sorts the refs of a chunk of 30,000 captured events
// (random keys, in the order of their offsets), by sortRefs and, as
// before it, by slices.Sort.
func BenchmarkSortRefs(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	refs := make([]entityRef, 30000)
	for i := range refs {
		refs[i] = newEntityRef(rng.Uint32N(1<<24), int64(i)*1400)
	}
	work := make([]entityRef, len(refs))
	for _, sort := range []struct {
		name string
		f    func([]entityRef)
	}{{"radix", sortRefs}, {"slices.Sort", slices.Sort[[]entityRef]}} {
		b.Run(sort.name, func(b *testing.B) {
			for b.Loop() {
				copy(work, refs)
				sort.f(work)
			}
		})
	}
}
