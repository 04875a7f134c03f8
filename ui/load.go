package ui

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/source"
)

// loader is the life of the source's loads: the first, then one per refresh
// (r) or watch tick, each a generation of its own, and what the latest
// told: progress, notes, failures, errors.
type loader struct {
	src   source.Source
	watch time.Duration // load again this long after each load ends; 0 means never

	ctx      context.Context    // the program's; every load runs under it
	gen      int                // generation of the current load: 0 first, then one more per refresh
	stop     context.CancelFunc // cancels the current load alone
	stream   <-chan tea.Msg     // the current loader's batches
	loading  bool
	progress *source.Progress // the latest progress of the current load, if it sends any
	failures []source.Failure // what the current (or last) load could not load
	before   []source.Failure // what the load before a refresh could not load, while the refresh runs
	notes    []string         // every note of the current load, in order
	loadErr  string           // why the last refresh failed, until the next one starts
	note     string           // the latest note from the source
	open     string           // an input still open ("stdin"), as the latest batch says
	status   string           // the source's standing account of itself, as the latest batch that gave one says
	into     string           // where the source keeps what it receives, likewise
}

// start returns the command that loads the source as generation l.gen,
// under a context of its own inside l.ctx: quitting cancels it, and so
// does a later load.
func (l *loader) start() tea.Cmd {
	if l.stop != nil {
		l.stop()
	}
	ctx, stop := context.WithCancel(l.ctx)
	l.stop, l.loading, l.progress = stop, true, nil
	return startLoadCmd(ctx, l.src, l.gen)
}

// refresh starts the next generation, unless a load is running or the
// source cannot be read again: then it says why not.
func (l *loader) refresh() (tea.Cmd, string) {
	if l.loading {
		return nil, "already loading; r works again once it is done"
	}
	if why := source.NotRereadable(l.src); why != "" {
		return nil, "nothing to refresh: " + why
	}
	l.gen++
	l.loadErr, l.before, l.failures, l.notes = "", l.failures, nil, nil
	return l.start(), ""
}

// nextWatch schedules the next watched refresh, if watching.
func (l *loader) nextWatch() tea.Cmd {
	if l.watch <= 0 {
		return nil
	}
	return watchCmd(l.ctx, l.watch, l.gen)
}

// updateLoad handles the messages of the loads; it reports whether msg was
// one.
func (m *Model) updateLoad(msg tea.Msg) (tea.Cmd, bool) {
	l := &m.load
	switch msg := msg.(type) {
	case loadStartedMsg:
		if msg.gen != l.gen {
			return nil, true // a replaced load; its context is cancelled
		}
		l.stream = msg.stream
		if l.gen > 0 {
			m.list.BeginRefresh()
		}
		return waitLoadCmd(l.stream), true
	case batchMsg:
		if msg.gen != l.gen {
			return nil, true
		}
		m.addBatch(msg.batch)
		return tea.Batch(waitLoadCmd(l.stream), m.matchNew()), true
	case loadDoneMsg:
		if p := (*PanicError)(nil); errors.As(msg.err, &p) {
			return m.crash(p), true // whichever load it was
		}
		if msg.gen != l.gen {
			return nil, true
		}
		return m.loadDone(msg.err), true
	case watchMsg:
		switch {
		case msg.gen != l.gen:
			return nil, true // a load started since; its end schedules the next tick
		case l.loading:
			return l.nextWatch(), true
		}
		return m.refresh(), true
	}
	return nil, false
}

// addBatch puts a batch of the current load in the list and the status.
func (m *Model) addBatch(b source.Batch) {
	l := &m.load
	if b.Len() > 0 {
		if l.gen == 0 && !b.Live {
			// A cursor on the first row of the table stays there, so that
			// the screen opens on the first event whatever order batches
			// come in; anywhere else it stays on its event.
			top := m.state == stateTable && m.list.Cursor() == 0
			m.list.AppendChunks(b.Chunks...)
			if top {
				m.list.SetCursor(0)
			}
		} else {
			m.list.MergeChunks(b.Chunks...)
		}
		m.table().setSources(m.list.Sources())
		m.table().setTypes(m.list.TypeLabelWidth(m.cfg.TypeNames), m.list.TypeLabelWidth(nil))
	}
	// A note may quote a server or a file: shown, it is sanitized here,
	// whatever the source did.
	for _, n := range b.Notes {
		l.note = cells.SanitizeLine(n)
		l.notes = append(l.notes, l.note)
	}
	for id, name := range b.Names {
		m.common.names[id] = name
	}
	if len(b.Failures) > 0 {
		l.failures = append(l.failures, b.Failures...)
	}
	if b.Progress != nil {
		p := *b.Progress
		l.progress = &p
	}
	l.open = b.Open
	if b.Status != "" {
		l.status = cells.SanitizeLine(b.Status)
	}
	if b.Into != "" {
		l.into = cells.SanitizeLine(b.Into)
	}
}

// loadDone ends the current load. Only the first load's error ends the
// program; a refresh that fails keeps everything and says why.
func (m *Model) loadDone(err error) tea.Cmd {
	l := &m.load
	l.loading, l.open = false, ""
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
	if l.ctx.Err() != nil {
		return nil // quitting
	}
	if l.gen > 0 {
		// A file shows as it is now: what it no longer holds leaves.
		m.list.EndRefresh(err == nil && source.LoadsWhole(l.src))
	}
	if err != nil {
		if l.gen == 0 {
			m.err = err
			return m.quit()
		}
		l.loadErr = "refresh failed, showing what was loaded before: " + cells.SanitizeLine(m.cfg.Explain(err))
		// What is shown is the load before, so its failures still hold,
		// with this refresh's and the refresh's own error (E).
		l.failures = append(failedSince(l.before, l.failures), source.Failure{Source: "the refresh", Err: err})
	}
	l.before = nil
	return l.nextWatch()
}

// Every load has a generation number: 0 for the first, one more for each
// refresh. Its messages carry it, so a message of a load that has been
// replaced is dropped.

// loadStartedMsg hands the app the stream a loader writes to.
type loadStartedMsg struct {
	gen    int
	stream <-chan tea.Msg
}

// batchMsg carries events that have arrived.
type batchMsg struct {
	gen   int
	batch source.Batch
}

// loadDoneMsg says the source has finished, with the error that stopped it.
type loadDoneMsg struct {
	gen int
	err error
}

// startLoadCmd runs src in a goroutine that ends with ctx. Its batches come
// back through waitLoadCmd; whatever arrived while the UI was busy comes as
// one batch, so a source sending thousands of small batches (one per
// customer) costs the UI one merge per frame, not one per customer. A panic
// in the source ends the load with a *PanicError, which ends the program
// cleanly instead of killing it with the terminal in raw mode.
func startLoadCmd(ctx context.Context, src source.Source, gen int) tea.Cmd {
	return func() tea.Msg {
		stream := make(chan tea.Msg)
		q := newBatchQueue()
		go func() {
			defer func() {
				if r := recover(); r != nil {
					q.finish(caught(r))
				}
			}()
			q.finish(src.Load(ctx, q.put))
		}()
		go func() {
			defer close(stream)
			send := func(m tea.Msg) bool {
				select {
				case stream <- m:
					return true
				case <-ctx.Done():
					return false
				}
			}
			defer func() {
				if r := recover(); r != nil {
					send(loadDoneMsg{gen, caught(r)})
				}
			}()
			// The pump ends with ctx even if the source does not notice
			// it, blocked on a read.
			defer context.AfterFunc(ctx, q.cancel)()
			for {
				b, err, done := q.take()
				if done {
					send(loadDoneMsg{gen, err})
					return
				}
				if !send(batchMsg{gen, b}) {
					return
				}
			}
		}()
		return loadStartedMsg{gen, stream}
	}
}

// batchQueue gathers a loader's batches until the UI takes them. put never
// blocks, so a slow screen never slows a load.
type batchQueue struct {
	mu        sync.Mutex
	ready     *sync.Cond
	pending   *source.Batch
	done      bool
	err       error
	cancelled bool
}

func newBatchQueue() *batchQueue {
	q := &batchQueue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

// put adds b to what is waiting.
func (q *batchQueue) put(b source.Batch) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == nil {
		q.pending = &b
	} else {
		q.pending.Add(b)
	}
	q.ready.Signal()
}

// finish records the loader's end.
func (q *batchQueue) finish(err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done, q.err = true, err
	q.ready.Signal()
}

// cancel makes take return at once, done, whatever the loader does.
func (q *batchQueue) cancel() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.cancelled = true
	q.ready.Signal()
}

// take waits for batches and returns all of them as one; once none are left
// and the loader has finished, it returns the loader's error and done. Once
// cancelled, it returns done and context.Canceled.
func (q *batchQueue) take() (b source.Batch, err error, done bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.pending == nil && !q.done && !q.cancelled {
		q.ready.Wait()
	}
	switch {
	case q.cancelled:
		return source.Batch{}, context.Canceled, true
	case q.pending != nil:
		b, q.pending = *q.pending, nil
		return b, nil, false
	}
	return source.Batch{}, q.err, true
}

// waitLoadCmd waits for the loader's next message.
func waitLoadCmd(stream <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		if m, ok := <-stream; ok {
			return m
		}
		return nil
	}
}

// watchMsg says it is time to load again. It carries the generation of the
// load whose end scheduled it: if another load has started since, that
// load's end schedules the next one instead.
type watchMsg struct{ gen int }

// watchCmd asks for a refresh after d, unless ctx ends first: the wait
// must not outlive the program.
func watchCmd(ctx context.Context, d time.Duration, gen int) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return watchMsg{gen}
		case <-ctx.Done():
			return nil
		}
	}
}

// failedSince is what a load failed to load, before, and what a refresh
// of it failed to load, now, each source once, the latest reason winning.
func failedSince(before, now []source.Failure) []source.Failure {
	out := make([]source.Failure, 0, len(before)+len(now))
	for _, f := range before {
		if !slices.ContainsFunc(now, func(g source.Failure) bool { return g.Source == f.Source }) {
			out = append(out, f)
		}
	}
	return append(out, now...)
}
