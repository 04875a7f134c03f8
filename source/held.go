package source

import (
	"context"
	"sync"
)

// Held is a Fetcher that answers from the resources a rebuilt history has
// read, by API URL, and asks Next (the API, or nil) for any other. The
// detail view and --expand then show a history's resources without a
// request. Safe for concurrent use.
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
		return nil, ErrNotResource
	}
	return h.Next.Fetch(ctx, apiURL)
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
