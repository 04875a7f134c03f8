package source

import "slices"

// sortRefs sorts refs as slices.Sort does: by key, then by offset. Refs
// that come in the order of their offsets, as those of a chunk's events
// do, are sorted by key alone, in three passes of a stable radix sort, one
// a byte of the key, rather than in n log n comparisons (a run of a
// captured day's chunk is tens of thousands); others by slices.Sort.
func sortRefs(refs []entityRef) {
	if len(refs) < 256 || !offsetOrder(refs) {
		slices.Sort(refs)
		return
	}
	from, to := refs, make([]entityRef, len(refs))
	for shift := refOffBits; shift < 64; shift += 8 {
		var at [256]int
		for _, r := range from {
			at[byte(r>>shift)]++
		}
		n := 0
		for b, c := range at {
			at[b], n = n, n+c
		}
		for _, r := range from {
			b := byte(r >> shift)
			to[at[b]] = r
			at[b]++
		}
		from, to = to, from
	}
	copy(refs, from) // after an odd number of passes, from is the scratch
}

// offsetOrder reports whether refs come in the order of their offsets.
func offsetOrder(refs []entityRef) bool {
	for i := 1; i < len(refs); i++ {
		if refs[i].off() < refs[i-1].off() {
			return false
		}
	}
	return true
}
