package source

import (
	"hash/maphash"
	"sync"
)

// changes remembers the resources a rebuilt history has read, so that a
// refresh (--watch) reads each list, newest first, only until a page
// holds nothing new: no new object, and no known one in a new state (a
// payment paid since, a refund added, which changes its payment's
// amountRefunded). What it cannot see is a change to an object deeper in
// a list than that page. What a load read counts only once it completes:
// after a failed refresh the next one reads it again. Safe for concurrent
// use; loads run one at a time.
type changes struct {
	mu        sync.Mutex
	seed      maphash.Seed
	state     map[string]uint64 // a hash of each resource as last loaded, by kind and ID
	pending   map[string]uint64 // what the load under way read
	owner     map[string]string // payment ID → customer ID, for account loads
	customers int               // customers an account load has counted
	loaded    bool              // a load completed: the next one is a refresh
}

func newChanges() *changes {
	return &changes{seed: maphash.MakeSeed(), state: map[string]uint64{}, owner: map[string]string{}}
}

// begin starts a load, and tells whether it is a refresh that reads only
// what changed. A nil *changes never refreshes.
func (c *changes) begin() (refresh bool) {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = map[string]uint64{}
	return c.loaded
}

// note records it as read and tells whether it is fresh (new or changed
// since the last load completed) and whether it is new. For a nil
// *changes every resource is new.
func (c *changes) note(it *Item) (fresh, isNew bool) {
	if c == nil {
		return true, true
	}
	h := maphash.Bytes(c.seed, it.Raw)
	key := it.Kind + "/" + it.ID
	c.mu.Lock()
	defer c.mu.Unlock()
	old, seen := c.state[key]
	c.pending[key] = h
	return !seen || old != h, !seen
}

// done ends a load: when it completed, what it read is what the next
// refresh compares with.
func (c *changes) done(completed bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if completed {
		for k, h := range c.pending {
			c.state[k] = h
		}
		c.loaded = true
	}
	c.pending = nil
}

// refreshing tells whether the load under way is a refresh (see begin).
func (c *changes) refreshing() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loaded
}
