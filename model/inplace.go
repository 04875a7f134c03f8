package model

import "time"

// A stream is decoded where fill read it, without copying it block by
// block into a buffer of the streamer's: buf is then a view on one of the
// async reader's buffers (view), and grows as pieces arrive behind it. What
// a block leaves unread (the start of an event it cut) moves to the front
// of the next buffer, into the headroom fill leaves there. What does not
// fit there (a long value) goes on in a buffer of the streamer's, as for a
// file, until the next buffer starts.

// readView adds to buf what has come: up to the end of the buffer buf is
// in, or, for an input that may be slow, what came before nothing more
// came for a moment (short).
func (w *streamer) readView() (short bool, err error) {
	start := time.Now()
	got := 0
	for {
		var p piece
		if w.held != nil {
			p, w.held = *w.held, nil
		} else if p, err = w.src.next(); err != nil {
			return false, err
		}
		if !w.place(p, got > 0) {
			w.held = &p // the next buffer's: buf is read first
			return false, nil
		}
		got += len(p.b)
		if w.view != nil && w.viewEnd == len(w.view) || w.view == nil && len(w.buf) >= blockSize {
			return false, nil
		}
		if !w.src.wait(10*time.Millisecond) || time.Since(start) > 100*time.Millisecond {
			return true, nil
		}
	}
}

// place puts piece p behind buf, and reports false when it did not since
// p starts a buffer and buf holds more than the bytes carried (more): buf
// is read first, so that what it leaves may move in front of p.
func (w *streamer) place(p piece, more bool) bool {
	first := p.at == w.src.headroom
	switch {
	case w.view != nil && sameBuffer(p.whole, w.view) && p.at == w.viewEnd:
		w.viewEnd += len(p.b)
		w.buf = w.view[w.viewEnd-len(w.buf)-len(p.b) : w.viewEnd]
		return true
	case first && more:
		return false
	case first && len(w.buf) <= w.src.headroom && len(w.parts) == 0 && !w.pend.discard:
		n := len(w.buf)
		copy(p.whole[p.at-n:], w.buf)
		w.leave()
		w.view, w.viewEnd = p.whole, p.at+len(p.b)
		w.buf = w.view[p.at-n : w.viewEnd]
		return true
	}
	// In a buffer of the streamer's.
	w.private()
	w.room()
	w.buf = append(w.buf, p.b...)
	if w.last != nil && !sameBuffer(w.last, p.whole) {
		w.src.release(w.last)
	}
	w.last = p.whole
	return true
}

// private moves buf out of the buffer it is a view on, into one of the
// streamer's, where it may be written to. Pieces of that buffer may still
// come: it goes back to fill once one of another has (place).
func (w *streamer) private() {
	if w.view == nil {
		return
	}
	w.buf = newBlock(w.buf)
	w.last, w.view, w.viewEnd = w.view, nil, 0
}

// leave hands the buffers of what is read back to fill, when p, the first
// piece of the next buffer, has come: fill has moved on from them.
func (w *streamer) leave() {
	if w.view != nil {
		w.src.release(w.view)
		w.view, w.viewEnd = nil, 0
	}
	if w.last != nil {
		w.src.release(w.last)
		w.last = nil
	}
}

// room makes room in the streamer's buf for a block: setting a long value's
// blocks aside, or growing.
func (w *streamer) room() {
	if cap(w.buf)-len(w.buf) >= max(blockSize/2, 1) {
		return
	}
	if w.longValue() {
		w.setAside()
	} else {
		w.grow(len(w.buf) + blockSize)
	}
}
