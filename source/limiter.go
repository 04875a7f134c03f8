package source

import (
	"context"
	"sync"
)

// limiter bounds the requests of a load in flight at once: at most max,
// and fewer while the API answers 429. Each 429 halves the limit (down to
// one); a run of successes twice the limit long raises it by one again.
type limiter struct {
	mu      sync.Mutex
	max     int
	limit   int
	inUse   int
	run     int           // successes since the last change
	changed chan struct{} // closed when a slot may have come free
	lowest  int           // the lowest limit reached, for tests
}

func newLimiter(n int) *limiter {
	n = max(1, n)
	return &limiter{max: n, limit: n, lowest: n, changed: make(chan struct{})}
}

// acquire waits for a slot; false when ctx ended first.
func (l *limiter) acquire(ctx context.Context) bool {
	for {
		l.mu.Lock()
		if l.inUse < l.limit {
			l.inUse++
			l.mu.Unlock()
			return true
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (l *limiter) release() {
	l.mu.Lock()
	l.inUse--
	l.wake()
	l.mu.Unlock()
}

// wake tells waiters to look again; l.mu is held.
func (l *limiter) wake() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// throttled is a 429: fewer requests at once from now on.
func (l *limiter) throttled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = max(1, l.limit/2)
	l.lowest = min(l.lowest, l.limit)
	l.run = 0
}

// succeeded is an answer that was not a 429: after enough of them in a
// row, one more request at once.
func (l *limiter) succeeded() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit >= l.max {
		return
	}
	if l.run++; l.run >= 2*l.limit {
		l.limit++
		l.run = 0
		l.wake()
	}
}

// now is the limit and the lowest it has been.
func (l *limiter) now() (limit, lowest int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.lowest
}
