package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// Reading back what is held as where it is: the object at a place, read
// in windows, checked to be the one asked for.

// wanted is what is looked for at a place held: an object whose "id" is
// id, or, embedded, a webhook event whose _embedded.entity is one, which
// is the answer, and whose own "id" is event, if that is set.
type wanted struct {
	id       string
	embedded bool
	event    string
}

// readObject is the first of refs that is the object w wants. With
// reuse, what was read lately may answer: a print, reading a file's
// events once in about their order; the detail view reads what the file
// holds now. A place in the temporary file that cannot be read back is an
// error, which names the file and the offset.
func readObject(w wanted, refs []heldRef, reuse bool) ([]byte, heldRef, bool, error) {
	for _, r := range refs {
		b, err := r.file.objectAt(r.off, w, reuse)
		switch {
		case err != nil && r.file.temp:
			return nil, r, false, fmt.Errorf("%s held in %s cannot be read back (at byte %d): %w", safeID(w.id), r.file.name, r.off, err)
		case err == nil && b != nil:
			return b, r, true, nil
		}
	}
	return nil, heldRef{}, false, nil
}

// objectAt reads 4 KB at a time, most webhook events' size, or windowSize
// when it reads on from what it read last: then the objects after the one
// asked for come with it, and a print that writes a file's webhook events
// in about the order they are in reads each part of the file once.
const (
	objectRead = 4 << 10
	windowSize = 64 << 10
)

// objectAt is a copy of what w wants of the JSON object at off of hf,
// when it is valid JSON, else nil; an error when there is none: no more
// than an event may take, should the file have changed under it (or been
// let go: it is then closed). Without reuse, nothing read before answers.
func (hf *heldFile) objectAt(off int64, w wanted, reuse bool) ([]byte, error) {
	hf.mu.Lock()
	defer hf.mu.Unlock()
	if !reuse {
		hf.win, hf.winEOF = hf.win[:0], false
	}
	for size := objectRead; ; size *= 4 {
		b, whole, err := hf.read(off, size)
		if err != nil {
			return nil, err
		}
		obj, got, ok := w.in(b)
		switch {
		case ok && got == nil:
			return nil, nil
		case ok:
			// jscan passes over control characters in strings: an
			// object with none anywhere (compact JSON) is checked.
			if !cells.HasControl(obj) || json.Valid(obj) {
				return bytes.Clone(got), nil
			}
			return nil, errNotObject
		}
		err = notObject(b)
		if !errors.Is(err, io.ErrUnexpectedEOF) || whole || size >= model.DefaultMaxEventSize {
			return nil, err
		}
		// The object goes on past what was read.
	}
}

// in reads the JSON object b starts with: ok when it is one, obj its
// bytes, and got what w wants of it, nil when it is not that: the object
// whose "id" is w.id, or, embedded, the webhook event's _embedded.entity
// whose "id" is (a later _embedded or entity replaces an earlier one), of
// the event whose own is w.event when that is set.
func (w wanted) in(b []byte) (obj, got []byte, ok bool) {
	s := jscan{b: b}
	var id, own string
	var entity []byte
	ok = s.object(func(key []byte) bool {
		switch {
		case string(key) == "id" && (!w.embedded || w.event != ""):
			into := &id
			if w.embedded {
				into = &own
			}
			ok, wrong := s.str(into)
			return ok && !wrong
		case w.embedded && string(key) == "_embedded":
			return s.embeddedEntity(&entity, &id)
		}
		return s.skip(1)
	})
	if !ok {
		return nil, nil, false
	}
	obj = b[:s.i]
	switch {
	case id != w.id || own != w.event:
		return obj, nil, true
	case w.embedded:
		return obj, entity, true
	}
	return obj, obj, true
}

// embeddedEntity reads an _embedded value: the object its "entity" is, if
// any, into entity, and that object's "id" into id.
func (s *jscan) embeddedEntity(entity *[]byte, id *string) bool {
	*entity, *id = nil, ""
	if s.peek() != '{' {
		return s.skip(1)
	}
	return s.object(func(key []byte) bool {
		if string(key) != "entity" {
			return s.skip(2)
		}
		*entity, *id = nil, ""
		if s.peek() != '{' {
			return s.skip(2)
		}
		start := s.i
		ok := s.object(func(key []byte) bool {
			if string(key) == "id" {
				ok, wrong := s.str(id)
				return ok && !wrong
			}
			return s.skip(3)
		})
		*entity = s.b[start:s.i]
		return ok
	})
}

// notObject is why b, what is at a place held, does not start with a
// JSON object: encoding/json's error (io.EOF at the file's end,
// io.ErrUnexpectedEOF when it ends inside), or errNotObject.
func notObject(b []byte) error {
	var v json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&v); err != nil {
		return err
	}
	return errNotObject
}

// errNotObject says that what is at a place held is not a JSON object, or
// one too long to be an event.
var errNotObject = errors.New("not a JSON object")

// read is what hf holds from off on, up to size bytes, and whether that
// is all it holds; hf.mu is held.
func (hf *heldFile) read(off int64, size int) ([]byte, bool, error) {
	if w := hf.win; off >= hf.winOff && off-hf.winOff <= int64(len(w)) {
		if b := w[off-hf.winOff:]; len(b) >= size || hf.winEOF {
			return b, hf.winEOF, nil
		}
	}
	n, from := size, off
	switch end := hf.winOff + int64(len(hf.win)); {
	case len(hf.win) == 0:
	case off >= hf.winOff && off < end+windowSize:
		n = max(size, windowSize) // reading on
	case off < hf.winOff && off > hf.winOff-windowSize:
		// Reading back (a print sorted newest first): the window ends
		// after off's object, and holds those before it.
		n = max(size, windowSize)
		from = max(0, off+int64(size)-int64(n))
	}
	hf.win = slices.Grow(hf.win[:0], n)[:n]
	n, err := hf.f.ReadAt(hf.win, from)
	hf.win, hf.winOff, hf.winEOF = hf.win[:n], from, err != nil
	if from < off {
		if int64(n) <= off-from {
			return nil, true, err // the file ends before off
		}
		return hf.win[off-from:], hf.winEOF, nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		hf.win = hf.win[:0] // the file was let go, and closed
		return nil, true, err
	}
	return hf.win, hf.winEOF, nil
}
