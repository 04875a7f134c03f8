package model

import (
	"cmp"
	"iter"
	"slices"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

// List holds all loaded events and the current view of them: the filter, the
// sort, and the cursor, which stays on the same event when the view changes.
// Event IDs are positions in load order.
type List struct {
	st     segStore
	sorted []int32 // every event ID in sort order; ties keep load order
	// proj is what the filter reads of each event, in the order of sorted.
	// It is built when a filter or a merge first needs it, so a list
	// loaded at once and not filtered (print mode) does not hold it, and
	// kept up to date from then on; projected says whether it is.
	proj      proj
	projected bool
	// view is the IDs of sorted that pass the filter: sorted itself when
	// all do, else in viewRoom, so that an unfiltered list (the table as
	// it loads) holds its order once.
	view     []int32
	viewRoom []int32
	pass     []int32 // scratch for passing
	query    query.Query
	sort     Sort
	cursor   int    // position in view
	viewGen  uint64 // one more each time view is worked out again

	ids    *identities        // the events by identity, for MergeChunks; nil until then
	fresh  map[int32]struct{} // IDs of events added by MergeChunks and not yet seen
	marked map[int32]struct{} // IDs of the events the user marked (m)
	gone   []bool             // by ID, the events a refresh dropped (refresh.go); nil when none
	nGone  int

	status   func(id int) string // for status: terms; nil until SetStatus
	seen     presence
	typeMsgs typeMessages
	typeOrd  typeOrder
	matches  matchCache
}

// NewList returns an empty list sorted newest first.
func NewList() *List { return &List{sort: DefaultSort} }

// Append adds events, keeping the view's filter and sort and the cursor's
// event.
func (l *List) Append(events ...Event) {
	first := l.st.len()
	l.add(events)
	l.indexFrom(first)
}

// AppendChunks adds events a fast decoder stored compactly; like Append it
// keeps the filter, the sort and the cursor's event, and it sorts and
// filters once for all the chunks. The list takes the chunks over: they
// are empty afterwards.
func (l *List) AppendChunks(cs ...*Chunk) {
	first := l.st.len()
	l.st.expectFrom(cs)
	for _, c := range cs {
		if c != nil {
			l.st.adopt(&c.st) // the list keeps the chunk's memory; c is empty
			c.raw = nil
		}
	}
	if l.st.len() > first {
		l.placeNew(first)
		l.indexFrom(first)
	}
}

// add appends events to the list and places them in the view.
func (l *List) add(events []Event) {
	if len(events) == 0 {
		return
	}
	first := l.st.len()
	for i := range events {
		l.st.add(&events[i])
	}
	l.placeNew(first)
}

// placeNew puts the events from ID first on into the sorted order and the
// view, keeping the cursor's event.
func (l *List) placeNew(first int) {
	sel := l.SelectedID()
	added := make([]int32, l.st.len()-first)
	for i := range added {
		added[i] = int32(first + i)
	}
	l.sortIDs(added)
	if len(l.sorted) == 0 {
		l.sorted, l.projected = added, false
	} else {
		// Merging by the projection reads both sides straight through;
		// by compare, it reads records all over the list when events do
		// not come in time order. So a list being added to is projected.
		if !l.projected {
			l.project()
		}
		if !l.mergeProjected(added) {
			l.sorted, l.projected = mergeSorted(l.sorted, added, l.compare), false
		}
	}
	l.refilter(sel)
}

// IsNew reports whether event id was added by MergeChunks and not yet marked
// seen. An is:new filter reads this when it is set and when events arrive;
// marking events seen leaves the view as it is, so they do not vanish
// while they are read.
func (l *List) IsNew(id int) bool {
	_, ok := l.fresh[int32(id)]
	return ok
}

// NewCount is the number of new events, shown or hidden by the filter.
func (l *List) NewCount() int { return len(l.fresh) }

// MarkSeen marks events as seen, so they are no longer new.
func (l *List) MarkSeen(ids ...int) {
	for _, id := range ids {
		delete(l.fresh, int32(id))
	}
}

// MarkSeenWindow marks the events at view positions off to off+n as seen:
// the ones on screen. Out-of-range positions are fine, as for Window.
func (l *List) MarkSeenWindow(off, n int) {
	if len(l.fresh) == 0 {
		return
	}
	off = max(0, min(off, len(l.view)))
	end := max(off, min(off+n, len(l.view)))
	for _, id := range l.view[off:end] {
		delete(l.fresh, id)
	}
}

// compare orders two event IDs by the current sort; equal keys keep load
// order whatever the direction.
func (l *List) compare(a, b int32) int {
	ra, rb := l.st.rec(a), l.st.rec(b)
	var c int
	switch l.sort.Key {
	case SortCreated:
		c = cmp.Compare(ra.nanos, rb.nanos)
		if c == 0 && (ra.tform|rb.tform)&formOdd != 0 {
			ta, _ := l.st.created(a)
			tb, _ := l.st.created(b)
			c = ta.Compare(tb)
		}
	case SortType:
		o := l.typeOrder()
		c = cmp.Compare(o.key(ra.typ), o.key(rb.typ))
	case SortMessage:
		c = l.st.lines.compare(ra.msg, rb.msg)
	case SortNone:
		c = cmp.Compare(a, b)
	}
	if l.sort.Desc {
		c = -c
	}
	if c == 0 {
		c = cmp.Compare(a, b)
	}
	return c
}

// Total is the number of events loaded.
func (l *List) Total() int { return l.st.len() - l.nGone }

// Len is the number of events that pass the filter.
func (l *List) Len() int { return len(l.view) }

// ViewGen is the view's generation: it grows each time the view is worked
// out again (a filter, a sort, events added, statuses arriving, a mark
// under an is: term), so what is derived from the view (the timeline's
// counts, where a search through it stands) can tell whether it is still
// current without comparing the query as text. Moving the cursor and
// marking events seen leave it as it is.
func (l *List) ViewGen() uint64 { return l.viewGen }

// At returns the event at position i of the view.
func (l *List) At(i int) *Event { return l.Event(int(l.view[i])) }

// IDAt returns the ID of the event at position i of the view.
func (l *List) IDAt(i int) int { return int(l.view[i]) }

// Event returns the event with the given ID.
// The event is built from the compact store: changing it changes nothing.
func (l *List) Event(id int) *Event {
	e := l.st.event(int32(id))
	return &e
}

// Window returns up to n events of the view starting at position off. An
// off past either end and an n below 1 (a screen not yet sized) are fine.
func (l *List) Window(off, n int) []*Event {
	off = max(0, min(off, len(l.view)))
	end := max(off, min(off+n, len(l.view)))
	out := make([]*Event, 0, end-off)
	for _, id := range l.view[off:end] {
		out = append(out, l.Event(int(id)))
	}
	return out
}

// Index returns the position of event id in the view, or -1 if the filter
// hides it.
func (l *List) Index(id int) int {
	return slices.Index(l.view, int32(id))
}

// Query returns the query that selects the view.
func (l *List) Query() query.Query { return l.query }

// SetQuery changes the query, keeping the cursor on the same event when it
// is still shown.
func (l *List) SetQuery(q query.Query) {
	sel := l.SelectedID()
	l.query = q
	l.refilter(sel)
}

// Sort returns the current sort.
func (l *List) Sort() Sort { return l.sort }

// SetSort changes the sort, keeping the cursor on the same event.
func (l *List) SetSort(s Sort) {
	sel := l.SelectedID()
	l.sort = s
	l.sortIDs(l.sorted)
	l.projected = false
	l.refilter(sel)
}

// SetStatus gives status: terms the status of each event's linked
// resource ("" when unknown), and applies the filter again. Until it is
// called, a status: term holds for no event. Call it again when statuses
// arrive.
func (l *List) SetStatus(status func(id int) string) {
	l.status = status
	l.refilter(l.SelectedID())
}

func (l *List) env() planEnv {
	return planEnv{fresh: l.fresh, marked: l.marked, status: l.status, cache: &l.matches}
}

func (l *List) refilter(sel int) {
	// One tight loop, in sorted order over what the filter needs of each
	// event (proj), so memory is read straight through: text is matched
	// once per distinct message, types against a short list, sources by
	// a table.
	pl := compile(&l.st, l.query, l.env(), leaveNone)
	n, selPos := len(l.sorted), -1
	if pl.keepsAll() {
		l.view = l.sorted // nothing to read but the order
		if sel >= 0 {
			selPos = slices.Index(l.sorted, int32(sel))
		}
	} else {
		l.viewRoom = growTo(l.viewRoom[:0], len(l.sorted), l.st.expect)
		n, selPos = l.sweep(&pl, l.viewRoom, sel)
		l.view = l.viewRoom[:n]
	}
	l.viewGen++
	// The cursor stays on its event; when the filter hides that event, it
	// goes to the first match, as in a search.
	if sel >= 0 {
		l.cursor = max(0, selPos)
	}
	l.cursor = max(0, min(l.cursor, len(l.view)-1))
}

// Cursor returns the cursor's position in the view.
func (l *List) Cursor() int { return l.cursor }

// SetCursor moves the cursor to position i, clamped to the view.
func (l *List) SetCursor(i int) { l.cursor = max(0, min(i, len(l.view)-1)) }

// Selected returns the event under the cursor, or nil when the view is empty.
func (l *List) Selected() *Event {
	if len(l.view) == 0 {
		return nil
	}
	return l.At(l.cursor)
}

// SelectedID returns the ID of the event under the cursor, or -1.
func (l *List) SelectedID() int {
	if len(l.view) == 0 {
		return -1
	}
	return int(l.view[l.cursor])
}

// Sources returns the distinct sources of all events, in load order.
func (l *List) Sources() []cells.Line {
	srcs := l.present().srcs
	out := make([]cells.Line, len(srcs))
	for i, id := range srcs {
		out[i] = cells.Line(l.st.strs.list[id])
	}
	return out
}

// All yields the events of the view in order.
func (l *List) All() iter.Seq[*Event] {
	return func(yield func(*Event) bool) {
		for _, id := range l.view {
			if !yield(l.Event(int(id))) {
				return
			}
		}
	}
}
