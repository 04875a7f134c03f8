package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// feed reads what it can of data, which is w.buf, and returns how many
// bytes it used. A value cut by the end of data is left, with w.pend saying
// what it waits for, unless final. Each event the fast scanner cannot read
// is read by the reference decoder on its own (lineEvent, elemEvent), so
// one bad event costs one event. at is where data starts in the input
// DecodeFile reads, or -1 (scanner.at).
func (w *streamer) feed(data []byte, at int64, final bool) (used int, err error) {
	s := newScanner(data, w.name, w.chunk)
	s.owned, s.at, s.shapes = w.owned, at, &w.shapes
	w.placeAt = at
	for {
		if !w.whole && w.chunkFull() {
			w.taken = w.pos - int64(len(w.buf)) + int64(s.pos) // what was read before this event
			w.flush()
			s.reset(w.chunk)
		}
		mark := s.pos
		var done bool
		if w.state == stLines || w.state == stFirstLine {
			done, used, err = w.feedLine(s, data, final, mark)
		} else {
			done, used, err = w.feedArray(s, data, final, mark)
		}
		if done {
			return used, err
		}
	}
}

// feedLine reads NDJSON: one line, or the first line's decision on the
// input's shape. It reports done when feed must return used and err;
// mark is where the step started.
func (w *streamer) feedLine(s *scanner, data []byte, final bool, mark int) (done bool, used int, err error) {
	s.wsLine()
	if s.pos == len(data) {
		return true, s.pos, nil
	}
	if data[s.pos] == '\n' {
		s.pos++
		return false, 0, nil
	}
	if w.state == stLines && data[s.pos] == '{' {
		if read, err := w.lineByShape(s); read || err != nil {
			return err != nil, mark, err
		}
	}
	end := len(data)
	if nl := bytes.IndexByte(data[s.pos:], '\n'); nl >= 0 {
		end = s.pos + nl
	} else if !final {
		w.pend = pending{kind: pendLine}
		return true, mark, nil // the line goes on in the next block
	}
	if w.state == stFirstLine {
		next, err := w.firstLine(s, end, final)
		if err != nil || next {
			return true, mark, err
		}
		return false, 0, nil
	}
	if err := w.readLine(s, end); err != nil {
		return true, mark, err
	}
	return false, 0, nil
}

// feedArray reads an array of events, or the start of any input: one
// element, or what comes between them. It reports done as feedLine does.
func (w *streamer) feedArray(s *scanner, data []byte, final bool, mark int) (done bool, used int, err error) {
	s.ws()
	if s.pos == len(data) {
		return true, s.pos, nil
	}
	switch w.state {
	case stStart:
		switch data[s.pos] {
		case '[':
			s.pos++
			w.state, w.mode, w.opened = stElem, modeArray, true
		case '{':
			w.state, w.mode = stFirstLine, modeLines
		default:
			return true, mark, &DecodeError{File: w.name, Line: w.lineOf(s.pos), Msg: "not JSON events: want an array or an object, got " + excerpt(data[s.pos:])}
		}
	case stElem:
		if w.opened && data[s.pos] == ']' {
			s.pos++
			w.state = stEnd // []
			return false, 0, nil
		}
		start := s.pos
		m := w.chunk.st.mark()
		if s.event() {
			w.state, w.opened = stAfterElem, false
			if err := w.sized(start, s.pos, m); err != nil {
				return true, mark, err
			}
			return false, 0, nil
		}
		w.chunk.st.rollback(m)
		var f frame
		end, done := f.scan(data[start:])
		if !done {
			if final {
				return true, mark, w.unended(data, start)
			}
			w.pend = pending{kind: pendValue, frame: f}
			return true, mark, nil // perhaps cut by the block's end
		}
		s.pos = start + end
		w.state, w.opened = stAfterElem, false
		if err := w.badElem(data[start:s.pos], start); err != nil {
			return true, mark, err
		}
	case stAfterElem:
		switch data[s.pos] {
		case ',':
			s.pos++
			w.state = stElem
		case ']':
			s.pos++
			w.state = stEnd
		default:
			return true, mark, w.syntaxError(data[s.pos:], s.pos, true)
		}
	case stEnd:
		return true, mark, w.brokenAt(s.pos, "unexpected data after the JSON array: "+excerpt(data[s.pos:]))
	}
	return false, 0, nil
}

// readLine reads the NDJSON line from s.pos to end (a newline or the end of
// the input) and moves past it.
func (w *streamer) readLine(s *scanner, end int) error {
	start := s.pos
	m := w.chunk.st.mark()
	if s.peek() == '{' && s.event() && s.pos <= end {
		valueEnd := s.pos
		s.wsLine()
		if s.pos == end {
			s.pos = min(end+1, len(s.data))
			return w.sized(start, valueEnd, m)
		}
	}
	w.chunk.st.rollback(m)
	s.pos = min(end+1, len(s.data))
	line := s.data[start:end]
	if len(bytes.TrimSpace(line)) == 0 {
		return nil // white space Decode also counts as blank
	}
	if size := int64(len(bytes.TrimRight(line, " \t\r"))); size > w.opts.maxEventSize() {
		return w.tooBig(w.lineOf(start), size)
	}
	e, err := lineEvent(w.name, line, w.lineOf(start))
	if err != nil {
		return w.invalid(err)
	}
	w.chunk.st.add(&e)
	w.added(start, end)
	return nil
}

// lineByShape reads the line at s.pos when its event is of a shape learned
// (scanner.shapedEvent) that holds no newline, and white space and a
// newline follow it: the line ends where the event does, found without
// looking for the line's end first. It reports whether it read the line.
func (w *streamer) lineByShape(s *scanner) (bool, error) {
	if len(s.shapes.roots) == 0 {
		return false, nil
	}
	start, m := s.pos, w.chunk.st.mark()
	shape := s.shapedEvent()
	if shape == nil {
		return false, nil
	}
	valueEnd := s.pos
	s.wsLine()
	if shape.newline || s.pos == len(s.data) || s.data[s.pos] != '\n' {
		w.chunk.st.rollback(m)
		s.pos = start
		return false, nil
	}
	s.pos++
	return true, w.sized(start, valueEnd, m)
}

// firstLine reads the first line of input that starts with '{'. An event
// the fast scanner reads, that is no customer or list response, is NDJSON's
// first event whatever follows. Anything else is decided by what follows:
// another line starting with an object makes it NDJSON (a broken first line
// is then skipped like any other); a single value, or pretty-printed
// objects, are Decode's (errFallback). next is true when the line must wait
// for more input.
func (w *streamer) firstLine(s *scanner, end int, final bool) (next bool, err error) {
	start := s.pos
	m := w.chunk.st.mark()
	s.container = false
	if ok, fast := s.fastEvent(); ok && fast && !s.container && s.pos <= end {
		valueEnd := s.pos
		s.wsLine()
		if s.pos == end {
			s.pos = min(end+1, len(s.data))
			w.state = stLines
			return false, w.sized(start, valueEnd, m)
		}
	}
	w.chunk.st.rollback(m)
	s.pos = start
	after := skipSpace(s.data, end)
	if after == len(s.data) && !final {
		w.pend = pending{kind: pendNonBlank}
		return true, nil
	}
	line := s.data[start:end]
	ndjson := after < len(s.data) && json.Valid(line)
	if !ndjson && after < len(s.data) && s.data[after] == '{' {
		// A broken first line, or a customer over several lines? As
		// brokenFirstLine tells, with what has been read.
		if bytes.IndexByte(s.data[after:], '\n') < 0 && !final {
			w.pend = pending{kind: pendLine}
			return true, nil
		}
		if json.Valid(nextLine(s.data[after:])) {
			var f frame
			vend, done := f.scan(s.data[start:])
			if !done && !final && !w.unframed {
				w.pend = pending{kind: pendValue, frame: f}
				return true, nil // up to MaxEventSize, then unframed
			}
			ndjson = !done || !json.Valid(s.data[start:start+vend])
		}
	}
	if ndjson {
		w.state = stLines
		return false, w.readLine(s, end)
	}
	return true, errFallback
}

// badElem reads an array element the fast scanner could not, elem at
// offset start of buf, as Decode would.
func (w *streamer) badElem(elem []byte, start int) error {
	if size := int64(len(elem)); size > w.opts.maxEventSize() {
		return w.tooBig(w.lineOf(start), size)
	}
	if deep := scanDepthFrom(elem, 1); deep >= 0 {
		// Decode refuses the whole array, skipping or not.
		return &DecodeError{File: w.name, Line: w.lineOf(start + deep), Msg: fmt.Sprintf("nesting deeper than %d levels: not Mollie events", MaxDepth)}
	}
	if !json.Valid(elem) {
		return w.syntaxError(w.buf[start:], start, false)
	}
	e, err := elemEvent(w.name, elem, func(off int) int { return w.lineOf(start + off) })
	if err != nil {
		return w.invalid(err)
	}
	w.chunk.st.add(&e)
	w.added(start, start+len(elem))
	return nil
}

// sized counts the event just read, from start to end of buf, unless it is
// over MaxEventSize: then it is taken back (from m) as invalid.
func (w *streamer) sized(start, end int, m storeMark) error {
	if size := int64(end - start); size > w.opts.maxEventSize() {
		w.chunk.st.rollback(m)
		return w.tooBig(w.lineOf(start), size)
	}
	w.added(start, end)
	return nil
}

// added counts the event just added to the chunk, buf[start:end], and
// keeps where it is in the file, or a copy, when it is a webhook event and
// places are kept (DecodeOptions.PlaceEvents): what feed reads is the
// start of buf.
func (w *streamer) added(start, end int) {
	w.events++
	st := &w.chunk.st
	if !w.opts.PlaceEvents || st.recs[len(st.recs)-1].tform&formIDs == 0 {
		return
	}
	if start = skipWS(w.buf, start); start >= end || w.buf[start] != '{' {
		return
	}
	obj := bytes.TrimRight(w.buf[start:end], " \t\r")
	x := Entity{Event: len(st.recs) - 1, Off: w.placeAt + int64(start), Len: len(obj)}
	if w.placeAt < 0 {
		x.Off, x.Raw = -1, bytes.Clone(obj)
	}
	if slot, ok := st.slot(x); ok {
		st.places = append(st.places, slot)
	}
}

// tooBig is what a value over MaxEventSize at line costs: an invalid
// event when its size is known and SkipInvalid says to skip it, else an
// error that ends the read. size is 0 when the value has not ended within
// the limit.
func (w *streamer) tooBig(line int, size int64) error {
	e := &TooBigError{Size: size, Limit: w.opts.maxEventSize(), Skipped: size > 0 && w.opts.SkipInvalid}
	de := &DecodeError{File: w.name, Line: line, Msg: e.Error(), Err: e}
	if !e.Skipped {
		return de
	}
	w.skip(de)
	return nil
}
