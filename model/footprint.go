package model

import "unsafe"

// FootprintPart is what one part of a list holds, in bytes by capacity.
type FootprintPart struct {
	Name  string
	Bytes int
}

// Footprint is where a list's bytes go, part by part, for the benchmarks
// that measure it (BenchmarkFootprint here, BenchmarkHistoryFootprint in
// source): records, links, href tails, webhook events' IDs and the index
// by identity, messages and their display lines, the other interned
// strings, the projection, the sorted order and the view. A string counts
// its header and a map entry (32 bytes) besides its bytes.
func (l *List) Footprint() []FootprintPart {
	var recs, links, tails, ids, odd int
	for i := range l.st.segs {
		sg := &l.st.segs[i]
		recs += cap(sg.recs) * int(unsafe.Sizeof(record{}))
		links += cap(sg.links) * int(unsafe.Sizeof(linkRec{}))
		tails += cap(sg.arena)
		ids += cap(sg.ids.at)*4 + cap(sg.ids.starts)*4 + cap(sg.ids.text)
		odd += len(sg.odd) * (int(unsafe.Sizeof(oddRec{})) + 4 + 32)
	}
	if x := l.ids; x != nil {
		ids += len(x.heads)*(8+4+32) + cap(x.groups)*int(unsafe.Sizeof(idGroup{})) + cap(x.byID)*4
	}
	strs := func(ss []string) int {
		n := 0
		for _, s := range ss {
			n += len(s) + 16 + 32
		}
		return n
	}
	// A message is its display line, in blocks of them; one sanitizing
	// changed is held as sent too (raws), and one looked up has a map entry.
	msgs := l.st.lines.bytes() + len(l.st.msgIDs)*32 + cap(l.st.loose)*8
	for _, m := range l.st.raws {
		msgs += len(m) + 16 + 32
	}
	p := &l.proj
	srcs := cap(p.src) * 4
	if p.oneSrc {
		srcs = 0 // msg's
	}
	return []FootprintPart{
		{"records", recs},
		{"links", links},
		{"tails", tails},
		{"ids", ids},
		{"messages", msgs},
		{"strings", strs(l.st.strs.list) + strs(l.st.prefixes.list) + strs(l.st.types.list) +
			len(l.st.heads.list)*int(unsafe.Sizeof(linkHead{}))*3 + odd},
		{"projection", cap(p.msg)*4 + cap(p.typ)*4 + cap(p.nanos)*8 + srcs},
		{"sorted+view", (cap(l.sorted) + cap(l.viewRoom) + cap(l.pass)) * 4},
	}
}
