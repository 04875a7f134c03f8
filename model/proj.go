package model

import "slices"

// proj is what filtering reads of the events, in sorted order, one array
// a field, so a text filter reads only messages (4 bytes an event).
type proj struct {
	msg   []uint32
	typ   []int32
	nanos []int64
	src   []uint32
}

// project fills proj from sorted.
func (l *List) project() {
	l.projected = true
	n := len(l.sorted)
	p := &l.proj
	p.msg = slices.Grow(p.msg[:0], n)[:n]
	p.typ = slices.Grow(p.typ[:0], n)[:n]
	p.nanos = slices.Grow(p.nanos[:0], n)[:n]
	p.src = slices.Grow(p.src[:0], n)[:n]
	for i, id := range l.sorted {
		r := l.st.rec(id) // in sort order: a cursor would seek at most of them
		p.msg[i], p.typ[i], p.nanos[i], p.src[i] = r.msg, r.typ, r.nanos, r.src
	}
}
