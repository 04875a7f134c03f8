package model

import (
	"bytes"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"

	"github.com/eventbrowser/eventbrowser/query"
)

// Chunk is a run of events stored compactly, as a fast decoder produces
// them; List.AppendChunks takes it without building an Event per event.
type Chunk struct {
	st store
	// more is how many events the input is reckoned to hold after the
	// chunk's (an upper estimate; 0 when not known): a List makes room for
	// them at once rather than grow as they come.
	more int64
}

// Len is the number of events in the chunk.
func (c *Chunk) Len() int { return c.st.len() }

// Event builds event i of the chunk.
func (c *Chunk) Event(i int) Event { return c.st.event(int32(i)) }

// Add appends e to the chunk.
func (c *Chunk) Add(e *Event) { c.st.add(e) }

// Entity is the object a webhook event of a chunk carried in
// _embedded.entity (a payment, a refund…), as read: its bytes, or, read
// from a file (DecodeFile), where they are in it: Len bytes at Off of the
// input, which is read again for it rather than kept in memory.
type Entity struct {
	Event int    // the event's index in the chunk
	Raw   []byte // nil when Off is set
	Off   int64  // -1 when Raw is set
	Len   int
}

// Entities are the objects the chunk's webhook events carried, in order. A
// source hands them to what holds resources (source.Held), so the detail
// view shows them without a request; the chunk's events keep only what
// was made of them, so a List that takes the chunk drops them.
func (c *Chunk) Entities() []Entity { return c.st.entities }

// EntityID is the ID of the entity event i is about (its entityId), as
// written; it lies in the chunk's memory, to be copied if kept.
func (c *Chunk) EntityID(i int) []byte {
	_, entity := c.st.ids.view(int32(i))
	return entity
}

// PlaceEntities tells the chunk where the copies of its entities are in
// an input that can be read again, as DecodeFile would have: place gives
// the offset of the copy of entity x, or false to keep the copy. An
// entity placed lets its copy go.
func (c *Chunk) PlaceEntities(place func(x Entity) (int64, bool)) {
	for i := range c.st.entities {
		x := &c.st.entities[i]
		if x.Raw == nil {
			continue
		}
		if off, ok := place(*x); ok {
			c.st.copied -= len(x.Raw)
			x.Off, x.Len, x.Raw = off, len(x.Raw), nil
		}
	}
}

// DropEntities lets the chunk's entities go, once held or when nothing
// wants them: a chunk kept until a load ends (print mode sorts all it
// read) would otherwise keep every entity of a captured file.
func (c *Chunk) DropEntities() { c.st.entities, c.st.copied = nil, 0 }

// DecodeChunk is Decode into compact storage, the way big files are read:
// the fast decoder reads arrays of events and NDJSON, and Decode reads
// everything else, and anything the fast decoder is unsure of.
func DecodeChunk(name string, data []byte, opts DecodeOptions) (*Chunk, []string, error) {
	data = bytes.TrimPrefix(data, bom)
	c := &Chunk{}
	if decodeFast(data, name, c) {
		return c, nil, nil
	}
	dec, err := DecodeWith(name, data, opts)
	if err != nil {
		return nil, nil, err
	}
	if n := dec.skipNote(opts.Explain); n != "" {
		dec.Notes = append(dec.Notes, n)
	}
	c = &Chunk{}
	for i := range dec.Events {
		c.st.add(&dec.Events[i])
	}
	return c, dec.Notes, nil
}

// Sources returns the distinct sources of the chunk's events.
func (c *Chunk) Sources() []string { return c.st.sources() }

// Select returns a chunk of the events of c that pass q, in order; c is
// left as it was. Printing keeps only what it will print, so a filtered
// read of a big file holds little in memory.
//
// Nothing in a chunk is new, and no statuses are known, so is:new and
// status: terms hold for none of its events.
func (c *Chunk) Select(q query.Query) *Chunk {
	st := c.st.segStore()
	pl := compile(&st, q, planEnv{}, leaveNone)
	out := &Chunk{}
	for id := range c.st.recs {
		if !pl.holds(&c.st.recs[id], int32(id)) {
			continue
		}
		e := c.st.event(int32(id))
		if c.st.loose.has(c.st.recs[id].msg) {
			// A webhook event's message shares a block with others
			// (textBlocks): the few kept should not keep the rest.
			line := string(e.Line)
			e.Message = strings.Clone(e.Message)
			e.Line = cells.Line(e.Message)
			if line != e.Message {
				e.Line = cells.Line(strings.Clone(line))
			}
		}
		out.st.add(&e)
	}
	return out
}

// chunkShape is how many links, bytes of href tails, messages, webhook
// IDs and entities the events of the chunks a streamer emitted had. A chunk made for as
// many of them holds the next events without growing, and so without
// being copied again when trimmed: the garbage of a load, and the heap it
// takes, stay small.
type chunkShape struct{ events, links, arena, msgs, ids, idText, entities int }

func (sh *chunkShape) add(c *Chunk) {
	sh.events += len(c.st.recs)
	sh.links += len(c.st.links)
	sh.arena += len(c.st.arena)
	sh.msgs += len(c.st.lines)
	sh.ids += len(c.st.ids.offs)
	sh.idText += len(c.st.ids.text)
	sh.entities += len(c.st.entities)
}

// newChunk returns a chunk with room for n events of the shape seen, and
// a sixteenth more; newChunk's guess before any are. Room for messages is
// made only when most events had one of their own (webhook events' are
// written, and seldom alike).
func (sh *chunkShape) newChunk(n int) *Chunk {
	if sh.events == 0 {
		return newChunk(n)
	}
	room := func(per int) int { return int(int64(per)*int64(n)/int64(sh.events)) * 17 / 16 }
	c := newChunkFor(n, room(sh.links), room(sh.arena))
	if sh.msgs > sh.events/2 {
		c.st.lines = make([]string, 0, room(sh.msgs))
	}
	if sh.ids > 0 {
		w := &c.st.ids
		w.offs, w.text = make([]idOffs, 0, room(sh.ids)), make([]byte, 0, room(sh.idText))
	}
	if sh.entities > 0 {
		c.st.entities = make([]Entity, 0, room(sh.entities))
	}
	return c
}
