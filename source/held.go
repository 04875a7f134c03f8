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
// them without a request. Safe for concurrent use.
type Held struct {
	Next Fetcher

	mu        sync.Mutex
	resources map[string][]byte
	// added are the resources held since the map was last brought up to
	// date: a load holds hundreds of thousands and looks up few, so they
	// are indexed when one is looked up, not as they come.
	added []heldResource
}

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
// under the API URLs of its event's dashboard and entity links (base is
// the API's), where the detail view and --expand look for them. A later
// state of an object replaces an earlier one. h may be nil.
func (h *Held) HoldEntities(c *model.Chunk, base string) {
	if h == nil || len(c.Entities()) == 0 {
		return
	}
	var rs []heldResource
	for _, x := range c.Entities() {
		e := c.Event(x.Event)
		for _, l := range e.Links {
			if l.Name != "dashboard" && l.Name != "entity" {
				continue
			}
			if u, err := ResourceURL(l.Href, string(e.Source), base); err == nil {
				rs = append(rs, heldResource{u, x.Raw})
			}
		}
	}
	h.putAll(rs)
}

// Get is the resource held at apiURL, if any.
func (h *Held) Get(apiURL string) ([]byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.index()
	body, ok := h.resources[apiURL]
	return body, ok
}

// Len is how many resources are held.
func (h *Held) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.index()
	return len(h.resources)
}

// index brings the map up to date, a later resource replacing an earlier
// one at the same URL (a payment read again with what it embeds); h.mu is
// held.
func (h *Held) index() {
	if len(h.added) == 0 {
		return
	}
	if h.resources == nil {
		h.resources = make(map[string][]byte, len(h.added))
	}
	for _, r := range h.added {
		h.resources[r.url] = r.raw
	}
	clear(h.added)
	h.added = h.added[:0]
}

// put holds body at apiURL, replacing what was there.
func (h *Held) put(apiURL string, body []byte) { h.putAll([]heldResource{{apiURL, body}}) }

// putAll holds each resource, as put does, under one lock.
func (h *Held) putAll(rs []heldResource) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.added = append(h.added, rs...)
}
