package model

import (
	"slices"
	"sort"
)

// sweep runs pl over the events in sorted order. It writes the IDs that
// pass to the front of view and returns how many, and the position among
// them of event sel (-1 if it did not pass).
func (l *List) sweep(pl *plan, view []int32, sel int) (n, selPos int) {
	if !l.projected {
		l.project()
	}
	sw := sweeper{pl: pl, matches: pl.msgs, srcs: pl.srcs, since: pl.since, until: pl.until, slow: len(pl.slow) > 0}
	if p := &l.proj; p.oneSrc && sw.srcs != nil {
		// Every event has one source, wanted or not: none is read.
		if int(p.one) >= len(sw.srcs) || !sw.srcs[p.one] {
			return 0, -1
		}
		sw.srcs = nil
	}
	sw.types = pl.typeList(l.present().types)
	sw.typeOK, sw.exact = newTypeSet(sw.types)
	sw.timed = sw.since != -1<<63 || sw.until != 1<<63-1
	// The condition on the sort's own key picks runs of positions: only
	// they are read.
	spans := []posRange{{0, len(l.proj.msg)}}
	switch {
	case sw.timed && l.sort.Key == SortCreated:
		spans = []posRange{l.timeSpan(sw.since, sw.until)}
		sw.timed = false
	case sw.types != nil && l.sort.Key == SortType:
		spans = l.typeSpans(sw.types)
		sw.types = nil
	}
	selPos = -1
	for _, sp := range spans {
		k, pos := sw.run(&l.proj, l.sorted, sp, view[n:], sel)
		if pos >= 0 {
			selPos = n + pos
		}
		n += k
	}
	return n, selPos
}

// posRange is the positions [lo, hi) of the sorted events.
type posRange struct{ lo, hi int }

// sweeper is what a plan checks, laid out for the filter's loop.
type sweeper struct {
	pl           *plan
	matches      []bool
	srcs         []bool
	types        []int32
	typeOK       typeSet
	exact, timed bool
	since, until int64
	slow         bool
}

// run is sweep over one range of positions.
func (sw *sweeper) run(p *proj, sorted []int32, sp posRange, view []int32, sel int) (n, selPos int) {
	// Slices of one length, so the loop checks no bounds on them.
	msg := p.msg[sp.lo:sp.hi]
	nanos, typ, src, ids := p.nanos[sp.lo:sp.hi][:len(msg)], p.typ[sp.lo:sp.hi][:len(msg)], p.src[sp.lo:sp.hi][:len(msg)], sorted[sp.lo:sp.hi][:len(msg)]
	matches, srcs, types, since, until := sw.matches, sw.srcs, sw.types, sw.since, sw.until
	selPos = -1
	for i := range msg {
		// The conditions are the same for every event, so their branches
		// cost nothing; an array not needed is not read.
		keep := 1
		if matches != nil {
			keep = b2i(matches[msg[i]])
		}
		if sw.timed {
			keep &= b2i(nanos[i] >= since) & b2i(nanos[i] < until)
		}
		switch {
		case types == nil:
		case sw.exact:
			keep &= sw.typeOK.has(typ[i])
		default:
			keep &= b2i(slices.Contains(types, typ[i]))
		}
		if srcs != nil {
			keep &= b2i(srcs[src[i]])
		}
		id := ids[i]
		if sw.slow && keep == 1 {
			keep = b2i(sw.pl.holdsSlow(id))
		}
		if int(id) == sel && keep == 1 {
			selPos = n // found here rather than by a second pass
		}
		view[n] = id
		n += keep
	}
	return n, selPos
}

// typeSpans returns the runs of positions of types when the list is sorted
// by type, in position order.
func (l *List) typeSpans(types []int32) []posRange {
	typ, order := l.proj.typ, l.typeOrder()
	spans := make([]posRange, 0, len(types))
	for _, t := range types {
		var sp posRange
		k := order.key(t)
		if l.sort.Desc {
			sp.lo = sort.Search(len(typ), func(i int) bool { return order.key(typ[i]) <= k })
			sp.hi = sort.Search(len(typ), func(i int) bool { return order.key(typ[i]) < k })
		} else {
			sp.lo = sort.Search(len(typ), func(i int) bool { return order.key(typ[i]) >= k })
			sp.hi = sort.Search(len(typ), func(i int) bool { return order.key(typ[i]) > k })
		}
		if sp.hi > sp.lo {
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b posRange) int { return a.lo - b.lo })
	return spans
}

// timeSpan returns the positions of the events created in [since, until)
// when the list is sorted by creation time.
func (l *List) timeSpan(since, until int64) posRange {
	nanos := l.proj.nanos
	var sp posRange
	if l.sort.Desc {
		sp.lo = sort.Search(len(nanos), func(i int) bool { return nanos[i] < until })
		sp.hi = sort.Search(len(nanos), func(i int) bool { return nanos[i] < since })
	} else {
		sp.lo = sort.Search(len(nanos), func(i int) bool { return nanos[i] >= since })
		sp.hi = sort.Search(len(nanos), func(i int) bool { return nanos[i] >= until })
	}
	sp.hi = max(sp.lo, sp.hi)
	return sp
}

// typeSet tells selected types apart in constant time, by their low byte;
// exact is false when two of them share one.
type typeSet struct {
	types [256]int32
	on    [256]bool
}

func newTypeSet(types []int32) (s typeSet, exact bool) {
	for _, t := range types {
		b := uint8(t)
		if s.on[b] && s.types[b] != t {
			return s, false
		}
		s.types[b], s.on[b] = t, true
	}
	return s, true
}

func (s *typeSet) has(t int32) int {
	b := uint8(t)
	return b2i(s.on[b]) & b2i(s.types[b] == t)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
