package source

import (
	"context"
	"io"
	"net/http"
)

// bigBody is the size past which a body is read only by one request at a
// time: four 60 MB resources read at once would hold 240 MB, and the
// garbage collector's headroom doubles that.
const bigBody = 8 << 20

// bigBodies is the one turn to read a body past bigBody, process-wide.
var bigBodies = make(chan struct{}, 1)

// readBody reads up to MaxBodySize+1 bytes of resp's body, into a buffer
// of the size the server announced when it did (a 60 MB body then takes
// 60 MB, not the doublings of a growing slice), waiting for its turn in
// bigBodies before it holds more than bigBody.
func readBody(ctx context.Context, resp *http.Response) ([]byte, error) {
	r := io.LimitReader(resp.Body, MaxBodySize+1)
	turn := false
	defer func() {
		if turn {
			<-bigBodies
		}
	}()
	wait := func() error {
		select {
		case bigBodies <- struct{}{}:
			turn = true
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var buf []byte
	if n := resp.ContentLength; n > 0 {
		// One byte over the announced size, so that a body longer than
		// announced is seen to be.
		n = min(n, MaxBodySize) + 1
		if n > bigBody {
			if err := wait(); err != nil {
				return nil, err
			}
		}
		buf = make([]byte, 0, n)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow as io.ReadAll does
		}
		end := cap(buf)
		if !turn && len(buf) >= bigBody {
			if err := wait(); err != nil {
				return buf, err
			}
		} else if !turn {
			end = min(end, bigBody)
		}
		n, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
