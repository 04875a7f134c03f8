package model

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
	"unsafe"
)

// Event shapes. The events of a day of captured webhook events come in a
// few shapes: a paid iDEAL payment's event, its members and its entity's,
// in the same order, with the same nesting, keys and white space, differs
// from the next one's only in the text of its strings and the digits of
// its numbers. The scanner learns the shape of the webhook events it
// reads (eventShapes): the bytes between their strings' contents and
// their numbers, the slots, and where each value fastEvent read lies
// (eventShape). An event of a shape learned is read by comparing those
// bytes and finding where each slot ends, with no key read, looked up or
// dispatched on.
//
// Its bytes are then the shape's, but for the slots: strings without
// escapes or controls, numbers in JSON's grammar. So it is valid JSON of
// the same members as the event the shape was learned from, and fastEvent
// would read it the same, each value from the same place; what it checks
// of a value in a slot (a type name, a timestamp, valid UTF-8) is checked
// again. A JSON text has one reading: the first way down the shapes that
// fits is that reading. What fits none is read by fastEvent, which says
// the last word.

// shapeNode is a run of the shapes learned, parts that each starts with
// the same bytes as the run before it ends, and what may follow it: other
// runs, or the end of the event. Shapes that start alike share their
// first runs.
type shapeNode struct {
	parts []shapePart
	end   *eventShape  // the last part ends the event
	next  []*shapeNode // what may follow, the longest first literal first
}

// shapePart is a literal, the bytes from the end of a slot (or the
// event's start) to the start of the next slot (or the event's end), and
// what the slot after it holds.
type shapePart struct {
	lit   string
	words []uint64 // lit, eight bytes at a time, as they are in memory (setWords)
	mask  uint64   // the bytes of the last word that are lit's
	kind  uint8
	slot  int16 // the number of the slot after lit, counted from the event's start
}

// What follows a part's literal.
const (
	slotString uint8 = iota // a string's content, between quotes the literals hold
	slotNumber
	slotNone // the literal ends the event
)

// match reads data from i down the shapes learned, noting in sh.at where
// each slot is, and returns the shape it is of and where it ends. Of the
// runs that may follow a run, the first whose first literal is there is
// taken: a literal that starts another is after it.
func (sh *eventShapes) match(data []byte, i int) (*eventShape, int, bool) {
	nodes := sh.roots
	sh.at[0], sh.high = i, 0
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
func (sh *eventShapes) readRun(data []byte, i int, parts []shapePart) (int, bool) {
	for k := 0; ; k++ {
		n, end, high := readStrings(data, i, parts[k:], sh.at)
		if sh.high |= high; n < 0 {
			return 0, false
		}
		if k, i = k+n, end; k == len(parts) {
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
			sh.high = ^uint64(0) // not looked at: maybe not ASCII
		}
		sh.at[2*p.slot+1], sh.at[2*p.slot+2] = from, i
	}
}

// readStrings reads from data[i] the first of parts whose slots hold
// strings, noting in at where each slot is: it compares each literal
// eight bytes at a time, and finds where the string after it ends, at a
// quote, a backslash or a control (the next literal starts with the
// closing quote, so one of the others is no match). It returns how many
// parts it read, where they end, or -1 when data is none of the shapes,
// and the words of the strings it looked at, or'ed: their high bits are
// those of the strings' bytes that may not be ASCII. No call in the loop:
// each would have its values saved and loaded again.
func readStrings(data []byte, i int, parts []shapePart, at *[2*maxShapeSlots + 1]int) (n, end int, high uint64) {
	if len(parts) == 0 {
		return 0, i, 0
	}
	slots := at[2*int(parts[0].slot)+1:] // parts' slots are one after another
	for k := range parts {
		p := &parts[k]
		w := p.words // as many as lit has bytes, one at least
		if p.kind != slotString || len(data)-i < 8*len(w) {
			return k, i, high
		}
		// The literal, as at compares it: each word is in data, as
		// len(data)-i says.
		lit := unsafe.Add(unsafe.Pointer(unsafe.SliceData(data)), i)
		last := len(w) - 1
		for j := 0; j < last; j++ {
			if *(*uint64)(unsafe.Add(lit, 8*j)) != w[j] {
				return -1, i, high
			}
		}
		if *(*uint64)(unsafe.Add(lit, 8*last))&p.mask != w[last] {
			return -1, i, high
		}
		from := i + len(p.lit)
		j := from
		for ; j <= len(data)-8; j += 8 {
			x := binary.LittleEndian.Uint64(data[j:])
			high |= x
			if m := quoteStops(x); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		if j > len(data)-8 || 2*k+1 >= len(slots) { // data's last bytes: readRun's
			return k, i, high
		}
		slots[2*k], slots[2*k+1], i = from, j, j
	}
	return len(parts), i, high
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

// at reports whether data from i starts with p's literal: compared as
// words as they are in memory (setWords) when data has them all. A word
// is loaded where it lies, unaligned and unchecked: binary.NativeEndian's
// bounds checks cost a captured event a tenth more instructions, and
// amd64 and arm64, the releases' architectures, load an unaligned word as
// any other.
func (p *shapePart) at(data []byte, i int) bool {
	w := p.words
	if i < 0 || len(data)-i < 8*len(w) {
		return i >= 0 && len(data)-i >= len(p.lit) && string(data[i:i+len(p.lit)]) == p.lit
	}
	lit := unsafe.Add(unsafe.Pointer(unsafe.SliceData(data)), i)
	last := len(w) - 1
	for j := 0; j < last; j++ {
		if *(*uint64)(unsafe.Add(lit, 8*j)) != w[j] {
			return false
		}
	}
	return *(*uint64)(unsafe.Add(lit, 8*last))&p.mask == w[last]
}

// setWords sets each part's words and mask, all their words in one
// array: the literal eight bytes at a time, as they are in memory, and
// the bytes of the last that are the literal's.
func setWords(parts []shapePart) {
	n := 0
	for _, p := range parts {
		n += (len(p.lit) + 7) / 8
	}
	words := make([]uint64, 0, n)
	for k := range parts {
		p := &parts[k]
		from := len(words)
		for j := 0; j < len(p.lit); j += 8 {
			var b, mask [8]byte
			c := copy(b[:], p.lit[j:])
			for m := range c {
				mask[m] = 0xff
			}
			words = append(words, *(*uint64)(unsafe.Pointer(&b)))
			p.mask = *(*uint64)(unsafe.Pointer(&mask))
		}
		p.words = words[from:len(words):len(words)]
	}
}

// validText is utf8.Valid, sooner for the short ASCII slots most of an
// event's are: with utf8.Valid itself a captured event took 1.2% more
// instructions (16,356 against 16,163, cachegrind).
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
