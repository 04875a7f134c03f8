package model

import (
	"bytes"
	"unsafe"
)

// entityShapes are the entity shapes a scanner has learned (scan_shape.go).
type entityShapes struct {
	roots   []*shapeNode
	at      [2 * maxShapeSlots]int // the slots of the entity being read: from, to
	parts   int                    // parts learned, of all shapes
	learned int                    // shapes learned
	read    int                    // entities read by a shape
	misses  int                    // entities read by none since the last shape learned
}

const (
	maxShapeBytes = 8 << 10 // the longest entity a shape is learned of
	maxShapeParts = 1 << 14 // the most parts learned
	maxShapeSlots = 512     // the most slots of one shape
	// After learnTries shapes, if fewer than learnPays entities a shape
	// have been read by one, a shape is learned only every learnEvery
	// entities read by none: entities of one shape each cost no more
	// than entity.
	learnTries, learnPays, learnEvery = 32, 4, 256
)

// learn learns the shape of entity e, which entity has just read into w,
// unless it is one a shape cannot say: too long, with a string that is
// escaped or empty, or a field not read from a string of its own.
func (sh *entityShapes) learn(e []byte, w *wireEntity) {
	if sh.parts >= maxShapeParts || len(e) > maxShapeBytes {
		return
	}
	if sh.learned >= learnTries && sh.read < learnPays*sh.learned {
		if sh.misses++; sh.misses < learnEvery {
			return
		}
	}
	sh.misses = 0
	parts, end := shapeOf(e, w)
	if end == nil {
		return
	}
	sh.learned++
	sh.parts += len(parts)
	sh.roots = addShape(sh.roots, parts, end)
}

// addShape adds to the runs nodes a shape of parts, whose end is end, and
// returns them.
func addShape(nodes []*shapeNode, parts []shapePart, end *shapeEnd) []*shapeNode {
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
	nodes = append(nodes, &shapeNode{parts: parts, end: end})
	// The longest first literal first: one that starts another, followed
	// by a number where the other has more, is tried after it.
	for i := len(nodes) - 1; i > 0 && len(nodes[i].parts[0].lit) > len(nodes[i-1].parts[0].lit); i-- {
		nodes[i], nodes[i-1] = nodes[i-1], nodes[i]
	}
	return nodes
}

func samePart(a, b *shapePart) bool { return a.kind == b.kind && a.lit == b.lit }

// shapeOf is the shape of entity e, read into w: its parts and its end;
// a nil end when a shape cannot say it.
func shapeOf(e []byte, w *wireEntity) ([]shapePart, *shapeEnd) {
	text := string(e)
	parts := make([]shapePart, 0, 64)
	slots := make([]int, 0, 128) // from, to, two a slot
	lit := 0                     // where the literal being read starts
	for i := 0; i < len(e); {
		switch c := e[i]; {
		case c == '"':
			j, _ := stringEnd(e, i)
			if k := skipWS(e, j); k < len(e) && e[k] == ':' {
				i = j // a key: part of the literal
				continue
			}
			if j-i == 2 || bytes.IndexByte(e[i+1:j-1], '\\') >= 0 {
				return nil, nil // empty, or escaped
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
	setWords(parts)
	end := &shapeEnd{dash: w.Links.Dashboard != nil}
	dash := w.Links.Dashboard
	if dash == nil {
		dash = &wireLink{}
	}
	for f, field := range shapeFieldsOf(w, dash) {
		end.field[f] = -1
		if *field == "" {
			continue // not there: no string of the entity is empty
		}
		k := slotOf(e, slots, *field)
		if k < 0 {
			return nil, nil
		}
		end.field[f] = int16(k)
	}
	return parts, end
}

// slotOf is the slot of e whose content v is, by where it lies, or -1.
func slotOf(e []byte, slots []int, v string) int {
	p := uintptr(unsafe.Pointer(unsafe.StringData(v)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(e)))
	if p < base || p >= base+uintptr(len(e)) {
		return -1
	}
	off := int(p - base)
	for k := 0; k < len(slots); k += 2 {
		if slots[k] == off && slots[k+1]-off == len(v) {
			return k / 2
		}
	}
	return -1
}
