package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// syncCost is the most matching (model.FilterJob.Cost, about bytes read)
// a query change does at once, in Update: a word over a few megabytes of
// messages, a regexp over some tens of kilobytes, a few milliseconds. A
// costlier one runs in a command, so that keys, the screen and signals
// never wait for a regexp over messages of megabytes.
const syncCost = 4 << 20

// filtering is the query being worked out aside, if any. Each query change
// counts one more generation, so a result that comes back for an older one
// is dropped; the change cancels the work of the older one too.
type filtering struct {
	gen    uint64
	cancel context.CancelFunc // nil when nothing is being worked out
	q      query.Query        // what is being worked out, while cancel is set
}

// filteredMsg is the matching of a query, worked out aside, for the
// generation of query changes it answers.
type filteredMsg struct {
	gen    uint64
	result *model.Filtered
	err    error // the change was cancelled
}

// setQuery puts q in force, keeping the cursor on its event (host). A
// query of the text in force is the query in force (its terms are read
// from its text), so it is not applied again: that would work the view out
// again for nothing, hide the events seen since under is:new and move
// since:7d. A change whose matching is cheap is applied at once; a costly
// one is worked out in the returned command while the table shows the
// view it has, and "filtering…" shows in the status line.
func (m *Model) setQuery(q query.Query) tea.Cmd {
	f := &m.filter
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	f.gen++
	if m.list.Query().Text() == q.Text() {
		return m.matchNew() // what a cancelled job left
	}
	return m.filterAside(m.list.Prepare(q))
}

// matchNew matches the query in force against the messages that came
// since its matches were worked out (the list leaves them aside), unless
// a job is running: its end calls matchNew again.
func (m *Model) matchNew() tea.Cmd {
	if m.filter.cancel != nil {
		return nil
	}
	job := m.list.Prepare(m.list.Query())
	if job.Cost() == 0 {
		return nil
	}
	m.filter.gen++
	return m.filterAside(job)
}

// filterAside applies job's query: at once when its matching is cheap,
// otherwise from the command it returns.
func (m *Model) filterAside(job *model.FilterJob) tea.Cmd {
	if job.Cost() <= syncCost {
		r, _ := job.Run(context.Background()) // cannot be cancelled
		m.apply(r)
		return nil
	}
	f := &m.filter
	ctx, cancel := context.WithCancel(m.load.ctx) // q, ctrl+c and signals end it too
	f.cancel, f.q = cancel, job.Query()
	gen := f.gen
	return func() tea.Msg {
		r, err := job.Run(ctx)
		return filteredMsg{gen: gen, result: r, err: err}
	}
}

// typedQuery is the query last asked for (host): the one being worked
// out, or else the one in force.
func (m *Model) typedQuery() query.Query {
	if m.filter.cancel != nil {
		return m.filter.q
	}
	return m.list.Query()
}

// filtered puts a query worked out aside in force, unless a newer change
// has been asked for since, and goes on with the messages that came
// meanwhile.
func (m *Model) filtered(msg filteredMsg) tea.Cmd {
	f := &m.filter
	if msg.gen != f.gen || msg.err != nil || f.cancel == nil {
		return nil
	}
	f.cancel()
	f.cancel = nil
	m.apply(msg.result)
	return m.matchNew()
}

// apply puts a worked-out query in force. While the first load runs, a
// cursor on the first row stays there, as addBatch keeps it, so that the
// screen opens on the first event whatever order events are matched in.
func (m *Model) apply(r *model.Filtered) {
	top := m.load.gen == 0 && m.load.loading && m.state == stateTable && m.list.Cursor() == 0
	m.list.Apply(r)
	if top {
		m.list.SetCursor(0)
	}
}
