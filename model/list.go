package model

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SortKey is the column the list is sorted by.
type SortKey int

const (
	SortCreated SortKey = iota
	SortType
	SortMessage
	SortNone // input (load) order; descending is the reverse
)

var sortNames = [...]string{"created", "type", "message", "none"}

func (k SortKey) String() string { return sortNames[k] }

// Sort is a sort column and direction. The zero value is oldest first; the
// list starts with DefaultSort.
type Sort struct {
	Key  SortKey
	Desc bool
}

// DefaultSort is newest first.
var DefaultSort = Sort{Key: SortCreated, Desc: true}

// String writes the sort as the --sort flag takes it: "-created" is
// descending by created-at.
func (s Sort) String() string {
	if s.Desc {
		return "-" + s.Key.String()
	}
	return s.Key.String()
}

// ParseSort reads "created", "-type" and the like.
func ParseSort(s string) (Sort, error) {
	var out Sort
	if name, ok := strings.CutPrefix(s, "-"); ok {
		out.Desc, s = true, name
	}
	i := slices.Index(sortNames[:], s)
	if i < 0 {
		return Sort{}, fmt.Errorf("unknown sort %q: want created, type, message or none, with a leading - for descending", s)
	}
	out.Key = SortKey(i)
	return out, nil
}

// Filter selects the events the list shows. The zero value shows all.
type Filter struct {
	Types map[int]bool // only these types; empty means all
	Text  string       // case-insensitive substring of the message; a leading ! negates
	Since time.Time    // inclusive; zero means unbounded
	Until time.Time    // exclusive; zero means unbounded
}

// textMatcher returns a function telling whether a message matches f.Text.
func (f Filter) textMatcher() func(string) bool {
	q, neg := strings.CutPrefix(f.Text, "!")
	if q == "" {
		return func(string) bool { return true }
	}
	q = strings.ToLower(q)
	return func(s string) bool { return containsFold(s, q) != neg }
}

// selectsTypes reports whether the filter limits types. Like TypeList, it
// counts only true entries: {200: false} selects nothing, so it shows all.
func (f Filter) selectsTypes() bool {
	for _, on := range f.Types {
		if on {
			return true
		}
	}
	return false
}

// TypeList returns the selected types in ascending order.
func (f Filter) TypeList() []int {
	types := make([]int, 0, len(f.Types))
	for t, on := range f.Types {
		if on {
			types = append(types, t)
		}
	}
	slices.Sort(types)
	return types
}

// containsFold reports whether s contains lowerSub, ignoring case. lowerSub
// must already be lower case. ASCII text, the common case, is compared
// without allocating.
func containsFold(s, lowerSub string) bool {
	if !isASCII(s) || !isASCII(lowerSub) {
		return strings.Contains(strings.ToLower(s), lowerSub)
	}
	n := len(lowerSub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for j < n && lowerASCII(s[i+j]) == lowerSub[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// List holds all loaded events and the current view of them: the filter, the
// sort, and the cursor, which stays on the same event when the view changes.
// Event IDs are positions in load order.
type List struct {
	st     store
	sorted []int32 // every event ID in sort order; ties keep load order
	proj   proj    // what the filter reads of each event, in the order of sorted
	view   []int32 // the IDs of sorted that pass the filter
	filter Filter
	sort   Sort
	cursor int // position in view

	// counts holds how many events the list has of each identity, for
	// Merge. It is built on the first Merge, so plain loads pay nothing.
	counts map[eventKey]int
	fresh  map[int32]struct{} // IDs of events added by Merge and not yet seen
}

// NewList returns an empty list sorted newest first.
func NewList() *List { return &List{sort: DefaultSort} }

// Append adds events, keeping the view's filter and sort and the cursor's
// event.
func (l *List) Append(events ...Event) {
	if l.counts != nil {
		for i := range events {
			l.counts[keyOf(&events[i])]++
		}
	}
	l.add(events)
}

// AppendChunk adds events a fast decoder stored compactly; like Append it
// keeps the filter, the sort and the cursor's event. The list takes the
// chunk over: it is empty afterwards.
func (l *List) AppendChunk(c *Chunk) { l.AppendChunks(c) }

// AppendChunks is AppendChunk for several chunks at once, which sorts and
// filters once rather than once per chunk.
func (l *List) AppendChunks(cs ...*Chunk) {
	first := l.st.len()
	l.st.reserve(cs)
	for _, c := range cs {
		if c == nil {
			continue
		}
		if l.counts != nil {
			for id := range c.st.recs {
				e := c.st.event(int32(id))
				l.counts[keyOf(&e)]++
			}
		}
		l.st.appendStore(&c.st)
		c.st = store{} // its memory can go now
	}
	if l.st.len() > first {
		l.placeNew(first)
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
	switch {
	case len(l.sorted) == 0:
		l.sorted = added
		l.project()
	case !l.mergeProjected(added):
		l.sorted = mergeSorted(l.sorted, added, l.compare)
		l.project()
	}
	l.refilter(sel)
}

// eventKey is what makes two events the same event for Merge: everything
// the source sent, so a refresh that loads an event again is recognised.
type eventKey struct {
	source, createdRaw, message, links string
	typ                                int
}

func keyOf(e *Event) eventKey {
	var links strings.Builder
	for _, ln := range e.Links {
		// Length-prefixed, so no text inside a field can fake a boundary.
		for _, s := range [...]string{ln.Name, ln.Href, ln.Type} {
			links.WriteString(strconv.Itoa(len(s)))
			links.WriteByte(':')
			links.WriteString(s)
		}
	}
	return eventKey{source: e.Source, createdRaw: e.CreatedRaw, message: e.Message, links: links.String(), typ: e.Type}
}

// Merge adds the events the list does not have yet, marks them new (see
// IsNew) and returns how many it added; like Append it keeps the filter,
// the sort and the cursor's event. Events compare as multisets: an event
// the list holds k times is added only for its occurrences in events past
// the k-th. So a refresh that loads everything again adds nothing, while
// two identical events of one file stay two. Sources send each part (a
// file, a customer) in one batch, so one call per batch compares whole
// parts.
func (l *List) Merge(events []Event) (added int) {
	if l.counts == nil {
		l.counts = make(map[eventKey]int, l.st.len()+len(events))
		for id := range l.st.recs {
			e := l.st.event(int32(id))
			l.counts[keyOf(&e)]++
		}
	}
	// used counts the list's copies of each key this call has matched. A
	// key's count grows as copies are added, along with used, so an added
	// event is never matched by a later one of the same call.
	used := map[eventKey]int{}
	var keep []Event
	for i := range events {
		k := keyOf(&events[i])
		if used[k] < l.counts[k] {
			used[k]++
			continue
		}
		used[k]++
		l.counts[k]++
		keep = append(keep, events[i])
	}
	if len(keep) == 0 {
		return 0
	}
	first := l.st.len()
	l.add(keep)
	if l.fresh == nil {
		l.fresh = map[int32]struct{}{}
	}
	for id := first; id < l.st.len(); id++ {
		l.fresh[int32(id)] = struct{}{}
	}
	return len(keep)
}

// IsNew reports whether event id was added by Merge and not yet marked
// seen.
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
	ra, rb := &l.st.recs[a], &l.st.recs[b]
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
		c = cmp.Compare(ra.typ, rb.typ)
	case SortMessage:
		c = strings.Compare(l.st.lines[ra.msg], l.st.lines[rb.msg])
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
func (l *List) Total() int { return l.st.len() }

// Len is the number of events that pass the filter.
func (l *List) Len() int { return len(l.view) }

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

// Filter returns the current filter.
func (l *List) Filter() Filter { return l.filter }

// SetFilter changes the filter, keeping the cursor on the same event when it
// is still shown.
func (l *List) SetFilter(f Filter) {
	sel := l.SelectedID()
	l.filter = f
	l.refilter(sel)
}

// Sort returns the current sort.
func (l *List) Sort() Sort { return l.sort }

// SetSort changes the sort, keeping the cursor on the same event.
func (l *List) SetSort(s Sort) {
	sel := l.SelectedID()
	l.sort = s
	l.sortIDs(l.sorted)
	l.project()
	l.refilter(sel)
}

func (l *List) refilter(sel int) {
	// One tight loop, in sorted order over what the filter needs of each
	// event (proj), so memory is read straight through: text is matched
	// once per distinct message, types against a short list.
	matches := l.messageMatches()
	since, until := l.filter.bounds()
	types := l.filter.typeList32()
	if len(l.proj.msg) != len(l.sorted) {
		l.project()
	}
	p := &l.proj
	view := slices.Grow(l.view[:0], len(p.msg))[:len(p.msg)]
	typeOK, exact := newTypeSet(types)
	timed := since != -1<<63 || until != 1<<63-1
	n, selPos := 0, -1
	text := l.filter.Text != "" && l.filter.Text != "!"
	for i := range p.msg {
		// The conditions are the same for every event, so their branches
		// cost nothing; an array not needed is not read.
		keep := 1
		if text {
			keep = b2i(matches[p.msg[i]])
		}
		if timed {
			keep &= b2i(p.nanos[i] >= since) & b2i(p.nanos[i] < until)
		}
		switch {
		case types == nil:
		case exact:
			keep &= typeOK.has(p.typ[i])
		default:
			keep &= b2i(slices.Contains(types, p.typ[i]))
		}
		id := l.sorted[i]
		if int(id) == sel && keep == 1 {
			selPos = n // found here rather than by a second pass
		}
		view[n] = id
		n += keep
	}
	l.view = view[:n]
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
func (l *List) Sources() []string { return l.st.sources() }

// TypeCount is one row of the type panel.
type TypeCount struct {
	Type       int
	Count      int    // events of this type that pass the text and time filters
	TopMessage string // the most common message of this type (display form)
}

// TypeCounts returns every type present in the list, ascending, with its
// count under the current text and time filters (the type filter is
// ignored, so the panel can show what selecting a type would give). A type
// with no match still appears, with count 0.
func (l *List) TypeCounts() []TypeCount {
	matches := l.messageMatches()
	since, until := l.filter.bounds()
	type acc struct {
		count int
		msgs  map[string]int
	}
	byType := map[int]*acc{}
	var last *acc
	lastType := 0
	for i := range l.st.recs {
		r := &l.st.recs[i]
		a := last
		if a == nil || int(r.typ) != lastType {
			if a = byType[int(r.typ)]; a == nil {
				a = &acc{msgs: map[string]int{}}
				byType[int(r.typ)] = a
			}
			last, lastType = a, int(r.typ)
		}
		a.msgs[l.st.lines[r.msg]]++
		if r.nanos >= since && r.nanos < until && matches[r.msg] {
			a.count++
		}
	}
	out := make([]TypeCount, 0, len(byType))
	for t, a := range byType {
		tc := TypeCount{Type: t, Count: a.count}
		best := -1
		for msg, n := range a.msgs {
			if n > best || (n == best && msg < tc.TopMessage) {
				tc.TopMessage, best = msg, n
			}
		}
		out = append(out, tc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

// ParseTypes reads a comma-separated list of event types, "200,300".
func ParseTypes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.ParseInt(f, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("bad type %q: want integers separated by commas, like 200,300", f)
		}
		out = append(out, int(n))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no types in %q: want integers separated by commas, like 200,300", s)
	}
	return out, nil
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

// messageMatches tells, for each distinct message, whether it passes the
// text filter.
func (l *List) messageMatches() []bool {
	match := l.filter.textMatcher()
	out := make([]bool, len(l.st.lines))
	for i, line := range l.st.lines {
		out[i] = match(line)
	}
	return out
}

// typeSet tells selected types apart in constant time, by their low byte;
// exact is false when two of them share one.
type typeSet struct {
	types [256]int32
	on    [256]bool
}

func newTypeSet(types []int32) (s typeSet, exact bool) {
	for _, t := range types {
		b := uint8(t)
		if s.on[b] && s.types[b] != t {
			return s, false
		}
		s.types[b], s.on[b] = t, true
	}
	return s, true
}

func (s *typeSet) has(t int32) int {
	b := uint8(t)
	return b2i(s.on[b]) & b2i(s.types[b] == t)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// proj is what filtering reads of the events, in sorted order, one array
// a field, so a text filter reads only messages (4 bytes an event).
type proj struct {
	msg   []uint32
	typ   []int32
	nanos []int64
}

// project fills proj from sorted.
func (l *List) project() {
	n := len(l.sorted)
	p := &l.proj
	p.msg = slices.Grow(p.msg[:0], n)[:n]
	p.typ = slices.Grow(p.typ[:0], n)[:n]
	p.nanos = slices.Grow(p.nanos[:0], n)[:n]
	recs := l.st.recs
	for i, id := range l.sorted {
		r := &recs[id]
		p.msg[i], p.typ[i], p.nanos[i] = r.msg, r.typ, r.nanos
	}
}

// typeList32 is TypeList for comparing with records; nil when the filter
// does not select types.
func (f Filter) typeList32() []int32 {
	if !f.selectsTypes() {
		return nil
	}
	out := []int32{}
	for t, on := range f.Types {
		if on && t >= -1<<31 && t < 1<<31 {
			out = append(out, int32(t))
		}
	}
	return out
}

// bounds is the time range as Unix nanoseconds, [since, until).
func (f Filter) bounds() (since, until int64) {
	since, until = -1<<63, 1<<63-1
	if !f.Since.IsZero() {
		since = clampNanos(f.Since)
	}
	if !f.Until.IsZero() {
		until = clampNanos(f.Until)
	}
	return since, until
}
