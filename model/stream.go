package model

import (
	"bytes"
	"errors"
	"io"
	"sync"
)

// DecodeFile reads events from a file of size bytes, calling emit with
// chunks of them in input order, the first few as soon as they are read so
// a screen can show them at once. It reads the file in blocks rather than
// holding it whole, and on a big file the second half is read by a second
// core, from the first line that starts an event after the middle.
//
// The fast decoder does the reading; when it meets something it leaves to
// Decode, the whole file is read with DecodeChunk instead and emit gets the
// events it has not had yet. An error is Decode's.
func DecodeFile(name string, r io.ReaderAt, size int64, opts DecodeOptions, emit func(*Chunk)) (notes []string, err error) {
	var bom [3]byte
	n, _ := r.ReadAt(bom[:], 0)
	start := int64(0)
	if n == 3 && bytes.Equal(bom[:], []byte("\xef\xbb\xbf")) {
		start = 3
	}
	emitted := 0
	count := func(c *Chunk) {
		emitted += c.Len()
		emit(c)
	}
	if fastFile(name, r, start, size, count) {
		return nil, nil
	}
	// The slow way: the whole file, then only what emit has not had.
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	c, notes, err := DecodeChunk(name, data, opts)
	if err != nil {
		return nil, err
	}
	if emitted > 0 {
		rest := &Chunk{}
		for i := emitted; i < c.Len(); i++ {
			e := c.Event(i)
			rest.Add(&e)
		}
		c = rest
	}
	if c.Len() > 0 {
		emit(c)
	}
	return notes, nil
}

// parallelMin is the size from which a file is read by two cores; a
// variable so tests can split small files.
var parallelMin int64 = 32 << 20

const (
	blockSize     = 8 << 20
	firstChunk    = 2000    // events in the first chunk, so the first screen comes at once
	laterChunks   = 1 << 18 // events in each later chunk
	splitLookhead = 1 << 20 // how far past the middle to look for a line starting an event
)

// fastFile reads the file with the fast decoder, in parallel when it is big.
// It returns false when Decode must read it.
func fastFile(name string, r io.ReaderAt, start, size int64, emit func(*Chunk)) bool {
	mode, ok := detectMode(r, start, size)
	if !ok {
		return false
	}
	split := int64(-1)
	if size >= parallelMin {
		split = findSplit(r, mode, size/2, size)
	}
	if split < 0 {
		w := newStreamer(name, mode, stStart, emit)
		return w.run(r, start, size, true) && w.enough()
	}
	// Two halves. The second is kept until the first has been emitted, and
	// counts only if the first ends exactly where the second starts, between
	// two events.
	var second []*Chunk
	w2 := newStreamer(name, mode, afterSplit(mode), func(c *Chunk) { second = append(second, c) })
	var ok2 bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ok2 = w2.run(r, split, size, true)
	}()
	w1 := newStreamer(name, mode, stStart, emit)
	ok1 := w1.run(r, start, split, false)
	wg.Wait()
	if !ok1 {
		return false
	}
	if ok2 && w1.joins() {
		for _, c := range second {
			emit(c)
		}
		return w1.events+w2.events >= minEvents(mode)
	}
	// The split fell inside something the first half knows better: read on
	// from there with the first half's state.
	return w1.run(r, split, size, true) && w1.enough()
}

type scanMode int

const (
	modeArray scanMode = iota
	modeLines
)

func minEvents(m scanMode) int {
	if m == modeLines {
		return 2 // one object may be a customer or a list: Decode tells
	}
	return 1
}

// detectMode looks at the first byte that is not white space.
func detectMode(r io.ReaderAt, start, size int64) (scanMode, bool) {
	buf := make([]byte, 4096)
	for off := start; off < size; off += int64(len(buf)) {
		n, err := r.ReadAt(buf, off)
		for _, c := range buf[:n] {
			switch c {
			case ' ', '\t', '\n', '\r':
				continue
			case '[':
				return modeArray, true
			case '{':
				return modeLines, true
			}
			return 0, false
		}
		if err != nil {
			break
		}
	}
	return 0, false // empty: Decode says so
}

// findSplit finds, from the middle on, the start of a line that starts an
// event: after a comma for an array. It returns -1 if none is near.
func findSplit(r io.ReaderAt, mode scanMode, mid, size int64) int64 {
	buf := make([]byte, min(splitLookhead, size-mid))
	n, _ := r.ReadAt(buf, mid)
	buf = buf[:n]
	for i := 0; i < len(buf); {
		nl := bytes.IndexByte(buf[i:], '\n')
		if nl < 0 {
			return -1
		}
		p := i + nl + 1
		i = p
		j := p
		for j < len(buf) && (buf[j] == ' ' || buf[j] == '\t' || buf[j] == '\r') {
			j++
		}
		if j >= len(buf) || buf[j] != '{' {
			continue
		}
		if mode == modeArray {
			k := p - 1
			for k >= 0 && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r' || buf[k] == '\n') {
				k--
			}
			if k < 0 || buf[k] != ',' {
				continue
			}
		}
		return mid + int64(p)
	}
	return -1
}

type streamState int

const (
	stStart     streamState = iota // before '[', or NDJSON's first line
	stElem                         // array: an event comes next
	stAfterElem                    // array: ',' or ']' comes next
	stEnd                          // array: after ']'
	stLines                        // NDJSON: at the start of a line
)

func afterSplit(m scanMode) streamState {
	if m == modeLines {
		return stLines
	}
	return stElem
}

// streamer feeds blocks of a file to a scanner, carrying an event cut by a
// block's end over to the next block.
type streamer struct {
	name   string
	mode   scanMode
	state  streamState
	emit   func(*Chunk)
	chunk  *Chunk
	events int
	buf    []byte
	carry  int  // bytes at the front of buf not read yet
	sent   bool // a chunk has been emitted
	whole  bool // everything goes into one chunk (decodeFast)
}

func newStreamer(name string, mode scanMode, state streamState, emit func(*Chunk)) *streamer {
	return &streamer{name: name, mode: mode, state: state, emit: emit, chunk: newChunk(firstChunk)}
}

func (w *streamer) enough() bool { return w.events >= minEvents(w.mode) }

// run reads [from, to). With final, the input ends at to; without, to is a
// split point, and what is left over (carry) and the state tell whether the
// halves join up. Bytes of an event cut by a block's end are carried over.
func (w *streamer) run(r io.ReaderAt, from, to int64, final bool) bool {
	for off := from; ; {
		want := int(min(int64(blockSize), to-off))
		need := w.carry + want
		if cap(w.buf) < need {
			nb := make([]byte, need, max(need, blockSize+blockSize/2))
			copy(nb, w.buf[:w.carry])
			w.buf = nb
		}
		w.buf = w.buf[:need]
		n, err := r.ReadAt(w.buf[w.carry:], off)
		if n < want && err != nil && !errors.Is(err, io.EOF) {
			return false
		}
		w.buf = w.buf[:w.carry+n]
		off += int64(n)
		last := off >= to || n == 0
		used, ok := w.feed(w.buf, last && final)
		if !ok {
			return false
		}
		w.carry = copy(w.buf, w.buf[used:])
		if last {
			break
		}
	}
	if final && (w.carry > 0 || (w.mode == modeArray && w.state != stEnd)) {
		return false // cut off, or something after the last event
	}
	return w.flush()
}

// joins reports whether a half read up to a split point ended between two
// events, so the other half can follow.
func (w *streamer) joins() bool {
	return w.state == afterSplit(w.mode) && isSpace(w.buf[:w.carry])
}

func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// flush emits what the current chunk holds.
func (w *streamer) flush() bool {
	if w.chunk.Len() > 0 {
		w.emit(w.chunk)
		w.chunk, w.sent = newChunk(laterChunks), true
	}
	return true
}

// feed reads what it can of data. It returns how many bytes it used; an
// event cut by the end of data is left for the next call unless final.
func (w *streamer) feed(data []byte, final bool) (used int, ok bool) {
	s := newScanner(data, w.name, w.chunk)
	for {
		if !w.whole && w.chunk.Len() >= w.chunkLimit() {
			w.flush()
			s.c = w.chunk
			s.srcID = w.chunk.st.strs.id(SanitizeLine(w.name))
			s.resID = w.chunk.st.strs.id("event")
		}
		mark := s.pos
		switch w.state {
		case stLines:
			s.wsLine()
			if s.pos == len(data) {
				return s.pos, true
			}
			if data[s.pos] == '\n' {
				s.pos++
				continue
			}
			nl := bytes.IndexByte(data[s.pos:], '\n')
			if nl < 0 && !final {
				return mark, true // the line goes on in the next block
			}
			lineEnd := len(data)
			if nl >= 0 {
				lineEnd = s.pos + nl
			}
			if s.peek() != '{' || !s.event() {
				return mark, false
			}
			if s.pos > lineEnd {
				return mark, false // an object over several lines
			}
			s.wsLine()
			if s.pos < len(data) && s.next() != '\n' {
				return mark, false
			}
			w.events++
			continue
		}
		s.ws()
		if s.pos == len(data) {
			return s.pos, true
		}
		switch w.state {
		case stStart:
			switch data[s.pos] {
			case '[':
				s.pos++
				w.state = stElem
				s.ws()
				if s.peek() == ']' {
					return mark, false // empty: Decode notes it
				}
			case '{':
				w.state, w.mode = stLines, modeLines
			default:
				return mark, false
			}
		case stElem:
			if !s.event() {
				if final {
					return mark, false
				}
				return mark, true // perhaps cut by the block's end
			}
			w.events++
			w.state = stAfterElem
		case stAfterElem:
			switch s.next() {
			case ',':
				w.state = stElem
			case ']':
				w.state = stEnd
			default:
				return mark, false
			}
		case stEnd:
			return mark, false // something after the array
		}
	}
}

func (w *streamer) chunkLimit() int {
	if !w.sent {
		return firstChunk
	}
	return laterChunks
}

// newChunk returns a chunk with room for n typical events.
func newChunk(n int) *Chunk {
	c := &Chunk{}
	c.st.recs = make([]record, 0, n)
	c.st.links = make([]linkRec, 0, n)
	c.st.arena = make([]byte, 0, n*16)
	return c
}
