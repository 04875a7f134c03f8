package model

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
	want := l.st.expect // a list being loaded is projected as its first chunks come
	p.msg = growTo(p.msg[:0], n, want)
	p.typ = growTo(p.typ[:0], n, want)
	p.nanos = growTo(p.nanos[:0], n, want)
	p.src = growTo(p.src[:0], n, want)
	for i, id := range l.sorted {
		r := l.st.rec(id) // in sort order: a cursor would seek at most of them
		p.msg[i], p.typ[i], p.nanos[i], p.src[i] = r.msg, r.typ, r.nanos, r.src
	}
}
