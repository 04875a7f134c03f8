package model

import "slices"

// webhookIDs are what a webhook event has and a customer event has not
// (formIDs): its own ID ("event_…") and its entity's ("tr_…"). They sit
// beside the records, so a customer event's record stays as it is, and
// take a byte an event besides the IDs (a map of strings took some 120):
// for each event that has them, in ascending order, its ID's code and its
// entity's ID's code (idcode.go: 18 bytes for 27, 10 for 13) in one text,
// where every codesPerStart-th one's start (the others' are found by reading
// on: codes say their length); and its index, unless every event from the
// first has IDs (a file of captured events), when it is its position. An
// entity: query compares its ID's code with every event's, as codes
// compare as IDs do.
type webhookIDs struct {
	sparse bool     // not every event has IDs: at says which have
	at     []int32  // the indices of the events with IDs, ascending, when sparse
	starts []uint32 // by position/codesPerStart: where that one's codes start in text
	n      int      // the events with IDs
	text   []byte
}

// codesPerStart is how many events' codes one start is kept for.
const codesPerStart = 4

// addIDs gives event i, which comes after every event that has IDs, its
// ID and entity ID.
func addIDs[T string | []byte](w *webhookIDs, i int32, id, entity T) {
	w.mark(i)
	w.text = appendIDCode(appendIDCode(w.text, id), entity)
}

// mark makes room for event i's codes, which come next in the text.
func (w *webhookIDs) mark(i int32) {
	if !w.sparse && int(i) != w.n {
		w.sparse = true // an event before i has none: index them from here on
		w.at = make([]int32, w.n, w.n+1)
		for p := range w.at {
			w.at[p] = int32(p)
		}
	}
	if w.sparse {
		w.at = append(w.at, i)
	}
	if w.n%codesPerStart == 0 {
		w.starts = append(w.starts, uint32(len(w.text)))
	}
	w.n++
}

// start is where the codes of the event at position p start in text.
func (w *webhookIDs) start(p int) int {
	at := int(w.starts[p/codesPerStart])
	for range p % codesPerStart {
		at += idCodeLen(w.text[at:])
		at += idCodeLen(w.text[at:])
	}
	return at
}

// find returns where in starts event i is, or would be.
func (w *webhookIDs) find(i int32) (int, bool) {
	if !w.sparse {
		return int(min(max(i, 0), int32(w.n))), i >= 0 && int(i) < w.n
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
	start := w.start(p)
	mid := start + idCodeLen(w.text[start:])
	end := mid + idCodeLen(w.text[mid:])
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
	for p := range o.n {
		i := o.index(p)
		w.copyIDs(base+i, o, i)
	}
}

// truncate drops the IDs of events n on.
func (w *webhookIDs) truncate(n int32) {
	p, _ := w.find(n)
	if p < w.n {
		w.text = w.text[:w.start(p)]
	}
	w.starts, w.n = w.starts[:(p+codesPerStart-1)/codesPerStart], p
	if w.sparse {
		w.at = w.at[:p]
	}
}

// trim lets go of room beyond what the IDs need, as segment.trim does.
func (w *webhookIDs) trim() {
	w.at, w.starts, w.text = clipped(w.at), clipped(w.starts), clipped(w.text)
}
