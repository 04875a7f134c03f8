package source

import (
	"hash/maphash"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/eventbrowser/eventbrowser/model"
)

// The entities of webhook events read from a file on disk are held as
// where they are in it, not as copies: a day's capture of a million events
// carries 1.4 GB of them. Each takes 8 bytes, under a hash of its ID,
// and is read again from the file when it is asked for, by an API URL
// whose last segment is that ID (Mollie's IDs are unique across its
// objects: tr_…, re_…, chb_…); what is read must be an object with that
// ID, else it is not the entity (the file changed, or two IDs share a
// hash) and the next candidate is read. Where webhook events are placed
// (File.PlaceEvents), an entity is held as where its event is
// (heldevents.go).

// heldFile is a file webhook events were read from, or the temporary
// file the resources a rebuilt history read are written to (heldtemp.go).
type heldFile struct {
	name string
	f    *os.File
	off  int64 // where the input model.DecodeFile read starts in f
	own  bool  // f is closed when the file is let go
	runs int   // entity and event runs that refer to it
	// temp: f is eventbrowser's own, written with whole resources only,
	// so what cannot be read back at a place held is an error, not a
	// file that changed.
	temp bool

	mu sync.Mutex // objectAt's; it guards what follows
	// win is what was read of f last, from winOff on; winEOF: to its end.
	win    []byte
	winOff int64
	winEOF bool
}

// entityRun is the entities of one chunk read from a file, by key.
type entityRun struct {
	file *heldFile
	refs []entityRef // sorted by key, then by offset: a later state last
	at   int64       // the lowest offset of refs: runs of a file are in its order
}

// entityRef is where an entity is in its file, in 8 bytes (a million
// captured events hold a million): 24 bits of a hash of its ID, its key,
// above its offset in 40 bits, so that refs sort by key, then offset. Its
// length is not held: what is read is the JSON value that starts there.
// One of a million IDs shares its key with another about one time in
// sixteen; what is read is checked to be the object asked for (as when
// the file changed under the table), so a shared key costs a read, never
// a wrong answer.
type entityRef uint64

// refOffBits are the bits of an entityRef's offset: an entity past the
// first TB of a file is not held there.
const refOffBits = 40

func (r entityRef) key() uint32 { return uint32(r >> refOffBits) }
func (r entityRef) off() int64  { return int64(r & (1<<refOffBits - 1)) }

func newEntityRef(key uint32, off int64) entityRef {
	return entityRef(uint64(key)<<refOffBits | uint64(off))
}

// keyOf is the key of the ID id in an entityRef.
func keyOf(id []byte) uint32 { return uint32(maphash.Bytes(entitySeed, id)) >> 8 }

// entitySeed is the seed of the entities' keys.
var entitySeed = maphash.MakeSeed()

// fileEntities are the entities held as where they are in files.
type fileEntities struct {
	base  string // the API URL they are held on, as HoldEntities was given
	files []*heldFile
	runs  []entityRun // in the order read: a later run has later states
	// events are where webhook events are, by their own IDs
	// (File.PlaceEvents); lastEvent is the run the last one asked for
	// was in.
	events    []entityRun
	lastEvent int
}

// FileReading holds the entities of the chunks model.DecodeFile reads
// from a file, as where they are in it.
type FileReading struct {
	h    *Held
	file *heldFile
}

// ReadingFile tells h that the events of name are read by
// model.DecodeFile from f, from off on: Hold is handed each chunk, and
// Done called once the read is over. It lets go what h held from an
// earlier read of name. An owned f is h's to close: once it lets the file
// go, or at Done when it holds nothing of it. h may be nil.
func (h *Held) ReadingFile(name string, f *os.File, off int64, own bool) *FileReading {
	if h == nil {
		if own {
			return &FileReading{file: &heldFile{f: f, own: own}}
		}
		return &FileReading{}
	}
	return &FileReading{h: h, file: h.fromFile(name, f, off, own)}
}

// Hold holds the entities c carried, held on the API at base; the chunk
// lets them go.
func (r *FileReading) Hold(c *model.Chunk, base string) { r.h.holdEntities(c, base, r.file) }

// HoldAhead is Hold for a chunk that may come before chunks ahead of it
// in the file are held (model.DecodeOptions.Decoded): a chunk of a big
// file's second half waits for the first half, and would keep its
// entities until then, 32 bytes an event. Where they are is held in the
// order of the file whatever the order of the chunks, but an entity of an
// event that names none (no entityId) is held as a copy, by URL, where the
// latest held wins: a chunk with such an entity is left to Hold, in
// order. Hold holds nothing more of a chunk held ahead.
func (r *FileReading) HoldAhead(c *model.Chunk, base string) {
	for j := range c.EntityCount() {
		if !c.HasEntityID(c.EntityAt(j).Event) {
			return
		}
	}
	r.Hold(c, base)
}

// Done closes the file if it is owned and nothing of it is held; r may be
// nil.
func (r *FileReading) Done() {
	if r != nil && r.file != nil && r.file.own && !r.h.keeps(r.file) {
		r.file.f.Close()
	}
}

// fromFile is ReadingFile's file.
func (h *Held) fromFile(name string, f *os.File, off int64, own bool) *heldFile {
	h.mu.Lock()
	defer h.mu.Unlock()
	fe := &h.files
	if i := slices.IndexFunc(fe.files, func(x *heldFile) bool { return x.name == name }); i >= 0 {
		old := fe.files[i]
		fe.runs = slices.DeleteFunc(fe.runs, func(r entityRun) bool { return r.file == old })
		fe.events = slices.DeleteFunc(fe.events, func(r entityRun) bool { return r.file == old })
		fe.files = slices.Delete(fe.files, i, i+1)
		if old.own {
			old.f.Close()
		}
	}
	hf := &heldFile{name: name, f: f, off: off, own: own}
	fe.files = append(fe.files, hf)
	return hf
}

// keeps reports whether h holds entities of hf, and so its file.
func (h *Held) keeps(hf *heldFile) bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return hf.runs > 0
}

// holdInFile holds the entities of c that are in hf (model.Entity.Off),
// keyed by the IDs of the entities their events name (entityId), and
// returns the others, read from hf if they are in it: copies, and those
// whose event names no entity ID. Those of the events placed are held
// with their events already (holdEvents).
func (h *Held) holdInFile(c *model.Chunk, hf *heldFile, placed []bool) []model.Entity {
	var rest []model.Entity
	run := entityRun{file: hf}
	for j := range c.EntityCount() {
		x := c.EntityAt(j)
		if placed != nil && placed[x.Event] {
			continue
		}
		id := c.EntityID(x.Event)
		if x.Raw == nil && hf != nil && len(id) == 0 {
			x.Raw = make([]byte, x.Len)
			if n, _ := hf.f.ReadAt(x.Raw, hf.off+x.Off); n != x.Len {
				continue
			}
		}
		if x.Raw != nil || hf == nil {
			rest = append(rest, x)
			continue
		}
		if off := hf.off + x.Off; off < 1<<refOffBits {
			if run.refs == nil {
				run.refs = make([]entityRef, 0, c.EntityCount()-j)
			}
			run.refs = append(run.refs, newEntityRef(keyOf(id), off))
		}
	}
	h.keepRun(&h.files.runs, run)
	return rest
}

// keepRun adds run, sorted, to runs, unless its file was let go while its
// chunk was read (a newer read holds what it holds).
func (h *Held) keepRun(runs *[]entityRun, run entityRun) {
	if run.file == nil || len(run.refs) == 0 {
		return
	}
	sortRefs(run.refs)
	h.mu.Lock()
	defer h.mu.Unlock()
	if slices.Contains(h.files.files, run.file) {
		addRun(runs, run)
	}
}

// addRun adds run, sorted, to runs, after the runs of other files and
// the runs of its file from before it: a chunk of a file's second half may
// be held before the last of its first (FileReading.HoldAhead). h.mu is
// held. Runs of the temporary file are merged, the last two once the later
// is at least half the earlier, so that the hundreds of runs a history
// writes are a few to look through: its offsets only grow, so a merged run
// still sorts a later state after an earlier one.
func addRun(runs *[]entityRun, run entityRun) {
	run.at = run.refs[0].off()
	for _, r := range run.refs[1:] {
		run.at = min(run.at, r.off())
	}
	i := len(*runs)
	for i > 0 && (*runs)[i-1].file == run.file && (*runs)[i-1].at > run.at {
		i--
	}
	*runs = slices.Insert(*runs, i, run)
	run.file.runs++
	for n := len(*runs); n >= 2; n = len(*runs) {
		a, b := (*runs)[n-2], (*runs)[n-1]
		if a.file != b.file || !a.file.temp || 2*len(b.refs) < len(a.refs) {
			return
		}
		merged := make([]entityRef, 0, len(a.refs)+len(b.refs))
		for len(a.refs) > 0 && len(b.refs) > 0 {
			if a.refs[0] <= b.refs[0] {
				merged, a.refs = append(merged, a.refs[0]), a.refs[1:]
			} else {
				merged, b.refs = append(merged, b.refs[0]), b.refs[1:]
			}
		}
		merged = append(append(merged, a.refs...), b.refs...)
		(*runs)[n-2] = entityRun{file: a.file, refs: merged, at: a.at}
		*runs = (*runs)[:n-1]
		a.file.runs--
	}
}

// entityID is the ID of the object apiURL names, if it is an API URL on
// the base entities are held on: its last segment.
func (fe *fileEntities) entityID(apiURL string) string {
	rest, ok := strings.CutPrefix(apiURL, fe.base+"/v2/")
	if !ok || fe.base == "" || strings.ContainsAny(rest, "?#") {
		return ""
	}
	return rest[strings.LastIndexByte(rest, '/')+1:]
}

// idKey is the key an entity copied is held under in Held.store: no
// URL starts with a NUL.
func idKey(id string) string { return "\x00" + id }

// candidates are the places of the object id in runs, the latest first;
// h.mu is held.
func candidates(runs []entityRun, id string) (refs []heldRef) {
	key := keyOf([]byte(id))
	for i := len(runs) - 1; i >= 0; i-- {
		refs = runs[i].candidates(key, i, refs)
	}
	return refs
}

// candidates appends to refs the places of r, runs[i], under key, the
// latest first.
func (r entityRun) candidates(key uint32, i int, refs []heldRef) []heldRef {
	lo, _ := slices.BinarySearch(r.refs, newEntityRef(key, 0))
	hi := lo
	for hi < len(r.refs) && r.refs[hi].key() == key {
		hi++
	}
	for j := hi - 1; j >= lo; j-- {
		refs = append(refs, heldRef{r.file, r.refs[j].off(), i})
	}
	return refs
}

// heldRef is an object's place: a file and an offset in it, and the index
// of the run that holds it.
type heldRef struct {
	file *heldFile
	off  int64
	run  int
}
