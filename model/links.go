package model

// A link is stored in 8 bytes: the head it shares with other links (its
// name, its media type and its href's prefix, interned together as one ID
// in dict.heads) and where the rest of its href starts in the segment's
// arena. The rest ends where the next link's starts, or at the arena's
// end: a segment's arena holds the links' tails in order and nothing else.
type linkRec struct {
	head uint32 // in dict.heads
	off  uint32 // the href after its prefix, in segment.arena
}

// linkHead is what links share: a name, a media type (in dict.strs) and
// an href's prefix (in dict.prefixes).
type linkHead struct{ name, typ, prefix uint32 }

// tail is the href of link k after its prefix.
func (s *segment) tail(k uint32) []byte {
	end := uint32(len(s.arena))
	if int(k)+1 < len(s.links) {
		end = s.links[k+1].off
	}
	return s.arena[s.links[k].off:end]
}

// href is link k's href, appended to buf.
func (s *segment) href(d *dict, k uint32, buf []byte) []byte {
	return append(append(buf, d.prefixes.list[d.heads.list[s.links[k].head].prefix]...), s.tail(k)...)
}

func (s *segment) addLink(d *dict, name, typ, href string) {
	cut := prefixLen(href)
	h := linkHead{name: d.strs.id(name), typ: d.strs.id(typ), prefix: d.prefixes.id(href[:cut])}
	s.links = append(s.links, linkRec{head: d.heads.id(h), off: uint32(len(s.arena))})
	s.arena = append(s.arena, href[cut:]...)
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
func (s *store) addLinkBytes(name, typ, href []byte) {
	cut := prefixLen(href)
	lc := &s.lastLink
	h := linkHead{
		name:   lc.names.id(name, &s.strs),
		typ:    lc.types.id(typ, &s.strs),
		prefix: lc.prefixes.id(href[:cut], &s.prefixes),
	}
	s.links = append(s.links, linkRec{head: lc.head(h, &s.heads), off: uint32(len(s.arena))})
	s.arena = append(s.arena, href[cut:]...)
}

// prefixSlashes is the most slashes an href's prefix holds.
const prefixSlashes = 5

// prefixLen is how much of an href is interned: up to its last slash,
// or its prefixSlashes-th if it has more. Most hrefs then differ from
// others only in an ID ("https://api.mollie.com/v2/payments/" and
// "tr_WDqYK6vllg"), while the prefixes of hrefs with long paths, which
// may hold IDs as well ("…/customers/cst_X/subscriptions/sub_Y"), stay
// few. The cut depends on the href alone, so equal hrefs are cut alike.
func prefixLen[T string | []byte](href T) int {
	cut, slashes := 0, 0
	for i := 0; i < len(href) && slashes < prefixSlashes; i++ {
		if href[i] == '/' {
			slashes++
			cut = i + 1
		}
	}
	return cut
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
