package source

import (
	"bytes"
	"context"
	"errors"
	"sync"

	"github.com/klauspost/compress/s2"

	"github.com/eventbrowser/eventbrowser/model"
)

// Held is a Fetcher that answers from the resources a rebuilt history has
// read, and the entities webhook events carried, by API URL, and asks Next
// (the API, or nil) for any other. The detail view and --expand then show
// them without a request. The bodies are kept in a temporary file
// (heldtemp.go), else compressed in memory (heldStore). A body over
// MaxBody is not held, nor one that would take the bodies held in memory
// past MaxTotal: those are fetched from Next when asked for. Safe for
// concurrent use.
type Held struct {
	Next Fetcher
	// MaxBody is the largest body held (0: DefaultMaxBody); MaxTotal what
	// all held bodies may take together, compressed (0: DefaultMaxHeld).
	MaxBody, MaxTotal int64

	mu      sync.Mutex
	store   heldStore
	dropped int          // bodies not held because of MaxTotal
	files   fileEntities // entities held as where they are in files (heldfile.go)
	temp    heldTemp     // where a rebuilt history's resources are written (heldtemp.go)
}

// DefaultMaxBody is the largest resource body kept by default: a bigger
// one is fetched again when it is shown.
const DefaultMaxBody = 1 << 20

// DefaultMaxHeld is what held resources may take together by default
// (--max-held).
const DefaultMaxHeld = 256 << 20

// NewHeld is an empty Held that asks next for what it does not hold.
func NewHeld(next Fetcher) *Held { return &Held{Next: next} }

// Fetch answers with the resource held at apiURL, else asks Next; a
// resource held that cannot be read back is an error. A key of AsCarried
// is answered with the object as its webhook event carried it, where h
// holds that event, else as its URL is.
func (h *Held) Fetch(ctx context.Context, apiURL string) ([]byte, error) {
	apiURL, carried := cutCarried(apiURL)
	if carried.event != "" {
		if body, ok := h.carried(apiURL, carried); ok {
			return body, nil
		}
	}
	if body, ok, err := h.get(apiURL); ok || err != nil {
		return body, err
	}
	if h.Next == nil {
		return nil, ErrNoKey
	}
	return h.Next.Fetch(ctx, apiURL)
}

// ErrNoKey says a resource that is not held cannot be fetched without an
// API key.
var ErrNoKey = errors.New("not fetched: set " + KeyEnv + " to fetch it")

// HoldEntities holds the entities the webhook events of c carried, each
// under the ID its event names (entityId), answered for the API URLs on
// base whose last segment it is, or, for an event without one, under the
// API URLs of its dashboard and entity links: where the detail view and
// --expand look for them. A later state of an object replaces an earlier
// one. The chunk lets them go, held or not (h may be nil: nothing wants
// them).
func (h *Held) HoldEntities(c *model.Chunk, base string) { h.holdEntities(c, base, nil) }

// holdEntities is HoldEntities for a chunk read from hf, if not nil: the
// entities that are in it are held as where they are (heldfile.go), or
// as where their events are (heldevents.go).
func (h *Held) holdEntities(c *model.Chunk, base string, hf *heldFile) {
	if h == nil {
		c.DropEntities()
		return
	}
	h.holdOthers(c, base, hf, h.holdEvents(c, hf))
}

// holdOthers holds the entities of c but those its events placed say are
// held with their events.
func (h *Held) holdOthers(c *model.Chunk, base string, hf *heldFile, placed []bool) {
	defer c.DropEntities()
	if c.EntityCount() == 0 {
		return
	}
	h.mu.Lock()
	h.files.base = base
	h.mu.Unlock()
	rest := h.holdInFile(c, hf, placed)
	if len(rest) == 0 {
		return
	}
	rs := make([]heldResource, 0, len(rest))
	r := NewResolver(base)
	for _, x := range rest {
		if x.Raw == nil {
			continue // in a file h was not told of: it cannot be read
		}
		if id := c.EntityID(x.Event); len(id) > 0 {
			rs = append(rs, heldResource{url: idKey(string(id)), raw: x.Raw})
			continue
		}
		e := c.Event(x.Event)
		for _, l := range e.Links {
			if l.Name != "dashboard" && l.Name != "entity" {
				continue
			}
			if u, err := r.URL(l.Href, string(e.Source)); err == nil {
				rs = append(rs, heldResource{url: u, raw: x.Raw})
			}
		}
	}
	h.putAll(rs)
}

// Get is the resource held at apiURL, if any, a copy of its own: a
// resource read, or the latest entity of that URL a webhook event carried.
// One that cannot be read back is not had (Fetch says why).
func (h *Held) Get(apiURL string) ([]byte, bool) {
	body, ok, _ := h.get(apiURL)
	return body, ok
}

// get is Get, and why a resource held cannot be read back: a resource
// held as it is, or where it is, or an entity where its event is.
func (h *Held) get(apiURL string) ([]byte, bool, error) {
	h.mu.Lock()
	sealed := h.store.index(nil)
	body, ok := h.store.get(apiURL)
	var refs, events []heldRef
	id := h.files.entityID(apiURL)
	if !ok && id != "" {
		if body, ok = h.store.get(idKey(id)); !ok {
			refs, events = candidates(h.files.runs, id), candidates(h.files.events, id)
		}
	}
	h.mu.Unlock()
	h.packAll(sealed)
	if ok {
		return body, true, nil
	}
	if b, _, ok, err := readObject(wanted{id: id}, refs, false); ok || err != nil {
		return b, ok, err
	}
	b, _, ok, err := readObject(wanted{id: id, embedded: true}, events, false)
	return b, ok, err
}

// Len is how many resources are held: in memory, and in the temporary
// file (heldtemp.go), where the states of one are told apart from other
// resources by their IDs' keys.
func (h *Held) Len() int {
	h.mu.Lock()
	sealed := h.store.index(nil)
	n := len(h.store.at)
	keys := map[uint32]bool{}
	for _, r := range h.files.runs {
		for _, ref := range r.refs {
			if r.file.temp && !keys[ref.key()] {
				keys[ref.key()] = true
				n++
			}
		}
	}
	h.mu.Unlock()
	h.packAll(sealed)
	return n
}

// Dropped counts the bodies not held because MaxTotal was reached, by h
// and by a Next that says: they are fetched again when asked for.
func (h *Held) Dropped() int {
	h.mu.Lock()
	n := h.dropped
	h.mu.Unlock()
	if next, ok := h.Next.(interface{ Dropped() int }); ok {
		n += next.Dropped()
	}
	return n
}

// putAll holds each resource, as put does, under one lock, but for a body
// over MaxBody, or one that would take the total past MaxTotal; a nil
// body lets the one held at its URL go. The blocks filled are compressed
// after, outside the lock.
func (h *Held) putAll(rs []heldResource) {
	h.mu.Lock()
	maxBody, maxTotal := orDefault(h.MaxBody, DefaultMaxBody), orDefault(h.MaxTotal, DefaultMaxHeld)
	var sealed []int
	for _, r := range rs {
		n := int64(len(r.raw))
		switch {
		case r.raw == nil: // a later state, not held
			sealed = h.store.remove(r.url, sealed)
		case n > maxBody || h.store.total+n > maxTotal:
			// Not held, nor the earlier state at its URL: asked for, it
			// is fetched. Past the cap every entity of a captured file
			// comes here, so nothing is kept of it: no URL to forget
			// later.
			sealed = h.store.remove(r.url, sealed)
			if n <= maxBody {
				h.dropped++
			}
		default:
			sealed = h.store.add(r.url, r.raw, sealed)
		}
	}
	h.mu.Unlock()
	h.packAll(sealed)
}

// packAll compresses the sealed blocks, outside the lock.
func (h *Held) packAll(sealed []int) {
	for _, i := range sealed {
		h.pack(i)
	}
}

// pack compresses sealed block i, outside the lock.
func (h *Held) pack(i int) {
	h.mu.Lock()
	raw := h.store.sealedRaw(i)
	h.mu.Unlock()
	if raw == nil {
		return
	}
	// Encode writes into room for the worst case, 7× what a block of
	// payments takes: the block keeps a copy of what it needs.
	var c []byte
	if len(raw) <= heldBlockSize {
		room := packRoom.Get().(*[]byte)
		c = bytes.Clone(s2.Encode(*room, raw))
		packRoom.Put(room)
	} else {
		c = bytes.Clone(s2.Encode(nil, raw))
	}
	h.mu.Lock()
	h.store.packed(i, raw, c)
	h.mu.Unlock()
}

// packRoom is room to compress a block into, reused.
var packRoom = sync.Pool{New: func() any {
	b := make([]byte, s2.MaxEncodedLen(heldBlockSize))
	return &b
}}

func orDefault(n, def int64) int64 {
	if n <= 0 {
		return def
	}
	return n
}
