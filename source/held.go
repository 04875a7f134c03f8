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

	mu        sync.RWMutex
	resources map[string][]byte
}

// NewHeld is an empty Held that asks next for what it does not hold.
func NewHeld(next Fetcher) *Held { return &Held{Next: next, resources: map[string][]byte{}} }

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
	h.mu.RLock()
	defer h.mu.RUnlock()
	body, ok := h.resources[apiURL]
	return body, ok
}

// Len is how many resources are held.
func (h *Held) Len() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.resources)
}

// put holds body at apiURL, replacing what was there: a later read is
// the newer.
func (h *Held) put(apiURL string, body []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.resources == nil {
		h.resources = map[string][]byte{}
	}
	h.resources[apiURL] = body
}

// putAll holds each resource, as put does, under one lock.
func (h *Held) putAll(rs []heldResource) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.resources == nil {
		h.resources = make(map[string][]byte, len(rs))
	}
	for _, r := range rs {
		h.resources[r.url] = r.raw
	}
}
