package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// resources are the API objects events link to, each fetched once per
// session by API URL: those of the event in the detail view, and with
// --expand those of the table's rows, the rows on screen first.
type resources struct {
	fetcher source.Fetcher  // nil: no key, nothing is fetched
	asRead  bool            // the fetcher holds webhook events as read (source.AsCarried)
	links   source.Resolver // maps links to API URLs on the API's base URL
	limit   int             // fetches in flight at once
	// expand: fetch the rows' resources, for --expand or a column of theirs
	expand  bool
	maxHeld int64 // what the JSON kept of resources may take together

	entries map[string]*resource // by API URL, once asked for
	held    int64                // bytes of the resources whose JSON is kept
	capped  bool                 // a resource's JSON was not kept because of maxHeld
	// again is the JSON of the resources not kept (over the bound, or past
	// maxHeld), fetched again for the raw view of the event shown: only
	// those it asked for last; nil while under way.
	again    map[string][]string
	inFlight int
	next     int    // with expand: the view position where the search for rows to fetch goes on
	view     uint64 // with expand: the generation of the view next is a position in

	// saidNoKey: the status line said once that the resources of the
	// columns shown cannot be fetched without a key.
	saidNoKey bool
}

// resource is one API object: asked for, then fetched or failed.
type resource struct {
	done bool
	res  model.Resource // its fields, kept whatever its size
	json []string       // its JSON, indented, controls revealed; nil when not kept
	size int64          // of its body
	err  error

	vals model.ResourceValues // what the table's columns show of it
}

// resourceMsg brings a fetched resource, or why it could not be fetched;
// again, its JSON fetched again for the raw view.
type resourceMsg struct {
	url   string
	res   model.Resource
	vals  model.ResourceValues
	json  []string
	size  int64
	err   error
	again bool
}

// fetchResourceCmd fetches and reads the resource at url, under ctx: its
// JSON only up to source.DefaultMaxBody, or whatever its size when again.
func fetchResourceCmd(ctx context.Context, f source.Fetcher, url string, loc *time.Location, again bool) tea.Cmd {
	return func() tea.Msg {
		raw, err := f.Fetch(ctx, url)
		if err != nil {
			return resourceMsg{url: url, err: err, again: again}
		}
		res, err := model.ParseResource(raw, loc)
		if err != nil {
			return resourceMsg{url: url, err: err, again: again}
		}
		vals, _ := model.ParseValues(raw) // an object, as ParseResource found
		msg := resourceMsg{url: url, res: res, vals: vals, size: int64(len(raw)), again: again}
		if again || msg.size <= source.DefaultMaxBody {
			for line := range strings.SplitSeq(model.IndentRaw(raw), "\n") {
				msg.json = append(msg.json, cells.Reveal(line))
			}
		}
		source.Discarded(len(raw))
		return msg
	}
}

// urls returns the keys of the resources of e's links, one for each link,
// "" for a link that is not a Mollie API resource: their API URLs, or
// what carried names.
func (r *resources) urls(e *model.Event) []string {
	out := make([]string, len(e.Links))
	for i, l := range e.Links {
		u, _ := r.links.URL(l.Href, string(e.Source))
		out[i] = r.carried(e, u)
	}
	return out
}

// first returns the key of the resource of e's first link that has one,
// or "".
func (r *resources) first(e *model.Event) string { return r.carried(e, r.links.First(e)) }

// carried is the key of the resource at u, the API URL of one of e's
// links: when the fetcher holds webhook events as read and e is one, the
// event itself, or its entity, as e carried it (source.AsCarried: the
// state it saw, not the latest); else u.
func (r *resources) carried(e *model.Event, u string) string {
	if !r.asRead || e.ID == "" || u == "" {
		return u
	}
	if id := u[strings.LastIndexByte(u, '/')+1:]; id == e.ID || e.EntityID != "" && id == e.EntityID {
		return source.AsCarried(u, e.ID, e.EntityID)
	}
	return u
}

// status is the status of e's resource, "" while it is not known.
func (r *resources) status(e *model.Event) string {
	if x := r.entries[r.first(e)]; x != nil && x.done {
		return x.res.Status
	}
	return ""
}

// values are the columns' values of e's resource, nil while it is not
// known.
func (r *resources) values(e *model.Event) *model.ResourceValues {
	if x := r.entries[r.first(e)]; x != nil && x.done && x.err == nil {
		return &x.vals
	}
	return nil
}

// reachedCap says whether resources were not kept, here or by the
// fetcher, because of --max-held.
func (r *resources) reachedCap() bool {
	d, ok := r.fetcher.(interface{ Dropped() int })
	return r.capped || ok && d.Dropped() > 0
}

// pending counts the fetches under way.
func (r *resources) pending() int { return r.inFlight }

// asked counts the resources asked for with --expand (0 without), and
// fetched those of them done; searching says whether the view holds rows
// not looked at yet, so that more may be asked for.
func (r *resources) asked() int {
	if !r.expand {
		return 0
	}
	return len(r.entries)
}

func (r *resources) fetched() int { return len(r.entries) - r.inFlight }

func (r *resources) searching(l *model.List) bool {
	return r.expand && (r.view != l.ViewGen() || r.next < l.Len())
}

// fetch starts fetching what is asked for and not fetched yet: the links of
// the event in the detail view, then with --expand the rows on screen and
// after them the rest of the view, no more than limit at once.
func (m *Model) fetch() tea.Cmd {
	r := &m.res
	if r.fetcher == nil {
		return nil
	}
	var cmds []tea.Cmd
	start := func(u string) {
		if u == "" || r.entries[u] != nil || r.inFlight >= r.limit {
			return
		}
		r.entries[u] = &resource{}
		r.inFlight++
		cmds = append(cmds, fetchResourceCmd(m.load.ctx, r.fetcher, u, m.cfg.Location, false))
	}
	if v, ok := m.front().(resourceShower); ok {
		for _, u := range v.wantedResources() {
			start(u)
		}
		cmds = append(cmds, m.fetchAgain(v.wantedAgain())...)
	} else {
		r.again = nil // what was fetched again goes with the view that showed it
	}
	if r.expand {
		if view := m.list.ViewGen(); view != r.view {
			r.view, r.next = view, 0 // the positions changed: search the new view from its start
		}
		t := m.table()
		for _, e := range m.list.Window(t.top, t.pageSize()) {
			start(r.first(e))
		}
		// The rest, a bounded stretch per message, so that no keystroke
		// waits for a scan of a million events.
		for scanned := 0; r.inFlight < r.limit && r.next < m.list.Len() && scanned < 4096; scanned++ {
			start(r.first(m.list.At(r.next)))
			r.next++
		}
	}
	if len(cmds) > 0 && r.inFlight == len(cmds) {
		cmds = append(cmds, m.spinner.Tick) // the status line says what is being fetched
	}
	if m.state == stateTable {
		cmds = append(cmds, m.table().preview.rest())
	}
	return tea.Batch(cmds...)
}

// fetchAgain fetches the JSON of the resources at urls that was not kept,
// for the raw view; what was fetched again for other URLs goes.
func (m *Model) fetchAgain(urls []string) []tea.Cmd {
	r := &m.res
	var cmds []tea.Cmd
	again := make(map[string][]string, len(urls))
	for _, u := range urls {
		lines, ok := r.again[u]
		again[u] = lines
		if !ok {
			r.inFlight++
			cmds = append(cmds, fetchResourceCmd(m.load.ctx, r.fetcher, u, m.cfg.Location, true))
		}
	}
	r.again = again
	return cmds
}

// arrived keeps a fetched resource: its fields, and its JSON while that
// takes no more than maxHeld with the others'.
func (m *Model) arrived(msg resourceMsg) {
	r := &m.res
	r.inFlight--
	if msg.again {
		if _, ok := r.again[msg.url]; ok {
			r.again[msg.url] = msg.json
			if msg.err != nil {
				r.again[msg.url] = []string{cells.SanitizeLine("not fetched again: " + m.cfg.Explain(msg.err))}
			}
		}
	}
	x := r.entries[msg.url]
	if x == nil || msg.again {
		m.resourcesChanged()
		return
	}
	*x = resource{done: true, res: msg.res, vals: msg.vals, json: msg.json, size: msg.size, err: msg.err}
	if x.json != nil && r.held+x.size > r.maxHeld {
		x.json, r.capped = nil, true
	}
	if x.json != nil {
		r.held += x.size
	}
	if errors.Is(msg.err, context.Canceled) {
		delete(r.entries, msg.url) // quitting, or asked again later
	}
	if errors.Is(msg.err, source.ErrNoKey) && !r.saidNoKey && m.table().needsResources() {
		r.saidNoKey = true // once: every row would say the same
		m.say(m.table().noKeyNote())
	}
	m.resourcesChanged()
	if q := m.list.Query(); r.expand && q.LimitsStatuses() {
		m.list.SetStatus(m.statusOf) // status: terms see the new status
	}
}

// resourcesChanged tells the views that show resources that one arrived.
func (m *Model) resourcesChanged() {
	for _, reg := range registry {
		if v, ok := m.views[reg.state].(resourceShower); ok {
			v.resourcesChanged()
		}
	}
}

// statusOf is the status of the event id's resource, for status: terms.
func (m *Model) statusOf(id int) string { return m.res.status(m.list.Event(id)) }
