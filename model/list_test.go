package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/timefmt"
	"github.com/eventbrowser/eventbrowser/query"
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := timefmt.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// event builds a loaded event, derived fields and all.
func event(t testing.TB, typ int, created, msg, source string) Event {
	t.Helper()
	e := Event{Type: typ, Created: mustTime(t, created), CreatedRaw: created, Message: msg, Source: cells.Line(source)}
	e.Finish()
	return e
}

// sample has ties in every sort key. IDs are positions.
func sample(t testing.TB) []Event {
	return []Event{
		0: event(t, 200, "2024-01-01T10:00:00Z", "Customer created", "cst_a"),
		1: event(t, 300, "2024-01-03T10:00:00Z", "Payment paid", "cst_b"),
		2: event(t, 200, "2024-01-02T10:00:00Z", "customer updated", "cst_a"),
		3: event(t, 400, "2024-01-03T11:00:00+01:00", "Ärger mit Zahlung", "cst_c"), // same instant as 1
		4: event(t, 300, "2024-01-01T10:00:00Z", "Payment failed", "cst_b"),
		5: event(t, 300, "2024-01-02T12:00:00Z", "Payment paid", "cst_b"),
	}
}

func sampleList(t testing.TB) *List {
	l := NewList()
	l.Append(sample(t)...)
	return l
}

// ids returns the IDs of the view, in view order.
func ids(l *List) []int {
	out := []int{}
	for i := range l.Len() {
		out = append(out, l.IDAt(i))
	}
	return out
}

// idOf finds the ID of an event the list returned. Events are built anew
// from the list's compact store, so they compare by content.
func idOf(l *List, e *Event) int {
	for id := range l.Total() {
		if reflect.DeepEqual(l.Event(id), e) {
			return id
		}
	}
	return -1
}

func TestNewList(t *testing.T) {
	l := NewList()
	if l.Len() != 0 || l.Total() != 0 {
		t.Errorf("Len, Total = %d, %d, want 0, 0", l.Len(), l.Total())
	}
	if e := l.Selected(); e != nil {
		t.Errorf("Selected() = %+v on an empty list, want nil", e)
	}
	if id := l.SelectedID(); id != -1 {
		t.Errorf("SelectedID() = %d on an empty list, want -1", id)
	}
	if c := l.Cursor(); c != 0 {
		t.Errorf("Cursor() = %d, want 0", c)
	}
	l.SetCursor(5)
	if c := l.Cursor(); c != 0 {
		t.Errorf("Cursor() after SetCursor(5) on an empty list = %d, want 0", c)
	}
	if w := l.Window(0, 10); len(w) != 0 {
		t.Errorf("Window(0, 10) = %d events, want 0", len(w))
	}
	if s := l.Sort(); s != DefaultSort || s != (Sort{Key: SortCreated, Desc: true}) {
		t.Errorf("Sort() = %+v, want DefaultSort, newest first", s)
	}
	if tc := l.TypeCounts(); len(tc) != 0 {
		t.Errorf("TypeCounts() = %+v, want none", tc)
	}
	if s := l.Sources(); len(s) != 0 {
		t.Errorf("Sources() = %q, want none", s)
	}
	if i := l.Index(0); i != -1 {
		t.Errorf("Index(0) = %d, want -1", i)
	}
	l.Append()
	if l.Total() != 0 {
		t.Errorf("Total() after Append() = %d, want 0", l.Total())
	}
}

func TestListAppend(t *testing.T) {
	evs := sample(t)
	l := NewList()
	l.Append(evs[:2]...)
	if l.Total() != 2 || l.Len() != 2 {
		t.Fatalf("after 2 events: Total, Len = %d, %d, want 2, 2", l.Total(), l.Len())
	}
	l.SetQuery(mustQuery(t, "type:300"))
	l.Append(evs[2:]...)
	if l.Total() != 6 {
		t.Errorf("Total() = %d, want 6", l.Total())
	}
	if l.Len() != 3 {
		t.Errorf("Len() = %d under a type filter, want 3 (every 300)", l.Len())
	}
	if got, want := ids(l), []int{1, 5, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("view after Append = %v, want %v (filtered and newest first)", got, want)
	}
	// Event IDs are positions in load order, and the list holds its own copy.
	for id, e := range evs {
		if got := l.Event(id); got.Message != e.Message || got.Type != e.Type {
			t.Errorf("Event(%d) = %q, want %q", id, got.Message, e.Message)
		}
	}
	evs[0].Message = "changed"
	if l.Event(0).Message == "changed" {
		t.Error("the list shares its events with the caller's slice")
	}
}

func TestListWindow(t *testing.T) {
	l := sampleList(t) // view: 1 3 5 2 0 4
	tests := []struct {
		off, n int
		want   []int
	}{
		{0, 6, []int{1, 3, 5, 2, 0, 4}},
		{0, 2, []int{1, 3}},
		{2, 3, []int{5, 2, 0}},
		{4, 10, []int{0, 4}}, // n bigger than the rest
		{5, 1, []int{4}},
		{6, 3, []int{}}, // just past the end
		{99, 3, []int{}},
		{-3, 2, []int{1, 3}},
		{0, 0, []int{}},
		{2, -1, []int{}},  // a screen not yet sized
		{99, -5, []int{}}, // both at once
	}
	for _, tt := range tests {
		w := l.Window(tt.off, tt.n)
		got := []int{}
		for _, e := range w {
			got = append(got, idOf(l, e))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Window(%d, %d) = %v, want %v", tt.off, tt.n, got, tt.want)
		}
	}

	l.SetQuery(mustQuery(t, "payment")) // view: 1 5 4
	got := []int{}
	for _, e := range l.Window(1, 5) {
		got = append(got, idOf(l, e))
	}
	if want := []int{5, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("filtered Window(1, 5) = %v, want %v", got, want)
	}
}

func TestListSort(t *testing.T) {
	tests := []struct {
		sort Sort
		want []int
	}{
		{DefaultSort, []int{1, 3, 5, 2, 0, 4}},
		{Sort{Key: SortCreated}, []int{0, 4, 2, 5, 1, 3}},
		{Sort{Key: SortType}, []int{0, 2, 1, 4, 5, 3}},
		{Sort{Key: SortType, Desc: true}, []int{3, 1, 4, 5, 0, 2}},
		// Byte order of the display line: upper case before lower case,
		// non-ASCII last.
		{Sort{Key: SortMessage}, []int{0, 4, 1, 5, 2, 3}},
		{Sort{Key: SortMessage, Desc: true}, []int{3, 2, 1, 5, 4, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.sort.String(), func(t *testing.T) {
			// Sorting everything at once.
			l := sampleList(t)
			l.SetSort(tt.sort)
			if got := ids(l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SetSort: %v, want %v", got, tt.want)
			}
			if l.Sort() != tt.sort {
				t.Errorf("Sort() = %v, want %v", l.Sort(), tt.sort)
			}
			// Sorting, then appending one by one: the merge must agree.
			l = NewList()
			l.SetSort(tt.sort)
			for _, e := range sample(t) {
				l.Append(e)
			}
			if got := ids(l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Append one by one: %v, want %v", got, tt.want)
			}
			// And in two batches.
			l = NewList()
			l.SetSort(tt.sort)
			evs := sample(t)
			l.Append(evs[:3]...)
			l.Append(evs[3:]...)
			if got := ids(l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Append in two batches: %v, want %v", got, tt.want)
			}
		})
	}
}

// Messages sort by what is shown: the sanitized line, not the raw message.
func TestListSortMessageByDisplayLine(t *testing.T) {
	l := NewList()
	l.Append(
		event(t, 1, "2024-01-01T00:00:00Z", "\x1b[1mZebra", "s"), // raw ESC sorts first, the line "Zebra" last
		event(t, 1, "2024-01-01T00:00:00Z", "Apple", "s"),
		event(t, 1, "2024-01-01T00:00:00Z", "\u202eMango", "s"),
	)
	l.SetSort(Sort{Key: SortMessage})
	if got, want := ids(l), []int{1, 2, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("by message: %v, want %v", got, want)
	}
}

// Ties keep load order in both directions, however many there are.
func TestListSortTiesKeepLoadOrder(t *testing.T) {
	l := NewList()
	for range 50 {
		l.Append(event(t, 7, "2024-01-01T00:00:00Z", "same", "s"))
	}
	want := make([]int, 50)
	for i := range want {
		want[i] = i
	}
	for _, s := range []Sort{DefaultSort, {Key: SortCreated}, {Key: SortType}, {Key: SortType, Desc: true}, {Key: SortMessage}, {Key: SortMessage, Desc: true}} {
		l.SetSort(s)
		if got := ids(l); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: %v, want load order", s, got)
		}
	}
}

func TestListFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter query.Query
		want   []int // under the default sort, newest first
	}{
		{"zero filter shows all", query.Query{}, []int{1, 3, 5, 2, 0, 4}},
		{"one type", mustQuery(t, "type:200"), []int{2, 0}},
		{"two types", mustQuery(t, "type:300,400"), []int{1, 3, 5, 4}},
		{"false entries do not select", mustQuery(t, "type:300"), []int{1, 5, 4}},
		{"only false entries select nothing, so show all", query.Query{}, []int{1, 3, 5, 2, 0, 4}},
		{"empty type map shows all", query.Query{}, []int{1, 3, 5, 2, 0, 4}},
		{"type not present", mustQuery(t, "type:999"), []int{}},
		{"text", mustQuery(t, "payment"), []int{1, 5, 4}},
		{"text ignores case", mustQuery(t, "\"PAYMENT PAID\""), []int{1, 5}},
		{"text matches either case", mustQuery(t, "cUSTOMER"), []int{2, 0}},
		{"text in the middle", mustQuery(t, "mit"), []int{3}},
		{"non-ASCII text, lower case", mustQuery(t, "ärger"), []int{3}},
		{"non-ASCII text, upper case", mustQuery(t, "Ä"), []int{3}},
		{"non-ASCII message, ASCII query", mustQuery(t, "ZAHLUNG"), []int{3}},
		{"text matches nothing", mustQuery(t, "refund"), []int{}},
		{"negated text", mustQuery(t, "!payment"), []int{3, 2, 0}},
		{"negated text ignores case", mustQuery(t, "!CUSTOMER"), []int{1, 3, 5, 4}},
		{"negated non-ASCII text", mustQuery(t, "!ä"), []int{1, 5, 2, 0, 4}},
		{"a lone ! shows all", query.Query{}, []int{1, 3, 5, 2, 0, 4}},
		{"negated text matching everything", mustQuery(t, "!e"), []int{}},
		{"since is inclusive", mustQuery(t, "since:2024-01-02T10:00:00Z"), []int{1, 3, 5, 2}},
		{"since in another offset", mustQuery(t, "since:2024-01-02T11:00:00+01:00"), []int{1, 3, 5, 2}},
		{"until is exclusive", mustQuery(t, "until:2024-01-02T10:00:00Z"), []int{0, 4}},
		{"since and until", mustQuery(t, "since:2024-01-02T10:00:00Z until:2024-01-03T10:00:00Z"), []int{5, 2}},
		{"empty range", mustQuery(t, "since:2024-01-02T10:00:00Z until:2024-01-02T10:00:00Z"), []int{}},
		{"type and text", mustQuery(t, "type:300 paid"), []int{1, 5}},
		{"type, text and since", mustQuery(t, "type:300 paid since:2024-01-03T00:00:00Z"), []int{1}},
		{"type, text and until", mustQuery(t, "type:300 paid until:2024-01-03T00:00:00Z"), []int{5}},
		{"type and negated text", mustQuery(t, "type:200 !created"), []int{2}},
		{"everything, matching nothing", mustQuery(t, "type:400 payment since:2024-01-01T00:00:00Z"), []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := sampleList(t)
			l.SetQuery(tt.filter)
			if got := ids(l); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("view = %v, want %v", got, tt.want)
			}
			if l.Total() != 6 {
				t.Errorf("Total() = %d, want 6 whatever the filter", l.Total())
			}
			if !reflect.DeepEqual(l.Query(), tt.filter) {
				t.Errorf("Query() = %+v, want %+v", l.Query(), tt.filter)
			}
			// The filter survives a change of sort.
			l.SetSort(Sort{Key: SortCreated})
			if l.Len() != len(tt.want) {
				t.Errorf("after SetSort, Len() = %d, want %d", l.Len(), len(tt.want))
			}
		})
	}
}

// The text filter looks at what is shown, the sanitized line.
func TestListFilterMatchesDisplayLine(t *testing.T) {
	l := NewList()
	l.Append(
		event(t, 1, "2024-01-01T00:00:00Z", "Pay\x1b[31mment\nfailed", "s"),
		event(t, 1, "2024-01-01T00:00:00Z", "31m", "s"),
	)
	for text, want := range map[string]int{"payment failed": 1, "[31m": 0, "31m": 1, "\n": 0} {
		l.SetQuery(mustQuery(t, query.QuoteText(text)))
		if l.Len() != want {
			t.Errorf("Text %q: Len() = %d, want %d", text, l.Len(), want)
		}
	}
}

func TestListTypeCounts(t *testing.T) {
	// The most common message wins; ties go to the first in byte order.
	const (
		top200 = "Customer created" // vs "customer updated", once each
		top300 = "Payment paid"     // twice, vs "Payment failed" once
		top400 = "Ärger mit Zahlung"
	)
	tests := []struct {
		name   string
		filter query.Query
		want   []TypeCount
	}{
		{"no filter", query.Query{}, []TypeCount{{200, 2, top200, ""}, {300, 3, top300, ""}, {400, 1, top400, ""}}},
		{"type filter ignored", mustQuery(t, "type:400"), []TypeCount{{200, 2, top200, ""}, {300, 3, top300, ""}, {400, 1, top400, ""}}},
		{"text filter counts, zero counts kept", mustQuery(t, "paid"), []TypeCount{{200, 0, top200, ""}, {300, 2, top300, ""}, {400, 0, top400, ""}}},
		{"negated text", mustQuery(t, "!paid type:300"), []TypeCount{{200, 2, top200, ""}, {300, 1, top300, ""}, {400, 1, top400, ""}}},
		{"time filter counts", mustQuery(t, "since:2024-01-02T10:00:00Z"), []TypeCount{{200, 1, top200, ""}, {300, 2, top300, ""}, {400, 1, top400, ""}}},
		{"nothing matches", mustQuery(t, "refund"), []TypeCount{{200, 0, top200, ""}, {300, 0, top300, ""}, {400, 0, top400, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := sampleList(t)
			l.SetQuery(tt.filter)
			if got := l.TypeCounts(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("TypeCounts() =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func TestListTypeCountsTopMessage(t *testing.T) {
	l := NewList()
	for _, msg := range []string{"b", "a", "c", "c", "b", "c", "a\x1b[1m"} {
		l.Append(event(t, 9, "2024-01-01T00:00:00Z", msg, "s"))
	}
	// c three times; "a" twice once sanitized; b twice.
	want := []TypeCount{{Type: 9, Count: 7, TopMessage: "c"}}
	if got := l.TypeCounts(); !reflect.DeepEqual(got, want) {
		t.Errorf("TypeCounts() = %+v, want %+v", got, want)
	}
	l.Append(event(t, 9, "2024-01-01T00:00:00Z", "a", "s"))
	want = []TypeCount{{Type: 9, Count: 8, TopMessage: "a"}} // a and c three times each: a first
	if got := l.TypeCounts(); !reflect.DeepEqual(got, want) {
		t.Errorf("after a tie, TypeCounts() = %+v, want %+v", got, want)
	}
}

func TestListIndex(t *testing.T) {
	l := sampleList(t) // view: 1 3 5 2 0 4
	for id, want := range []int{4, 0, 3, 1, 5, 2} {
		if got := l.Index(id); got != want {
			t.Errorf("Index(%d) = %d, want %d", id, got, want)
		}
	}
	for _, id := range []int{-1, 6, 100} {
		if got := l.Index(id); got != -1 {
			t.Errorf("Index(%d) = %d, want -1", id, got)
		}
	}
	l.SetQuery(mustQuery(t, "type:200")) // view: 2 0
	for id, want := range []int{1, -1, 0, -1, -1, -1} {
		if got := l.Index(id); got != want {
			t.Errorf("filtered: Index(%d) = %d, want %d", id, got, want)
		}
	}
	l.SetSort(Sort{Key: SortCreated}) // view: 0 2
	if got := l.Index(2); got != 1 {
		t.Errorf("after SetSort: Index(2) = %d, want 1", got)
	}
}

func TestListCursor(t *testing.T) {
	l := sampleList(t) // view: 1 3 5 2 0 4
	if got := l.SelectedID(); got != 1 {
		t.Fatalf("initially SelectedID() = %d, want 1 (the newest)", got)
	}

	// SetCursor clamps.
	for _, tt := range []struct{ set, want int }{{3, 3}, {-5, 0}, {100, 5}, {5, 5}} {
		l.SetCursor(tt.set)
		if got := l.Cursor(); got != tt.want {
			t.Errorf("SetCursor(%d): Cursor() = %d, want %d", tt.set, got, tt.want)
		}
	}

	// The cursor follows its event through filter, sort and append.
	l.SetCursor(l.Index(2)) // "customer updated", position 3
	check := func(step string, wantID, wantPos int) {
		t.Helper()
		if got := l.SelectedID(); got != wantID {
			t.Errorf("%s: SelectedID() = %d, want %d", step, got, wantID)
		}
		if got := l.Cursor(); got != wantPos {
			t.Errorf("%s: Cursor() = %d, want %d", step, got, wantPos)
		}
		if wantID >= 0 {
			if e := l.Selected(); !reflect.DeepEqual(e, l.Event(wantID)) {
				t.Errorf("%s: Selected() = %+v, want event %d", step, e, wantID)
			}
		} else if e := l.Selected(); e != nil {
			t.Errorf("%s: Selected() = %+v, want nil", step, e)
		}
	}
	check("SetCursor", 2, 3)
	l.SetQuery(mustQuery(t, "type:200")) // view: 2 0
	check("SetFilter", 2, 0)
	l.SetSort(Sort{Key: SortCreated}) // view: 0 2
	check("SetSort", 2, 1)
	l.SetQuery(query.Query{}) // view: 0 4 2 5 1 3
	check("clear filter", 2, 2)
	l.Append(
		event(t, 200, "2023-12-31T00:00:00Z", "older", "cst_d"),  // 6, sorts first
		event(t, 200, "2023-12-30T00:00:00Z", "oldest", "cst_d"), // 7, sorts first
		event(t, 200, "2025-01-01T00:00:00Z", "newest", "cst_d"), // 8, sorts last
	) // view: 7 6 0 4 2 5 1 3 8
	check("Append", 2, 4)
	l.SetSort(DefaultSort) // view: 8 1 3 5 2 0 4 6 7
	check("SetSort back", 2, 4)

	// When its event is filtered out, the cursor goes to the first match.
	l.SetQuery(mustQuery(t, "payment")) // view: 1 5 4
	check("filtered out, first match", 1, 0)
	l.SetCursor(0)
	l.SetQuery(mustQuery(t, "!paid")) // view: 8 3 2 0 4 6 7; 1 is hidden
	check("filtered out, first match again", 8, 0)
	l.SetCursor(3)
	check("SetCursor", 0, 3)

	// An empty view has no selection; the cursor comes back at 0.
	l.SetQuery(mustQuery(t, "\"no such event\""))
	check("empty view", -1, 0)
	l.SetQuery(query.Query{})
	check("view back", 8, 0)
}

func TestListCursorAppendToEmpty(t *testing.T) {
	l := NewList()
	l.SetQuery(mustQuery(t, "type:300"))
	l.Append(sample(t)[:1]...) // a 200: filtered out
	if l.Selected() != nil || l.SelectedID() != -1 {
		t.Errorf("nothing shown, but Selected() = %v, SelectedID() = %d", l.Selected(), l.SelectedID())
	}
	l.Append(sample(t)[1:]...)
	if got := l.SelectedID(); got != 1 {
		t.Errorf("after Append, SelectedID() = %d, want 1 (first in view)", got)
	}
}

func TestParseSort(t *testing.T) {
	tests := []struct {
		in   string
		want Sort
	}{
		{"created", Sort{Key: SortCreated}},
		{"-created", Sort{Key: SortCreated, Desc: true}},
		{"type", Sort{Key: SortType}},
		{"-type", Sort{Key: SortType, Desc: true}},
		{"message", Sort{Key: SortMessage}},
		{"-message", Sort{Key: SortMessage, Desc: true}},
		{"none", Sort{Key: SortNone}},
		{"-none", Sort{Key: SortNone, Desc: true}},
	}
	for _, tt := range tests {
		got, err := ParseSort(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSort(%q) = %+v, %v, want %+v", tt.in, got, err, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParseSort(%q).String() = %q, want it back", tt.in, s)
		}
	}
	if DefaultSort.String() != "-created" {
		t.Errorf("DefaultSort.String() = %q, want -created", DefaultSort.String())
	}

	errs := []struct{ in, want string }{
		{"", `unknown sort "": want created, type, message or none, with a leading - for descending`},
		{"-", `unknown sort "": want created, type, message or none, with a leading - for descending`},
		{"date", `unknown sort "date": want created, type, message or none, with a leading - for descending`},
		{"-date", `unknown sort "date": want created, type, message or none, with a leading - for descending`},
		{"Created", `unknown sort "Created": want created, type, message or none, with a leading - for descending`},
		{"--type", `unknown sort "-type": want created, type, message or none, with a leading - for descending`},
		{"+type", `unknown sort "+type": want created, type, message or none, with a leading - for descending`},
		{" type", `unknown sort " type": want created, type, message or none, with a leading - for descending`},
	}
	for _, tt := range errs {
		got, err := ParseSort(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseSort(%q) = %+v, %v, want error %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseTypes(t *testing.T) {
	tests := []struct {
		in   string
		want string // the term
	}{
		{"200", "type:200"},
		{"200,300", "type:200,300"},
		{" 200 , 300 ,", "type:200,300"},
		{"200,,300", "type:200,300"},
		{"300,200,300", "type:300,200,300"},
		{"-1,0,2147483647,-2147483648", "type:-1,0,2147483647,-2147483648"},
		{"+5", "type:5"},
		{"220..229", "type:220..229"},
		{"payment.failed", "type:payment.failed"},
		{"payment.*, 222 ,refund.refunded", "type:222,payment.*,refund.refunded"},
		{"abc", "type:abc"},
		{` "payment.failed" ,"2"00`, "type:200,payment.failed"},
	}
	for _, tt := range tests {
		got, err := query.ParseTypes(tt.in)
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseTypes(%q) = %v, %v, want %v", tt.in, got.String(), err, tt.want)
		}
	}

	const want = "want a type number, a range like 220..229, a name like payment.failed or a prefix like payment.*"
	errs := []struct{ in, bad, why string }{
		{"2abc", "2abc", want},
		{"200,x y", "x y", want},
		{"200;300", "200;300", want},
		{"1e2", "1e2", want},
		{"200.0", "200.0", want},
		{"2147483648", "2147483648", want},
		{"-2147483649", "-2147483649", want},
		{"0x10", "0x10", want},
		{"229..220", "229..220", `"229..220" is an empty range: the first number must not be above the second`},
	}
	for _, tt := range errs {
		got, err := query.ParseTypes(tt.in)
		want := `bad type "` + tt.bad + `": ` + tt.why
		if err == nil || err.Error() != want {
			t.Errorf("ParseTypes(%q) = %v, %v, want error %q", tt.in, got.String(), err, want)
		}
	}
	// --type "" would otherwise quietly mean every type.
	for _, in := range []string{"", " , ,"} {
		if got, err := query.ParseTypes(in); err == nil || !strings.HasPrefix(err.Error(), "no types in") {
			t.Errorf("ParseTypes(%q) = %v, %v, want a no-types error", in, got.String(), err)
		}
	}
}

func TestListSources(t *testing.T) {
	l := sampleList(t)
	if got, want := l.Sources(), []cells.Line{"cst_a", "cst_b", "cst_c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sources() = %q, want %q", got, want)
	}
	// Sources are of all events, whatever the filter.
	l.SetQuery(mustQuery(t, "type:400"))
	l.Append(event(t, 1, "2024-01-01T00:00:00Z", "m", "file.json"), event(t, 1, "2024-01-01T00:00:00Z", "m", "cst_a"))
	if got, want := l.Sources(), []cells.Line{"cst_a", "cst_b", "cst_c", "file.json"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Sources() = %q, want %q", got, want)
	}
}

// Decode feeds List: the whole path from bytes to a sorted, filtered view.
func TestListFromDecode(t *testing.T) {
	d, err := Decode("events.ndjson", []byte(strings.Join([]string{
		`{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`,
		`{"type":300,"createdAt":"2024-05-22T15:11:19+02:00","message":"Payment \u001b[1mpaid\u001b[0m"}`,
		`{"type":300,"createdAt":"2024-05-22T13:11:19Z","message":"Payment paid again"}`,
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	l := NewList()
	l.Append(d.Events...)
	l.SetQuery(mustQuery(t, "\"payment paid\""))
	var got []string
	for _, e := range l.Window(0, 10) {
		got = append(got, string(e.Line))
	}
	// Equal instants keep load order under newest first.
	if want := []string{"Payment paid", "Payment paid again"}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func BenchmarkListSetFilter(b *testing.B) {
	l := NewList()
	evs := make([]Event, 100_000)
	base := mustTime(b, "2024-01-01T00:00:00Z")
	for i := range evs {
		evs[i] = Event{Type: 200 + i%7, Created: base.Add(time.Duration(i) * time.Second), Message: "Payment paid"}
		evs[i].Finish()
	}
	l.Append(evs...)
	queries := []query.Query{mustQuery(b, "paid"), mustQuery(b, "!paid"), {}}
	for i := 0; b.Loop(); i++ {
		l.SetQuery(queries[i%3])
	}
}

func TestListMerge(t *testing.T) {
	a := event(t, 200, "2024-01-01T10:00:00Z", "Customer created", "cst_a")
	b := event(t, 300, "2024-01-02T10:00:00Z", "Payment paid", "cst_a")
	c := event(t, 300, "2024-01-03T10:00:00Z", "Payment paid", "cst_a")
	withLinks := func(e Event, links ...Link) Event { e.Links = links; return e }
	dash := withLinks(b, Link{Name: "url", Href: "https://x.test/a"})
	// Each differs from b in one part of the key.
	otherSource := b
	otherSource.Source = "cst_b"
	otherType := b
	otherType.Type = 301
	otherRaw := b // the same instant, written differently: the source sent something else
	otherRaw.CreatedRaw = "2024-01-02T11:00:00+01:00"
	otherMessage := b
	otherMessage.Message = "Payment paid "
	otherHref := withLinks(b, Link{Name: "url", Href: "https://x.test/b"})
	otherLinkType := withLinks(b, Link{Name: "url", Href: "https://x.test/a", Type: "text/html"})
	twoLinks := withLinks(b, Link{Name: "url", Href: "https://x.test/a"}, Link{Name: "doc", Href: "https://x.test/d"})
	swapped := withLinks(b, Link{Name: "doc", Href: "https://x.test/d"}, Link{Name: "url", Href: "https://x.test/a"})
	// Field boundaries: "ab"+"c" must not equal "a"+"bc".
	split1 := withLinks(b, Link{Name: "1:x", Href: "y"})
	split2 := withLinks(b, Link{Name: "1", Href: ":xy"})

	tests := []struct {
		name      string
		loaded    []Event   // by Append
		merges    [][]Event // one MergeChunks call each
		wantAdded []int
	}{
		{"refresh loads the same", []Event{a, b, c}, [][]Event{{a, b, c}}, []int{0}},
		{"refresh in another order", []Event{a, b, c}, [][]Event{{c, a, b}}, []int{0}},
		{"refresh in parts", []Event{a, b, c}, [][]Event{{a}, {b, c}}, []int{0, 0}},
		{"refresh brings one more", []Event{a, b}, [][]Event{{a, b, c}}, []int{1}},
		{"refresh brings fewer", []Event{a, b, c}, [][]Event{{b}}, []int{0}},
		{"into an empty list", nil, [][]Event{{a, b}}, []int{2}},
		{"twins in one file stay two", []Event{a, a, b}, [][]Event{{a, a, b}}, []int{0}},
		{"twins in one batch both added", []Event{b}, [][]Event{{a, a}}, []int{2}},
		{"a third twin is added once", []Event{a, a}, [][]Event{{a, a, a}}, []int{1}},
		{"a twin then fewer", []Event{a, a}, [][]Event{{a}}, []int{0}},
		{"the same batch twice", nil, [][]Event{{a, b}, {a, b}}, []int{2, 0}},
		{"source differs", []Event{b}, [][]Event{{otherSource}}, []int{1}},
		{"type differs", []Event{b}, [][]Event{{otherType}}, []int{1}},
		{"createdAt written differently", []Event{b}, [][]Event{{otherRaw}}, []int{1}},
		{"message differs", []Event{b}, [][]Event{{otherMessage}}, []int{1}},
		{"link added", []Event{b}, [][]Event{{dash}}, []int{1}},
		{"link href differs", []Event{dash}, [][]Event{{otherHref}}, []int{1}},
		{"link type differs", []Event{dash}, [][]Event{{otherLinkType}}, []int{1}},
		{"same links", []Event{twoLinks}, [][]Event{{twoLinks}}, []int{0}},
		{"links in another order", []Event{twoLinks}, [][]Event{{swapped}}, []int{1}},
		{"link field boundaries", []Event{split1}, [][]Event{{split2}}, []int{1}},
	}
	for _, tt := range tests {
		// Each call merges its events as one chunk, and split in two.
		for _, split := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/split=%v", tt.name, split), func(t *testing.T) {
				l := NewList()
				l.Append(tt.loaded...)
				total := len(tt.loaded)
				for i, m := range tt.merges {
					cs := []*Chunk{chunkOf(m)}
					if split {
						cs = []*Chunk{chunkOf(m[:len(m)/2]), chunkOf(m[len(m)/2:])}
					}
					got := l.MergeChunks(cs...)
					if got != tt.wantAdded[i] {
						t.Errorf("MergeChunks #%d added %d, want %d", i+1, got, tt.wantAdded[i])
					}
					total += tt.wantAdded[i]
					if l.Total() != total || l.Len() != total {
						t.Errorf("after MergeChunks #%d: Total, Len = %d, %d, want %d", i+1, l.Total(), l.Len(), total)
					}
				}
				checkNew(t, l, len(tt.loaded))
			})
		}
	}
}

// checkNew checks that the events from ID loaded on, and only they, are new.
func checkNew(t *testing.T, l *List, loaded int) {
	t.Helper()
	if got, want := l.NewCount(), l.Total()-loaded; got != want {
		t.Errorf("NewCount() = %d, want %d (every event MergeChunks added)", got, want)
	}
	for id := range l.Total() {
		if got, want := l.IsNew(id), id >= loaded; got != want {
			t.Errorf("IsNew(%d) = %v, want %v", id, got, want)
		}
	}
}

func TestListMergeCountsAppendsAfterIt(t *testing.T) {
	// Once MergeChunks has built its index, Append and AppendChunks must
	// keep it up to date.
	evs := sample(t)
	l := NewList()
	l.Append(evs[:2]...)
	l.MergeChunks(chunkOf(evs[:2]))
	l.Append(evs[2])
	l.AppendChunks(chunkOf(evs[3:5]))
	if got := l.MergeChunks(chunkOf(evs[:5])); got != 0 {
		t.Errorf("MergeChunks of events all loaded added %d, want 0", got)
	}
	if got := l.NewCount(); got != 0 {
		t.Errorf("NewCount() = %d, want 0: Append adds nothing new", got)
	}
}

func TestListMergeKeepsViewAndCursor(t *testing.T) {
	l := sampleList(t)                  // view: 1 3 5 2 0 4
	l.SetQuery(mustQuery(t, "payment")) // view: 1 5 4
	l.SetCursor(1)                      // event 5
	added := l.MergeChunks(chunkOf([]Event{
		event(t, 300, "2025-01-01T00:00:00Z", "Payment newest", "cst_b"),   // 6
		event(t, 200, "2025-01-02T00:00:00Z", "Customer deleted", "cst_a"), // 7, filtered out
		sample(t)[5], // already there
	}))
	if added != 2 {
		t.Fatalf("MergeChunks added %d, want 2", added)
	}
	if got, want := ids(l), []int{6, 1, 5, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("view = %v, want %v (filtered, newest first)", got, want)
	}
	if got := l.SelectedID(); got != 5 {
		t.Errorf("SelectedID() = %d, want 5: the cursor stays on its event", got)
	}
	if got := l.Cursor(); got != 2 {
		t.Errorf("Cursor() = %d, want 2", got)
	}
	if got := l.NewCount(); got != 2 {
		t.Errorf("NewCount() = %d, want 2 (the hidden one counts)", got)
	}
}

func TestListMarkSeen(t *testing.T) {
	newList := func() *List {
		l := NewList()
		l.MergeChunks(chunkOf(sample(t))) // all six new; view: 1 3 5 2 0 4
		return l
	}
	tests := []struct {
		name    string
		mark    func(l *List)
		wantNew []int // IDs still new, ascending
	}{
		{"nothing", func(l *List) {}, []int{0, 1, 2, 3, 4, 5}},
		{"ids", func(l *List) { l.MarkSeen(0, 4) }, []int{1, 2, 3, 5}},
		{"ids twice and unknown", func(l *List) { l.MarkSeen(0, 0, 99, -1) }, []int{1, 2, 3, 4, 5}},
		{"window", func(l *List) { l.MarkSeenWindow(1, 2) }, []int{0, 1, 2, 4}},
		{"window past the end", func(l *List) { l.MarkSeenWindow(4, 10) }, []int{1, 2, 3, 5}},
		{"window before the start", func(l *List) { l.MarkSeenWindow(-2, 3) }, []int{0, 2, 4}}, // as Window: positions 0-2
		{"window unsized", func(l *List) { l.MarkSeenWindow(0, 0) }, []int{0, 1, 2, 3, 4, 5}},
		{"window of a filtered view", func(l *List) {
			l.SetQuery(mustQuery(t, "payment")) // view: 1 5 4
			l.MarkSeenWindow(1, 5)
		}, []int{0, 1, 2, 3}},
		{"all", func(l *List) { l.MarkSeenWindow(0, 6) }, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newList()
			tt.mark(l)
			got := []int{}
			for id := range l.Total() {
				if l.IsNew(id) {
					got = append(got, id)
				}
			}
			if !reflect.DeepEqual(got, tt.wantNew) {
				t.Errorf("new = %v, want %v", got, tt.wantNew)
			}
			if l.NewCount() != len(tt.wantNew) {
				t.Errorf("NewCount() = %d, want %d", l.NewCount(), len(tt.wantNew))
			}
		})
	}
	// A plain list has nothing new, and marking it is fine.
	l := sampleList(t)
	l.MarkSeenWindow(0, 3)
	l.MarkSeen(1)
	if l.NewCount() != 0 || l.IsNew(1) {
		t.Error("a list loaded by Append has new events")
	}
}

func TestListIDAt(t *testing.T) {
	l := sampleList(t)
	l.SetQuery(mustQuery(t, "payment")) // view: 1 5 4
	got := []int{}
	for i := range l.Len() {
		got = append(got, l.IDAt(i))
	}
	if want := []int{1, 5, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("IDAt over the view = %v, want %v", got, want)
	}
}

// Types that share their low byte (1 and 257) still filter exactly.
func TestListTypeFilterLowByteCollision(t *testing.T) {
	l := NewList()
	for _, typ := range []int{1, 257, 513, 2, 1} {
		l.Append(event(t, typ, "2024-01-01T00:00:00Z", "m", "s"))
	}
	for _, tt := range []struct {
		types string
		want  int
	}{
		{"1", 2},
		{"257", 1},
		{"1,257", 3},
		{"2,513", 2},
		{"-255", 0},
	} {
		l.SetQuery(mustQuery(t, "type:"+tt.types))
		if l.Len() != tt.want {
			t.Errorf("types %v: %d events, want %d", tt.types, l.Len(), tt.want)
		}
	}
}
