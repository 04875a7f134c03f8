package model

import (
	"encoding/binary"
	"unicode/utf8"
)

// Entity shapes. The entities of a day of captured events come in a few
// shapes: a paid payment's members, in the same order, with the same
// nesting, keys and white space, differ from the next paid payment's only
// in the text of their strings and the digits of their numbers. The
// scanner learns the shapes of the entities it reads (entityShapes): the
// bytes between their strings' contents and their numbers, the slots, and
// the slot each field of a wireEntity was read from. An entity of a shape
// learned is read by comparing those bytes and finding where each slot
// ends, with no key read, looked up or dispatched on.
//
// Its bytes are then the shape's, but for the slots: strings without
// escapes or controls, numbers in JSON's grammar. So it is valid JSON of
// the same members as the entity the shape was learned from, and entity
// would read it the same, each field from its slot. A JSON text has one
// reading: the first way down the shapes that fits is that reading. What
// fits none is read by entity, which says the last word.

// shapeNode is a run of the shapes learned, parts that each starts with
// the same bytes as the run before it ends, and what may follow it: other
// runs, or the end of the entity. Shapes that start alike share their
// first runs.
type shapeNode struct {
	parts []shapePart
	end   *shapeEnd    // the last part ends the entity
	next  []*shapeNode // what may follow, the longest first literal first
}

// shapePart is a literal, the bytes from the end of a slot (or the
// entity's start) to the start of the next slot (or the entity's end),
// and what the slot after it holds.
type shapePart struct {
	lit   string
	words []uint64 // lit, eight bytes at a time, as binary.LittleEndian reads them
	mask  uint64   // the bytes of the last word that are lit's
	kind  uint8
	slot  int16 // the number of the slot after lit, counted from the entity's start
}

// What follows a part's literal.
const (
	slotString uint8 = iota // a string's content, between quotes the literals hold
	slotNumber
	slotNone // the literal ends the entity
)

// shapeEnd is what entity reads of an entity of a shape: by field
// (shapeFieldsOf), the slot it is read from, counted from the first, or
// -1 for none.
type shapeEnd struct {
	field [shapeFields]int16
	dash  bool // it has a dashboard link (wireEntity.Links.Dashboard)
}

const shapeFields = 16

// shapeFieldsOf are pointers to the fields of w a shape says the slots
// of, dash's among them: where entity reads the dashboard link's.
func shapeFieldsOf(w *wireEntity, dash *wireLink) [shapeFields]*string {
	return [shapeFields]*string{&w.Resource, &w.Method, &w.Description, &w.Interval,
		&w.Amount.Currency, &w.Amount.Value,
		&w.Details.FailureReason, &w.Details.FailureMessage, &w.Details.BankReasonCode, &w.Details.BankReason,
		&w.StatusReason.Code, &w.StatusReason.Message, &w.Reason.Code, &w.Reason.Description,
		&dash.Href, &dash.Type}
}

// readEntity reads an entity object into w, as entity does: by a shape
// learned when it is of one, or else by entity, learning its shape.
func (s *scanner) readEntity(w *wireEntity) bool {
	start := s.pos
	if end, pos, ok := s.shapes.match(s.data, s.pos); ok && s.fillShaped(w, end, &s.shapes.at) {
		s.shapes.read++
		s.pos = pos
		return true
	}
	if !s.entity(w) {
		return false
	}
	s.shapes.learn(s.data[start:s.pos], w)
	return true
}

// match reads data from i down the shapes learned, noting in sh.at where
// each slot is, and returns the end of the shape it is of and where it
// ends. Of the runs that may follow a run, the first whose first literal
// is there is taken: a literal that starts another is after it.
func (sh *entityShapes) match(data []byte, i int) (*shapeEnd, int, bool) {
	nodes := sh.roots
	for {
		var n *shapeNode
		for _, c := range nodes {
			if c.parts[0].at(data, i) {
				n = c
				break
			}
		}
		if n == nil {
			return nil, 0, false
		}
		var ok bool
		if i, ok = sh.readRun(data, i, n.parts); !ok {
			return nil, 0, false
		}
		if n.end != nil {
			return n.end, i, true
		}
		nodes = n.next
	}
}

// readRun reads the parts of a run from data[i], noting in sh.at where
// each slot is, and returns where the run ends.
func (sh *entityShapes) readRun(data []byte, i int, parts []shapePart) (int, bool) {
	for k := 0; ; k++ {
		var n int
		if n, i = readStrings(data, i, parts[k:], &sh.at); n < 0 {
			return 0, false
		}
		if k += n; k == len(parts) {
			return i, true
		}
		// What readStrings leaves: the end, a number, or a literal in
		// data's last bytes.
		p := &parts[k]
		if !p.at(data, i) {
			return 0, false
		}
		from := i + len(p.lit)
		switch p.kind {
		case slotNone:
			return from, true
		case slotNumber:
			var ok bool
			if from >= len(data) {
				return 0, false
			}
			if i, ok = numberEnd(data, from); !ok {
				return 0, false
			}
		default:
			if i = unescapedEnd(data, from); i < 0 {
				return 0, false
			}
		}
		sh.at[2*p.slot], sh.at[2*p.slot+1] = from, i
	}
}

// readStrings reads from data[i] the first of parts whose slots hold
// strings, noting in at where each slot is: it compares each literal
// eight bytes at a time and finds where the string after it ends, up to a
// quote, a backslash or a control (the next literal starts with the
// closing quote). It returns how many it read and where they end, or -1
// when data is none of the shapes. No call in the loop: each would have
// its values saved and loaded again.
func readStrings(data []byte, i int, parts []shapePart, at *[2 * maxShapeSlots]int) (int, int) {
	for k := range parts {
		p := &parts[k]
		w := p.words
		if p.kind != slotString || i < 0 || len(data)-i < 8*len(w) || len(w) == 0 {
			return k, i
		}
		last := len(w) - 1
		for j := range last {
			if binary.LittleEndian.Uint64(data[i+8*j:]) != w[j] {
				return -1, i
			}
		}
		if binary.LittleEndian.Uint64(data[i+8*last:])&p.mask != w[last] {
			return -1, i
		}
		// The string's content ends at a quote, a backslash or a control:
		// the next literal starts with the closing quote, so one of the
		// others is no match.
		from := i + len(p.lit)
		end := quoteEnd(data, from)
		if end >= len(data)-8 { // quoteEnd leaves data's last bytes to its caller
			return k, i
		}
		at[2*p.slot], at[2*p.slot+1], i = from, end, end
	}
	return len(parts), i
}

// unescapedEnd is where the string whose content starts at data[i] ends,
// at its closing quote, or -1 when it has an escape or a control before.
func unescapedEnd(data []byte, i int) int {
	for i = quoteEnd(data, i); i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			return i
		case c == '\\' || c < 0x20:
			return -1
		}
	}
	return -1
}

// at reports whether data from i starts with p's literal, looked at eight
// bytes at a time.
func (p *shapePart) at(data []byte, i int) bool {
	w := p.words
	if i < 0 || len(w) == 0 || len(data)-i < 8*len(w) {
		return len(data)-i >= len(p.lit) && string(data[i:i+len(p.lit)]) == p.lit
	}
	last := len(w) - 1
	for k := range last {
		if binary.LittleEndian.Uint64(data[i+8*k:]) != w[k] {
			return false
		}
	}
	return binary.LittleEndian.Uint64(data[i+8*last:])&p.mask == w[last]
}

// setWords sets each part's words and mask, all their words in one
// array.
func setWords(parts []shapePart) {
	n := 0
	for _, p := range parts {
		n += (len(p.lit) + 7) / 8
	}
	words := make([]uint64, 0, n)
	for k := range parts {
		p := &parts[k]
		from := len(words)
		p.mask = ^uint64(0)
		for j := 0; j < len(p.lit); j += 8 {
			var b [8]byte
			if c := copy(b[:], p.lit[j:]); c < 8 {
				p.mask = 1<<(8*c) - 1
			}
			words = append(words, binary.LittleEndian.Uint64(b[:]))
		}
		p.words = words[from:len(words):len(words)]
	}
}

// fillShaped sets w as entity reads the entity whose slots are at, of the
// shape that ends in shape: a field entity reads must be valid UTF-8,
// else entity leaves the event to Decode.
func (s *scanner) fillShaped(w *wireEntity, shape *shapeEnd, at *[2 * maxShapeSlots]int) bool {
	*w = wireEntity{}
	s.dash = wireLink{}
	fields := shapeFieldsOf(w, &s.dash)
	for f, k := range shape.field {
		if k < 0 {
			continue
		}
		b := s.data[at[2*k]:at[2*k+1]]
		if !validText(b) {
			return false
		}
		*fields[f] = s.view(b)
	}
	if shape.dash {
		w.Links.Dashboard = &s.dash
	}
	return true
}

// validText is utf8.Valid, sooner for most strings: ASCII.
func validText(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			return utf8.Valid(b[i:])
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return utf8.Valid(b[i:])
		}
	}
	return true
}
