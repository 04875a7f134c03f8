package source

import (
	"strings"

	"github.com/eventbrowser/eventbrowser/model"
)

// Webhook events written as they were read (a json or ndjson print, the
// table's Y and e: their entities embedded, every member as it was):
// File.PlaceEvents has the decoder say where each is in its file, held
// here as where it is, 8 bytes an event, or, read from a pipe, as a copy,
// in the store under eventIDKey. An event's place is held under the key
// of the ID of the entity it is about (entityId), and serves the entity
// too (read from the event's _embedded), so that an event and its entity
// take one place; an event without an entityId is held under its own ID.

// holdEvents holds the webhook events of c (Chunk.EventPlaceAt): where
// they are in hf, or, read from a stream, their copies. It returns which
// of c's events are held as where they are under their entities' IDs,
// whose entities need no place of their own.
func (h *Held) holdEvents(c *model.Chunk, hf *heldFile) (placed []bool) {
	n := c.EventPlaceCount()
	if n == 0 {
		return nil
	}
	var run entityRun
	if hf != nil {
		run = entityRun{file: hf, refs: make([]entityRef, 0, n)}
	}
	var copies []heldResource
	var id []byte
	for j := range n {
		p := c.EventPlaceAt(j)
		switch off := hf.offOf(p.Off); {
		case p.Raw != nil:
			if id = c.AppendID(id[:0], p.Event); len(id) > 0 {
				copies = append(copies, heldResource{url: eventIDKey(string(id)), raw: p.Raw})
			}
		case off >= 0 && off < 1<<refOffBits:
			id, placed = run.addEvent(c, p.Event, id, off, placed)
		}
	}
	h.keepRun(&h.files.events, run)
	h.putAll(copies)
	return placed
}

// addEvent adds the place of event i of c at off of r's file, under its
// entity's ID, and marks it in placed, or else under its own ID (read
// into buf, which it returns), if it has one.
func (r *entityRun) addEvent(c *model.Chunk, i int, buf []byte, off int64, placed []bool) ([]byte, []bool) {
	key := c.EntityID(i)
	if len(key) == 0 {
		if buf = c.AppendID(buf[:0], i); len(buf) == 0 {
			return buf, placed
		}
		key = buf
	} else {
		if placed == nil {
			placed = make([]bool, c.Len())
		}
		placed[i] = true
	}
	r.refs = append(r.refs, newEntityRef(keyOf(key), off))
	return buf, placed
}

// HoldLines holds the webhook events of c, and the entities they carry,
// where they are in the file r reads, on the API at base: event i is the
// JSON object at offs[i] (a receiver's stored lines, an event a line).
// With no offset for every event, it holds them as Hold does.
func (r *FileReading) HoldLines(c *model.Chunk, offs []int64, base string) {
	if r == nil || r.h == nil || c.Len() != len(offs) {
		if r != nil {
			r.Hold(c, base)
		}
		return
	}
	run := entityRun{file: r.file, refs: make([]entityRef, 0, len(offs))}
	var placed []bool
	var id []byte
	for i, off := range offs {
		if off = r.file.offOf(off); off >= 0 && off < 1<<refOffBits {
			id, placed = run.addEvent(c, i, id, off, placed)
		}
	}
	r.h.keepRun(&r.h.files.events, run)
	r.h.holdOthers(c, base, r.file, placed)
}

// holdCopy holds raw, the JSON of c's one webhook event, as it was read;
// h may be nil.
func (h *Held) holdCopy(c *model.Chunk, raw []byte) {
	if h == nil || c.Len() != 1 {
		return
	}
	if id := c.AppendID(nil, 0); len(id) > 0 {
		h.putAll([]heldResource{{url: eventIDKey(string(id)), raw: raw}})
	}
}

// offOf is where offset off of the input read from hf is in its file; -1
// when hf is nil.
func (hf *heldFile) offOf(off int64) int64 {
	if hf == nil || off < 0 {
		return -1
	}
	return hf.off + off
}

// eventIDKey is the key a webhook event copied is held under in Held.store,
// by its own ID: no URL starts with a control character.
func eventIDKey(id string) string { return "\x01" + id }

// Event is the webhook event whose own ID is id, about the entity
// entityID ("" if none), as it was read, where File.PlaceEvents had it
// held: from its file, or its copy.
func (h *Held) Event(id, entityID string) ([]byte, bool) {
	if h == nil {
		return nil, false
	}
	key := entityID
	if key == "" {
		key = id
	}
	h.mu.Lock()
	sealed := h.store.index(nil)
	raw, ok := h.store.get(eventIDKey(id))
	fe := &h.files
	var refs []heldRef
	if last := fe.lastEvent; !ok && last < len(fe.events) {
		// Events are mostly asked for in about the order they were
		// read: the run the last one was in is looked in first.
		refs = fe.events[last].candidates(keyOf([]byte(key)), last, nil)
	}
	h.mu.Unlock()
	h.packAll(sealed)
	if ok {
		return raw, true
	}
	for pass := range 2 {
		if pass == 1 {
			h.mu.Lock()
			refs = candidates(fe.events, key)
			h.mu.Unlock()
		}
		if raw, r, ok, _ := readObject(wanted{id: id}, refs, true); ok {
			h.mu.Lock()
			fe.lastEvent = r.run
			h.mu.Unlock()
			return raw, true
		}
	}
	return nil, false
}

// AsCarried is the key a Held answers for the object at apiURL as the
// webhook event id, about the entity entityID, carried it: the event
// itself, or the entity in its _embedded, in the state that event saw
// rather than the latest. Where the event is not held, it is answered as
// apiURL is (Held.Fetch); anything else that fetches reads apiURL, since
// the key is apiURL with a fragment, which requests leave out.
func AsCarried(apiURL, id, entityID string) string {
	return apiURL + "#" + carriedMark + id + "," + entityID
}

// carriedMark starts the fragment of a key of AsCarried.
const carriedMark = "carried:"

// carriedBy is what a key of AsCarried names besides its URL.
type carriedBy struct{ event, entity string }

// cutCarried is the API URL of key, and the event that carried it when
// key is one of AsCarried's.
func cutCarried(key string) (string, carriedBy) {
	u, frag, ok := strings.Cut(key, "#"+carriedMark)
	if !ok {
		return key, carriedBy{}
	}
	id, entity, _ := strings.Cut(frag, ",")
	return u, carriedBy{id, entity}
}

// CarriedURL is the API URL of a key of AsCarried, or key itself.
func CarriedURL(key string) string {
	u, _ := cutCarried(key)
	return u
}

// carried is the object at apiURL as the event c.event carried it: the
// event, when apiURL names it, or the entity in it, when that is the
// entity; read from where the event is held.
func (h *Held) carried(apiURL string, c carriedBy) ([]byte, bool) {
	switch id := apiURL[strings.LastIndexByte(apiURL, '/')+1:]; {
	case id == c.event:
		return h.Event(c.event, c.entity)
	case id == c.entity && id != "":
		h.mu.Lock()
		refs := candidates(h.files.events, id)
		h.mu.Unlock()
		b, _, ok, _ := readObject(wanted{id: id, embedded: true, event: c.event}, refs, false)
		return b, ok
	}
	return nil, false
}
