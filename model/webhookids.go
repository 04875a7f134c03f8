package model

import "slices"

// webhookIDs are what a webhook event has and a customer event has not
// (formIDs): its own ID ("event_…") and its entity's ("tr_…"), as
// written. They sit beside the records, so a customer event's record stays
// as it is, and take 8 bytes an event besides the IDs' own text (a map of
// strings took some 120): for each event that has them, in ascending
// order, where its two IDs start in one text, the entity's running on to
// where the next event's ID starts; and its index, unless every event from
// the first has IDs (a file of captured events), when it is its position.
type webhookIDs struct {
	sparse bool    // not every event has IDs: at says which have
	at     []int32 // the indices of the events with IDs, ascending, when sparse
	offs   []idOffs
	text   []byte
}

// idOffs is where an event's ID and its entity's start in the text.
type idOffs struct{ id, entity uint32 }

// addIDs gives event i, which comes after every event that has IDs, its
// ID and entity ID.
func addIDs[T string | []byte](w *webhookIDs, i int32, id, entity T) {
	if !w.sparse && int(i) != len(w.offs) {
		w.sparse = true // an event before i has none: index them from here on
		w.at = make([]int32, len(w.offs), len(w.offs)+1)
		for p := range w.at {
			w.at[p] = int32(p)
		}
	}
	if w.sparse {
		w.at = append(w.at, i)
	}
	w.offs = append(w.offs, idOffs{uint32(len(w.text)), uint32(len(w.text) + len(id))})
	w.text = append(append(w.text, id...), entity...)
}

// find returns where in offs event i is, or would be.
func (w *webhookIDs) find(i int32) (int, bool) {
	if !w.sparse {
		return int(min(max(i, 0), int32(len(w.offs)))), i >= 0 && int(i) < len(w.offs)
	}
	return slices.BinarySearch(w.at, i)
}

// index is the index of the event whose IDs are at position p of offs.
func (w *webhookIDs) index(p int) int32 {
	if w.sparse {
		return w.at[p]
	}
	return int32(p)
}

// view returns event i's IDs, in the text.
func (w *webhookIDs) view(i int32) (id, entity []byte) {
	p, ok := w.find(i)
	if !ok {
		return nil, nil
	}
	end := uint32(len(w.text))
	if p+1 < len(w.offs) {
		end = w.offs[p+1].id
	}
	o := w.offs[p]
	return w.text[o.id:o.entity], w.text[o.entity:end]
}

// get returns event i's IDs.
func (w *webhookIDs) get(i int32) (id, entity string) {
	a, b := w.view(i)
	return string(a), string(b)
}

// entityIs reports whether event i's entity ID is entity.
func (w *webhookIDs) entityIs(i int32, entity string) bool {
	_, b := w.view(i)
	return string(b) == entity
}

// same reports whether event i has the IDs event j of o has.
func (w *webhookIDs) same(i int32, o *webhookIDs, j int32) bool {
	a1, b1 := w.view(i)
	a2, b2 := o.view(j)
	return string(a1) == string(a2) && string(b1) == string(b2)
}

// appendFrom adds the IDs of o's events, whose indices here are base on.
func (w *webhookIDs) appendFrom(o *webhookIDs, base int32) {
	for p := range o.offs {
		i := o.index(p)
		id, entity := o.view(i)
		addIDs(w, base+i, id, entity)
	}
}

// truncate drops the IDs of events n on.
func (w *webhookIDs) truncate(n int32) {
	p, _ := w.find(n)
	if p < len(w.offs) {
		w.text = w.text[:w.offs[p].id]
	}
	w.offs = w.offs[:p]
	if w.sparse {
		w.at = w.at[:p]
	}
}

// trim lets go of room beyond what the IDs need, as segment.trim does.
func (w *webhookIDs) trim() {
	w.at, w.offs, w.text = clipped(w.at), clipped(w.offs), clipped(w.text)
}
