package model

import (
	"iter"
	"slices"
	"sort"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// What the panels show beside each type and source: how many events it
// would give under the rest of the filter.

// TypeCount is one row of the type panel.
type TypeCount struct {
	Type       int    // the number; 0 for a named type
	Count      int    // events of this type that pass the rest of the filter
	TopMessage string // the most common message of this type (display form; see topMessages)
	TypeName   string // the name of a named type; "" for a number
}

// TypeText writes the type as it is shown and typed: its name, or its
// number.
func (tc TypeCount) TypeText() string {
	e := Event{Type: tc.Type, TypeName: tc.TypeName}
	return e.TypeText()
}

// TypeCounts returns every type present in the list, in the order sorting
// by type gives (numbers ascending, then names in byte order), with its
// count under the rest of the filter (the type filter and type: terms are
// ignored, so the panel can show what selecting a type would give). A type
// with no match still appears, with count 0.
func (l *List) TypeCounts() []TypeCount {
	pl := compile(&l.st, l.query, l.env(), leaveTypes)
	pass := l.passing(&pl)
	types := l.present().types
	slot := make(map[int32]int, len(types))
	var bySlot [256]int // by the type's low byte, when no two types share one
	exact := true
	for i, t := range types {
		slot[t] = i
		b := uint8(t)
		exact = exact && (bySlot[b] == 0 || types[bySlot[b]-1] == t)
		bySlot[b] = i + 1
	}
	counts := make([]int, len(types))
	for pos := range l.positions(pass) {
		if t := l.proj.typ[pos]; exact {
			counts[bySlot[uint8(t)]-1]++
		} else {
			counts[slot[t]]++
		}
	}
	top := l.topMessages()
	out := make([]TypeCount, len(types))
	keys := make([]uint64, len(types))
	order := l.typeOrder()
	for i, t := range types {
		num, name := l.st.typeOf(t)
		out[i] = TypeCount{Type: num, Count: counts[i], TopMessage: top[t], TypeName: name}
		keys[i] = order.key(t)
	}
	sort.Sort(byKey{out, keys})
	return out
}

// passing returns the IDs of the events that pass pl, in sorted order.
func (l *List) passing(pl *plan) []int32 {
	l.pass = slices.Grow(l.pass[:0], len(l.sorted))[:len(l.sorted)]
	n, _ := l.sweep(pl, l.pass, -1)
	return l.pass[:n]
}

// positions yields where each of ids stands in sorted, and so in proj. ids
// come in the order of sorted (the view, or what passing returns), so both
// are read straight through: what the projection holds of them is read in
// order, not looked up event by event across the segments.
func (l *List) positions(ids []int32) iter.Seq[int] {
	if !l.projected {
		l.project()
	}
	return func(yield func(int) bool) {
		j := 0
		for _, id := range ids {
			for l.sorted[j] != id {
				j++
			}
			if !yield(j) {
				return
			}
			j++
		}
	}
}

// typeMessages counts the events of each type by message, for the type
// panel's most common message. Like presence it catches up with new
// events, so only the first count after a load reads them all.
type typeMessages struct {
	n      int
	counts map[uint64]int // type<<32 | message ID → events
	// Messages held as templates (msgtemplates.go), each almost always
	// an event's own, by template: a million captured events would be a
	// million counts of one.
	shapes map[typeShape]shapeCount
}

// countShape counts r by its message's template, if it is held as one.
func (tm *typeMessages) countShape(lines *msgLines, r *record) bool {
	b, blk, tmpl := lines.entry(r.msg)
	if !tmpl {
		return false
	}
	_, text, _ := lines.tmpl.of(blk, b)
	k := typeShape{r.typ, text}
	c, ok := tm.shapes[k]
	if !ok {
		c.first = r.msg
	}
	c.n++
	tm.shapes[k] = c
	return true
}

type typeShape struct {
	typ  int32
	tmpl string
}

type shapeCount struct {
	n     int
	first uint32 // the message of the first event counted
}

// topMessages returns the most common display line of each type; of lines
// as common, the first in byte order. Lines held as templates that share
// one count as one line, the first of them: of a day of captured events,
// "Payment paid · ideal · €94.09 · Order #512409" stands for the payments
// paid by iDEAL in euros with orders of six digits.
func (l *List) topMessages() map[int32]string {
	tm := &l.typeMsgs
	if tm.counts == nil {
		tm.counts, tm.shapes = map[uint64]int{}, map[typeShape]shapeCount{}
	}
	recs := l.st.cursor()
	templates := l.st.lines.hasTemplates()
	for id := int32(tm.n); id < l.st.n; id++ {
		if l.isGone(id) {
			continue
		}
		r := recs.rec(id)
		if templates && tm.countShape(&l.st.lines, r) {
			continue
		}
		tm.counts[uint64(uint32(r.typ))<<32|uint64(r.msg)]++
	}
	tm.n = l.st.len()
	// Messages that differ may share a display line: count by line.
	type typeLine struct {
		typ  int32
		line string
	}
	byLine := map[typeLine]int{}
	for k, n := range tm.counts {
		byLine[typeLine{int32(uint32(k >> 32)), l.st.lines.line(uint32(k))}] += n
	}
	for k, c := range tm.shapes {
		byLine[typeLine{k.typ, l.st.lines.line(c.first)}] += c.n
	}
	top := map[int32]string{}
	best := map[int32]int{}
	for k, n := range byLine {
		if b, ok := best[k.typ]; !ok || n > b || (n == b && k.line < top[k.typ]) {
			top[k.typ], best[k.typ] = k.line, n
		}
	}
	return top
}

// SourceCount is one row of the source panel.
type SourceCount struct {
	Source cells.Line
	Count  int // events from this source that pass the rest of the filter
}

// SourceCounts returns every source of the list, in load order, with its
// count under the rest of the filter (source: terms are ignored, so the
// panel can show what selecting a source would give). A source with no
// match still appears, with count 0.
func (l *List) SourceCounts() []SourceCount {
	pl := compile(&l.st, l.query, l.env(), leaveSources)
	// The events that pass, then their sources: a second pass costs less
	// than a branch for counting in the filter's loop.
	counts := make([]int32, len(l.st.strs.list))
	for pos := range l.positions(l.passing(&pl)) {
		counts[l.proj.srcAt(pos)]++
	}
	srcs := l.present().srcs
	out := make([]SourceCount, len(srcs))
	for i, id := range srcs {
		out[i] = SourceCount{Source: cells.Line(l.st.strs.list[id]), Count: int(counts[id])}
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
	if len(ps.srcSeen) < len(l.st.strs.list) {
		ps.srcSeen = append(ps.srcSeen, make([]bool, len(l.st.strs.list)-len(ps.srcSeen))...)
	}
	lastType, started := int32(0), false
	recs := l.st.cursor()
	for id := int32(ps.n); id < l.st.n; id++ {
		if l.isGone(id) {
			continue
		}
		r := recs.rec(id)
		if !started || r.typ != lastType { // events of a type tend to come together
			lastType, started = r.typ, true
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

// byKey sorts type counts by their types' sort keys.
type byKey struct {
	counts []TypeCount
	keys   []uint64
}

func (b byKey) Len() int           { return len(b.counts) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.counts[i], b.counts[j] = b.counts[j], b.counts[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}
