package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// SortKey is the column the list is sorted by.
type SortKey int

const (
	SortCreated SortKey = iota
	SortType
	SortMessage
	SortNone // input (load) order; descending is the reverse
)

var sortNames = [...]string{"created", "type", "message", "none"}

func (k SortKey) String() string { return sortNames[k] }

// Sort is a sort column and direction. The zero value is oldest first; the
// list starts with DefaultSort.
type Sort struct {
	Key  SortKey
	Desc bool
}

// DefaultSort is newest first.
var DefaultSort = Sort{Key: SortCreated, Desc: true}

// String writes the sort as the --sort flag takes it: "-created" is
// descending by created-at.
func (s Sort) String() string {
	if s.Desc {
		return "-" + s.Key.String()
	}
	return s.Key.String()
}

// ParseSort reads "created", "-type" and the like.
func ParseSort(s string) (Sort, error) {
	var out Sort
	if name, ok := strings.CutPrefix(s, "-"); ok {
		out.Desc, s = true, name
	}
	i := slices.Index(sortNames[:], s)
	if i < 0 {
		return Sort{}, fmt.Errorf("unknown sort %q: want created, type, message or none, with a leading - for descending", s)
	}
	out.Key = SortKey(i)
	return out, nil
}

// sortIDs sorts event IDs by the list's sort, equal keys in ID (load)
// order, in linear time: each key becomes an unsigned integer whose order is
// the sort's, and a stable radix sort orders by it.
func (l *List) sortIDs(ids []int32) {
	if len(ids) < 2 {
		return
	}
	// IDs must enter in load order for ties to keep it.
	if len(ids) == l.st.len() {
		for i := range ids {
			ids[i] = int32(i) // all of them: no need to sort
		}
	} else if !isAscending(ids) {
		slices.Sort(ids)
	}
	switch {
	case l.sort == Sort{Key: SortNone}:
		return // load order, which ids are in
	case len(ids) > sortBlock:
		l.sortBlocks(ids)
		return
	}
	l.radixSortIDs(ids)
}

// sortBlock is the most IDs sortIDs gives one radix sort, which needs 20
// bytes of scratch for each; more are sorted a block at a time and the
// blocks merged, in 4 bytes each. A variable so tests can use small
// blocks.
var sortBlock = 1 << 21

// sortBlocks is sortIDs for many IDs, ascending: each block by radixSortIDs,
// then pairs of neighbouring blocks merged, so that ties keep load order.
// Events that come roughly in time order merge in long runs, cheaply.
func (l *List) sortBlocks(ids []int32) {
	for lo := 0; lo < len(ids); lo += sortBlock {
		l.radixSortIDs(ids[lo:min(lo+sortBlock, len(ids))])
	}
	src, dst := ids, make([]int32, len(ids))
	for w := sortBlock; w < len(ids); w *= 2 {
		for lo := 0; lo < len(ids); lo += 2 * w {
			mid, hi := min(lo+w, len(ids)), min(lo+2*w, len(ids))
			mergeInto(dst[lo:lo:hi], src[lo:mid], src[mid:hi], l.compare)
		}
		src, dst = dst, src
	}
	copy(ids, src) // after an odd number of rounds the result is in the scratch slice
}

// radixSortIDs sorts ascending IDs by the list's sort, in linear time.
func (l *List) radixSortIDs(ids []int32) {
	recs := l.st.cursor()
	keys := make([]uint64, len(ids))
	bits := 32
	switch l.sort.Key {
	case SortCreated:
		bits = 64
		for i, id := range ids {
			keys[i] = uint64(recs.rec(id).nanos) ^ 1<<63 // signed order as unsigned
		}
	case SortType:
		o := l.typeOrder()
		if bits = o.bits(); bits == 32 { // numbers only
			for i, id := range ids {
				keys[i] = numberKey(recs.rec(id).typ)
			}
			break
		}
		for i, id := range ids {
			keys[i] = o.key(recs.rec(id).typ)
		}
	case SortMessage:
		rank := l.messageRanks()
		for i, id := range ids {
			keys[i] = uint64(rank[recs.rec(id).msg])
		}
	case SortNone: // descending: sortIDs returns ascending as it is
		for i, id := range ids {
			keys[i] = uint64(id)
		}
	}
	if l.sort.Desc {
		for i := range keys {
			keys[i] = ^keys[i] // descending, and a stable sort keeps ties in load order
		}
	}
	radixSort(keys, ids, bits)
	if l.sort.Key == SortCreated && l.st.nOdd > 0 {
		l.fixOddTies(ids)
	}
}

// messageRanks gives each distinct message its place in the order of
// display lines; equal lines share a rank. Where lines are held as
// templates, each is read once into a key (24 bytes a line while it
// sorts) rather than from its block and its template's table at every
// comparison, which took 1.4× the time.
func (l *List) messageRanks() []uint32 {
	lines := &l.st.lines
	order := make([]uint32, lines.len())
	for i := range order {
		order[i] = uint32(i)
	}
	compare := lines.compare
	if lines.hasTemplates() {
		keys := lines.sortKeys()
		compare = func(a, b uint32) int { return lines.compareKeyed(keys, a, b) }
	}
	slices.SortFunc(order, compare)
	rank := make([]uint32, len(order))
	r := uint32(0)
	for i, m := range order {
		if i > 0 && compare(m, order[i-1]) != 0 {
			r++
		}
		rank[m] = r
	}
	return rank
}

// fixOddTies orders, by their full instants, events whose createdAt lies
// outside what nanoseconds hold (clamped to the same key).
func (l *List) fixOddTies(ids []int32) {
	slices.SortStableFunc(ids, l.compare)
}

func isAscending(ids []int32) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] < ids[i-1] {
			return false
		}
	}
	return true
}

// radixSort sorts keys ascending, stably, carrying ids along: 11 bits a
// pass (2048 buckets stay in cache) over the low `bits` bits, skipping
// passes where every key has the same digit.
func radixSort(keys []uint64, ids []int32, bits int) {
	n, out := len(keys), ids
	tmpK, tmpI := make([]uint64, n), make([]int32, n)
	const digit = 11
	var count [1 << digit]int
	for shift := 0; shift < bits; shift += digit {
		clear(count[:])
		for _, k := range keys {
			count[(k>>shift)&(1<<digit-1)]++
		}
		if count[(keys[0]>>shift)&(1<<digit-1)] == n {
			continue // one digit for all: nothing to do
		}
		sum := 0
		for d := range count {
			c := count[d]
			count[d] = sum
			sum += c
		}
		for i, k := range keys {
			d := (k >> shift) & (1<<digit - 1)
			tmpK[count[d]], tmpI[count[d]] = k, ids[i]
			count[d]++
		}
		keys, tmpK = tmpK, keys
		ids, tmpI = tmpI, ids
	}
	copy(out, ids) // after an odd number of passes the result is in the scratch slice
}

// mergeSorted merges two sorted slices; on ties a comes first. It moves
// whole runs at a time, found by galloping: events arrive mostly in time
// order, so a chunk's events mostly go in one or a few runs.
func mergeSorted(a, b []int32, cmp func(x, y int32) int) []int32 {
	return mergeInto(make([]int32, 0, len(a)+len(b)), a, b, cmp)
}

// mergeInto is mergeSorted appending to out.
func mergeInto(out, a, b []int32, cmp func(x, y int32) int) []int32 {
	for len(a) > 0 && len(b) > 0 {
		n := gallop(b, func(x int32) bool { return cmp(x, a[0]) < 0 })
		out, b = append(out, b[:n]...), b[n:]
		if len(b) == 0 {
			break
		}
		m := gallop(a, func(x int32) bool { return cmp(b[0], x) >= 0 })
		out, a = append(out, a[:m]...), a[m:]
	}
	return append(append(out, a...), b...)
}

// gallop returns how many elements at the start of s satisfy before,
// which holds for a prefix of s: it looks 1, 2, 4 … ahead, then
// bisects, so a run of n costs about 2 log n comparisons.
func gallop(s []int32, before func(int32) bool) int {
	hi := 1
	for hi <= len(s) && before(s[hi-1]) {
		hi *= 2
	}
	lo := hi / 2 // s[:lo] all satisfy before
	hi = min(hi, len(s)+1)
	return lo + sort.Search(hi-1-lo, func(i int) bool { return !before(s[lo+i]) })
}

// mergeProjected merges added, sorted, into sorted and its projection in
// one pass that reads both sides straight through: the sorted side's keys
// come from the projection, not from records scattered over the store.
// It reports false, doing nothing, when the projection is stale or the
// sort needs more than a key (createdAt outside what nanoseconds hold).
func (l *List) mergeProjected(added []int32) bool {
	p := &l.proj
	if !l.projected || (l.sort.Key == SortCreated && l.st.nOdd > 0) {
		return false
	}
	var rank []uint32
	if l.sort.Key == SortMessage {
		rank = l.messageRanks()
	}
	order := l.typeOrder()
	// key is sortIDs's key: its order is the sort's.
	key := func(id int32, msg uint32, typ int32, nanos int64) uint64 {
		var k uint64
		switch l.sort.Key {
		case SortCreated:
			k = uint64(nanos) ^ 1<<63
		case SortType:
			k = order.key(typ)
		case SortMessage:
			k = uint64(rank[msg])
		case SortNone:
			k = uint64(id)
		}
		if l.sort.Desc {
			k = ^k
		}
		return k
	}
	// The arrays grow in place and are merged from the back: the events
	// of a are moved only as far as the added ones that go before them,
	// and events that come in the sort's order are only appended.
	recs := l.st.cursor()
	m, n := len(l.sorted), len(l.sorted)+len(added)
	want := l.st.expect
	if p.oneSrc {
		for _, id := range added {
			if recs.rec(id).src != p.one {
				p.mixSources(nil, m, m, want)
				break
			}
		}
	}
	ids, msgs, typs := growTo(l.sorted, n, want), growTo(p.msg, n, want), growTo(p.typ, n, want)
	nanos, srcs, one := growTo(p.nanos, n, want), p.src, p.oneSrc
	if !one {
		srcs = growTo(srcs, n, want)
	}
	i, k := m-1, n-1
	for j := len(added) - 1; j >= 0; j-- {
		id := added[j]
		r := recs.rec(id)
		kb := key(id, r.msg, r.typ, r.nanos)
		// Ties keep load order: every ID already in comes before the added.
		for ; i >= 0 && key(ids[i], msgs[i], typs[i], nanos[i]) > kb; i, k = i-1, k-1 {
			ids[k], msgs[k], typs[k], nanos[k] = ids[i], msgs[i], typs[i], nanos[i]
			if !one {
				srcs[k] = srcs[i]
			}
		}
		ids[k], msgs[k], typs[k], nanos[k] = id, r.msg, r.typ, r.nanos
		if !one {
			srcs[k] = r.src
		}
		k--
	}
	if one {
		srcs = msgs
	}
	l.sorted, p.msg, p.typ, p.nanos, p.src = ids, msgs, typs, nanos, srcs
	return true
}

// growTo is s made n long, growing as growToward does toward want, so
// that a list appended to chunk after chunk is copied a few times in all,
// or once.
func growTo[T any](s []T, n, want int) []T { return growToward(s, n-len(s), want)[:n] }
