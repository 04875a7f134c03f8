package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/klauspost/compress/gzip"
)

// File loads events from files, one batch per file. The shape of each file
// (array, customer, list response, NDJSON, any of them gzip-compressed) is
// detected from its content, not its name.
type File struct {
	Paths []string // "-" means standard input

	// Open opens a path; nil means os.Open, with "-" reading Stdin.
	Open func(path string) (io.ReadCloser, error)
	// Stdin is read for "-"; nil means os.Stdin.
	Stdin io.Reader
	// SkipInvalid loads the valid events of a file that also holds invalid
	// ones, and says in the batch's notes how many were skipped and why.
	// Without it, the first invalid event fails the file.
	SkipInvalid bool
	// MaxEventSize is the largest single JSON value read; 0 means
	// model.DefaultMaxEventSize.
	MaxEventSize int64
	// Explain words the reasons events were skipped for in the notes; nil
	// means each error's own text (see model.DecodeOptions.Explain).
	Explain func(error) string
	// Held, when not nil, is handed the entities webhook events carry
	// (Held.HoldEntities), keyed by API URLs on APIURL.
	Held   *Held
	APIURL string
	// PlaceEvents has Held keep where each webhook event is in the file it
	// was read from, for Held.Event: a print, and the table's Y and e,
	// write such events as they are. CopyEvents has it keep a copy of
	// each read from a stream (a pipe, gzip), which cannot be read again:
	// a print's, up to Held's bound.
	PlaceEvents, CopyEvents bool
}

// NotRereadable says why reading f again would find nothing when it reads
// a pipe by name (a FIFO, a <(…) of the shell), or when all it reads is
// standard input from a pipe, which the first load read to its end; it
// returns "" when f can be read again.
func (f File) NotRereadable() string {
	if p := f.namedPipe(); p != "" {
		return cells.SanitizeLine(p) + " is a pipe, read to its end: it cannot be read again"
	}
	notStdin := func(p string) bool { return p != "-" }
	if f.Open != nil || len(f.Paths) == 0 || slices.ContainsFunc(f.Paths, notStdin) {
		return ""
	}
	in := f.Stdin
	if in == nil {
		in = os.Stdin
	}
	if file, ok := in.(*os.File); ok {
		if _, err := file.Seek(0, io.SeekCurrent); err == nil {
			return "" // a file, read without moving its offset
		}
	}
	return "stdin is a pipe, read to its end: it cannot be read again"
}

// LoadsWhole reports whether each load of f reads all its files hold: not
// when standard input is a pipe, which a second load finds empty.
func (f File) LoadsWhole() bool {
	if f.namedPipe() != "" {
		return false
	}
	if f.Open != nil || !slices.Contains(f.Paths, "-") {
		return true
	}
	return File{Paths: []string{"-"}, Stdin: f.Stdin}.NotRereadable() == ""
}

// namedPipe is the first path of f that names a pipe (a FIFO, or a
// /dev/fd/N of the shell's <(…)), or "".
func (f File) namedPipe() string {
	if f.Open != nil {
		return ""
	}
	for _, p := range f.Paths {
		if st, err := os.Stat(p); p != "-" && err == nil && st.Mode()&os.ModeNamedPipe != 0 {
			return p
		}
	}
	return ""
}

// Load reads each path in turn and stops at the first that fails.
func (f File) Load(ctx context.Context, send func(Batch)) error {
	for _, path := range f.Paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := path
		if path == "-" {
			name = "stdin"
		}
		if err := f.load(ctx, path, name, send); err != nil {
			return err
		}
	}
	return nil
}

// load reads one path. A plain file on disk is read in blocks, by two
// cores when it is big; standard input, a gzip file or an Open func are
// read as a stream. Either way events are sent as they are read.
func (f File) load(ctx context.Context, path, name string, send func(Batch)) error {
	var r io.ReadCloser
	switch {
	case f.Open != nil:
		var err error
		if r, err = f.Open(path); err != nil {
			return err
		}
	case path == "-":
		in := f.Stdin
		if in == nil {
			in = os.Stdin
		}
		r = io.NopCloser(in)
		if file, ok := in.(*os.File); ok {
			// Standard input redirected from a file (< events.ndjson) is
			// read as that file is, from where its offset stands, and
			// without moving it, so that a refresh reads it again.
			if off, err := file.Seek(0, io.SeekCurrent); err == nil {
				if ok, err := f.loadFile(name, file, off, false, send); ok {
					return err
				}
				r = io.NopCloser(io.NewSectionReader(file, off, math.MaxInt64-off))
			}
		}
	default:
		file, err := openFile(ctx, path)
		if err != nil {
			return fmt.Errorf("cannot open %s: %w", path, unwrapPath(err))
		}
		if ok, err := f.loadFile(name, file, 0, true, send); ok {
			return err
		}
		r = file
	}
	defer r.Close()
	// Until the stream ends, every batch says it is still open.
	send(Batch{Open: name})
	notes, err := model.DecodeStream(ctx, name, &gunzipper{r: r}, f.options(f.CopyEvents), func(c *model.Chunk) {
		f.Held.HoldEntities(c, f.APIURL)
		send(Batch{Chunks: []*model.Chunk{c}, Open: name})
	})
	if err == nil && len(notes) == 0 {
		send(Batch{}) // the stream has closed: a batch without Open says so
	}
	return f.done(name, notes, err, send)
}

// loadFile reads a plain file on disk from off, in blocks and by two cores
// when it is big. It reports false, having read nothing, when file is not
// such a file (a pipe, a device), is gzip-compressed, or says it holds
// nothing from off: it must be read as a stream, to its end. Files of
// /proc and /sys report a size of 0 and have content all the same. Once
// it has read an owned file, it closes it, or hands it to f.Held, which
// reads the entities of webhook events in it from there.
func (f File) loadFile(name string, file *os.File, off int64, own bool, send func(Batch)) (bool, error) {
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() <= off {
		return false, nil
	}
	var head [2]byte
	if n, _ := file.ReadAt(head[:], off); n == 2 && bytes.Equal(head[:], gzipMagic) {
		return false, nil
	}
	r := io.NewSectionReader(file, off, max(st.Size()-off, 0))
	held := f.Held.ReadingFile(name, file, off, own)
	opts := f.options(true)
	opts.Decoded = func(c *model.Chunk) { held.HoldAhead(c, f.APIURL) }
	notes, err := model.DecodeFile(name, r, r.Size(), opts, func(c *model.Chunk) {
		held.Hold(c, f.APIURL)
		send(Batch{Chunks: []*model.Chunk{c}})
	})
	held.Done()
	return true, f.done(name, notes, err, send)
}

// done sends a file's notes, or says why it could not be read.
func (f File) done(name string, notes []string, err error, send func(Batch)) error {
	var de *model.DecodeError
	switch {
	case err == nil:
		if len(notes) > 0 {
			send(Batch{Notes: notes})
		}
		return nil
	case errors.As(err, &de), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("cannot read %s: %w", name, unwrapPath(err))
}

// options are the decoder's options; place: where webhook events are is
// wanted (PlaceEvents), if f wants it.
func (f File) options(place bool) model.DecodeOptions {
	return model.DecodeOptions{SkipInvalid: f.SkipInvalid, MaxEventSize: f.MaxEventSize, Explain: f.Explain,
		PlaceEvents: place && f.PlaceEvents && f.Held != nil}
}

// openFile opens path, giving up when ctx ends: opening a FIFO waits for
// a writer, for ever if none comes, and a signal must still end the
// program. The open left waiting closes what it opens, should it finish.
func openFile(ctx context.Context, path string) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

var gzipMagic = []byte{0x1f, 0x8b}

// maybeGunzip returns r decompressed as it is read if it starts as gzip
// does, else r as it is.
func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	if !bytes.Equal(head, gzipMagic) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return gzipErrors{zr}, nil
}

// gunzipper is maybeGunzip done at the first Read, so that whoever reads
// it, not whoever opens it, waits for the first bytes.
type gunzipper struct {
	r   io.Reader
	in  io.Reader
	err error
}

func (g *gunzipper) Read(p []byte) (int, error) {
	if g.in == nil && g.err == nil {
		g.in, g.err = maybeGunzip(g.r)
	}
	if g.err != nil {
		return 0, g.err
	}
	return g.in.Read(p)
}

// gzipErrors says which layer a read error comes from.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}

// unwrapPath drops the "open PATH:" prefix of an *os.PathError, since our
// message already names the file.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
