package source

import (
	"github.com/eventbrowser/eventbrowser/model"
)

// Webhook events written as they were read (a json or ndjson print, the
// table's Y and e: their entities embedded, every member as it was):
// File.PlaceEvents has the decoder say where each is in its file, held
// here by the event's own ID as entities are by theirs (heldfile.go), or,
// read from a pipe, a copy of it, in the store under eventIDKey.

// holdEvents holds the webhook events of c (Chunk.EventPlaceAt), keyed by
// their own IDs, for Event: where they are in hf, or, read from a stream,
// their copies.
func (h *Held) holdEvents(c *model.Chunk, hf *heldFile) {
	n := c.EventPlaceCount()
	if n == 0 {
		return
	}
	var run entityRun
	if hf != nil {
		run = entityRun{file: hf, refs: make([]entityRef, 0, n)}
	}
	var copies []heldResource
	var id []byte
	for j := range n {
		p := c.EventPlaceAt(j)
		if id = c.AppendID(id[:0], p.Event); len(id) == 0 {
			continue
		}
		switch off := hf.offOf(p.Off); {
		case p.Raw != nil:
			copies = append(copies, heldResource{url: eventIDKey(string(id)), raw: p.Raw})
		case off >= 0 && off < 1<<refOffBits:
			run.refs = append(run.refs, newEntityRef(keyOf(id), off))
		}
	}
	h.keepRun(&h.files.events, run)
	h.putAll(copies)
}

// HoldEvents holds the webhook events of c where they are in the file r
// reads, for Held.Event: event i is the JSON object at offs[i] (a
// receiver's stored lines, an event a line). It holds none unless there
// is an offset for every event.
func (r *FileReading) HoldEvents(c *model.Chunk, offs []int64) {
	if r == nil || r.h == nil || c.Len() != len(offs) {
		return
	}
	run := entityRun{file: r.file, refs: make([]entityRef, 0, len(offs))}
	var id []byte
	for i, off := range offs {
		if id = c.AppendID(id[:0], i); len(id) > 0 {
			if off = r.file.offOf(off); off >= 0 && off < 1<<refOffBits {
				run.refs = append(run.refs, newEntityRef(keyOf(id), off))
			}
		}
	}
	r.h.keepRun(&r.h.files.events, run)
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

// Event is the webhook event whose own ID is id as it was read, where
// File.PlaceEvents had it held: from its file, or its copy.
func (h *Held) Event(id string) ([]byte, bool) {
	if h == nil {
		return nil, false
	}
	h.mu.Lock()
	sealed := h.store.index(nil)
	raw, ok := h.store.get(eventIDKey(id))
	fe := &h.files
	var refs []heldRef
	if last := fe.lastEvent; !ok && last < len(fe.events) {
		// Events are mostly asked for in about the order they were
		// read: the run the last one was in is looked in first.
		refs = fe.events[last].candidates(keyOf([]byte(id)), last, nil)
	}
	h.mu.Unlock()
	h.packAll(sealed)
	if ok {
		return raw, true
	}
	for pass := range 2 {
		if pass == 1 {
			h.mu.Lock()
			refs = candidates(fe.events, id)
			h.mu.Unlock()
		}
		if raw, r, ok, _ := readObject(id, refs, true); ok {
			h.mu.Lock()
			fe.lastEvent = r.run
			h.mu.Unlock()
			return raw, true
		}
	}
	return nil, false
}
