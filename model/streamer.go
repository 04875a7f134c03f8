package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// A streamer feeds the blocks of an input to a scanner, carrying a value
// cut by a block's end over to the next block, and decides what each
// invalid event costs: the reference decoder's verdict on that one event
// (an array element or an NDJSON line), after which reading goes on at the
// next event.
type streamer struct {
	name   string
	mode   scanMode
	state  streamState
	opts   DecodeOptions
	emit   func(*Chunk)
	chunk  *Chunk
	shape  chunkShape // of the chunks emitted, for the next's room
	events int
	// placeAt is where the data feed reads starts in the file, or -1 (a
	// stream): where the places of webhook events are reckoned from
	// (DecodeOptions.PlaceEvents).
	placeAt int64
	// end is the size of the input run reads, when known (a section of a
	// file), after how much of the input comes after it (the other half
	// of a file read by two cores), and taken how much of it the events
	// counted took: what the events left are reckoned from (eventsLeft).
	end, after, taken int64
	madeFor           int // the events the chunk was made for, when fewer than laterChunks

	buf   []byte
	carry int // bytes at the front of buf not read yet
	// parts are the blocks of a long value still being read, which come
	// before buf: set aside block by block and joined once, when the value
	// ends, rather than copied into an ever larger buf. From an input that
	// can be read again (from, a file), a part is only where it was, and
	// buf is reused: the value is read again, once, into its own buffer.
	parts    []part
	partsLen int
	from     io.ReaderAt
	pos      int64 // where in from buf ends
	// base is where from starts in the input DecodeFile reads, or -1 when
	// the input cannot be read again (a stream): what bufAt needs.
	base int64
	// owned: buf was made for a long value that has just ended and is not
	// written again, so the scanner may keep that value's strings in it.
	owned bool
	// src, for a stream, is read in place (view.go): buf is a view on its
	// buffer view, received up to viewEnd, or in a buffer of the
	// streamer's, after pieces of last; held is a piece that starts a
	// buffer, read before buf was used.
	src     *asyncReader
	view    []byte
	viewEnd int
	last    []byte
	held    *piece
	counted counted

	// shapes are the event shapes learned (scan_shape.go), kept from one
	// block's scanner to the next.
	shapes eventShapes

	sent   bool // a chunk has been emitted
	whole  bool // everything goes into one chunk (decodeFast)
	line   int  // the line buf[0] is on
	opened bool // array: just after '[', where ']' is no error

	// unframed: the first value of an input starting with '{' did not end
	// within MaxEventSize, so it is no customer object.
	unframed bool
	split    bool    // big blocks are read on two cores (feedSplit)
	cut      float64 // where feedSplit cuts a block, as a share of it
	part     int     // events in the helper's part of the last split block

	pend    pending // why the carried bytes are not read yet
	skipped int
	reasons []*DecodeError

	// wait, when set, tells whether the input has more to read within a
	// time (a pipe, which may be slow): when it has not, what has been read
	// is decoded and emitted rather than held for more.
	wait     func(time.Duration) bool
	lastEmit time.Time

	stop atomic.Bool // set from another goroutine: run ends at the next block
}

// errStopped ends a run stopped from outside.
var errStopped = errors.New("stopped")

type streamState int

const (
	stStart     streamState = iota // before '[', or the first object
	stFirstLine                    // the first line of input that starts with '{'
	stElem                         // array: an event comes next
	stAfterElem                    // array: ',' or ']' comes next
	stEnd                          // array: after ']'
	stLines                        // NDJSON: at the start of a line
)

// errFallback says the input is not an array or NDJSON (a customer, a
// list response, pretty-printed objects): Decode must read it whole.
var errFallback = errors.New("not read by the fast decoder")

func newStreamer(name string, mode scanMode, state streamState, opts DecodeOptions, emit func(*Chunk)) *streamer {
	if decoded := opts.Decoded; decoded != nil && emit != nil {
		next := emit
		emit = func(c *Chunk) { decoded(c); next(c) }
	}
	return &streamer{name: name, mode: mode, state: state, opts: opts, emit: emit, chunk: newChunk(firstChunk), line: 1, cut: 0.5, base: -1}
}

// bufAt is where buf[i] is in the input DecodeFile reads, or -1 when that
// input is not read from (a stream, or data in memory). buf always ends
// where from has been read to, and the bytes before are the input's in
// order, carried over from a section before this one's base too.
func (w *streamer) bufAt(i int) int64 {
	if w.from == nil || w.base < 0 || w.view != nil {
		return -1
	}
	return w.base + w.pos - int64(len(w.buf)) + int64(i)
}

// run reads r to its end. With final, the input ends there; without, it
// ends at a split point, and joins tells whether the next part follows on.
func (w *streamer) run(r io.Reader, final bool) error {
	w.from, w.pos, w.end = nil, 0, 0
	if ra, ok := r.(io.ReaderAt); ok {
		w.from = ra
	}
	if sr, ok := r.(*io.SectionReader); ok {
		w.end = sr.Size()
	}
	for {
		if w.stop.Load() {
			return errStopped
		}
		var short bool
		var err error
		if w.src != nil {
			short, err = w.readView()
		} else {
			w.room()
			got := len(w.buf)
			var n int
			n, short, err = w.read(r, w.buf[got:cap(w.buf)])
			w.buf = w.buf[:got+n]
			w.pos += int64(n)
		}
		eof := errors.Is(err, io.EOF)
		if err != nil && !eof {
			return err
		}
		if err := w.consume(eof && final); err != nil {
			return err
		}
		if eof {
			break
		}
		if short || (w.wait != nil && time.Since(w.lastEmit) > 500*time.Millisecond) {
			w.flush()
		}
	}
	if !final {
		return nil
	}
	if w.pend.discard {
		// An over-size value skipped, but the input ended inside it.
		return w.tooBig(w.pend.line, 0)
	}
	if w.mode == modeArray && w.state != stEnd && w.state != stStart {
		return w.brokenAt(len(w.buf), "unexpected end of input: the JSON is cut off")
	}
	w.flush()
	return nil
}

// read fills p from r: until it is full or the input ends, or, for an
// input that may be slow, until nothing more comes for a moment or it has
// been reading for a while (short).
func (w *streamer) read(r io.Reader, p []byte) (n int, short bool, err error) {
	var start time.Time
	if w.wait != nil {
		start = time.Now()
	}
	for n < len(p) {
		m, err := r.Read(p[n:])
		n += m
		if err != nil {
			return n, false, err
		}
		if w.wait != nil && n > 0 && (!w.wait(10*time.Millisecond) || time.Since(start) > 100*time.Millisecond) {
			return n, true, nil
		}
	}
	return n, false, nil
}

// consume reads what it can of buf.
func (w *streamer) consume(final bool) error {
	if w.pend.kind != pendNone {
		if ready, err := w.waited(final); !ready || err != nil {
			return err
		}
	}
	used, joined, split, err := w.feedSplit(final)
	if !split || (err == nil && !joined) {
		w.shift(used)
		used, err = w.feed(w.buf, w.bufAt(0), final)
	}
	w.shift(used)
	w.taken = w.pos - int64(w.carry)
	w.owned = false
	if cap(w.buf) > 4*blockSize && w.carry < blockSize {
		w.buf = newBlock(w.buf) // a long value is read: let its buffer go
	}
	w.pend.scanned = w.carry
	if err == nil && w.pend.kind != pendNone && !w.pend.discard {
		err = w.checkSize()
	}
	return err
}

// newBlock is a buffer of the streamer's holding b: a block and a half in
// size, or b and half a block when b is longer than a block.
func newBlock(b []byte) []byte {
	return append(make([]byte, 0, max(len(b), blockSize)+blockSize/2), b...)
}

// counted is how many lines the first n bytes of buf hold, when feedSplit
// has counted them on two cores.
type counted struct{ n, lines int }

var newline = []byte{'\n'}

// shift drops the first used bytes of buf, which have been read. An owned
// buf may hold strings of events read: what is left moves to a new one.
func (w *streamer) shift(used int) {
	if c := w.counted; c.n == used && used > 0 {
		w.line += c.lines
	} else {
		w.line += bytes.Count(w.buf[:used], newline)
	}
	w.counted = counted{}
	if w.view != nil {
		w.buf = w.buf[used:]
		w.carry = len(w.buf)
		return
	}
	if w.owned && used > 0 {
		w.buf = newBlock(w.buf[used:])
		w.carry = len(w.buf)
		return
	}
	w.carry = copy(w.buf, w.buf[used:])
	w.buf = w.buf[:w.carry]
}

// skip records an invalid event left out.
func (w *streamer) skip(err *DecodeError) {
	w.skipped++
	if len(w.reasons) < MaxSkipReasons {
		w.reasons = append(w.reasons, err)
	}
}

// invalid is what an invalid event costs: with SkipInvalid it is counted
// and reading goes on; without, it ends the input.
func (w *streamer) invalid(err error) error {
	var de *DecodeError
	if w.opts.SkipInvalid && errors.As(err, &de) {
		w.skip(de)
		return nil
	}
	return err
}

// lineOf is the line of offset off in buf.
func (w *streamer) lineOf(off int) int {
	return w.line + bytes.Count(w.buf[:min(off, len(w.buf))], []byte{'\n'})
}

// brokenAt is a DecodeError for broken JSON at offset off of buf.
func (w *streamer) brokenAt(off int, msg string) *DecodeError {
	return &DecodeError{File: w.name, Line: w.lineOf(off), Msg: msg, Broken: true}
}

// syntaxError says what is wrong at the start of data, an array's contents
// after an element when afterElem: encoding/json's words for it, at its
// offset in buf, base.
func (w *streamer) syntaxError(data []byte, base int, afterElem bool) *DecodeError {
	prefix := "["
	if afterElem {
		prefix = "[0"
	}
	probe := append([]byte(prefix), data[:min(len(data), 1<<16)]...)
	var syn *json.SyntaxError
	if err := json.Unmarshal(probe, new(json.RawMessage)); errors.As(err, &syn) && syn.Error() != "unexpected end of JSON input" {
		rel := max(int(syn.Offset)-1-len(prefix), 0)
		if bomAt(data, rel) {
			return w.brokenAt(base+rel, midBOM)
		}
		return w.brokenAt(base+rel, "invalid JSON: "+syn.Error())
	}
	return w.brokenAt(base, "invalid JSON: "+excerpt(data))
}

// unended is the error for an array element, at start of data, that does
// not end before the input does: the first fault encoding/json finds from
// there (an unclosed bracket or string usually runs into one), or else
// the input's end.
//
// Only here, once it is sure the element never ends: an element cut by a
// block's end that goes over MaxEventSize is an over-size value, broken
// or not, wherever the blocks fall.
func (w *streamer) unended(data []byte, start int) *DecodeError {
	var syn *json.SyntaxError
	if err := json.Unmarshal(data[start:], new(json.RawMessage)); !errors.As(err, &syn) || syn.Error() == "unexpected end of JSON input" {
		return w.brokenAt(len(data), "unexpected end of input: the JSON is cut off")
	}
	off := start + max(int(syn.Offset)-1, 0)
	if bomAt(data, off) {
		return w.brokenAt(off, midBOM)
	}
	return w.brokenAt(off, "invalid JSON: "+syn.Error())
}

// finish says what the input held besides its events: how many were
// skipped and why, or that it held none.
func (w *streamer) finish(notes []string) []string {
	d := Decoded{Skipped: w.skipped, SkipReasons: w.reasons}
	if n := d.skipNote(w.opts.Explain); n != "" {
		notes = append(notes, n)
	}
	if w.events == 0 && w.skipped == 0 && len(notes) == 0 {
		if w.state == stStart {
			return append(notes, fmt.Sprintf("%s: empty, no events", w.name))
		}
		return append(notes, fmt.Sprintf("%s: no events", w.name))
	}
	return notes
}
