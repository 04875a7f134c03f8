package model

// proj is what filtering reads of the events, in sorted order, one array
// a field, so a text filter reads only messages (4 bytes an event). While
// every event has the same source (one file), oneSrc says so, one is that
// source and src is msg, never read as sources: sweep and srcAt know.
type proj struct {
	msg    []uint32
	typ    []int32
	nanos  []int64
	src    []uint32
	oneSrc bool
	one    uint32
}

// project fills proj from sorted.
func (l *List) project() {
	l.projected = true
	n := len(l.sorted)
	p := &l.proj
	want := l.st.expect // a list being loaded is projected as its first chunks come
	var room []uint32
	if !p.oneSrc {
		room = p.src[:0]
	}
	p.msg = growTo(p.msg[:0], n, want)
	p.typ = growTo(p.typ[:0], n, want)
	p.nanos = growTo(p.nanos[:0], n, want)
	p.src, p.oneSrc = p.msg, true
	for i, id := range l.sorted {
		r := l.st.rec(id) // in sort order: a cursor would seek at most of them
		p.msg[i], p.typ[i], p.nanos[i] = r.msg, r.typ, r.nanos
		switch {
		case i == 0:
			p.one = r.src
		case p.oneSrc && r.src != p.one:
			p.mixSources(room, i, n, want)
		}
		if !p.oneSrc {
			p.src[i] = r.src
		}
	}
}

// mixSources gives the projection a source for each of its first n
// events (of m, toward want), in room, once another source comes.
func (p *proj) mixSources(room []uint32, n, m, want int) {
	p.src, p.oneSrc = growTo(room[:0], m, want), false
	for i := range n {
		p.src[i] = p.one
	}
}

// srcAt is the source of the event at position pos.
func (p *proj) srcAt(pos int) uint32 {
	if p.oneSrc {
		return p.one
	}
	return p.src[pos]
}
