package model

import "math"

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

// entitySlot is how a chunk holds an Entity, in 16 bytes rather than 48:
// n bytes at at of the input or, when at is below 0, the copy raws[-at-1].
// A chunk's entities wait until a source hands them on: as it is decoded
// (DecodeOptions.Decoded), or else once it is emitted.
type entitySlot struct {
	at    int64
	n     uint32
	event int32
}

// addEntity appends x to the entities. One in a file of 4 GB or more is
// left out, as one nothing holds: what wants it asks the API.
func (s *store) addEntity(x Entity) {
	if slot, ok := s.slot(x); ok {
		s.entities = append(s.entities, slot)
	}
}

// slot is how the store holds x, an entity or an event's place.
func (s *store) slot(x Entity) (entitySlot, bool) {
	slot := entitySlot{at: x.Off, n: uint32(x.Len), event: int32(x.Event)}
	switch {
	case x.Raw != nil:
		slot.at = -int64(len(s.raws)) - 1
		s.raws = append(s.raws, x.Raw)
		s.copied += len(x.Raw)
	case x.Len > math.MaxUint32:
		return slot, false
	}
	return slot, true
}

// entity is entity j of the store.
func (s *store) entity(j int) Entity { return s.unslot(s.entities[j]) }

// unslot is the entity, or event place, x holds.
func (s *store) unslot(x entitySlot) Entity {
	if x.at < 0 {
		return Entity{Event: int(x.event), Raw: s.raws[-x.at-1], Off: -1}
	}
	return Entity{Event: int(x.event), Off: x.at, Len: int(x.n)}
}

// Entities are the objects the chunk's webhook events carried, in order,
// in a slice made for the call (EntityAt reads one without). A source
// hands them to what holds resources (source.Held), so the detail view
// shows them without a request; the chunk's events keep only what was
// made of them, so a List that takes the chunk drops them.
func (c *Chunk) Entities() []Entity {
	if len(c.st.entities) == 0 {
		return nil
	}
	xs := make([]Entity, len(c.st.entities))
	for j := range xs {
		xs[j] = c.st.entity(j)
	}
	return xs
}

// EntityCount is how many entities the chunk's events carried.
func (c *Chunk) EntityCount() int { return len(c.st.entities) }

// EntityAt is the chunk's entity j, of EntityCount.
func (c *Chunk) EntityAt(j int) Entity { return c.st.entity(j) }

// EntityID is the ID of the entity event i is about (its entityId), as
// written; the next call writes over it, so it is to be copied if kept.
func (c *Chunk) EntityID(i int) []byte {
	_, entity := c.st.ids.codes(int32(i))
	if entity == nil {
		return nil
	}
	c.entityID = appendID(c.entityID[:0], entity)
	return c.entityID
}

// HasEntityID reports whether event i names the entity it is about
// (entityId), as EntityID does without writing it out.
func (c *Chunk) HasEntityID(i int) bool {
	_, entity := c.st.ids.codes(int32(i))
	return entity != nil && entity[0] != 0 // not the code of "" (a length of 0)
}

// AppendID appends event i's own ID (a webhook event's "id"), as written.
func (c *Chunk) AppendID(buf []byte, i int) []byte {
	id, _ := c.st.ids.codes(int32(i))
	return appendID(buf, id)
}

// EventPlaceCount is how many of the chunk's webhook events it says
// where they are (DecodeOptions.PlaceEvents).
func (c *Chunk) EventPlaceCount() int { return len(c.st.places) }

// EventPlaceAt is place j of EventPlaceCount, held as an Entity is: the
// webhook event's JSON object, Len bytes at Off of the file DecodeFile
// read, or, read from a stream, its copy.
func (c *Chunk) EventPlaceAt(j int) Entity { return c.st.unslot(c.st.places[j]) }

// DropEntities lets the chunk's entities and event places go, once held
// or when nothing wants them: a chunk kept until a load ends (print mode
// sorts all it read) would otherwise keep every entity of a captured file.
func (c *Chunk) DropEntities() { c.st.entities, c.st.raws, c.st.copied, c.st.places = nil, nil, 0, nil }
