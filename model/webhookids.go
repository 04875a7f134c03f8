package model

import "slices"

// webhookIDs are what a webhook event has and a customer event has not
// (formIDs): its own ID ("event_…") and its entity's ("tr_…"). They sit
// beside the records, so a customer event's record stays as it is, and
// take 4 bytes an event besides the IDs (a map of strings took some 120):
// for each event that has them, in ascending order, where they start in
// one text, its ID's code and its entity's ID's code (idcode.go: 18 bytes
// for 27, 10 for 13); and its index, unless every event from the first has
// IDs (a file of captured events), when it is its position. An entity:
// query compares its ID's code with every event's, as codes compare as
// IDs do.
type webhookIDs struct {
	sparse bool     // not every event has IDs: at says which have
	at     []int32  // the indices of the events with IDs, ascending, when sparse
	starts []uint32 // where each one's codes start in text
	text   []byte
}

// addIDs gives event i, which comes after every event that has IDs, its
// ID and entity ID.
func addIDs[T string | []byte](w *webhookIDs, i int32, id, entity T) {
	w.mark(i)
	w.text = appendIDCode(appendIDCode(w.text, id), entity)
}

// mark makes room for event i's codes, which come next in the text.
func (w *webhookIDs) mark(i int32) {
	if !w.sparse && int(i) != len(w.starts) {
		w.sparse = true // an event before i has none: index them from here on
		w.at = make([]int32, len(w.starts), len(w.starts)+1)
		for p := range w.at {
			w.at[p] = int32(p)
		}
	}
	if w.sparse {
		w.at = append(w.at, i)
	}
	w.starts = append(w.starts, uint32(len(w.text)))
}

// find returns where in starts event i is, or would be.
func (w *webhookIDs) find(i int32) (int, bool) {
	if !w.sparse {
		return int(min(max(i, 0), int32(len(w.starts)))), i >= 0 && int(i) < len(w.starts)
	}
	return slices.BinarySearch(w.at, i)
}

// index is the index of the event whose IDs are at position p of starts.
func (w *webhookIDs) index(p int) int32 {
	if w.sparse {
		return w.at[p]
	}
	return int32(p)
}

// codes returns event i's ID's code and its entity's ID's code, both nil
// if it has none.
func (w *webhookIDs) codes(i int32) (id, entity []byte) {
	p, ok := w.find(i)
	if !ok {
		return nil, nil
	}
	start, end := w.starts[p], uint32(len(w.text))
	if p+1 < len(w.starts) {
		end = w.starts[p+1]
	}
	mid := start + uint32(idCodeLen(w.text[start:end]))
	return w.text[start:mid], w.text[mid:end]
}

// get returns event i's IDs.
func (w *webhookIDs) get(i int32) (id, entity string) {
	a, b := w.codes(i)
	if a == nil {
		return "", ""
	}
	var buf [96]byte
	id = string(appendID(buf[:0], a))
	return id, string(appendID(buf[:0], b))
}

// entityIs reports whether event i's entity ID is the one whose code is
// code.
func (w *webhookIDs) entityIs(i int32, code []byte) bool {
	_, b := w.codes(i)
	return string(b) == string(code)
}

// same reports whether event i has the IDs event j of o has.
func (w *webhookIDs) same(i int32, o *webhookIDs, j int32) bool {
	a1, b1 := w.codes(i)
	a2, b2 := o.codes(j)
	return string(a1) == string(a2) && string(b1) == string(b2)
}

// copyIDs gives event i, which comes after every event that has IDs, the
// IDs of event j of o.
func (w *webhookIDs) copyIDs(i int32, o *webhookIDs, j int32) {
	a, b := o.codes(j)
	w.mark(i)
	w.text = append(append(w.text, a...), b...)
}

// appendFrom adds the IDs of o's events, whose indices here are base on.
func (w *webhookIDs) appendFrom(o *webhookIDs, base int32) {
	for p := range o.starts {
		i := o.index(p)
		w.copyIDs(base+i, o, i)
	}
}

// truncate drops the IDs of events n on.
func (w *webhookIDs) truncate(n int32) {
	p, _ := w.find(n)
	if p < len(w.starts) {
		w.text = w.text[:w.starts[p]]
	}
	w.starts = w.starts[:p]
	if w.sparse {
		w.at = w.at[:p]
	}
}

// trim lets go of room beyond what the IDs need, as segment.trim does.
func (w *webhookIDs) trim() {
	w.at, w.starts, w.text = clipped(w.at), clipped(w.starts), clipped(w.text)
}
