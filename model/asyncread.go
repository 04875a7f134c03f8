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

type piece struct {
	b   []byte
	err error
}

const pieceSize = 1 << 20

func newAsyncReader(ctx context.Context, r io.Reader) *asyncReader {
	a := &asyncReader{ctx: ctx, pieces: make(chan piece, 4), free: make(chan []byte, 4), done: make(chan struct{})}
	go a.fill(r)
	return a
}

func (a *asyncReader) fill(r io.Reader) {
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		default:
			buf = make([]byte, pieceSize)
		}
		n, err := r.Read(buf[:cap(buf)])
		if n == 0 && err == nil {
			continue
		}
		select {
		case a.pieces <- piece{buf[:n], err}:
		case <-a.done:
			return
		}
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

// take makes next the current piece, handing the last one's buffer back.
func (a *asyncReader) take(next piece) {
	if a.cur.b != nil {
		select {
		case a.free <- a.cur.b[:0]:
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
