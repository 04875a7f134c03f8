package model

import (
	"math"
	"time"
)

// translation maps the IDs of one dictionary to another's.
type translation struct {
	msgs, strs, prefixes, types, heads []uint32
	// Which tables map every ID to itself, so records or links need not
	// be rewritten.
	sameMsgs, sameStrs, sameTypes, sameHeads bool
}

// absorb interns the strings of o into d and returns how o's IDs map to
// d's. It costs one look-up per distinct string of o, not one per event.
func (d *dict) absorb(o *dict, want int) translation {
	var tr translation
	n := o.lines.len()
	tr.msgs, tr.sameMsgs = make([]uint32, n), true
	d.lines.at = growToward(d.lines.at, n, want) // webhook events' are all new: room at once
	var moved []uint32
	if len(o.lines.blocks) >= takeBlocks {
		moved = make([]uint32, len(o.lines.blocks))
	}
	for i := range uint32(n) {
		var id uint32
		if o.loose.has(i) {
			id = d.takeMsg(o, i, moved)
			d.loose.set(id)
		} else if m := o.message(i); len(m) >= longString {
			id = d.takeMsg(o, i, moved) // not looked up (msgIDLine)
		} else if known, ok := d.msgIDs[m]; ok {
			id = known
		} else {
			id = d.looked(d.takeMsg(o, i, moved))
		}
		tr.msgs[i], tr.sameMsgs = id, tr.sameMsgs && id == i
	}
	tr.strs, tr.sameStrs = internAll(&d.strs, o.strs.list)
	tr.prefixes, _ = internAll(&d.prefixes, o.prefixes.list)
	tr.types, tr.sameTypes = internAll(&d.types, o.types.list)
	tr.heads, tr.sameHeads = make([]uint32, len(o.heads.list)), true
	for i, h := range o.heads.list {
		id := d.heads.id(linkHead{tr.strs[h.name], tr.strs[h.typ], tr.prefixes[h.prefix]})
		tr.heads[i], tr.sameHeads = id, tr.sameHeads && id == uint32(i)
	}
	return tr
}

// takeBlocks is how many blocks of lines a dictionary absorbed must have
// for its blocks to be taken on as they are, with room left in its last:
// fewer, from a small chunk, are copied.
const takeBlocks = 8

// takeMsg adds message i of o as a new message, its line in o's block,
// which d takes on (msgLines.take), or a copy when moved is nil.
func (d *dict) takeMsg(o *dict, i uint32, moved []uint32) uint32 {
	var id uint32
	if moved != nil {
		id = d.lines.take(&o.lines, i, moved)
	} else {
		id = d.lines.copyLine(&o.lines, i)
	}
	if len(o.raws) > 0 {
		if m, ok := o.raws[i]; ok {
			d.keepRaw(id, m)
		}
	}
	return id
}

func internAll(in *interner, strs []string) (ids []uint32, same bool) {
	ids, same = make([]uint32, len(strs)), true
	for i, s := range strs {
		ids[i] = in.id(s)
		same = same && ids[i] == uint32(i)
	}
	return ids, same
}

func (tr *translation) record(r *record) {
	r.msg, r.src, r.res = tr.msgs[r.msg], tr.strs[r.src], tr.strs[r.res]
	if isTypeCode(r.typ) {
		r.typ = typeCodeBase + int32(tr.types[r.typ-typeCodeBase])
	}
}

func (tr *translation) link(l *linkRec) { l.head = tr.heads[l.headID()] | l.head&tailFlags }

// translate rewrites the segment's IDs in place.
func (s *segment) translate(tr *translation) {
	if !tr.sameMsgs || !tr.sameStrs || !tr.sameTypes {
		for i := range s.recs {
			tr.record(&s.recs[i])
		}
	}
	if !tr.sameHeads {
		for i := range s.links {
			tr.link(&s.links[i])
		}
	}
}

// appendFrom appends the events of o, translating its IDs by tr.
func (s *segment) appendFrom(o *segment, tr *translation) {
	first := int32(len(s.recs))
	linkBase, arenaBase := uint32(len(s.links)), uint32(len(s.arena))
	s.recs = growFor(s.recs, len(o.recs))
	for _, r := range o.recs {
		tr.record(&r)
		r.link += linkBase
		s.recs = append(s.recs, r)
	}
	s.links = growFor(s.links, len(o.links))
	for _, l := range o.links {
		tr.link(&l)
		l.off += arenaBase
		s.links = append(s.links, l)
	}
	s.arena = append(growFor(s.arena, len(o.arena)), o.arena...)
	for i, odd := range o.odd {
		s.setOdd(first+i, odd)
	}
	s.ids.appendFrom(&o.ids, first)
}

// segStore is what a List keeps its events in: the segments of the chunks
// it was handed, taken over as they are rather than copied, under one
// dictionary that their IDs are translated into. Event IDs run on from one
// segment to the next, in load order.
//
// Chunks below adoptMin events, and events appended one by one, are
// copied into the last segment when it is the list's own (made by add, or
// a small chunk's), so a slow pipe that sends an event at a time does not
// make a segment of each. So a segment below adoptMin is always followed
// by one of at least adoptMin, a block of 1<<blockBits IDs holds the
// starts of at most three segments, and blocks find an event's segment in
// a step or two.
type segStore struct {
	dict
	segs   []segment
	firsts []int32 // the ID of each segment's first event
	blocks []int32 // by ID>>blockBits, the segment of the block's first ID
	n      int32   // events in all
	nOdd   int     // events with an odd createdAt
	owned  bool    // the last segment is the list's own: appends go into it
	// expect is how many events the list is reckoned to hold once the
	// input being loaded ends (expectFrom), which its arrays are made room
	// for at once; a quarter more than n when not known.
	expect int
}

// Variables so tests can make segments of a few events.
var (
	blockBits = 12
	adoptMin  = 1 << blockBits
	// ownedMax is the size past which the list's own segment, rather
	// than grow, is trimmed and followed by a new one.
	ownedMax = 1 << 16
)

func (s *segStore) len() int { return int(s.n) }

// segOf returns the index of the segment holding event id.
func (s *segStore) segOf(id int32) int {
	i := int(s.blocks[id>>blockBits])
	for i+1 < len(s.firsts) && id >= s.firsts[i+1] {
		i++
	}
	return i
}

// at returns the segment holding event id and id's index in it.
func (s *segStore) at(id int32) (*segment, int32) {
	i := s.segOf(id)
	return &s.segs[i], id - s.firsts[i]
}

func (s *segStore) rec(id int32) *record {
	sg, i := s.at(id)
	return &sg.recs[i]
}

func (s *segStore) event(id int32) Event {
	sg, i := s.at(id)
	return sg.event(&s.dict, i)
}

func (s *segStore) created(id int32) (time.Time, string) {
	sg, i := s.at(id)
	return sg.created(i)
}

// adopt takes over the events of o, which is empty afterwards.
func (s *segStore) adopt(o *store) {
	if len(o.recs) == 0 {
		return
	}
	var tr translation
	if s.n == 0 && s.lines.len() == 0 && len(s.strs.list) == 0 && len(s.prefixes.list) == 0 && len(s.types.list) == 0 {
		s.dict = o.dict // the first: its dictionary is the list's
		tr.sameMsgs, tr.sameStrs, tr.sameTypes, tr.sameHeads = true, true, true, true
	} else {
		want := 0
		if o.lines.len() > len(o.recs)/2 {
			// Messages of their own, as webhook events' are: about one an
			// event to come.
			want = s.lines.len() + max(s.expect-int(s.n), 0)
		}
		tr = s.dict.absorb(&o.dict, want)
	}
	s.nOdd += len(o.odd)
	small := len(o.recs) < adoptMin
	if last := len(s.segs) - 1; small && s.owned && s.segs[last].full(len(o.recs)) {
		// Grown by doubling, the list's own segment may be half empty:
		// past ownedMax it is trimmed and a new one starts, so that a
		// load of small chunks (a rebuilt history's pages) keeps little
		// room it does not fill.
		s.segs[last].trim()
		s.owned = false
	}
	if small && s.owned {
		s.segs[len(s.segs)-1].appendFrom(&o.segment, &tr)
	} else {
		if !small {
			o.trim() // kept as it is: a chunk built by Add may have grown by doubling
		}
		o.translate(&tr)
		s.segs = append(s.segs, o.segment)
		s.firsts = append(s.firsts, s.n)
		s.owned = small // later small chunks are copied into it
	}
	s.grown(len(o.recs))
	*o = store{}
}

// expectFrom reckons, from the chunks about to be adopted, how many events
// the list will hold once their input ends: the last says how many more
// it is reckoned to hold (Chunk.more).
func (s *segStore) expectFrom(cs []*Chunk) {
	n := int64(s.n)
	var more int64
	for _, c := range cs {
		if c != nil {
			n, more = n+int64(c.Len()), c.more
		}
	}
	if more == 0 {
		// Not known (a rebuilt history's chunks): a quarter more, so the
		// arrays grow by a quarter, not to the events so far at every
		// chunk, which copied them whole each time (240 MB of garbage
		// for 200k events in 52 chunks).
		more = n / 4
	}
	s.expect = int(min(n+more, math.MaxInt32))
}

// add appends e to the list's own last segment.
func (s *segStore) add(e *Event) {
	sg := s.own()
	sg.add(&s.dict, e, false)
	if sg.recs[len(sg.recs)-1].tform&formOdd != 0 {
		s.nOdd++
	}
	s.grown(1)
}

// own returns the list's own last segment, starting one if the last is a
// chunk's.
func (s *segStore) own() *segment {
	if !s.owned {
		s.segs = append(s.segs, segment{})
		s.firsts = append(s.firsts, s.n)
		s.owned = true
	}
	return &s.segs[len(s.segs)-1]
}

// grown counts n events added to the last segment and indexes the blocks
// they start.
func (s *segStore) grown(n int) {
	s.n += int32(n)
	last := int32(len(s.segs) - 1)
	for b := int32(len(s.blocks)); b<<blockBits < s.n; b++ {
		// The block's first ID is in the last segment or one just before it.
		i := last
		for s.firsts[i] > b<<blockBits {
			i--
		}
		s.blocks = append(s.blocks, i)
	}
}

// segStore returns a store's one segment as a segStore, to read it the
// way a List's events are read. It shares the store's memory.
func (s *store) segStore() segStore {
	var ss segStore
	ss.dict = s.dict
	ss.segs, ss.firsts = []segment{s.segment}, []int32{0}
	ss.nOdd = len(s.odd)
	ss.grown(len(s.recs))
	return ss
}

// recCursor reads records by ID, quickly when IDs come in order (load
// order, or ascending IDs): it looks for a segment only when an ID falls
// outside the last one. IDs in sort order jump from segment to segment,
// which rec reads better.
type recCursor struct {
	s    *segStore
	lo   int32 // the ID of recs[0]
	recs []record
}

func (s *segStore) cursor() recCursor { return recCursor{s: s} }

func (c *recCursor) rec(id int32) *record {
	if uint32(id-c.lo) >= uint32(len(c.recs)) {
		c.seek(id) // out of line, so rec inlines
	}
	return &c.recs[id-c.lo]
}

func (c *recCursor) seek(id int32) {
	i := c.s.segOf(id)
	c.recs, c.lo = c.s.segs[i].recs, c.s.firsts[i]
}

// trim lets go of what a segment's arrays have room for beyond an eighth
// more than they hold: a chunk may be kept to the end (print mode holds ten
// million events), and one grown by doubling may be half empty.
func (s *segment) trim() {
	s.recs = clipped(s.recs)
	s.links = clipped(s.links)
	s.arena = clipped(s.arena)
	s.ids.trim()
}

// full tells whether the segment holds ownedMax events or more and has no
// room for n more.
func (s *segment) full(n int) bool { return len(s.recs) >= ownedMax && cap(s.recs)-len(s.recs) < n }

func clipped[T any](s []T) []T {
	if cap(s)-len(s) <= len(s)/8 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
