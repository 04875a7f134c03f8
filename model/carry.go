package model

import (
	"bytes"
	"fmt"
	"io"
)

// A value cut by a block's end is carried over to the next block: what it
// waits for there, how a long one is kept until it ends, and what one over
// MaxEventSize costs.

// pending is what a value cut by a block's end waits for: the end of its
// line, the end of the value (frame), or, after an NDJSON first line that
// may be the whole input, the next byte that is not white space. scanned
// is how much of the carried bytes has been looked at for it.
type pending struct {
	kind    pendKind
	frame   frame
	scanned int
	discard bool // the value is over MaxEventSize and skipped: its bytes go
	size    int64
	line    int // where the discarded value started
}

type pendKind int

const (
	pendNone pendKind = iota
	pendLine
	pendValue
	pendNonBlank
)

// grow makes room for n bytes in buf, keeping what it holds. It grows by
// half again, not double, since a long value may be most of memory.
func (w *streamer) grow(n int) {
	nb := make([]byte, len(w.buf), max(n, cap(w.buf)+cap(w.buf)/2))
	copy(nb, w.buf)
	w.buf = nb
}

// longValue reports whether buf holds at least a block of one value still
// being read (it starts at buf[0]), whose end is looked for in the bytes
// that come.
func (w *streamer) longValue() bool {
	return (w.pend.kind == pendLine || w.pend.kind == pendValue) && !w.pend.discard && len(w.buf) >= blockSize
}

// part is a block set aside: its bytes b, or, when they can be read again,
// n bytes at off in r.
type part struct {
	b   []byte
	r   io.ReaderAt
	off int64
	n   int
}

// setAside moves buf to parts and starts a new block.
func (w *streamer) setAside() {
	if off := w.pos - int64(len(w.buf)); w.from != nil && off >= 0 {
		// (Not when buf starts with bytes carried from another section.)
		w.parts = append(w.parts, part{r: w.from, off: off, n: len(w.buf)})
		w.buf = w.buf[:0]
	} else {
		w.parts = append(w.parts, part{b: w.buf, n: len(w.buf)})
		w.buf = newBlock(nil)
	}
	w.partsLen += w.parts[len(w.parts)-1].n
	w.carry, w.pend.scanned = 0, 0
}

// join puts the parts and buf into one buffer, of just their size: the
// value they hold has ended (or must be looked at whole), and its strings
// may stay in it.
func (w *streamer) join() error {
	if len(w.parts) == 0 {
		return nil
	}
	nb := make([]byte, w.partsLen, w.partsLen+len(w.buf))
	off := 0
	for _, p := range w.parts {
		if p.r == nil {
			copy(nb[off:], p.b)
		} else if n, err := p.r.ReadAt(nb[off:off+p.n], p.off); n < p.n {
			return fmt.Errorf("reading a long value again: %w", err)
		}
		off += p.n
	}
	w.pend.scanned += w.partsLen
	w.carry += w.partsLen
	w.buf, w.parts, w.partsLen, w.owned = append(nb, w.buf...), nil, 0, true
	return nil
}

// waited looks at the bytes that came since the last block for what the
// carried value waits for, and reports whether it has come.
func (w *streamer) waited(final bool) (bool, error) {
	p := &w.pend
	b := w.buf[p.scanned:]
	done := false
	var end int
	switch p.kind {
	case pendLine:
		end = bytes.IndexByte(b, '\n')
		done = end >= 0
	case pendValue:
		end, done = p.frame.scan(b)
	case pendNonBlank:
		end = skipSpace(b, 0)
		done = end < len(b)
	}
	if p.discard {
		if final && !done && p.kind == pendLine {
			end, done = len(b), true // the last line needs no newline
		}
		return w.discarded(b, end, done), nil
	}
	p.scanned = len(w.buf)
	if done || final {
		p.kind = pendNone
		return true, w.join()
	}
	return false, w.checkSize()
}

// checkSize turns a carried value over MaxEventSize into an error, or with
// SkipInvalid starts discarding it.
func (w *streamer) checkSize() error {
	limit := w.opts.maxEventSize()
	if int64(w.partsLen+w.carry) <= limit && int64(w.partsLen+len(w.buf)) <= limit {
		return nil
	}
	if err := w.join(); err != nil { // what follows looks at the value whole
		return err
	}
	if w.withinLimit(limit) {
		return nil
	}
	if w.state == stFirstLine && w.pend.kind == pendValue {
		// The first value does not end within the limit: the first line
		// is broken NDJSON, not the start of a customer.
		w.pend, w.unframed = pending{}, true
		return nil
	}
	w.private() // what follows writes to buf
	start := skipSpace(w.buf, 0)
	line := w.lineOf(start)
	if !w.opts.SkipInvalid || w.pend.kind == pendNonBlank || w.state == stStart || w.state == stFirstLine && w.pend.kind != pendLine {
		return w.tooBig(line, 0)
	}
	w.pend.discard, w.pend.line = true, line
	w.pend.size = int64(len(w.buf) - start)
	w.line += bytes.Count(w.buf, []byte{'\n'})
	w.buf, w.carry, w.pend.scanned = w.buf[:0], 0, 0
	return nil
}

// withinLimit reports whether the carried bytes, buf whole, may still be a
// value of at most limit bytes: counted as sized and readLine count it,
// without the white space before it, nor, for a line, after it. The white
// space left out is at most a block, so that what is carried stays within
// limit and a block.
func (w *streamer) withinLimit(limit int64) bool {
	start, end := skipSpace(w.buf, 0), len(w.buf)
	if w.pend.kind == pendLine {
		end = max(start, len(bytes.TrimRight(w.buf, " \t\r")))
	}
	return int64(end-start) <= limit && len(w.buf)-(end-start) <= blockSize
}

// discarded drops the bytes of an over-size value, b, whose end is at end
// when done; past it, the rest of buf is read as usual.
func (w *streamer) discarded(b []byte, end int, done bool) bool {
	p := &w.pend
	if !done {
		p.size += int64(len(b))
		w.line += bytes.Count(b, []byte{'\n'})
		w.buf, w.carry, p.scanned = w.buf[:0], 0, 0
		return false
	}
	p.size += int64(end)
	w.line += bytes.Count(b[:end], []byte{'\n'})
	w.tooBig(p.line, p.size) // skipped
	if w.state == stElem {
		w.state = stAfterElem
	}
	if w.state == stFirstLine {
		w.state = stLines
	}
	rest := len(w.buf) - len(b) + end
	w.carry = copy(w.buf, w.buf[rest:])
	w.buf = w.buf[:w.carry]
	*p = pending{}
	return true
}
