package model

import (
	"encoding/binary"
	"slices"
	"unsafe"
)

// msgLines holds a dictionary's display lines, by message ID, as places
// in blocks of text rather than as a string header each: 4 bytes a line,
// and a byte or two of length before its text, not 16. A webhook event's
// message is its own, so this is per event, and such a line may be held
// as a template and its digits instead (msgtemplates.go). A line longer
// than textBlock/8 is a block of its own.
//
// In a block, a line is a uvarint head, its length times two, and its
// text; or, for a line held as a template, its length times two plus one,
// then the template's number in the block's table (forms) and the digits.
//
// A line's place is its block, less the first block of its page of
// 1<<pageBits lines (pages), and its offset in the block: one uint32
// whatever the number of blocks. Lines are only ever added, and the bytes
// of a block once written are never written again, so a snapshot may be
// read on another goroutine while the lines grow (FilterJob).
type msgLines struct {
	at     []uint32 // by ID: block-pages[ID>>pageBits] << offBits | offset
	pages  []uint32 // by ID>>pageBits: the first block the page's lines are in
	blocks [][]byte // at their full capacity, or a long line's bytes
	own    int      // the block lines are written into, when open
	fill   int      // where in it the next line goes
	open   bool
	tmpl   templates // the templates of lines held as templates (msgtemplates.go)
}

const (
	offBits  = 14
	offMask  = 1<<offBits - 1
	whole    = offMask // the offset of a line that is its whole block
	pageBits = 10
	pageMask = 1<<pageBits - 1
	// farBlocks is how far before the last block a page's first may be:
	// a page's lines are then in reach of offBits' 18 other bits.
	farBlocks = 1 << 16
	// textBlock is the size of a block of lines, and firstBlock of the
	// first a msgLines writes.
	textBlock  = 1 << offBits
	firstBlock = 512
)

func (m *msgLines) len() int { return len(m.at) }

// line returns line id: the block's memory for a line held as its text,
// else the line made again from its template, in memory of its own
// (lineIn, for a line to read and let go, makes none).
func (m *msgLines) line(id uint32) string {
	b, blk, tmpl := m.entry(id)
	if !tmpl {
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	return string(m.tmpl.fill(nil, blk, b))
}

// lineIn returns line id, made again in *buf when it is held as a
// template: valid until *buf is next written.
func (m *msgLines) lineIn(id uint32, buf *[]byte) string {
	b, blk, tmpl := m.entry(id)
	if tmpl {
		*buf = m.tmpl.fill((*buf)[:0], blk, b)
		b = *buf
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// entry returns line id as it is held: its text, or, when tmpl, its
// template's number and digits; and the block it is in.
func (m *msgLines) entry(id uint32) (b []byte, blk int, tmpl bool) {
	a := m.at[id]
	blk = int(m.pages[id>>pageBits] + a>>offBits)
	b = m.blocks[blk]
	off := a & offMask
	if off == whole {
		return b, blk, false
	}
	h, k := uint32(b[off]), off+1
	if h >= 0x80 {
		v, w := binary.Uvarint(b[off:])
		h, k = uint32(v), off+uint32(w)
	}
	return b[k : k+h>>1], blk, h&1 != 0
}

// snapshot returns the lines so far, to read while m grows.
func (m *msgLines) snapshot() msgLines {
	return msgLines{at: slices.Clip(m.at), pages: slices.Clip(m.pages), blocks: slices.Clip(m.blocks), tmpl: m.tmpl.snapshot()}
}

// add appends line, copied into a block, or a long one as it is given;
// it returns the line's ID.
func (m *msgLines) add(line string) uint32 {
	b := unsafe.Slice(unsafe.StringData(line), len(line))
	if len(b) > textBlock/8 {
		return m.addWhole(b)
	}
	return m.addBytes(b)
}

// addBytes appends a copy of the line in b.
func (m *msgLines) addBytes(b []byte) uint32 {
	if len(b) > textBlock/8 {
		return m.addWhole(slices.Clone(b))
	}
	return m.addEntry(b, nil, 0)
}

// addEntry appends a line as it is held: b, its text; or, with digits,
// the number of a template in m's own table and b the digits.
func (m *msgLines) addEntry(b []byte, digits []byte, tmpl uint32) uint32 {
	id := uint32(len(m.at))
	var head [2 * binary.MaxVarintLen64]byte
	n, h := uint64(len(b))<<1, 0
	if digits != nil {
		w := binary.PutUvarint(head[binary.MaxVarintLen64:], uint64(tmpl))
		n = uint64(w+len(digits))<<1 | 1
		h = binary.PutUvarint(head[:], n)
		h += copy(head[h:], head[binary.MaxVarintLen64:][:w])
		b = digits
	} else {
		h = binary.PutUvarint(head[:], n)
	}
	if need := h + len(b); !m.open || m.fill+need > min(len(m.blocks[m.own]), whole) {
		// Each block twice the last, up to textBlock: a few lines (a
		// file's 60 messages, a filtered print's) take little.
		size := min(textBlock, max(firstBlock, need, 2*m.fill))
		m.blocks = append(m.blocks, make([]byte, size))
		m.tmpl.addBlock(ownTable)
		m.own, m.fill, m.open = len(m.blocks)-1, 0, true
	}
	m.own = m.place(id, m.own)
	off := m.fill
	blk := m.blocks[m.own]
	m.fill += copy(blk[off:], head[:h])
	m.fill += copy(blk[m.fill:], b)
	return m.put(id, m.own, off)
}

// addWhole appends a line that is a block of its own.
func (m *msgLines) addWhole(b []byte) uint32 {
	id := uint32(len(m.at))
	m.blocks = append(m.blocks, b)
	m.tmpl.addBlock(ownTable)
	return m.put(id, m.place(id, len(m.blocks)-1), whole)
}

// take appends line id of o, in o's block, which m takes on unless moved
// says it has (by o's block: m's, plus one). A copy of o shares memory
// with o, which must write no more in the blocks m takes.
func (m *msgLines) take(o *msgLines, id uint32, moved []uint32) uint32 {
	a := o.at[id]
	ob := o.pages[id>>pageBits] + a>>offBits
	if moved[ob] == 0 {
		m.blocks = append(m.blocks, o.blocks[ob])
		m.tmpl.addBlock(m.tmpl.take(&o.tmpl, int(ob)))
		moved[ob] = uint32(len(m.blocks))
	}
	nid := uint32(len(m.at))
	blk := m.place(nid, int(moved[ob]-1))
	moved[ob] = uint32(blk + 1)
	return m.put(nid, blk, int(a&offMask))
}

// place returns where line id, to go in block blk, is: in blk, or in the
// same block listed again at the end when blk lies before the first of
// the line's page (or, for a page's first line, too far before the last).
func (m *msgLines) place(id uint32, blk int) int {
	switch {
	case id&pageMask == 0:
		if len(m.blocks)-blk > farBlocks {
			blk = m.again(blk)
		}
		m.pages = append(m.pages, uint32(blk))
	case uint32(blk) < m.pages[id>>pageBits]:
		blk = m.again(blk)
	}
	return blk
}

func (m *msgLines) again(blk int) int {
	m.blocks = append(m.blocks, m.blocks[blk])
	m.tmpl.addBlock(m.tmpl.forms[blk])
	return len(m.blocks) - 1
}

func (m *msgLines) put(id uint32, blk, off int) uint32 {
	m.at = append(m.at, uint32(blk-int(m.pages[id>>pageBits]))<<offBits|uint32(off))
	return id
}

// bytes is what the lines hold: places, pages and blocks, by capacity.
func (m *msgLines) bytes() int {
	n := cap(m.at)*4 + cap(m.pages)*4 + cap(m.blocks)*int(unsafe.Sizeof([]byte(nil))) + m.tmpl.bytes()
	seen := map[*byte]bool{}
	for _, b := range m.blocks {
		if p := unsafe.SliceData(b); !seen[p] {
			seen[p] = true
			n += cap(b)
		}
	}
	return n
}
