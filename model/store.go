package model

import (
	"slices"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// A store keeps events compactly, so a million of them fit in about 100 MB:
// one fixed-size record per event, the strings that repeat (messages,
// sources, resources, link names and media types, the first part of hrefs)
// interned, and the rest of each href in one byte arena. Events are built
// back (materialized) only for what is shown or printed.
//
// A store is one segment and the dictionary its IDs refer to; a List keeps
// the segments of the chunks it is handed under one dictionary of its own
// (segStore), so it need not copy them.
type store struct {
	dict
	segment

	lastLink linkCache // addLinkBytes's
	lastType recent    // typeCodeBytes's cache

	entities []entitySlot // what webhook events carried, for Chunk.Entities
	raws     [][]byte     // the entities and events copied (read from a stream), by entitySlot.at
	copied   int          // their bytes
	places   []entitySlot // where webhook events are, held as entities are (DecodeOptions.PlaceEvents)
	// ownMsgs: each event added has a message of its own (NewChunk), added
	// without look-up (msgLoose), its line copied into a block many share
	// (msgLines).
	ownMsgs bool
}

// dict holds the strings events share, each once, by ID.
type dict struct {
	lines    msgLines           // each message's display line, SanitizeLine of it, by ID (messages.go)
	raws     map[uint32]string  // the messages sanitizing changed, as sent
	msgIDs   map[string]uint32  // the messages looked up, to their IDs
	loose    bitset             // messages added without look-up (msgLoose)
	strs     interner           // sources, resources, link names and media types
	prefixes interner           // hrefs up to their last '/' (prefixLen)
	types    interner           // named types, by code (typenames.go)
	heads    interned[linkHead] // what links share: name, media type and prefix
}

// segment is a run of events: their records, links and href tails, with
// strings by their IDs in a dict.
type segment struct {
	recs  []record
	links []linkRec
	arena []byte           // the rest of each href
	odd   map[int32]oddRec // by index in recs: what a record cannot hold; rare
	ids   webhookIDs       // a webhook event's IDs (formIDs)
	runs  linkRuns         // the last events' links, to share (share)
}

// record is one event. Its createdAt text is rebuilt from the instant, the
// offset and the form (tform); texts that cannot be rebuilt exactly live in
// odd.
type record struct {
	nanos  int64  // the instant, Unix nanoseconds
	typ    int32  // the event type, or a named type's code (typenames.go)
	msg    uint32 // message, by ID in dict.lines (messages.go)
	src    uint32 // source, in store.strs
	link   uint32 // first link, in store.links
	res    uint32 // resource, in store.strs
	offMin int16  // the createdAt's UTC offset, in minutes
	nlinks uint8
	tform  uint8 // fraction digits (0–9) | formZulu | formOdd
}

const (
	formDigits = 0x0f
	formZulu   = 0x10 // written with Z rather than +00:00
	formOdd    = 0x20 // createdAt in odd: not in the strict form
	formIDs    = 0x40 // the event's id or entityId in ids: a webhook event
)

type oddRec struct {
	raw     string
	created time.Time
}

// interned hands out small integer IDs for values, in first-seen order.
type interned[K comparable] struct {
	ids  map[K]uint32
	list []K
}

func (t *interned[K]) id(k K) uint32 {
	if id, ok := t.ids[k]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = map[K]uint32{}
	}
	t.ids[k] = uint32(len(t.list))
	return t.add(k)
}

// add gives k a new ID, whether it has one or not.
func (t *interned[K]) add(k K) uint32 {
	t.list = append(t.list, k)
	return uint32(len(t.list) - 1)
}

// interner interns strings; one of longString bytes or more gets a new ID
// each time.
type interner struct{ interned[string] }

// longString is the length from which a string is not interned, and a
// message not copied out of an owned buffer (scanner.messageID); a
// variable so tests can make short strings long.
var longString = 1 << 20

func (in *interner) id(s string) uint32 {
	if len(s) >= longString {
		return in.add(s) // not looked up: hashing it costs more than a repeat would save
	}
	return in.interned.id(s)
}

// idBytes is id for a string still in a buffer; it allocates only for a
// string not seen before.
func (in *interner) idBytes(b []byte) uint32 {
	if len(b) < longString {
		if id, ok := in.ids[string(b)]; ok {
			return id
		}
	}
	return in.id(string(b))
}

func (s *store) len() int { return len(s.recs) }

// add appends e, and the entity it carried.
func (s *store) add(e *Event) {
	if e.Entity != nil {
		s.addEntity(Entity{Event: len(s.recs), Raw: e.Entity, Off: -1})
	}
	s.segment.add(&s.dict, e, s.ownMsgs)
}

// add appends e, its strings interned in d; with loose, its message is
// added without look-up (msgLoose).
func (s *segment) add(d *dict, e *Event, loose bool) {
	id := int32(len(s.recs))
	msg := d.msgIDLine
	if loose {
		msg = d.msgLoose
	}
	r := record{
		typ:    d.typeCode(e.Type, e.TypeName),
		msg:    msg(e.Message, string(e.Line)),
		src:    d.strs.id(string(e.Source)),
		res:    d.strs.id(e.Resource),
		link:   uint32(len(s.links)),
		nlinks: uint8(min(len(e.Links), 255)),
	}
	nanos, off, form, ok := parseStrictTime(e.CreatedRaw)
	if ok && nanos == e.Created.UnixNano() {
		r.nanos, r.offMin, r.tform = nanos, off, form
	} else {
		r.nanos, r.tform = clampNanos(e.Created), formOdd
		s.setOdd(id, oddRec{raw: e.CreatedRaw, created: e.Created})
	}
	if e.ID != "" || e.EntityID != "" {
		r.tform |= formIDs
		addIDs(&s.ids, id, e.ID, e.EntityID)
	}
	for _, l := range e.Links[:r.nlinks] {
		s.addLink(d, l.Name, l.Type, l.Href, e.ID, e.EntityID)
	}
	s.share(&r, loose)
	s.recs = append(s.recs, r)
}

func (s *segment) setOdd(id int32, o oddRec) {
	if s.odd == nil {
		s.odd = map[int32]oddRec{}
	}
	s.odd[id] = o
}

// event builds event id back.
func (s *store) event(id int32) Event { return s.segment.event(&s.dict, id) }

// event builds event i of the segment back, its strings from d.
func (s *segment) event(d *dict, i int32) Event {
	r := &s.recs[i]
	e := Event{
		Resource: d.strs.list[r.res],
		Message:  d.message(r.msg),
		Line:     cells.Line(d.lines.line(r.msg)),
		Source:   cells.Line(d.strs.list[r.src]),
	}
	e.Type, e.TypeName = d.typeOf(r.typ)
	e.Created, e.CreatedRaw = s.created(i)
	if r.tform&formIDs != 0 {
		e.ID, e.EntityID = s.ids.get(i)
	}
	if r.nlinks > 0 {
		e.Links = make([]Link, r.nlinks)
		var buf [64]byte
		for j := range e.Links {
			k := r.link + uint32(j)
			h := d.heads.list[s.links[k].headID()]
			e.Links[j] = Link{Name: d.strs.list[h.name], Type: d.strs.list[h.typ], Href: d.prefixes.list[h.prefix] + string(s.tail(k, i, buf[:0]))}
		}
	}
	return e
}

// sources returns the distinct sources of the events in load order.
func (s *store) sources() []string {
	seen := make([]bool, len(s.strs.list))
	var out []string
	for i := range s.recs {
		if id := s.recs[i].src; !seen[id] {
			seen[id] = true
			out = append(out, s.strs.list[id])
		}
	}
	return out
}

// storeMark is how long a store's slices were, to undo an event added.
type storeMark struct{ recs, links, arena, entities, raws, copied, places int }

func (s *store) mark() storeMark {
	return storeMark{len(s.recs), len(s.links), len(s.arena), len(s.entities), len(s.raws), s.copied, len(s.places)}
}

// rollback drops what was added since m.
func (s *store) rollback(m storeMark) {
	for id := m.recs; id < len(s.recs); id++ {
		delete(s.odd, int32(id))
	}
	s.ids.truncate(int32(m.recs))
	s.recs, s.links, s.arena = s.recs[:m.recs], s.links[:m.links], s.arena[:m.arena]
	clear(s.raws[m.raws:])
	s.entities, s.raws, s.copied = s.entities[:m.entities], s.raws[:m.raws], m.copied
	s.places = s.places[:m.places]
}

// growFor makes room for n more elements in s, at least doubling it when
// it must grow: a list appended chunk after chunk is then copied a few
// times in all, not once per chunk.
func growFor[T any](s []T, n int) []T { return growToward(s, n, 0) }

// growToward is growFor for a slice reckoned to hold want elements in the
// end (0 when not known): when it must grow and want is no more than an
// eighth past what doubling would give, it is made that big at once, so
// this is its last growth, and it keeps no room it will not fill. Made that big any
// sooner, it would hold the room through the rest of a load, while the
// blocks being read and the chunks being made take the most memory.
func growToward[T any](s []T, n, want int) []T {
	switch {
	case cap(s)-len(s) >= n:
		return s
	case want >= len(s)+n && want <= (len(s)+max(len(s), n))*9/8:
		return append(make([]T, 0, want), s...) // not append's growth, which may go past want
	}
	return slices.Grow(s, max(n, len(s)))
}
