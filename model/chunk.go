package model

import (
	"bytes"

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
	// raw, when set, is the JSON each event was read from, one an event
	// (SetRaw).
	raw [][]byte
	// entityID is EntityID's buffer.
	entityID []byte
}

// Len is the number of events in the chunk.
func (c *Chunk) Len() int { return c.st.len() }

// Event builds event i of the chunk.
func (c *Chunk) Event(i int) Event { return c.st.event(int32(i)) }

// Add appends e to the chunk.
func (c *Chunk) Add(e *Event) { c.st.add(e) }

// SetRaw gives the chunk the JSON object each of its events was read
// from, raw[i] event i's, which printing as JSON writes as it is: a
// webhook receiver's stored lines, entity and all. It is ignored unless
// there is one for every event. A List that takes the chunk drops them.
func (c *Chunk) SetRaw(raw [][]byte) {
	if len(raw) == c.Len() {
		c.raw = raw
	}
}

// Raw is the JSON event i was read from, nil when not known (SetRaw).
func (c *Chunk) Raw(i int) []byte {
	if c.raw == nil {
		return nil
	}
	return c.raw[i]
}

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
		e := c.st.event(int32(id)) // its line copied into out's blocks (msgLines.add)
		out.st.add(&e)
		if c.raw != nil {
			out.raw = append(out.raw, c.raw[id])
		}
	}
	return out
}

// chunkShape is how many links, bytes of href tails, messages, starts of
// webhook IDs and entities the events of the chunks a streamer emitted had. A chunk made for as
// many of them holds the next events without growing, and so without
// being copied again when trimmed: the garbage of a load, and the heap it
// takes, stay small.
type chunkShape struct{ events, links, arena, msgs, ids, idText, entities, places int }

func (sh *chunkShape) add(c *Chunk) {
	sh.events += len(c.st.recs)
	sh.links += len(c.st.links)
	sh.arena += len(c.st.arena)
	sh.msgs += c.st.lines.len()
	sh.ids += len(c.st.ids.starts)
	sh.idText += len(c.st.ids.text)
	sh.entities += len(c.st.entities)
	sh.places += len(c.st.places)
}

// newChunk returns a chunk with room for n events of the shape seen, and
// a sixteenth more, or a thirty-second once a full chunk's worth of
// events has shown the shape (room not filled is kept: trimming a chunk
// copies it only past an eighth); newChunk's guess before any are. Room for messages is
// made only when most events had one of their own (webhook events' are
// written, and seldom alike).
func (sh *chunkShape) newChunk(n int) *Chunk {
	if sh.events == 0 {
		return newChunk(n)
	}
	slack := 16
	if sh.events >= laterChunks {
		slack = 32 // the shape is known from many events
	}
	room := func(per int) int { return int(int64(per)*int64(n)/int64(sh.events)) * (slack + 1) / slack }
	c := newChunkFor(n, room(sh.links), room(sh.arena))
	if sh.msgs > sh.events/2 {
		c.st.lines.at = make([]uint32, 0, room(sh.msgs))
	}
	if sh.ids > 0 {
		w := &c.st.ids
		w.starts, w.text = make([]uint32, 0, room(sh.ids)), make([]byte, 0, room(sh.idText))
	}
	if sh.entities > 0 {
		c.st.entities = make([]entitySlot, 0, room(sh.entities))
	}
	if sh.places > 0 {
		c.st.places = make([]entitySlot, 0, room(sh.places))
	}
	return c
}

// newChunk returns a chunk with room for n typical events.
func newChunk(n int) *Chunk { return newChunkFor(n, n, n*16) }

func newChunkFor(events, links, arena int) *Chunk {
	c := &Chunk{}
	c.st.recs = make([]record, 0, events)
	c.st.links = make([]linkRec, 0, links)
	c.st.arena = make([]byte, 0, arena)
	return c
}

// NewChunk returns a chunk with room for events events and links links,
// each event with a message of its own (as a rebuilt history's are,
// unlike a file's, where messages repeat), added without look-up: a
// builder that knows what it will Add grows nothing.
func NewChunk(events, links int) *Chunk {
	c := newChunk(events)
	c.st.links = make([]linkRec, 0, links)
	c.st.arena = make([]byte, 0, links*16)
	c.st.lines.at = make([]uint32, 0, events)
	c.st.ownMsgs = true
	return c
}
