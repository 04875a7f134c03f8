package webhook

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Store is the file every accepted event is kept in: one NDJSON line per
// event, appended and synced to disk before Append returns, so that a
// delivery answered 200 survives a crash or kill -9. Appends that arrive
// while a sync runs are written and synced together by the next one (group
// commit). Each event is kept once: Append of an event whose key the file
// already holds, from this run or an earlier one, stores nothing.
type Store struct {
	path string
	f    file

	mu      sync.Mutex
	keys    map[string]*entry // every event stored or being stored, by Key
	batch   []*entry          // waiting for the next write
	size    int64             // the file's length up to its last synced line
	closed  bool
	kick    chan struct{} // the writer has work
	stopped chan struct{} // the writer has ended
}

// file is what the store needs of its file; tests put a failing one in.
type file interface {
	io.ReadWriteCloser
	Sync() error
	Truncate(size int64) error
}

// entry is one event on its way to the file; done is closed once it is
// synced (err nil) or failed.
type entry struct {
	key  string
	line []byte
	at   int64 // where line starts in the file, once written
	done chan struct{}
	err  error
}

// Key is what tells two deliveries of one event apart from two events:
// its "id" (Mollie's event_…), or for a line without one, a hash of the
// line.
func Key(line []byte) string {
	// A string field, not any: the other members are skipped, not built.
	// An "id" that is not a string fails the decoding and gets the hash.
	var v struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(line, &v) == nil && v.ID != "" {
		return v.ID
	}
	sum := sha256.Sum256(line)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// OpenStore opens path for appending, creating it and its directory
// (readable by the user alone) when missing, and reads the keys of the
// events it holds. A last line cut short by a crash is moved to
// path+".torn" and the file cut back to its last whole line, so the next
// event starts a line of its own; each such repair, and any line that is
// not JSON, is said in the warnings and never stops it.
func OpenStore(path string) (*Store, []string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	s := &Store{path: path, f: f, keys: map[string]*entry{}, kick: make(chan struct{}, 1), stopped: make(chan struct{})}
	warnings, err := s.load()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	go s.write()
	return s, warnings, nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Size is the file's length up to its last synced line.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// Len is how many events the file holds.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}

// load reads the keys of the file's lines and repairs a torn last line.
func (s *Store) load() (warnings []string, err error) {
	r := bufio.NewReaderSize(s.f, 1<<20)
	var off int64
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			if len(line) > 0 {
				w, rerr := s.repair(off, line, n)
				return append(warnings, w), rerr
			}
			s.size = off
			return warnings, nil
		}
		if err != nil {
			return warnings, err
		}
		off += int64(len(line))
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !json.Valid(line) {
			warnings = append(warnings, fmt.Sprintf("%s:%d: not JSON, skipped", s.path, n))
			continue
		}
		done := make(chan struct{})
		close(done)
		k := Key(line)
		s.keys[k] = &entry{key: k, done: done}
	}
}

// repair deals with a last line without its newline, at offset off: a
// whole event is kept and given its newline; anything else is what a
// crash cut short, never acknowledged, and is moved aside.
func (s *Store) repair(off int64, line []byte, n int) (string, error) {
	if trimmed := bytes.TrimSpace(line); json.Valid(trimmed) {
		if _, err := s.f.Write([]byte("\n")); err != nil {
			return "", err
		}
		k := Key(trimmed)
		done := make(chan struct{})
		close(done)
		s.keys[k] = &entry{key: k, done: done}
		s.size = off + int64(len(line)) + 1
		return fmt.Sprintf("%s:%d: the last line had no line end; one was added", s.path, n), s.f.Sync()
	}
	torn := s.path + ".torn"
	t, err := os.OpenFile(torn, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err == nil {
		_, err = t.Write(append(line, '\n'))
		if cerr := t.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return "", fmt.Errorf("moving the cut-off last line aside: %w", err)
	}
	if err := s.f.Truncate(off); err != nil {
		return "", err
	}
	s.size = off
	return fmt.Sprintf("%s:%d: the last line was cut off (a crash while it was written, so never acknowledged); skipped, and its %d bytes moved to %s",
		s.path, n, len(line), torn), s.f.Sync()
}

// ErrClosed says the store was closed before the event could be stored.
var ErrClosed = errors.New("the store is closed")

// Append stores line (one line of JSON, without its newline) unless an
// event of the same key is stored already, and returns once it is synced
// to disk: stored says whether it was new. An event being stored by
// another call waits for that one and shares its outcome. An error means
// nothing is kept: a later Append of the same event tries again. When ctx
// ends first, Append returns its error while the event is still written
// (a retry of it is then a repeat).
func (s *Store) Append(ctx context.Context, line []byte) (stored bool, err error) {
	_, stored, err = s.AppendAt(ctx, line)
	return stored, err
}

// AppendAt is Append that also says where in the file line is, when it
// was stored (-1 when not).
func (s *Store) AppendAt(ctx context.Context, line []byte) (at int64, stored bool, err error) {
	k := Key(line)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return -1, false, ErrClosed
	}
	if e, ok := s.keys[k]; ok {
		s.mu.Unlock()
		if err := e.wait(ctx); err != nil {
			return -1, false, err
		}
		return -1, false, e.err
	}
	e := &entry{key: k, line: line, done: make(chan struct{})}
	s.keys[k] = e
	s.batch = append(s.batch, e)
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	if err := e.wait(ctx); err != nil {
		return -1, false, err
	}
	if e.err != nil {
		return -1, false, e.err
	}
	return e.at, true, nil
}

// wait waits until e is synced or failed, or ctx ends: ctx's error.
func (e *entry) wait(ctx context.Context) error {
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// write is the one goroutine that writes: every batch that gathered
// while the last one synced goes out in one write and one sync.
func (s *Store) write() {
	defer close(s.stopped)
	var buf []byte
	for range s.kick {
		s.mu.Lock()
		batch := s.batch
		s.batch = nil
		closed := s.closed
		s.mu.Unlock()
		if len(batch) > 0 {
			buf = buf[:0]
			for _, e := range batch {
				e.at = int64(len(buf)) // in buf; commit adds where buf goes
				buf = append(append(buf, e.line...), '\n')
			}
			s.commit(batch, buf)
		}
		if closed {
			return
		}
	}
}

// commit writes buf, the lines of batch, and syncs it; on failure it cuts
// the file back to where it was, so no half-written line stays, and every
// entry of the batch fails with the error.
func (s *Store) commit(batch []*entry, buf []byte) {
	base := s.size // only this goroutine changes it once the store is open
	_, err := s.f.Write(buf)
	if err == nil {
		err = s.f.Sync()
	}
	s.mu.Lock()
	if err != nil {
		err = fmt.Errorf("writing %s: %w", s.path, err)
		if terr := s.f.Truncate(s.size); terr != nil {
			err = fmt.Errorf("%w; cutting it back also failed: %v", err, terr)
		}
		for _, e := range batch {
			delete(s.keys, e.key)
		}
	} else {
		s.size += int64(len(buf))
	}
	s.mu.Unlock()
	for _, e := range batch {
		e.err, e.line, e.at = err, nil, base+e.at
		close(e.done)
	}
}

// Close stores what is waiting, then closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	<-s.stopped
	return s.f.Close()
}

// DefaultPath is where listen keeps the events of the day of now when no
// --out is given: webhooks-YYYY-MM-DD.ndjson under eventbrowser in the
// user's state directory, $XDG_STATE_HOME or else ~/.local/state.
func DefaultPath(getenv func(string) string, home string, now time.Time) string {
	dir := getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) { // the XDG spec: a relative path is to be ignored
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "eventbrowser", "webhooks-"+now.Format("2006-01-02")+".ndjson")
}

// OneLine is body as one NDJSON line: as it is, unless it spans several
// lines, when the white space between its tokens goes (json.Compact). It
// is not JSON at all: an error.
func OneLine(body []byte) ([]byte, error) {
	body = bytes.TrimSpace(body)
	if !json.Valid(body) {
		return nil, errors.New("the body is not JSON")
	}
	if bytes.IndexAny(body, "\r\n") < 0 {
		return body, nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, body); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
