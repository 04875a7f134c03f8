package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/query"
)

func TestListQueryIsNew(t *testing.T) {
	l := sampleList(t)
	l.SetQuery(mustQuery(t, "is:new"))
	if l.Len() != 0 {
		t.Fatalf("is:new before any refresh shows %v", ids(l))
	}
	// Merged events show at once under is:new.
	l.MergeChunks(chunkOf(append(sample(t), event(t, 500, "2024-01-05T00:00:00Z", "Refund created", "cst_d"))))
	if got := ids(l); !reflect.DeepEqual(got, []int{6}) {
		t.Fatalf("is:new after a merge shows %v, want [6]", got)
	}
	// Seeing it leaves the view alone until the filter is set again.
	l.MarkSeen(6)
	if l.Len() != 1 {
		t.Errorf("MarkSeen changed the view to %v", ids(l))
	}
	l.SetQuery(l.Query())
	if l.Len() != 0 {
		t.Errorf("is:new after MarkSeen and SetFilter shows %v", ids(l))
	}
	l.SetQuery(mustQuery(t, "!is:new"))
	if l.Len() != 7 {
		t.Errorf("!is:new shows %d events, want 7", l.Len())
	}
}

func TestListQueryStatus(t *testing.T) {
	l := sampleList(t)
	l.SetQuery(mustQuery(t, "status:failed,canceled"))
	if l.Len() != 0 {
		t.Fatalf("status: without statuses shows %v", ids(l))
	}
	l.SetStatus(func(id int) string { return map[int]string{1: "Failed", 2: "canceled", 3: "paid"}[id] })
	if got := ids(l); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Errorf("status:failed,canceled shows %v, want [1 2]", got)
	}
	l.SetQuery(mustQuery(t, "!status:paid"))
	if got := ids(l); !reflect.DeepEqual(got, []int{1, 5, 2, 0, 4}) {
		t.Errorf("!status:paid shows %v, want [1 5 2 0 4]", got)
	}
}

func TestListSourceCounts(t *testing.T) {
	l := sampleList(t)
	l.SetQuery(mustQuery(t, "source:cst_b !customer"))
	want := []SourceCount{{"cst_a", 0}, {"cst_b", 3}, {"cst_c", 1}}
	if got := l.SourceCounts(); !reflect.DeepEqual(got, want) {
		t.Errorf("SourceCounts() = %v, want %v (the source: term ignored)", got, want)
	}
	if l.Len() != 3 {
		t.Errorf("the view has %d events, want cst_b's 3", l.Len())
	}
	l.Append(event(t, 1, "2024-01-09T00:00:00Z", "late", "cst_z"))
	if got := l.SourceCounts(); len(got) != 4 || got[3] != (SourceCount{"cst_z", 1}) {
		t.Errorf("after Append, SourceCounts() = %v, want cst_z last with 1", got)
	}
}

func TestListTypeCountsUnderQuery(t *testing.T) {
	l := sampleList(t)
	l.SetQuery(mustQuery(t, "type:200 payment !failed"))
	got := map[int]int{}
	for _, tc := range l.TypeCounts() {
		got[tc.Type] = tc.Count
	}
	if want := map[int]int{200: 0, 300: 2, 400: 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("TypeCounts() = %v, want %v (the type: term ignored)", got, want)
	}
}

// The top messages catch up with events appended after a count.
func TestListTypeCountsTopMessageAfterAppend(t *testing.T) {
	l := sampleList(t)
	top := func() string {
		for _, tc := range l.TypeCounts() {
			if tc.Type == 300 {
				return tc.TopMessage
			}
		}
		return ""
	}
	if got := top(); got != "Payment paid" {
		t.Fatalf("TopMessage of 300 = %q, want Payment paid", got)
	}
	for range 2 {
		l.Append(event(t, 300, "2024-01-05T00:00:00Z", "Payment failed", "cst_b"))
	}
	if got := top(); got != "Payment failed" {
		t.Errorf("after two more failures, TopMessage of 300 = %q, want Payment failed", got)
	}
}

// Messages that arrive after a filter is set are matched too: the cache of
// each term's matches grows with them.
func TestListQueryMatchesNewMessages(t *testing.T) {
	l := sampleList(t)
	l.SetQuery(mustQuery(t, "/^(late|Payment)/ !failed"))
	if got := ids(l); !reflect.DeepEqual(got, []int{1, 5}) {
		t.Fatalf("view %v, want [1 5]", got)
	}
	l.Append(event(t, 1, "2024-01-09T00:00:00Z", "late one", "cst_z"), event(t, 1, "2024-01-09T00:00:01Z", "late and failed", "cst_z"))
	if got := ids(l); !reflect.DeepEqual(got, []int{6, 1, 5}) {
		t.Errorf("after Append, view %v, want [6 1 5]", got)
	}
	l.SetQuery(mustQuery(t, "/^(late|Payment)/ failed"))
	if got := ids(l); !reflect.DeepEqual(got, []int{7, 4}) {
		t.Errorf("view %v, want [7 4]", got)
	}
}

// Typing a word longer, one keystroke at a time, matches only among what
// the shorter word matched; the view is as if typed at once.
func TestListQueryTypingAWord(t *testing.T) {
	l := sampleList(t)
	steps := []struct {
		query string
		want  []int
	}{
		{"!p", []int{3, 0}},
		{"!pa", []int{3, 2, 0}},
		{"pay", []int{1, 5, 4}},
		{"PAYMENT P", []int{1, 5, 4}},
		{"PAYMENT PA", []int{1, 5, 4}},
		{"payment paid", []int{1, 5}},
		{"ä", []int{3}},
		{"Är", []int{3}},
		{"ärger mit", []int{3}},
		{"ärger mitx", []int{}},
	}
	for _, s := range steps {
		l.SetQuery(mustQuery(t, s.query))
		if got := ids(l); !reflect.DeepEqual(got, s.want) {
			t.Errorf("%q: view %v, want %v", s.query, got, s.want)
		}
		fresh := NewList()
		fresh.Append(sample(t)...)
		fresh.SetQuery(l.Query())
		if !reflect.DeepEqual(ids(fresh), ids(l)) {
			t.Errorf("%q: typed, the view is %v; at once, %v", s.query, ids(l), ids(fresh))
		}
	}
}

// TestQueryOverBatches appends events in batches, as a load does, under a
// query that reads the sources: the merged projection carries the sources
// too, so the query sees the right ones.
func TestQueryOverBatches(t *testing.T) {
	q, err := query.Parse("source:cst_a*", time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	l := NewList()
	l.SetQuery(q)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	want := 0
	for batch := range 5 {
		var events []Event
		for i := range 3 {
			at := base.Add(time.Duration(batch*7+i*3) * time.Hour)
			src := []string{"cst_a1", "cst_b1", "cst_a2"}[i]
			if src != "cst_b1" {
				want++
			}
			e := Event{Type: 200, Created: at, CreatedRaw: at.Format(time.RFC3339), Message: "m", Source: cells.Line(src)}
			e.Finish()
			events = append(events, e)
		}
		l.Append(events...)
		if l.Len() != want {
			t.Fatalf("after batch %d: %d events shown, want %d", batch, l.Len(), want)
		}
	}
	for e := range l.All() {
		if !strings.HasPrefix(string(e.Source), "cst_a") {
			t.Errorf("%s shown under source:cst_a*", e.Source)
		}
	}
}

// entity:ID keeps an object's events and those of the objects that belong
// to it: by source for a customer, by a whole path segment of a link for
// the rest, never by a prefix of another ID.
func TestListQueryEntity(t *testing.T) {
	linked := func(msg, src string, hrefs ...string) Event {
		e := event(t, 1, "2024-01-01T10:00:00Z", msg, src)
		for _, h := range hrefs {
			e.Links = append(e.Links, Link{Name: "url", Href: h})
		}
		return e
	}
	hooked := func(msg, entity string, hrefs ...string) Event {
		e := linked(msg, "hooks.ndjson", hrefs...)
		e.TypeName, e.Type, e.ID, e.EntityID = "payment.paid", 0, "event_"+entity, entity
		return e
	}
	l := NewList()
	l.SetSort(Sort{Key: SortNone})
	l.Append(
		linked("payment tr_1 paid", "cst_a", "https://my.mollie.com/dashboard/org_1/payments/tr_1"),
		linked("refund of tr_1", "cst_a", "https://api.mollie.com/v2/payments/tr_1/refunds/re_1"),
		linked("payment tr_12", "cst_a", "https://my.mollie.com/dashboard/org_1/payments/tr_12"),
		linked("chargeback of tr_1", "cst_b", "https://x.example/docs", "https://api.mollie.com/v2/payments/tr_1/chargebacks/chb_1?testmode=true"),
		linked("customer created", "cst_c"),
		hooked("webhook: payment tr_9 paid", "tr_9"),
		hooked("webhook: refund re_2 of tr_1", "re_2", "https://api.mollie.com/v2/payments/tr_1/refunds/re_2"),
	)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"entity:tr_1", []string{"payment tr_1 paid", "refund of tr_1", "chargeback of tr_1", "webhook: refund re_2 of tr_1"}},
		{"entity:re_1", []string{"refund of tr_1"}},
		{"entity:tr_9", []string{"webhook: payment tr_9 paid"}}, // by its entityId alone
		{"entity:re_2", []string{"webhook: refund re_2 of tr_1"}},
		{"entity:chb_1", []string{"chargeback of tr_1"}},
		{"entity:cst_a", []string{"payment tr_1 paid", "refund of tr_1", "payment tr_12"}},
		{"entity:cst_c", []string{"customer created"}},
		{"!entity:tr_1", []string{"payment tr_12", "customer created", "webhook: payment tr_9 paid"}},
		{"entity:tr", nil},
	} {
		l.SetQuery(mustQuery(t, tt.query))
		var got []string
		for e := range l.All() {
			got = append(got, e.Message)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
		}
	}
}
