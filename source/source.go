// Package source is where events come from: files, standard input and the
// Mollie API. Every source hands its events over in batches as they arrive,
// so the UI can show the first ones before the last load.
package source

import (
	"context"
	"maps"

	"github.com/eventbrowser/eventbrowser/model"
)

// Batch is a group of events that arrived together, with anything worth
// telling the user about them. Every source sends its events as compact
// chunks, which a list takes over as they are.
type Batch struct {
	Chunks   []*model.Chunk // the events, in order; never nil chunks
	Notes    []string
	Failures []Failure // parts of the source that could not be loaded; the rest goes on
	Progress *Progress // where a long load stands; nil from sources that finish at once
	// Names says what sources are called: an API customer's name by its ID.
	Names map[string]string

	// Open names an input still open, such as "stdin" while the pipe it
	// reads has not been closed: more events may come at any time, until
	// Load returns. "" when the batch comes from no such input. A stream
	// sends a batch with Open set (and perhaps no events) as soon as it
	// starts, and with every batch of events it reads; once it has read
	// everything, one more batch without Open (its notes, or nothing).
	Open string

	// Live says the batch's events arrived just now, as a refresh's new
	// ones do: the list marks them new even in the first load (a webhook
	// receiver's deliveries).
	Live bool
	// Status is the source's standing account of itself, shown in the
	// status line until a later batch changes it and never cut: how many
	// requests a receiver refused, that it does not verify signatures.
	// "" keeps the one before.
	Status string
	// Into is where the source keeps what it receives (a receiver's
	// file), shown in the status line after the sort; "" keeps the one
	// before.
	Into string
}

// Failure is one part of a source, such as one customer, that failed to load.
type Failure struct {
	Source string // what failed, e.g. a customer ID
	Err    error  // why, with the HTTP status and Mollie's detail where there is one
}

// StoppedError is the error of a load that stopped partway, such as an
// API that stopped answering or a customer list that could not be read to
// its end: the batches sent before it hold, and the rest did not load.
// Print mode prints what loaded, then says this.
type StoppedError struct{ Err error }

func (e *StoppedError) Error() string { return e.Err.Error() }
func (e *StoppedError) Unwrap() error { return e.Err }

// Progress says how far a load has come. It counts from the start of the
// Load call that sent it.
type Progress struct {
	Done, Total int  // customers fetched (or failed) and known so far
	Listing     bool // more customers may come: Total is still growing
	Events      int  // events received so far
	Failed      int  // customers that failed
	// Rebuilt: histories are rebuilt from resources, of which Read counts
	// those read so far.
	Rebuilt bool
	Read    ResourceCounts
}

// Source loads events. Load calls send for each batch, in order, from the
// goroutine that called Load, and returns the error that stopped it, if
// any; a batch sent is the receiver's. A source may be loaded again (to
// refresh); each Load starts afresh.
type Source interface {
	Load(ctx context.Context, send func(Batch)) error
}

// Len is the number of events in the batch.
func (b *Batch) Len() int {
	n := 0
	for _, c := range b.Chunks {
		n += c.Len()
	}
	return n
}

// Add puts a later batch into b, as if both had come as one: its events
// after b's, its notes, failures and names too; its progress, when it has
// one, and whether an input is still open replace b's.
func (b *Batch) Add(later Batch) {
	b.Chunks = append(b.Chunks, later.Chunks...)
	b.Notes = append(b.Notes, later.Notes...)
	b.Failures = append(b.Failures, later.Failures...)
	if len(later.Names) > 0 {
		if b.Names == nil {
			b.Names = map[string]string{}
		}
		maps.Copy(b.Names, later.Names)
	}
	if later.Progress != nil {
		b.Progress = later.Progress
	}
	b.Open = later.Open
	b.Live = b.Live && later.Live // events that were not live stay not new
	if later.Status != "" {
		b.Status = later.Status
	}
	if later.Into != "" {
		b.Into = later.Into
	}
}

// OneShot is a source that may be readable only once, such as standard
// input from a pipe. NotRereadable says why reading it again would find
// nothing, or returns "" when it can be read again.
type OneShot interface {
	NotRereadable() string
}

// NotRereadable says why reading src again (a refresh, --watch) would find
// nothing, or returns "" when it can be read again: any source but a
// OneShot can.
func NotRereadable(src Source) string {
	if o, ok := src.(OneShot); ok {
		return o.NotRereadable()
	}
	return ""
}

// Whole is a source each load of which sends everything it holds, so a
// refresh shows it as it is now: what a load no longer sends has left it.
// Files are; the API is not, since its customers can fail one at a time.
type Whole interface {
	LoadsWhole() bool
}

// LoadsWhole reports whether every load of src sends all it holds.
func LoadsWhole(src Source) bool {
	w, ok := src.(Whole)
	return ok && w.LoadsWhole()
}

// LoadsWhole reports whether every source of m loads whole.
func (m Multi) LoadsWhole() bool {
	for _, s := range m {
		if !LoadsWhole(s) {
			return false
		}
	}
	return true
}

// Multi loads several sources one after the other, as one.
type Multi []Source

func (m Multi) Load(ctx context.Context, send func(Batch)) error {
	for _, s := range m {
		if err := s.Load(ctx, send); err != nil {
			return err
		}
	}
	return nil
}

// String says how far the load has come: "customers 120/450+ · events
// 3,210 · 2 failed", the + while more customers may come; for rebuilt
// histories, the resources read: "customers 40/40 · payments 12,400 ·
// refunds 310".
func (p *Progress) String() string {
	total := model.Thousands(p.Total)
	if p.Listing {
		total += "+"
	}
	s := "customers " + model.Thousands(p.Done) + "/" + total
	if p.Rebuilt {
		r := p.Read
		s += " · payments " + model.Thousands(r.Payments)
		for _, k := range []struct {
			name string
			n    int
		}{{"refunds", r.Refunds}, {"chargebacks", r.Chargebacks}, {"captures", r.Captures}, {"mandates", r.Mandates}, {"subscriptions", r.Subscriptions}} {
			if k.n > 0 {
				s += " · " + k.name + " " + model.Thousands(k.n)
			}
		}
	} else {
		s += " · events " + model.Thousands(p.Events)
	}
	if p.Failed > 0 {
		s += " · " + model.Thousands(p.Failed) + " failed"
	}
	return s
}

// NotRereadable says why Multi cannot be read again: only when none of
// its sources can.
func (m Multi) NotRereadable() string {
	why := ""
	for _, s := range m {
		if why = NotRereadable(s); why == "" {
			return ""
		}
	}
	return why
}
