package model

import (
	"context"
	"io"
	"time"
)

// asyncReader reads its source in a goroutine, so that whoever reads from
// it can tell whether more input is there at once (idle), and can stop
// waiting when its context is done even if the source never returns
// (standard input that is never closed): the goroutine is then left to
// end whenever its Read does.
type asyncReader struct {
	ctx    context.Context
	pieces chan piece
	free   chan []byte
	done   chan struct{}
	cur    piece
	off    int
	// manual: the reader hands buffers back itself (release), as the
	// decoder reads them in place (streamer.readView).
	manual bool

	// fill reads into buffers of a block each, after headroom bytes left
	// free for the decoder to put what it carries over from the buffer
	// before, and not into one with less than minRead bytes of room left.
	// Set at the start: fill may outlive the decoder.
	headroom, block, minRead int
}

// piece is what one Read returned: b, at offset at of the buffer whole,
// which the pieces that follow it fill on until it is used up. Reads from
// a pipe or a gzip stream return tens of kilobytes at a time.
type piece struct {
	b     []byte
	whole []byte
	at    int
	err   error
}

// fill reads ahead up to maxBuffers buffers: enough that a source as fast
// as the decoder (gzip, a pipe) is read while the decoder works, rather
// than only while it waits.
const (
	maxBuffers = 4
	maxPieces  = 256
)

func newAsyncReader(ctx context.Context, r io.Reader) *asyncReader {
	a := &asyncReader{ctx: ctx, pieces: make(chan piece, maxPieces), free: make(chan []byte, maxBuffers), done: make(chan struct{}),
		headroom: max(blockSize/16, 1), block: blockSize, minRead: min(64<<10, max(blockSize/16, 1))}
	go a.fill(r)
	return a
}

func (a *asyncReader) fill(r io.Reader) {
	var buf []byte
	off, made := 0, 0
	for {
		if len(buf)-off < a.minRead {
			switch {
			case made < maxBuffers:
				select {
				case buf = <-a.free:
				default:
					buf, made = make([]byte, a.headroom+a.block), made+1
				}
			default:
				select {
				case buf = <-a.free:
				case <-a.done:
					return
				}
			}
			off = a.headroom
		}
		n, err := r.Read(buf[off:])
		if n == 0 && err == nil {
			continue
		}
		select {
		case a.pieces <- piece{buf[off : off+n], buf, off, err}:
		case <-a.done:
			return
		}
		off += n
		if err != nil {
			return
		}
	}
}

// Read returns what one piece holds, waiting for one if need be.
func (a *asyncReader) Read(p []byte) (int, error) {
	if a.off == len(a.cur.b) {
		if a.cur.err != nil {
			return 0, a.cur.err
		}
		select {
		case next := <-a.pieces:
			a.take(next)
		case <-a.ctx.Done():
			return 0, a.ctx.Err()
		}
	}
	n := copy(p, a.cur.b[a.off:])
	a.off += n
	if a.off == len(a.cur.b) && a.cur.err != nil && n == 0 {
		return 0, a.cur.err
	}
	return n, nil
}

// take makes next the current piece, handing the last one's buffer back
// once next is in another: fill has moved on from it.
func (a *asyncReader) take(next piece) {
	if !a.manual && a.cur.whole != nil && !sameBuffer(next.whole, a.cur.whole) {
		a.release(a.cur.whole)
	}
	a.cur, a.off = next, 0
}

// release hands a buffer back to fill.
func (a *asyncReader) release(buf []byte) {
	select {
	case a.free <- buf:
	default:
	}
}

func sameBuffer(a, b []byte) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

// next is Read without the copy: the rest of the current piece, or the
// next one, waiting for it if need be. From the first call on, buffers go
// back to fill only by release. An error comes after the piece's bytes.
func (a *asyncReader) next() (piece, error) {
	a.manual = true
	if a.off == len(a.cur.b) {
		if a.cur.err != nil {
			return piece{}, a.cur.err
		}
		select {
		case next := <-a.pieces:
			a.take(next)
		case <-a.ctx.Done():
			return piece{}, a.ctx.Err()
		}
	}
	p := piece{b: a.cur.b[a.off:], whole: a.cur.whole, at: a.cur.at + a.off}
	a.off = len(a.cur.b)
	if len(p.b) == 0 && a.cur.err != nil {
		return piece{}, a.cur.err
	}
	return p, nil
}

// unread puts back the last n bytes read, if they came from the current
// piece, and reports whether it could.
func (a *asyncReader) unread(n int) bool {
	if a.off < n {
		return false
	}
	a.off -= n
	return true
}

// wait reports whether a Read would return without waiting, after waiting
// up to d for input to come.
func (a *asyncReader) wait(d time.Duration) bool {
	if a.off < len(a.cur.b) || a.cur.err != nil {
		return true
	}
	select {
	case next := <-a.pieces:
		a.take(next)
		return true
	default:
	}
	if d <= 0 {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case next := <-a.pieces:
		a.take(next)
		return true
	case <-a.ctx.Done():
		return true // Read says so
	case <-t.C:
		return false
	}
}

func (a *asyncReader) close() { close(a.done) }
