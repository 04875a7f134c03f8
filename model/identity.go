package model

import (
	"hash/maphash"
	"math/bits"
)

// MergeChunks adds the events of cs the list does not have yet, marks them
// new (see IsNew) and returns how many it added; like AppendChunks it keeps
// the filter, the sort and the cursor's event. The list takes the chunks
// over: what it keeps of them is its own, so they are not to be used again.
//
// Two events are the same event when everything the source sent is: type,
// createdAt as written, message, source and links (resource aside). Events
// compare as multisets: an event the list holds k times is added only for
// its occurrences in cs past the k-th. So a refresh that loads everything
// again adds nothing, while two identical events of one file stay two.
// Sources send each part (a file, a customer) in one batch, so one call per
// batch compares whole parts.
func (l *List) MergeChunks(cs ...*Chunk) (added int) {
	x := l.identities()
	if !x.refreshing {
		x.call++
	}
	first := l.st.len()
	for _, c := range cs {
		if c != nil && c.Len() > 0 {
			x.mergeChunk(l, c)
		}
	}
	added = l.st.len() - first
	if added == 0 {
		return 0
	}
	// Marked new before they are placed, so an is:new filter shows them.
	if l.fresh == nil {
		l.fresh = map[int32]struct{}{}
	}
	for id := first; id < l.st.len(); id++ {
		l.fresh[int32(id)] = struct{}{}
	}
	l.placeNew(first)
	return added
}

// identities counts the list's events by identity, for MergeChunks: one
// group per distinct event, found by a hash of everything that makes it
// that event and confirmed by comparing the events themselves, so a hash
// collision only makes a chain. It is built on the first MergeChunks, so
// plain loads pay nothing, and kept up to date from then on.
type identities struct {
	heads      map[uint64]int32 // by hash, the first group
	groups     []idGroup
	byID       []int32    // the group of each event of the list
	last       int32      // the event of the list the last event merged matched, for guess
	call       int32      // MergeChunks calls so far, a refresh counting one
	refreshing bool       // between BeginRefresh and EndRefresh
	hashes     dictHashes // of the list's dictionary
}

type idGroup struct {
	// rep is an event of the group: a list ID, or while its chunk is being
	// merged -(k+1) for the chunk's k-th kept event.
	rep   int32
	count int32 // the list's copies
	used  int32 // copies matched by call
	call  int32
	next  int32 // the next group of the same hash, or -1
}

// identities returns the list's index, building it on first use.
func (l *List) identities() *identities {
	if l.ids == nil {
		n := l.st.len()
		l.ids = &identities{heads: make(map[uint64]int32, n), groups: make([]idGroup, 0, n), byID: make([]int32, 0, n),
			last: -1, hashes: dictHashes{seed: maphash.MakeSeed()}}
		l.indexFrom(0)
	}
	return l.ids
}

// indexFrom counts the list's events from ID first on, when it is indexed.
func (l *List) indexFrom(first int) {
	x := l.ids
	if x == nil {
		return
	}
	x.hashes.update(&l.st.dict)
	for id := int32(first); id < l.st.n; id++ {
		sg, i := l.st.at(id)
		ev := eventRef{sg, &l.st.dict, i}
		h := ev.hash(&x.hashes)
		g := x.find(h, ev, l, nil, nil)
		if g < 0 {
			g = x.newGroup(h, id)
		}
		x.groups[g].count++
		x.byID = append(x.byID, g)
	}
}

// mergeChunk adds the events of c that are new to l, without placing them.
func (x *identities) mergeChunk(l *List, c *Chunk) {
	ch := dictHashes{seed: x.hashes.seed}
	ch.update(&c.st.dict)
	var keep []int32  // indices in c of the events added
	var kept []int32  // the group of each
	var fresh []int32 // the groups they started
	for i := range int32(c.Len()) {
		ev := eventRef{&c.st.segment, &c.st.dict, i}
		g := x.guess(l, ev)
		if g < 0 {
			h := ev.hash(&ch)
			if g = x.find(h, ev, l, c, keep); g < 0 {
				g = x.newGroup(h, -int32(len(keep))-1) // kept just below
				fresh = append(fresh, g)
			}
		}
		grp := &x.groups[g]
		if grp.call != x.call {
			grp.call, grp.used = x.call, 0
		}
		if grp.used++; grp.used > grp.count {
			grp.count++ // a copy more than the list had, or a new event
			keep, kept = append(keep, i), append(kept, g)
		}
	}
	if len(keep) == 0 {
		return
	}
	base := int32(l.st.len())
	if len(keep) < c.Len() {
		c = c.only(keep)
	}
	l.st.adopt(&c.st)
	x.byID = append(x.byID, kept...)
	for _, g := range fresh {
		x.groups[g].rep = base - x.groups[g].rep - 1
	}
}

// guess returns the group of ev when ev is the event of the list after the
// one the event before it matched, as when a refresh loads what it loaded
// before in the same order; -1 when not. A right guess costs no look-up.
func (x *identities) guess(l *List, ev eventRef) int32 {
	next := x.last + 1
	if int(next) >= len(x.byID) {
		return -1
	}
	sg, i := l.st.at(next)
	if !ev.same(eventRef{sg, &l.st.dict, i}) {
		return -1
	}
	x.last = next
	return x.byID[next]
}

// find returns the group of event ev, whose hash is h, or -1. A group's
// representative is an event of l, or while c is merged one of c's events
// kept.
func (x *identities) find(h uint64, ev eventRef, l *List, c *Chunk, keep []int32) int32 {
	g, ok := x.heads[h]
	for ok && g >= 0 {
		rep := x.groups[g].rep
		var other eventRef
		if rep >= 0 {
			sg, i := l.st.at(rep)
			other = eventRef{sg, &l.st.dict, i}
		} else {
			other = eventRef{&c.st.segment, &c.st.dict, keep[-rep-1]}
		}
		if ev.same(other) {
			if rep >= 0 {
				x.last = rep
			}
			return g
		}
		g = x.groups[g].next
	}
	return -1
}

// newGroup starts the group of event rep, with no copies counted yet, and
// returns it.
func (x *identities) newGroup(h uint64, rep int32) int32 {
	g := int32(len(x.groups))
	next, ok := x.heads[h]
	if !ok {
		next = -1
	}
	x.groups = append(x.groups, idGroup{rep: rep, call: x.call, next: next})
	x.heads[h] = g
	return g
}

// only returns a chunk of the events of c at indices keep, in order; it
// shares c's dictionary.
func (c *Chunk) only(keep []int32) *Chunk {
	out := &Chunk{}
	out.st.dict = c.st.dict
	out.st.recs = make([]record, 0, len(keep))
	for _, i := range keep {
		out.st.copyRec(&c.st.segment, i)
	}
	return out
}

// copyRec appends record i of o, whose IDs are in the same dictionary.
func (s *segment) copyRec(o *segment, i int32) {
	r := o.recs[i]
	if r.tform&formOdd != 0 {
		s.setOdd(int32(len(s.recs)), o.odd[i])
	}
	if r.tform&formIDs != 0 {
		s.ids.copyIDs(int32(len(s.recs)), &o.ids, i)
	}
	first := r.link
	r.link = uint32(len(s.links))
	for k := first; k < first+uint32(r.nlinks); k++ {
		s.links = append(s.links, linkRec{head: o.links[k].head, off: uint32(len(s.arena))}) // its flags hold for the IDs copied
		s.arena = append(s.arena, o.stored(k)...)
	}
	s.recs = append(s.recs, r)
}

// dictHashes holds the hash of each string of a dictionary, by ID, and
// the seed they were hashed with.
type dictHashes struct {
	seed                        maphash.Seed
	msgs, strs, prefixes, types []uint64
}

// update hashes the strings d has gained since the last update.
func (h *dictHashes) update(d *dict) {
	var buf []byte
	for id := len(h.msgs); id < d.lines.len(); id++ {
		h.msgs = append(h.msgs, maphash.String(h.seed, d.messageIn(uint32(id), &buf)))
	}
	h.strs = hashNew(h.seed, h.strs, d.strs.list)
	h.prefixes = hashNew(h.seed, h.prefixes, d.prefixes.list)
	h.types = hashNew(h.seed, h.types, d.types.list)
}

func hashNew(seed maphash.Seed, hs []uint64, strs []string) []uint64 {
	for _, s := range strs[len(hs):] {
		hs = append(hs, maphash.String(seed, s))
	}
	return hs
}

// eventRef is event i of a segment whose strings are in d.
type eventRef struct {
	s *segment
	d *dict
	i int32
}

// hash is a hash of what makes the event that event, given the hashes of
// its dictionary's strings.
func (e eventRef) hash(dh *dictHashes) uint64 {
	r := &e.s.recs[e.i]
	h := mix(dh.msgs[r.msg], dh.strs[r.src])
	nanos, off, form, raw := e.createdKey()
	h = mix(h, uint64(nanos))
	typ := uint64(uint32(r.typ))
	if isTypeCode(r.typ) {
		typ = dh.types[r.typ-typeCodeBase] // a code is its dictionary's; the name is not
	}
	h = mix(h, typ<<32|uint64(uint16(off))<<8|uint64(form))
	if raw != "" {
		h = mix(h, maphash.String(dh.seed, raw))
	}
	var buf [64]byte // a tail, put together (segment.tail)
	for k := r.link; k < r.link+uint32(r.nlinks); k++ {
		hd := e.d.heads.list[e.s.links[k].headID()]
		h = mix(h, dh.strs[hd.name])
		h = mix(h, dh.strs[hd.typ])
		h = mix(h, dh.prefixes[hd.prefix])
		h = mix(h, maphash.Bytes(dh.seed, e.s.tail(k, e.i, buf[:0])))
	}
	return h & hashMask
}

// hashMask keeps the bits of an event's hash used: a variable so tests can
// make hashes collide.
var hashMask = ^uint64(0)

// mix folds v into h by a 128-bit multiply folded to 64 (wyhash's mum).
// A weak mix would only make chains longer: groups compare events.
func mix(h, v uint64) uint64 {
	hi, lo := bits.Mul64(h^0xa0761d6478bd642f, v^0xe7037ed1a0b428db)
	return hi ^ lo
}

// createdKey is the createdAt text as written, in the form that compares:
// the instant, offset and form it is rebuilt from, or the text itself when
// it is not in the strict form.
func (e eventRef) createdKey() (nanos int64, off int16, form uint8, raw string) {
	r := &e.s.recs[e.i]
	if r.tform&formOdd == 0 {
		return r.nanos, r.offMin, r.tform, ""
	}
	raw = e.s.odd[e.i].raw
	if nanos, off, form, ok := parseStrictTime(raw); ok {
		return nanos, off, form, "" // strict text, with an instant of its own
	}
	return 0, 0, formOdd, raw
}

// same reports whether e and o are the same event: everything the source
// sent but the resource.
func (e eventRef) same(o eventRef) bool {
	a, b := &e.s.recs[e.i], &o.s.recs[o.i]
	if !sameType(e.d, a.typ, o.d, b.typ) || a.nlinks != b.nlinks ||
		e.d.message(a.msg) != o.d.message(b.msg) || e.d.strs.list[a.src] != o.d.strs.list[b.src] {
		return false
	}
	if (a.tform|b.tform)&formIDs != 0 && !e.s.ids.same(e.i, &o.s.ids, o.i) {
		return false
	}
	an, aoff, aform, araw := e.createdKey()
	bn, boff, bform, braw := o.createdKey()
	if an != bn || aoff != boff || aform != bform || araw != braw {
		return false
	}
	var bufA, bufB [64]byte // tails, put together (segment.tail)
	for j := range uint32(a.nlinks) {
		ka, kb := a.link+j, b.link+j
		la, lb := e.d.heads.list[e.s.links[ka].headID()], o.d.heads.list[o.s.links[kb].headID()]
		if e.d.strs.list[la.name] != o.d.strs.list[lb.name] || e.d.strs.list[la.typ] != o.d.strs.list[lb.typ] ||
			e.d.prefixes.list[la.prefix] != o.d.prefixes.list[lb.prefix] ||
			string(e.s.tail(ka, e.i, bufA[:0])) != string(o.s.tail(kb, o.i, bufB[:0])) {
			return false
		}
	}
	return true
}
