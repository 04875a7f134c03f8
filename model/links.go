package model

import (
	"encoding/binary"
	"math/bits"
)

// A link is stored in 8 bytes: the head it shares with other links (its
// name, its media type and its href's prefix, interned together as one ID
// in dict.heads) and where the rest of its href starts in the segment's
// arena. The rest ends where the next link's starts, or at the arena's
// end: a segment's arena holds the links' tails in order and nothing else.
//
// A webhook event's links end in its own ID ("self") or its entity's
// ("entity", the dashboard page), which segment.ids holds already: the
// arena holds such a tail without them, and a flag in head says which
// follows.
type linkRec struct {
	head uint32 // in dict.heads, and the tail's flags
	off  uint32 // the href after its prefix, in segment.arena
}

const (
	tailID     = 1 << 31 // the tail goes on with its event's ID
	tailEntity = 1 << 30 // the tail goes on with its event's entity ID
	tailFlags  = tailID | tailEntity
)

// headID is the link's head, in dict.heads.
func (l linkRec) headID() uint32 { return l.head &^ tailFlags }

// cutID cuts from the end of tail the event's ID, or else its entity's,
// and says which it cut.
func cutID[T string | []byte](tail, id, entity T) (T, uint32) {
	switch {
	case len(id) > 0 && len(tail) >= len(id) && string(tail[len(tail)-len(id):]) == string(id):
		return tail[:len(tail)-len(id)], tailID
	case len(entity) > 0 && len(tail) >= len(entity) && string(tail[len(tail)-len(entity):]) == string(entity):
		return tail[:len(tail)-len(entity)], tailEntity
	}
	return tail, 0
}

// linkRuns remembers where the last few events' links start in a
// segment and how many they are, so that an event whose links are those
// of an event before it shares them rather than storing them again (see
// segment.share).
type linkRuns struct {
	first [8]uint32
	n     [8]uint8
	next  int
}

// share is called once event r's links have been added at r.link, the
// end of s.links. For a webhook event (one with IDs), or one whose
// message is its own (loose: a rebuilt history's), when an earlier
// event's run of links is the same (heads, flags and stored tails: each
// href differs only in the IDs of its own event), it drops them again and
// points r at that run. A webhook event's links are such a run (self and
// entity end in its IDs, the dashboard in its entity's, the documentation
// is the same page), which a day of them then keeps once per kind of
// event rather than 4 links and their tails (50 bytes) an event; the
// events of one object in a rebuilt history come one after another with
// the same links, kept once for them all. Links of several events are
// read through their records alone, never walked in order, so a run may
// serve many.
func (s *segment) share(r *record, loose bool) {
	first, n := r.link, r.nlinks
	if n == 0 || r.tform&formIDs == 0 && !loose {
		return
	}
	c := &s.runs
	for j := range c.first {
		if c.n[j] == n && c.first[j]+uint32(n) <= first && s.sameRun(c.first[j], first, n) {
			s.arena = s.arena[:s.links[first].off]
			s.links = s.links[:first]
			r.link = c.first[j]
			return
		}
	}
	c.first[c.next], c.n[c.next] = first, n
	c.next = (c.next + 1) % len(c.first)
}

// sameRun reports whether the n links at a are those at b, which ends s.links.
func (s *segment) sameRun(a, b uint32, n uint8) bool {
	for k := range uint32(n) {
		if s.links[a+k].head != s.links[b+k].head || string(s.stored(a+k)) != string(s.stored(b+k)) {
			return false
		}
	}
	return true
}

// linkHead is what links share: a name, a media type (in dict.strs) and
// an href's prefix (in dict.prefixes).
type linkHead struct{ name, typ, prefix uint32 }

// stored is what the arena holds of link k's tail.
func (s *segment) stored(k uint32) []byte {
	end := uint32(len(s.arena))
	if int(k)+1 < len(s.links) {
		end = s.links[k+1].off
	}
	return s.arena[s.links[k].off:end]
}

// tail appends to buf the href of link k, event i's, after its prefix.
func (s *segment) tail(k uint32, i int32, buf []byte) []byte {
	buf = append(buf, s.stored(k)...)
	if f := s.links[k].head & tailFlags; f != 0 {
		id, entity := s.ids.codes(i)
		if f == tailID {
			return appendID(buf, id)
		}
		return appendID(buf, entity)
	}
	return buf
}

// href is link k's href, event i's, appended to buf.
func (s *segment) href(d *dict, k uint32, i int32, buf []byte) []byte {
	return s.tail(k, i, append(buf, d.prefixes.list[d.heads.list[s.links[k].headID()].prefix]...))
}

// addLink adds a link of the event being added, whose IDs are id and
// entity.
func (s *segment) addLink(d *dict, name, typ, href, id, entity string) {
	cut := prefixLen(bytesOf(href))
	h := linkHead{name: d.strs.id(name), typ: d.strs.id(typ), prefix: d.prefixes.id(href[:cut])}
	tail, flag := cutID(href[cut:], id, entity)
	s.links = append(s.links, linkRec{head: d.heads.id(h) | flag, off: uint32(len(s.arena))})
	s.arena = append(s.arena, tail...)
}

// linkCache is addLinkBytes's memory of the names, media types, prefixes
// and heads it interned last: links repeat them, and a few recent ones
// each save most map look-ups.
type linkCache struct {
	names, types, prefixes recent
	heads                  [4]linkHead
	headIDs                [4]uint32
	nHeads, nextHead       int
}

func (c *linkCache) head(h linkHead, hs *interned[linkHead]) uint32 {
	for i := range c.nHeads {
		if c.heads[i] == h {
			return c.headIDs[i]
		}
	}
	id := hs.id(h)
	slot := c.nextHead
	c.nextHead = (c.nextHead + 1) % len(c.heads)
	c.nHeads = max(c.nHeads, slot+1)
	c.heads[slot], c.headIDs[slot] = h, id
	return id
}

// addLinkBytes is addLink for strings still in a buffer.
func (s *store) addLinkBytes(name, typ, href, id, entity []byte) {
	cut := prefixLen(href)
	lc := &s.lastLink
	h := linkHead{
		name:   lc.names.id(name, &s.strs),
		typ:    lc.types.id(typ, &s.strs),
		prefix: lc.prefixes.id(href[:cut], &s.prefixes),
	}
	tail, flag := cutID(href[cut:], id, entity)
	s.links = append(s.links, linkRec{head: lc.head(h, &s.heads) | flag, off: uint32(len(s.arena))})
	s.arena = append(s.arena, tail...)
}

// prefixSlashes is the most slashes an href's prefix holds.
const prefixSlashes = 5

// prefixLen is how much of an href is interned: up to its last slash,
// or its prefixSlashes-th if it has more. Most hrefs then differ from
// others only in an ID ("https://api.mollie.com/v2/payments/" and
// "tr_WDqYK6vllg"), while the prefixes of hrefs with long paths, which
// may hold IDs as well ("…/customers/cst_X/subscriptions/sub_Y"), stay
// few. The cut depends on the href alone, so equal hrefs are cut alike.
func prefixLen(href []byte) int {
	cut, slashes, i := 0, 0, 0
	// Eight bytes at a time: a word's slashes are counted at once, and
	// only in the word that holds the last one is it looked for.
	for ; i <= len(href)-8; i += 8 {
		m := slashMarks(binary.LittleEndian.Uint64(href[i:]))
		if m == 0 {
			continue
		}
		if n := bits.OnesCount64(m); slashes+n < prefixSlashes {
			slashes += n
			cut = i + (63-bits.LeadingZeros64(m))>>3 + 1
			continue
		}
		for ; slashes < prefixSlashes-1; slashes++ {
			m &= m - 1
		}
		return i + bits.TrailingZeros64(m)>>3 + 1
	}
	for ; i < len(href) && slashes < prefixSlashes; i++ {
		if href[i] == '/' {
			slashes++
			cut = i + 1
		}
	}
	return cut
}

// slashMarks marks, in the high bit of each byte of w, the bytes that are
// '/': exactly, with no borrow from one byte into the next.
func slashMarks(w uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	v := w ^ 0x2f2f2f2f2f2f2f2f // a slash is 0 now
	return ^((v&low7 + low7) | v | low7)
}

// recent remembers the last few strings interned and their IDs.
type recent struct {
	keys [4][]byte
	ids  [4]uint32
	n    int // slots in use
	next int // the slot to reuse next
}

// id returns b's ID in in, from memory when b was seen lately.
func (r *recent) id(b []byte, in *interner) uint32 {
	for i := range r.n {
		if string(r.keys[i]) == string(b) {
			return r.ids[i]
		}
	}
	id := in.idBytes(b)
	slot := r.next
	r.next = (r.next + 1) % len(r.keys)
	r.n = max(r.n, slot+1)
	r.keys[slot], r.ids[slot] = append(r.keys[slot][:0], b...), id
	return id
}
