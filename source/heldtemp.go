package source

import (
	"os"
	"path/filepath"
)

// A rebuilt history reads every resource of the account, 0.7–1.5 KB of
// JSON each, for the detail view and --expand: kept in memory, even
// compressed, they were most of what the table held besides its list.
// They are written instead, as they are read, to a temporary file of
// eventbrowser's own, deleted as soon as it is made (nothing is left
// behind however the program ends), and held as where they are in it,
// as the entities of webhook events are in their file (heldfile.go): 8
// bytes each, under their ID, read back when shown. A resource whose API
// URL does not end in its ID, or whose body is not exactly one object,
// is held in memory (heldStore), as all are when no such file can be made
// or written.

// heldTemp is the temporary file of a Held.
type heldTemp struct {
	file   *heldFile // nil until the first resource is written
	failed bool      // no file could be made, or written: in memory
	end    int64     // where the next resource goes
	buf    []byte    // the resources of one holdRead, written at once
	dir    string    // where the file is made; "" for heldTempDir()
}

// holdRead holds the resources a rebuilt history read on the API at
// base, each replacing what was held at its URL.
func (h *Held) holdRead(rs []heldResource, base string) {
	h.mu.Lock()
	rest, sealed := h.writeTemp(rs, base)
	h.mu.Unlock()
	h.packAll(sealed)
	if len(rest) > 0 {
		h.putAll(rest)
	}
}

// writeTemp writes the resources of rs it can to the temporary file and
// holds them there, returning the others, and the blocks of the store
// sealed by letting go the earlier states it held of them; h.mu is held.
func (h *Held) writeTemp(rs []heldResource, base string) (rest []heldResource, sealed []int) {
	t := &h.temp
	if t.failed || h.files.base != "" && h.files.base != base {
		return rs, nil // entities are held on another API: its IDs are not these
	}
	h.files.base = base
	maxBody, maxFile := orDefault(h.MaxBody, DefaultMaxBody), tempPerHeld*orDefault(h.MaxTotal, DefaultMaxHeld)
	run := entityRun{file: t.file}
	var written []string // their URLs, when the store may hold earlier states
	inStore := len(h.store.at) > 0 || len(h.store.added) > 0
	t.buf = t.buf[:0]
	for _, r := range rs {
		at := t.end + int64(len(t.buf))
		if r.id == "" || int64(len(r.raw)) > maxBody || !wholeObject(r.raw) || h.files.entityID(r.url) != r.id ||
			at+int64(len(r.raw)) > min(maxFile, 1<<refOffBits-1) {
			rest = append(rest, r)
			continue
		}
		run.refs = append(run.refs, newEntityRef(keyOf([]byte(r.id)), at))
		t.buf = append(t.buf, r.raw...)
		if inStore {
			written = append(written, r.url)
		}
	}
	if len(run.refs) == 0 {
		return rest, nil
	}
	if t.file == nil {
		f, err := createHeldTemp(t.dir)
		if err != nil {
			t.failed = true
			return rs, nil
		}
		t.file, run.file = f, f
	}
	if _, err := t.file.f.Write(t.buf); err != nil {
		t.failed = true // a full disk: what was written before is still read back
		return rs, nil
	}
	t.end += int64(len(t.buf))
	if cap(t.buf) > heldBufMax {
		t.buf = nil // a big body's room is not kept for the pages after
	}
	for _, u := range written {
		sealed = h.store.remove(u, sealed) // an earlier state there would be found first
	}
	sortRefs(run.refs)
	addRun(&h.files.runs, run)
	return rest, sealed
}

// heldBufMax is the most room heldTemp.buf keeps between writes: a list
// page's resources, with room to spare.
const heldBufMax = 1 << 20

// tempPerHeld bounds the temporary file at this many times MaxTotal (4 GB
// for --max-held's 256 MB, some 5M payments' resources), so that a history
// of a large account does not fill the disk: past it, resources are held
// in memory as others are, up to MaxTotal, and fetched again when shown
// after that.
const tempPerHeld = 16

// wholeObject tells whether b is an object and nothing around it: what is
// read back from a place is the value that starts there.
func wholeObject(b []byte) bool { return len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}' }

// createHeldTemp makes the temporary file in dir ("" for heldTempDir()),
// deleted at once: it lives as long as it is open.
func createHeldTemp(dir string) (*heldFile, error) {
	if dir == "" {
		dir = heldTempDir()
	}
	f, err := os.CreateTemp(dir, "eventbrowser-held-*.json")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil { // where an open file cannot be deleted: not used
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &heldFile{name: f.Name(), f: f, own: true, temp: true}, nil
}

// heldTempDir is where the temporary file is made: eventbrowser's
// directory in the user's cache, on disk where the system's temporary
// directory may be memory (tmpfs), else that.
func heldTempDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		d = filepath.Join(d, "eventbrowser")
		if os.MkdirAll(d, 0o700) == nil {
			return d
		}
	}
	return os.TempDir()
}
