package model

import (
	"bytes"
)

// eventShapes are the event shapes a scanner has learned (scan_shape.go).
type eventShapes struct {
	roots   []*shapeNode
	at      *[2*maxShapeSlots + 1]int // where the event being read starts, then each slot's from and to; made with the first shape
	high    uint64                    // readStrings' high: the slots may not be ASCII
	parts   int                       // parts learned, of all shapes
	learned int                       // shapes learned
	read    int                       // events read by a shape
	misses  int                       // events read by none since the last shape learned
}

const (
	maxShapeBytes = 16 << 10 // the longest event a shape is learned of
	maxShapeParts = 1 << 14  // the most parts learned
	maxShapeSlots = 512      // the most slots of one shape
	maxShapeNext  = 32       // the most runs that may follow a run, or start a shape
	// After learnTries shapes, if fewer than learnPays events a shape have
	// been read by one, a shape is learned only every learnEvery events
	// read by none: events of a shape each cost little more than they
	// did.
	learnTries, learnPays, learnEvery = 32, 4, 256
)

// learn learns the shape of event e, which fastEvent has just read into
// f, with its links in links, unless it is one a shape cannot say: too
// long, with a string that is escaped or empty, or a value read that is
// not all a slot or all in the literals.
func (sh *eventShapes) learn(e []byte, f *fastFields, links []scanLink) {
	if sh.parts >= maxShapeParts || len(e) > maxShapeBytes {
		return
	}
	if sh.learned >= learnTries && sh.read < learnPays*sh.learned {
		if sh.misses++; sh.misses < learnEvery {
			return
		}
	}
	sh.misses = 0
	parts, slots := shapeParts(e)
	if parts == nil {
		return
	}
	shape := recordShape(e, parts, slots, f, links)
	if shape == nil {
		return
	}
	if sh.at == nil {
		sh.at = new([2*maxShapeSlots + 1]int)
	}
	sh.learned++
	sh.parts += len(parts)
	sh.roots = addShape(sh.roots, parts, shape)
}

// addShape adds to the runs nodes a shape of parts, whose end is end, and
// returns them.
func addShape(nodes []*shapeNode, parts []shapePart, end *eventShape) []*shapeNode {
	for _, n := range nodes {
		if !samePart(&n.parts[0], &parts[0]) {
			continue
		}
		k := 1
		for k < len(n.parts) && samePart(&n.parts[k], &parts[k]) {
			k++
		}
		switch {
		case k == len(parts): // the same shape: the same reading
			n.end = end
		case k == len(n.parts):
			n.next = addShape(n.next, parts[k:], end)
		default: // they part at k
			rest := &shapeNode{parts: n.parts[k:], end: n.end, next: n.next}
			n.parts, n.end, n.next = n.parts[:k:k], nil, addShape([]*shapeNode{rest}, parts[k:], end)
		}
		return nodes
	}
	if len(nodes) >= maxShapeNext {
		return nodes // each event would be compared with each
	}
	nodes = append(nodes, &shapeNode{parts: parts, end: end})
	// The longest first literal first: one that starts another, followed
	// by a number where the other has more, is tried after it.
	for i := len(nodes) - 1; i > 0 && len(nodes[i].parts[0].lit) > len(nodes[i-1].parts[0].lit); i-- {
		nodes[i], nodes[i-1] = nodes[i-1], nodes[i]
	}
	return nodes
}

func samePart(a, b *shapePart) bool { return a.kind == b.kind && a.lit == b.lit }

// shapeParts are the parts of event e, and where its slots are (from, to,
// two a slot); nil when a shape cannot say it: it has too many slots, or
// a string that is escaped or empty.
func shapeParts(e []byte) ([]shapePart, []int) {
	text := string(e)
	parts := make([]shapePart, 0, 64)
	slots := make([]int, 0, 128)
	lit := 0 // where the literal being read starts
	for i := 0; i < len(e); {
		switch c := e[i]; {
		case c == '"':
			j, _ := stringEnd(e, i)
			if k := skipWS(e, j); k < len(e) && e[k] == ':' {
				i = j // a key: part of the literal
				continue
			}
			if j-i == 2 || bytes.IndexByte(e[i+1:j-1], '\\') >= 0 {
				return nil, nil
			}
			parts = append(parts, shapePart{lit: text[lit : i+1], kind: slotString, slot: int16(len(slots) / 2)})
			slots = append(slots, i+1, j-1)
			lit, i = j-1, j
		case c == '-' || c >= '0' && c <= '9':
			j, _ := numberEnd(e, i)
			parts = append(parts, shapePart{lit: text[lit:i], kind: slotNumber, slot: int16(len(slots) / 2)})
			slots = append(slots, i, j)
			lit, i = j, j
		default:
			i++
		}
	}
	if len(slots) > 2*maxShapeSlots {
		return nil, nil
	}
	parts = append(parts, shapePart{lit: text[lit:], kind: slotNone})
	for _, p := range parts {
		if p.lit == "" { // two numbers without a byte between: not JSON
			return nil, nil
		}
	}
	setWords(parts)
	return parts, slots
}
