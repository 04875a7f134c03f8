package model

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unsafe"
)

// Lines held as templates. A line of its own, a webhook event's written
// message or a rebuilt history's, is mostly the words of many others with
// other numbers in them: "Payment paid · ideal · €94.09 · Order #512409".
// Such a line is held as its template, the line with each ASCII digit
// made '0' ("Payment paid · ideal · €00.00 · Order #000000"), which many
// lines share, and its digits, two a byte: 8 bytes rather than 55 there.
// A word with no digits in it is in a line exactly when it is in the
// line's template, so the text filter matches each template once, not
// each line (termMatch.run); a line's order against another is worked out
// from the templates and the digits (compare), without making it again.

// templates are the templates of a msgLines' lines: its own, and those
// of the blocks it took on from another's (msgLines.take), in tables, one
// for each msgLines they were made in. Tables are only ever added to, so
// a snapshot may read them while they grow.
type templates struct {
	tables [][]string // tables[ownTable] is the msgLines' own
	forms  []uint32   // by block: the table its lines' templates are in

	ids   map[string]uint32  // the own table's templates, by text
	taken map[*string]uint32 // the tables taken on, by their first template
	canon map[string]string  // one copy of each template the tables hold
	tried int                // lines looked for in ids, and how many of
	made  int                // them made a template
	off   bool               // templates did not pay: lines are held as text
	mask  []byte             // a line being looked for, as its template
	nums  []byte             // and its digits
	line  []byte             // a line made again from its template
}

const (
	ownTable = 0
	// maxTemplates is the most templates one msgLines makes; tryFirst how
	// many lines it looks for before it may give up making them, which it
	// does when more than half of the lines made a template of their own
	// (a template costs its text, more than its line's saving).
	maxTemplates = 1 << 16
	tryFirst     = 1024
)

// addLoose appends a line of its own: as a template and its digits where
// it has digits and templates pay, else as its text.
func (m *msgLines) addLoose(b []byte) uint32 {
	if num, digits, ok := m.tmpl.find(b); ok {
		return m.addEntry(nil, digits, num)
	}
	return m.addBytes(b)
}

// copyLine appends line id of o as o holds it: as a template, entered in
// m's own table, or as its text (kept as it is when long, as add keeps it).
func (m *msgLines) copyLine(o *msgLines, id uint32) uint32 {
	b, blk, tmpl := o.entry(id)
	if !tmpl {
		return m.add(unsafe.String(unsafe.SliceData(b), len(b)))
	}
	m.tmpl.line = o.tmpl.fill(m.tmpl.line[:0], blk, b)
	return m.addLoose(m.tmpl.line)
}

// held is line id as it is held: its template and its digits, or, with
// digits nil, its text.
func (m *msgLines) held(id uint32) (string, []byte) {
	b, blk, tmpl := m.entry(id)
	if tmpl {
		_, text, digits := m.tmpl.of(blk, b)
		return text, digits
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// hasTemplates reports whether any line may be held as a template.
func (m *msgLines) hasTemplates() bool { return len(m.tmpl.canon) > 0 }

// lineLen is the length of line id, without making it again.
func (m *msgLines) lineLen(id uint32) int {
	text, _ := m.held(id)
	return len(text)
}

// compare orders lines a and b as strings.Compare orders them.
func (m *msgLines) compare(a, b uint32) int {
	textA, digitsA := m.held(a)
	textB, digitsB := m.held(b)
	return compareHeld(textA, digitsA, textB, digitsB)
}

// compareHeld orders two lines as strings.Compare orders them, each given
// as held: a template and its digits, or, with no digits, its text.
func compareHeld(a string, digitsA []byte, b string, digitsB []byte) int {
	switch {
	case digitsA == nil && digitsB == nil:
		return strings.Compare(a, b)
	case digitsA != nil && digitsB != nil && a == b:
		// The lines differ only in their digits, in order, and two a
		// byte, the first in the high half, so compare as those.
		return slices.Compare(digitsA, digitsB)
	}
	ka, kb := 0, 0
	for i := range min(len(a), len(b)) {
		ca, cb := a[i], b[i]
		if ca == '0' && digitsA != nil {
			ca, ka = '0'+digitAt(digitsA, ka), ka+1
		}
		if cb == '0' && digitsB != nil {
			cb, kb = '0'+digitAt(digitsB, kb), kb+1
		}
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	return cmp.Compare(len(a), len(b))
}

// digitAt is the k-th of digits packed two a byte.
func digitAt(digits []byte, k int) byte {
	d := digits[k>>1]
	if k&1 == 0 {
		return d >> 4
	}
	return d & 15
}

// find returns line's template, by its number in the own table (made if
// new), and its digits, valid until the next find; false when line is
// better held as its text: it has no digits, it is long, or templates did
// not pay.
func (t *templates) find(line []byte) (uint32, []byte, bool) {
	if t.off || len(line) > textBlock/8 {
		return 0, nil, false
	}
	mask, digits, n := append(t.mask[:0], line...), t.nums[:0], 0
	for i, c := range mask {
		if d := c - '0'; d <= 9 {
			if n&1 == 0 {
				digits = append(digits, d<<4)
			} else {
				digits[len(digits)-1] |= d
			}
			mask[i], n = '0', n+1
		}
	}
	t.mask, t.nums = mask, digits
	if n == 0 {
		return 0, nil, false
	}
	t.tried++
	num, ok := t.ids[string(mask)]
	if !ok {
		if t.made >= maxTemplates || (t.tried > tryFirst && 2*t.made > t.tried) {
			t.off = true
			return 0, nil, false
		}
		t.ready()
		if t.ids == nil {
			t.ids = map[string]uint32{}
		}
		text := t.canonical(string(mask))
		num = uint32(len(t.tables[ownTable]))
		t.tables[ownTable] = append(t.tables[ownTable], text)
		t.ids[text] = num
		t.made++
	}
	return num, digits, true
}

// ready makes sure the own table is tables[ownTable].
func (t *templates) ready() {
	if len(t.tables) == 0 {
		t.tables = append(t.tables, nil)
	}
}

// addBlock notes the table the lines of the block just added use.
func (t *templates) addBlock(form uint32) {
	t.ready()
	t.forms = append(t.forms, form)
}

// take returns the table, among t's, that holds the templates of o's
// block blk, which t's msgLines takes on: a copy of o's table, made when
// an earlier block of it was taken, and brought up to date, or made now.
// The copy holds t's one copy of each template (canonical), so that equal
// templates compare equal at a glance (msgLines.compare) and o's copies
// are let go with o.
func (t *templates) take(o *templates, blk int) uint32 {
	t.ready()
	table := o.tables[o.forms[blk]]
	if len(table) == 0 {
		return ownTable // no line of the block is a template
	}
	first := unsafe.SliceData(table)
	i, ok := t.taken[first]
	if !ok {
		if t.taken == nil {
			t.taken = map[*string]uint32{}
		}
		t.tables = append(t.tables, make([]string, 0, len(table)))
		i = uint32(len(t.tables) - 1)
		t.taken[first] = i
	}
	for _, text := range table[len(t.tables[i]):] {
		t.tables[i] = append(t.tables[i], t.canonical(text))
	}
	return i
}

// canonical is t's one copy of template text.
func (t *templates) canonical(text string) string {
	if c, ok := t.canon[text]; ok {
		return c
	}
	if t.canon == nil {
		t.canon = map[string]string{}
	}
	t.canon[text] = text
	return text
}

// of is the number, the template and the digits of a line held as such, b
// as it is held in block blk.
func (t *templates) of(blk int, b []byte) (num uint32, text string, digits []byte) {
	num, w := uint32(b[0]), 1
	if num >= 0x80 {
		v, n := binary.Uvarint(b)
		num, w = uint32(v), n
	}
	return num, t.tables[t.forms[blk]][num], b[w:]
}

// fill appends to dst the line held as b in block blk, made again from
// its template and digits: the template, its '0's then found eight bytes
// at a time. A byte of x that is 0 (a '0') sets its high bit in the
// subtraction; so may a 1 above a 0, from the borrow, but that is a '1',
// which no template holds.
func (t *templates) fill(dst []byte, blk int, b []byte) []byte {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	_, text, digits := t.of(blk, b)
	i := len(dst)
	dst = append(dst, text...)
	k := 0
	for ; i <= len(dst)-8; i += 8 {
		x := binary.LittleEndian.Uint64(dst[i:]) ^ ones*'0'
		for zeros := (x - ones) &^ x & highs; zeros != 0; zeros &= zeros - 1 {
			dst[i+bits.TrailingZeros64(zeros)>>3] += digitAt(digits, k)
			k++
		}
	}
	for ; i < len(dst); i++ {
		if dst[i] == '0' {
			dst[i] += digitAt(digits, k)
			k++
		}
	}
	return dst
}

// snapshot returns the templates so far, to read while t grows.
func (t *templates) snapshot() templates {
	return templates{tables: slices.Clone(t.tables), forms: slices.Clip(t.forms)}
}

// bytes is what the templates hold, by capacity: the tables, each
// template's text once, the look-ups, and the blocks' tables.
func (t *templates) bytes() int {
	n := cap(t.forms)*4 + cap(t.tables)*int(unsafe.Sizeof([]string(nil)))
	for _, table := range t.tables {
		n += cap(table) * int(unsafe.Sizeof(""))
	}
	for text := range t.canon {
		n += len(text)
	}
	return n + (len(t.ids)+len(t.canon)+len(t.taken))*48
}

// sortKey is a line as the message sort compares it, read once rather
// than at every comparison: its text, or its template and its digits, four
// bits each from the top, the low byte saying which (keyText, keyDigits),
// or keyLong for a template of more digits than that holds.
type sortKey struct {
	text   string
	digits uint64
}

const (
	keyText       = 0
	keyDigits     = 1
	keyLong       = 2
	keyDigitBytes = 7 // the most bytes of digits a key holds
)

// sortKeys returns the lines' sort keys, by ID.
func (m *msgLines) sortKeys() []sortKey {
	keys := make([]sortKey, m.len())
	for id := range keys {
		text, digits := m.held(uint32(id))
		switch {
		case digits == nil:
			keys[id] = sortKey{text, keyText}
			continue
		case len(digits) > keyDigitBytes:
			keys[id] = sortKey{text, keyLong}
			continue
		}
		v := uint64(keyDigits)
		for i, d := range digits {
			v |= uint64(d) << (56 - 8*i)
		}
		keys[id] = sortKey{text, v}
	}
	return keys
}

// compareKeyed is compare for lines whose sortKeys are keys.
func (m *msgLines) compareKeyed(keys []sortKey, a, b uint32) int {
	ka, kb := &keys[a], &keys[b]
	kindA, kindB := ka.digits&0xff, kb.digits&0xff
	switch {
	case kindA == keyLong || kindB == keyLong:
		return m.compare(a, b)
	case kindA == keyDigits && kindB == keyDigits && ka.text == kb.text:
		return cmp.Compare(ka.digits, kb.digits) // in one word what compareHeld compares a byte at a time
	}
	var da, db [8]byte
	return compareHeld(ka.text, ka.heldDigits(da[:]), kb.text, kb.heldDigits(db[:]))
}

// heldDigits is the digits of a key of keyDigits as a line holds them,
// in buf, or nil for a key of text.
func (k *sortKey) heldDigits(buf []byte) []byte {
	if k.digits&0xff != keyDigits {
		return nil
	}
	binary.BigEndian.PutUint64(buf, k.digits)
	return buf[:keyDigitBytes]
}
