package source

import (
	"cmp"
	"context"
	"fmt"

	"github.com/eventbrowser/eventbrowser/model"
)

// unreachableAfter is how many customers in a row may fail to connect
// before the load stops: the API is gone, and each would only say so again.
const unreachableAfter = 3

// collector sends a load's results as batches, each with the progress so
// far.
type collector struct {
	l       *customerLoad
	send    func(Batch)
	p, sent Progress // the progress now, and in the last batch sent
	batches int
}

// count brings the customers known and whether more may come up to date.
func (c *collector) count() {
	c.p.Total = max(c.p.Done, int(c.l.known.Load()))
	c.p.Listing = c.l.m.AllCustomers && !c.l.listed.Load()
}

func (c *collector) sendBatch(b Batch) {
	snapshot := c.p
	b.Progress = &snapshot
	c.sent = c.p
	c.send(b)
	c.batches++
}

// emit sends one customer's result.
func (c *collector) emit(r customerResult) {
	m := c.l.m
	c.p.Done++
	c.count()
	var b Batch
	if r.events != nil && r.events.Len() > 0 {
		b.Chunks = []*model.Chunk{r.events}
	}
	switch {
	case r.err != nil:
		c.p.Failed++
		b.Failures = []Failure{{Source: r.id, Err: r.err}}
	case r.rebuilt || r.events != nil && cmp.Or(m.History, HistoryAuto) == HistoryAuto:
		m.historyNotes(&b, &c.p, r)
	case r.noEvents:
		// Each such customer is named, so that none goes unmentioned;
		// once, so that --watch does not say it again.
		if _, said := m.noEvents.LoadOrStore(r.id, true); !said {
			b.Notes = []string{fmt.Sprintf("customer %s came without an \"events\" field: Mollie returns a customer's events only with include=events, and only on accounts where that option is enabled", r.id)}
		}
	}
	b.Notes = append(b.Notes, m.relabel.take()...)
	if r.name != "" {
		b.Names = map[string]string{r.id: r.name}
	}
	c.p.Events += b.Len()
	c.sendBatch(b)
}

// collect counts the results and sends them, on Load's goroutine, until
// the workers are done or a failure stops the load.
func (l *customerLoad) collect(ctx context.Context, cancel func(), send func(Batch)) error {
	c := &collector{l: l, send: send}
	var fatal error
	var down []customerResult // connection failures in a row, not sent yet
	for r := range l.results {
		switch {
		case fatal != nil:
			continue // drain: workers stop once ctx is cancelled
		case r.listed: // a page of the list: its count shows at once
			if c.count(); c.p != c.sent {
				c.sendBatch(Batch{})
			}
			continue
		case r.err != nil && isKeyProblem(r.err):
			fatal = r.err
			cancel()
			continue
		case r.err != nil && ctx.Err() != nil:
			continue // cancelled, not failed
		case isUnreachable(r.err):
			if down = append(down, r); len(down) >= unreachableAfter {
				fatal = l.unreachable(down, c.p.Done)
				cancel()
			}
			continue // said as failures if the API answers again
		}
		for _, d := range down {
			c.emit(d)
		}
		down = down[:0]
		c.emit(r)
	}
	if fatal != nil {
		return fatal
	}
	if ctx.Err() != nil {
		return nil // Load says why
	}
	for _, d := range down { // fewer than unreachableAfter, at the end
		c.emit(d)
	}
	// The last customer can arrive while the list is still being read (an
	// empty last page): say that the count is final.
	c.p.Total, c.p.Listing = max(c.p.Done, int(l.known.Load())), false
	if c.p != c.sent || c.batches == 0 {
		c.sendBatch(Batch{})
	}
	return nil
}

// unreachable is the one error that stops a load whose API stopped
// answering: why, and how many customers were not loaded.
func (l *customerLoad) unreachable(down []customerResult, done int) error {
	left := int(l.known.Load()) - done
	more := ""
	if l.m.AllCustomers && !l.listed.Load() {
		more = ", nor the rest of the customer list"
	}
	return &StoppedError{fmt.Errorf("the API stopped answering (%d customers in a row: %v); %d customer(s) were not loaded%s",
		len(down), down[len(down)-1].err, left, more)}
}
