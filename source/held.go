package source

import (
	"context"
	"errors"
	"sync"

	"github.com/eventbrowser/eventbrowser/model"
)

// Held is a Fetcher that answers from the resources a rebuilt history has
// read, and the entities webhook events carried, by API URL, and asks Next
// (the API, or nil) for any other. The detail view and --expand then show
// them without a request. A body over MaxBody is not held, nor one that
// would take the bodies held past MaxTotal: those are fetched from Next
// when asked for. Safe for concurrent use.
type Held struct {
	Next Fetcher
	// MaxBody is the largest body held (0: DefaultMaxBody); MaxTotal what
	// all held bodies may take together (0: DefaultMaxHeld).
	MaxBody, MaxTotal int64

	mu        sync.Mutex
	resources map[string][]byte
	total     int64 // bytes held, those in added included
	dropped   int   // bodies not held because of MaxTotal
	// added are the resources held since the map was last brought up to
	// date: a load holds hundreds of thousands and looks up few, so they
	// are indexed when one is looked up, not as they come.
	added []heldResource
	files fileEntities // entities held as where they are in files (heldfile.go)
}

// DefaultMaxBody is the largest resource body kept by default: a bigger
// one is fetched again when it is shown.
const DefaultMaxBody = 1 << 20

// DefaultMaxHeld is what held resources may take together by default
// (--max-held).
const DefaultMaxHeld = 256 << 20

// NewHeld is an empty Held that asks next for what it does not hold.
func NewHeld(next Fetcher) *Held { return &Held{Next: next} }

// Fetch answers with the resource held at apiURL, else asks Next.
func (h *Held) Fetch(ctx context.Context, apiURL string) ([]byte, error) {
	if body, ok := h.Get(apiURL); ok {
		return body, nil
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
// entities that are in it are held as where they are (heldfile.go).
func (h *Held) holdEntities(c *model.Chunk, base string, hf *heldFile) {
	defer c.DropEntities()
	if h == nil || len(c.Entities()) == 0 {
		return
	}
	h.mu.Lock()
	h.files.base = base
	h.mu.Unlock()
	rest := h.holdInFile(c, hf)
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
			rs = append(rs, heldResource{idKey(string(id)), x.Raw})
			continue
		}
		e := c.Event(x.Event)
		for _, l := range e.Links {
			if l.Name != "dashboard" && l.Name != "entity" {
				continue
			}
			if u, err := r.URL(l.Href, string(e.Source)); err == nil {
				rs = append(rs, heldResource{u, x.Raw})
			}
		}
	}
	h.putAll(rs)
}

// Get is the resource held at apiURL, if any: a resource read, or the
// latest entity of that URL a webhook event carried.
func (h *Held) Get(apiURL string) ([]byte, bool) {
	h.mu.Lock()
	h.index()
	body, ok := h.resources[apiURL]
	var refs []heldRef
	id := h.files.entityID(apiURL)
	if !ok && id != "" {
		if body, ok = h.resources[idKey(id)]; !ok {
			refs = h.files.candidates(id)
		}
	}
	h.mu.Unlock()
	if ok || len(refs) == 0 {
		return body, ok
	}
	return readEntity(id, refs)
}

// Len is how many resources are held.
func (h *Held) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.index()
	return len(h.resources)
}

// index brings the map up to date, a later resource replacing an earlier
// one at the same URL (a payment read again with what it embeds), a nil
// one removing it; h.mu is held.
func (h *Held) index() {
	if len(h.added) == 0 {
		return
	}
	if h.resources == nil {
		h.resources = make(map[string][]byte, len(h.added))
	}
	for _, r := range h.added {
		if old, ok := h.resources[r.url]; ok {
			h.total -= int64(len(old))
		}
		if r.raw == nil {
			delete(h.resources, r.url) // a later state, not held
			continue
		}
		h.resources[r.url] = r.raw
	}
	clear(h.added)
	h.added = h.added[:0]
}

// put holds body at apiURL, replacing what was there.
func (h *Held) put(apiURL string, body []byte) { h.putAll([]heldResource{{apiURL, body}}) }

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
// over MaxBody, or one that would take the total past MaxTotal.
func (h *Held) putAll(rs []heldResource) {
	h.mu.Lock()
	defer h.mu.Unlock()
	maxBody, maxTotal := orDefault(h.MaxBody, DefaultMaxBody), orDefault(h.MaxTotal, DefaultMaxHeld)
	for _, r := range rs {
		n := int64(len(r.raw))
		switch {
		case n > maxBody || h.total+n > maxTotal:
			// Not held, nor the earlier state at its URL: asked for, it
			// is fetched. Past the cap every entity of a captured file
			// comes here, so nothing is kept of it: no URL to forget
			// later.
			h.index()
			if old, ok := h.resources[r.url]; ok {
				h.total -= int64(len(old))
				delete(h.resources, r.url)
			}
			if n <= maxBody {
				h.dropped++
			}
		default:
			h.total += n
			h.added = append(h.added, r)
		}
	}
}

func orDefault(n, def int64) int64 {
	if n <= 0 {
		return def
	}
	return n
}
