package model

import (
	"sort"
)

// What the panels show beside each type and source: how many events it
// would give under the rest of the filter.

// TypeCount is one row of the type panel.
type TypeCount struct {
	Type       int
	Count      int    // events of this type that pass the rest of the filter
	TopMessage string // the most common message of this type (display form)
}

// TypeCounts returns every type present in the list, ascending, with its
// count under the rest of the filter (the type filter and type: terms are
// ignored, so the panel can show what selecting a type would give). A type
// with no match still appears, with count 0.
func (l *List) TypeCounts() []TypeCount {
	pl := compile(&l.st, l.filter, l.env(), leaveTypes)
	type acc struct {
		count int
		msgs  map[string]int
	}
	byType := map[int]*acc{}
	var last *acc
	lastType := 0
	for i := range l.st.recs {
		r := &l.st.recs[i]
		a := last
		if a == nil || int(r.typ) != lastType {
			if a = byType[int(r.typ)]; a == nil {
				a = &acc{msgs: map[string]int{}}
				byType[int(r.typ)] = a
			}
			last, lastType = a, int(r.typ)
		}
		a.msgs[l.st.lines[r.msg]]++
		if pl.holds(&l.st, int32(i)) {
			a.count++
		}
	}
	out := make([]TypeCount, 0, len(byType))
	for t, a := range byType {
		tc := TypeCount{Type: t, Count: a.count}
		best := -1
		for msg, n := range a.msgs {
			if n > best || (n == best && msg < tc.TopMessage) {
				tc.TopMessage, best = msg, n
			}
		}
		out = append(out, tc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// SourceCount is one row of the source panel.
type SourceCount struct {
	Source string
	Count  int // events from this source that pass the rest of the filter
}

// SourceCounts returns every source of the list, in load order, with its
// count under the rest of the filter (source: terms are ignored, so the
// panel can show what selecting a source would give). A source with no
// match still appears, with count 0.
func (l *List) SourceCounts() []SourceCount {
	pl := compile(&l.st, l.filter, l.env(), leaveSources)
	if len(l.proj.msg) != len(l.sorted) {
		l.project()
	}
	// The events that pass, then their sources: a second pass costs less
	// than a branch for counting in the filter's loop.
	pass := make([]int32, len(l.sorted))
	n, _ := l.sweep(&pl, pass, -1)
	counts := make([]int32, len(l.st.strs.strs))
	recs := l.st.recs
	for _, id := range pass[:n] {
		counts[recs[id].src]++
	}
	srcs := l.present().srcs
	out := make([]SourceCount, len(srcs))
	for i, id := range srcs {
		out[i] = SourceCount{Source: l.st.strs.strs[id], Count: int(counts[id])}
	}
	return out
}

// presence is the distinct types and sources of the first n events, so a
// keystroke need not find them again.
type presence struct {
	n       int
	types   []int32
	typeSet map[int32]struct{}
	srcs    []uint32 // in store.strs, in load order
	srcSeen []bool   // by ID in store.strs
}

// present returns the distinct types and sources of the list's events,
// catching up with the events added since the last call.
func (l *List) present() *presence {
	ps := &l.seen
	if ps.typeSet == nil {
		ps.typeSet = map[int32]struct{}{}
	}
	if len(ps.srcSeen) < len(l.st.strs.strs) {
		ps.srcSeen = append(ps.srcSeen, make([]bool, len(l.st.strs.strs)-len(ps.srcSeen))...)
	}
	lastType := int32(0)
	for i, r := range l.st.recs[ps.n:] {
		if i == 0 || r.typ != lastType { // events of a type tend to come together
			lastType = r.typ
			if _, ok := ps.typeSet[r.typ]; !ok {
				ps.typeSet[r.typ] = struct{}{}
				ps.types = append(ps.types, r.typ)
			}
		}
		if !ps.srcSeen[r.src] {
			ps.srcSeen[r.src] = true
			ps.srcs = append(ps.srcs, r.src)
		}
	}
	ps.n = l.st.len()
	return ps
}
