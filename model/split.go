package model

import (
	"bytes"
	"time"
)

// splitMin is the block size from which a stream's block is read by two
// cores; a variable so tests can split small blocks.
var splitMin = 1 << 20

// feedSplit is feed on two cores, for a stream's big block: a helper reads
// the block's second part, from the first line that starts an event after
// the cut (w.cut of the block), while w reads the first part, and each
// counts the lines of its own. When w's part ends exactly where the
// helper's starts, between two events, w takes over the helper's events
// and state; else the helper's work is dropped and w reads on from where
// it stopped. split is false when the block was not split, and nothing was
// read.
func (w *streamer) feedSplit(final bool) (used int, joined, split bool, err error) {
	if !w.split || len(w.buf) < splitMin || w.pend.kind != pendNone {
		return 0, false, false, nil
	}
	if w.wait != nil && !w.wait(0) {
		// The input is slower than one core reads it (gzip, a slow
		// pipe): a second core would only take time from the first.
		return 0, false, false, nil
	}
	switch w.state {
	case stLines, stElem, stAfterElem:
	default:
		return 0, false, false, nil
	}
	from := int(float64(len(w.buf)) * w.cut)
	at := splitIn(w.buf[from:], w.mode)
	if at < 0 {
		return 0, false, false, nil
	}
	at += from
	h := newStreamer(w.name, w.mode, afterSplit(w.mode), w.opts, nil)
	h.whole, h.buf, h.chunk = true, w.buf[at:], w.shape.newChunk(w.partSize())
	var hUsed, hLines int
	var hErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		hUsed, hErr = h.feed(h.buf, w.bufAt(at), final)
		hLines = bytes.Count(h.buf[:hUsed], newline)
	}()
	used, err = w.feed(w.buf[:at], w.bufAt(0), false)
	lines := bytes.Count(w.buf[:at], newline) // while the helper reads on
	select {
	case <-done:
		w.cut = max(w.cut-cutStep, 0.25) // w was last: give it less next time
	default:
		<-done
		w.cut = min(w.cut+cutStep, 0.75)
	}
	if err != nil || w.state != afterSplit(w.mode) || w.pend.kind != pendNone || !isSpace(w.buf[used:at]) {
		w.pend = pending{}
		return used, false, true, err
	}
	// The helper counted lines from 1 at the split.
	base := w.line + lines - 1
	for _, r := range h.reasons {
		r.Line += base
		if len(w.reasons) < MaxSkipReasons {
			w.reasons = append(w.reasons, r)
		}
	}
	if de, ok := hErr.(*DecodeError); ok {
		de.Line += base
	}
	w.handOn(h.chunk)
	w.events += h.events
	w.skipped += h.skipped
	w.state, w.pend, w.opened = h.state, h.pend, h.opened
	w.counted = counted{at + hUsed, lines + hLines}
	return at + hUsed, true, true, hErr
}

// handOn emits w's chunk and then the helper's, whose events follow in the
// input; the helper's chunk is not copied into w's. The next chunks are
// made for about as many events as the helper's part had.
func (w *streamer) handOn(h *Chunk) {
	w.part = h.Len()
	for _, c := range []*Chunk{w.chunk, h} {
		if c.Len() > 0 {
			w.shape.add(c)
			c.st.trim()
			w.emit(c)
		}
	}
	w.sent, w.lastEmit = true, time.Now()
	w.chunk = w.shape.newChunk(w.partSize())
}

// partSize is the room a chunk for one part of a split block is made with.
func (w *streamer) partSize() int { return max(firstChunk, w.part+w.part/8) }

// cutStep is how far feedSplit moves its cut after each block, towards the
// two parts taking as long: how fast each core goes depends on what else
// runs (the program writing the pipe, gzip, the consumer of the chunks).
const cutStep = 1.0 / 64

// splitIn finds in buf the start of a line that starts an event: after a
// comma for an array. It returns -1 if there is none.
func splitIn(buf []byte, mode scanMode) int {
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
		return p
	}
	return -1
}
