package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/eventbrowser/eventbrowser/model"
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
		if err := f.load(path, name, send); err != nil {
			return err
		}
	}
	return nil
}

// load reads one path. A plain file on disk is read in blocks, and events
// are sent as they are read; standard input, a gzip file or an Open func
// are read whole first.
func (f File) load(path, name string, send func(Batch)) error {
	if f.Open == nil && path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("cannot open %s: %w", path, unwrapPath(err))
		}
		defer file.Close()
		st, err := file.Stat()
		var head [2]byte
		n, _ := file.ReadAt(head[:], 0)
		if err == nil && st.Mode().IsRegular() && !(n == 2 && bytes.Equal(head[:], gzipMagic)) {
			notes, err := model.DecodeFile(name, file, st.Size(), f.options(), func(c *model.Chunk) {
				send(Batch{Chunks: []*model.Chunk{c}})
			})
			if err != nil {
				return err
			}
			if len(notes) > 0 {
				send(Batch{Notes: notes})
			}
			return nil
		}
	}
	data, err := f.read(path)
	if err != nil {
		return err
	}
	c, notes, err := model.DecodeChunk(name, data, f.options())
	if err != nil {
		return err
	}
	send(Batch{Chunks: []*model.Chunk{c}, Notes: notes})
	return nil
}

func (f File) options() model.DecodeOptions {
	return model.DecodeOptions{SkipInvalid: f.SkipInvalid}
}

// read returns the whole content of path, decompressed if it is gzip.
func (f File) read(path string) ([]byte, error) {
	var r io.ReadCloser
	switch {
	case f.Open != nil:
		var err error
		if r, err = f.Open(path); err != nil {
			return nil, err
		}
	case path == "-":
		in := f.Stdin
		if in == nil {
			in = os.Stdin
		}
		r = io.NopCloser(in)
	default:
		var err error
		if r, err = os.Open(path); err != nil {
			return nil, fmt.Errorf("cannot open %s: %w", path, unwrapPath(err))
		}
	}
	defer r.Close()
	name := path
	if path == "-" {
		name = "stdin"
	}
	data, err := readMaybeGzip(r)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, unwrapPath(err))
	}
	return data, nil
}

var gzipMagic = []byte{0x1f, 0x8b}

func readMaybeGzip(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if !bytes.Equal(head, gzipMagic) {
		return io.ReadAll(br)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return data, nil
}

// unwrapPath drops the "open PATH:" prefix of an *os.PathError, since our
// message already names the file.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
