package model

import (
	"bytes"
	"context"
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
// Arrays of events and NDJSON are read as they stream by; an invalid event
// costs only itself (skipped with SkipInvalid, else the error). Any other
// shape (a customer, a list response) is read whole by Decode.
//
// The rule that keeps the fast path honest: for any input, DecodeFile and
// DecodeStream give the same events, skips and notes as Decode, the
// reference decoder, and fail where it fails; an event the fast scanner
// cannot read is read by the reference decoder on its own.
// TestDecodeFileMatchesDecode and FuzzDecodeStream hold them to it.
func DecodeFile(name string, r io.ReaderAt, size int64, opts DecodeOptions, emit func(*Chunk)) (notes []string, err error) {
	var head [3]byte
	n, _ := r.ReadAt(head[:], 0)
	start := int64(0)
	if n == 3 && bytes.Equal(head[:], bom) {
		start = 3
	}
	w, err := decodeSections(name, r, start, size, opts, emit)
	if errors.Is(err, errFallback) {
		// Not an array or NDJSON, and nothing emitted yet: Decode reads it.
		data := make([]byte, size)
		if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		return decodeWhole(name, data, opts, emit)
	}
	if err != nil {
		w.flushBefore(err)
		return nil, err
	}
	return w.finish(nil), nil
}

// flushBefore emits the events read before err, an invalid event or broken
// JSON, which the caller reports after them: they are as good as those of
// the chunks emitted before, and a printer streaming the input writes them.
func (w *streamer) flushBefore(err error) {
	var de *DecodeError
	if errors.As(err, &de) {
		w.flush()
	}
}

// decodeWhole is Decode on all of data.
func decodeWhole(name string, data []byte, opts DecodeOptions, emit func(*Chunk)) ([]string, error) {
	c, notes, err := DecodeChunk(name, data, opts)
	if err != nil {
		return nil, err
	}
	if c.Len() > 0 {
		if opts.Decoded != nil {
			opts.Decoded(c)
		}
		emit(c)
	}
	return notes, nil
}

// DecodeStream reads events from r as they come, which may be slowly (a
// pipe from tail -f): what has been read is emitted before DecodeStream
// waits for more, and it returns ctx's error at once when ctx is done, even
// while r has nothing to read. Like DecodeFile it reads arrays and NDJSON a
// block at a time, in memory bounded by the events kept; anything else is
// read whole, and counts against opts.MaxEventSize as one value.
func DecodeStream(ctx context.Context, name string, r io.Reader, opts DecodeOptions, emit func(*Chunk)) (notes []string, err error) {
	in := newAsyncReader(ctx, r)
	defer in.close()
	w := newStreamer(name, modeArray, stStart, opts, emit)
	w.wait, w.split = in.wait, true
	var head [3]byte
	n, err := io.ReadFull(in, head[:])
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	skip := 0
	if bytes.Equal(head[:n], bom) {
		skip = n
	}
	if in.unread(n - skip) {
		w.src = in // read in place
		err = w.run(nil, true)
	} else {
		err = w.run(io.MultiReader(bytes.NewReader(head[skip:n]), in), true)
	}
	if errors.Is(err, errFallback) {
		// Only white space came before the first value: its newlines keep
		// Decode's line numbers, in skip notes too.
		limit := opts.maxEventSize()
		if err := w.join(); err != nil {
			return nil, err
		}
		data := append(bytes.Repeat([]byte{'\n'}, w.line-1), w.buf[:w.carry]...)
		if w.held != nil {
			data = append(data, w.held.b...)
		}
		in.manual = false // Read hands buffers back as it moves past them
		rest, rerr := io.ReadAll(io.LimitReader(in, limit+1-int64(len(data))))
		if rerr != nil {
			return nil, rerr
		}
		if data = append(data, rest...); int64(len(data)) > limit {
			return nil, w.tooBig(w.line, 0)
		}
		return decodeWhole(name, data, opts, emit)
	}
	if err != nil {
		w.flushBefore(err)
		return nil, err
	}
	return w.finish(nil), nil
}

// parallelMin is the size from which a file is read by two cores, and
// blockSize how much is read at a time; variables so tests can split small
// inputs, and make many chunks of them.
var (
	parallelMin int64 = 32 << 20
	blockSize         = 8 << 20
	laterChunks       = 1 << 18 // events in each chunk after the first
)

const (
	firstChunk    = 2000    // events in the first chunk, so the first screen comes at once
	splitLookhead = 1 << 20 // how far past the middle to look for a line starting an event
)

// decodeSections reads [start, size) of r, in two halves on two cores when
// it is big. It returns the streamer that read the start, which holds the
// counts of both.
func decodeSections(name string, r io.ReaderAt, start, size int64, opts DecodeOptions, emit func(*Chunk)) (*streamer, error) {
	mode, ok := detectMode(r, start, size)
	split := int64(-1)
	if ok && size >= parallelMin {
		split = findSplit(r, mode, size/2, size)
	}
	w1 := newStreamer(name, modeArray, stStart, opts, emit)
	w1.base = start
	if split < 0 {
		return w1, w1.run(io.NewSectionReader(r, start, size-start), true)
	}
	w1.after = size - split
	// Two halves. The second is kept until the first has been emitted, and
	// counts only if the first ends exactly where the second starts, between
	// two events.
	var second []*Chunk
	w2 := newStreamer(name, mode, afterSplit(mode), opts, func(c *Chunk) { second = append(second, c) })
	// Its first chunk is small, as the first half's is, so that the next
	// ones are made with room for events of the shape it shows.
	w2.base = split
	var err2 error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err2 = w2.run(io.NewSectionReader(r, split, size-split), true)
	}()
	err1 := w1.run(io.NewSectionReader(r, start, split-start), false)
	switch {
	case err1 != nil:
		w2.stop.Store(true) // the first half's error is the input's
	case w1.joins():
		// The first half's last events go on while the second half is
		// still being read, its blocks let go first (the white space
		// carried counted into its lines).
		w1.line += bytes.Count(w1.buf[:w1.carry], newline)
		w1.buf, w1.carry = nil, 0
		w1.flush()
	}
	wg.Wait()
	if err1 != nil {
		return w1, err1
	}
	if !w1.joins() {
		// The split fell inside something the first half knows better:
		// read on from there with the first half's state.
		w1.base, w1.after = split, 0
		return w1, w1.run(io.NewSectionReader(r, split, size-split), true)
	}
	// The second half counted its lines from 1.
	base := w1.line + bytes.Count(w1.buf[:w1.carry], []byte{'\n'}) - 1
	// Nothing more is read: the blocks (12 MB each) go before the last
	// chunks are handed on, when the heap is at its largest.
	w1.buf, w1.carry, w2.buf, w2.carry = nil, 0, nil, 0
	w1.flush()
	w2.flushBefore(err2) // into second, after the second half's other chunks
	for _, c := range second {
		emit(c)
	}
	var de *DecodeError
	if errors.As(err2, &de) {
		de.Line += base
	}
	for _, r := range w2.reasons {
		r.Line += base
		if len(w1.reasons) < MaxSkipReasons {
			w1.reasons = append(w1.reasons, r)
		}
	}
	w1.events += w2.events
	w1.skipped += w2.skipped
	w1.state = w2.state
	return w1, err2
}

type scanMode int

const (
	modeArray scanMode = iota
	modeLines
)

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
	return 0, false
}

// findSplit finds, from the middle on, the start of a line that starts an
// event: after a comma for an array. It returns -1 if none is near.
func findSplit(r io.ReaderAt, mode scanMode, mid, size int64) int64 {
	buf := make([]byte, min(splitLookhead, size-mid))
	n, _ := r.ReadAt(buf, mid)
	at := splitIn(buf[:n], mode)
	if at < 0 {
		return -1
	}
	return mid + int64(at)
}

func afterSplit(m scanMode) streamState {
	if m == modeLines {
		return stLines
	}
	return stElem
}

// joins reports whether a half read up to a split point ended between two
// events, so the other half can follow.
func (w *streamer) joins() bool {
	return w.state == afterSplit(w.mode) && w.pend.kind == pendNone && isSpace(w.buf[:w.carry])
}

func isSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}
