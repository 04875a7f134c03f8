package model

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/query"
)

// typedEvent is an event of type num, or of the named type name.
func typedEvent(num int, name, msg string) Event {
	tm := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	e := Event{Resource: "event", Type: num, TypeName: name, Created: tm, CreatedRaw: tm.Format(time.RFC3339), Message: msg, Source: "s"}
	e.Finish()
	return e
}

// Every type comes back as it went in, numbers that share the range of
// named types' codes included, through a chunk, appends and chunks merged
// under the list's dictionary in either order.
func TestNamedTypesRoundTrip(t *testing.T) {
	smallSegments(t)
	a := []Event{
		typedEvent(0, "payment.failed", "a"), typedEvent(200, "", "b"), typedEvent(math.MinInt32, "", "c"),
		typedEvent(int(typeCodeTop), "", "d"), typedEvent(int(typeCodeTop)-1, "", "e"), typedEvent(math.MaxInt32, "", "f"),
		typedEvent(0, "customer.created", "g"), typedEvent(0, "#7", "g"), typedEvent(0, "##", "g"),
	}
	b := []Event{
		typedEvent(0, "customer.created", "h"), typedEvent(0, "refund.refunded", "i"), typedEvent(-5, "", "j"),
		typedEvent(int(typeCodeTop)-1, "", "k"), typedEvent(0, "payment.failed", "l"),
	}
	all := append(append([]Event(nil), a...), b...)
	c := chunkOf(a)
	for i := range a {
		if got := c.Event(i); !reflect.DeepEqual(got, a[i]) {
			t.Errorf("chunk event %d = %+v, want %+v", i, got, a[i])
		}
	}
	for _, load := range []func(l *List){
		func(l *List) { l.AppendChunks(chunkOf(a), chunkOf(b)) },
		func(l *List) { l.Append(a...); l.AppendChunks(chunkOf(b)) },
		func(l *List) { l.AppendChunks(chunkOf(a)); l.Append(b...) },
		func(l *List) { l.AppendChunks(chunkOf(b[:1])); l.AppendChunks(chunkOf(a), chunkOf(b[1:])) },
	} {
		l := NewList()
		load(l)
		got := make([]Event, l.Total())
		for id := range got {
			got[id] = *l.Event(id)
		}
		want := all
		if got[0].Message == "h" {
			want = append(append([]Event{b[0]}, a...), b[1:]...)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("list events\n%+v\nwant\n%+v", got, want)
		}
		// Window and All, in the list's order, give the same events.
		l.SetSort(Sort{Key: SortNone})
		var window, all []Event
		for _, e := range l.Window(0, l.Len()) {
			window = append(window, *e)
		}
		for e := range l.All() {
			all = append(all, *e)
		}
		if !reflect.DeepEqual(window, want) || !reflect.DeepEqual(all, want) {
			t.Errorf("Window\n%+v\nAll\n%+v\nwant\n%+v", window, all, want)
		}
	}
}

// A named type is merged as the same event only with the same name; its
// code in another chunk's dictionary does not count.
// With every hash the same, events are told apart by comparing them.
func TestMergeChunksNamedTypes(t *testing.T) {
	t.Cleanup(func() { hashMask = ^uint64(0) })
	for _, mask := range []uint64{^uint64(0), 0} {
		hashMask = mask
		mergeNamedTypes(t)
	}
}

func mergeNamedTypes(t *testing.T) {
	t.Helper()
	l := NewList()
	l.AppendChunks(chunkOf([]Event{typedEvent(0, "payment.paid", "m")}))
	// In the chunk's dictionary payment.failed has the code payment.paid
	// has in the list's.
	c := chunkOf([]Event{typedEvent(0, "payment.failed", "m"), typedEvent(0, "payment.paid", "m"), typedEvent(7, "", "m")})
	if got := l.MergeChunks(c); got != 2 {
		t.Fatalf("MergeChunks added %d, want 2 (payment.failed and type 7)", got)
	}
	var got []string
	for id := range l.Total() {
		got = append(got, l.Event(id).TypeText())
	}
	if want := []string{"payment.paid", "payment.failed", "7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("types %v, want %v", got, want)
	}
}

// typeSortKey is the reference order of sorting by type: numbers
// ascending, then names in byte order.
func typeSortKey(a, b *Event) int {
	switch {
	case a.TypeName == "" && b.TypeName == "":
		return cmp.Compare(a.Type, b.Type)
	case a.TypeName == "":
		return -1
	case b.TypeName == "":
		return 1
	}
	return strings.Compare(a.TypeName, b.TypeName)
}

// Sorting by type, at once or as events (and names new to the list) keep
// arriving, is a stable sort by the reference order; the type panel lists
// the types in that order; a type: term on a list sorted by type (which
// reads runs of positions) keeps what it should.
func TestSortByNamedTypes(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	nums := []int{300, 200, -5, math.MinInt32, int(typeCodeTop) - 1, 0}
	names := []string{"refund.refunded", "payment.paid", "payment.failed", "Payment", "a", "payment"}
	var events []Event
	for i := range 400 {
		e := typedEvent(pick(r, nums), "", fmt.Sprint("m", i%7))
		if r.IntN(2) == 0 {
			e.Type, e.TypeName = 0, pick(r, names)
		}
		events = append(events, e)
	}
	for _, desc := range []bool{false, true} {
		s := Sort{Key: SortType, Desc: desc}
		want := make([]int, len(events))
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int {
			c := typeSortKey(&events[a], &events[b])
			if desc {
				c = -c
			}
			return c
		})
		once := NewList()
		once.SetSort(s)
		once.Append(events...)
		batched := NewList()
		batched.SetQuery(mustQuery(t, "m1")) // kept up to date by merges
		batched.SetSort(s)
		for rest := events; len(rest) > 0; {
			n := min(len(rest), 1+r.IntN(60))
			batched.AppendChunks(chunkOf(rest[:n]))
			rest = rest[n:]
		}
		batched.SetQuery(query.Query{})
		if got := ids(once); !slices.Equal(got, want) {
			t.Errorf("%v at once: %v\nwant %v", s, got, want)
		}
		if got := ids(batched); !slices.Equal(got, want) {
			t.Errorf("%v in batches: %v\nwant %v", s, got, want)
		}
		for _, tt := range []struct {
			q    string
			want func(e *Event) bool
		}{
			{"type:-5..250", func(e *Event) bool { return e.TypeName == "" && e.Type >= -5 && e.Type <= 250 }},
			{"type:payment.*,refund.refunded,300", func(e *Event) bool {
				return strings.HasPrefix(e.TypeName, "payment.") || e.TypeName == "refund.refunded" || e.TypeName == "" && e.Type == 300
			}},
		} {
			once.SetQuery(mustQuery(t, tt.q))
			var wantQ []int
			for _, id := range want {
				if tt.want(&events[id]) {
					wantQ = append(wantQ, id)
				}
			}
			if got := ids(once); !slices.Equal(got, wantQ) {
				t.Errorf("%v, %v: %v\nwant %v", s, tt.q, got, wantQ)
			}
		}
	}
	l := NewList()
	l.Append(events...)
	var got []string
	for _, tc := range l.TypeCounts() {
		got = append(got, tc.TypeText())
	}
	want := []string{"-2147483648", "-1073741825", "-5", "0", "200", "300", "Payment", "a", "payment", "payment.failed", "payment.paid", "refund.refunded"}
	if !slices.Equal(got, want) {
		t.Errorf("TypeCounts types %v\nwant %v", got, want)
	}
}

// Types lists every type present, as TypeCounts does and in its order,
// whatever the query, and catches up with events appended.
func TestListTypes(t *testing.T) {
	l := NewList()
	l.Append(typedEvent(300, "", "a"), typedEvent(0, "payment.failed", "b"), typedEvent(-5, "", "c"),
		typedEvent(0, "customer.created", "d"), typedEvent(300, "", "e"))
	l.SetQuery(mustQuery(t, "type:300"))
	want := []string{"-5", "300", "customer.created", "payment.failed"}
	if got := l.Types(); !slices.Equal(got, want) {
		t.Errorf("Types() = %q, want %q", got, want)
	}
	var counted []string
	for _, tc := range l.TypeCounts() {
		counted = append(counted, tc.TypeText())
	}
	if !slices.Equal(counted, want) {
		t.Errorf("TypeCounts() gives %q, Types() %q: they disagree", counted, want)
	}
	l.Append(typedEvent(0, "a.first", "f"), typedEvent(7, "", "g"))
	want = []string{"-5", "7", "300", "a.first", "customer.created", "payment.failed"}
	if got := l.Types(); !slices.Equal(got, want) {
		t.Errorf("after Append, Types() = %q, want %q", got, want)
	}
}
