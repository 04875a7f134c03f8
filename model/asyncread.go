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
}

// piece is what one Read returned: b, within the buffer whole, which the
// pieces that follow it fill on until it is used up. Reads from a pipe or
// a gzip stream return tens of kilobytes at a time; a buffer each would
// mean allocating (and clearing) megabytes per kilobyte read.
type piece struct {
	b     []byte
	whole []byte
	err   error
}

// fill reads ahead up to maxBuffers buffers of pieceSize: enough that a
// source as fast as the decoder (gzip, a pipe) is read while the decoder
// works on the last block, rather than only while it waits.
const (
	pieceSize  = 1 << 20
	maxBuffers = 16
	minRead    = 64 << 10 // a buffer with less room left is not read into
	maxPieces  = 256
)

func newAsyncReader(ctx context.Context, r io.Reader) *asyncReader {
	a := &asyncReader{ctx: ctx, pieces: make(chan piece, maxPieces), free: make(chan []byte, maxBuffers), done: make(chan struct{})}
	go a.fill(r)
	return a
}

func (a *asyncReader) fill(r io.Reader) {
	var buf []byte
	off, made := 0, 0
	for {
		if len(buf)-off < minRead {
			switch {
			case made < maxBuffers:
				select {
				case buf = <-a.free:
				default:
					buf, made = make([]byte, pieceSize), made+1
				}
			default:
				select {
				case buf = <-a.free:
				case <-a.done:
					return
				}
			}
			off = 0
		}
		n, err := r.Read(buf[off:])
		if n == 0 && err == nil {
			continue
		}
		select {
		case a.pieces <- piece{buf[off : off+n], buf, err}:
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
	if a.cur.whole != nil && (next.whole == nil || &next.whole[0] != &a.cur.whole[0]) {
		select {
		case a.free <- a.cur.whole:
		default:
		}
	}
	a.cur, a.off = next, 0
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
