package source

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// --all-customers with rebuilt histories reads the account-wide lists,
// not a walk per customer: over 2,000 customers and 50,000 payments the
// requests are at most 1.2 times the list pages needed, and --since 7d
// reads at most a tenth of them (the per-customer mandate lists aside),
// losing nothing in range.
func TestMollieAllCustomersRebuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an account of 50,000 payments")
	}
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 2000, Payments: 50_000, Seed: 21})
	end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	pages := func(path string) int { return srv.Pages(path, 250) }
	listPages := 8 + pages("/v2/payments") + pages("/v2/refunds") + pages("/v2/chargebacks") + pages("/v2/subscriptions")
	needed := listPages + acct.Counts["capture"] + acct.Counts["mandate"]

	load := func(since time.Time) (loaded, int, int) {
		srv.ResetStats()
		m := rebuildMollie(srv, HistoryResources)
		m.AllCustomers, m.Concurrency, m.Since = true, 8, since
		l := loadAll(t, m)
		mandates, perCustomer := 0, 0
		for _, r := range srv.Log() {
			switch {
			case strings.HasSuffix(r.Path, "/mandates"):
				mandates++
			case strings.HasPrefix(r.Path, "/v2/customers/") && strings.HasSuffix(r.Path, "/payments"):
				perCustomer++
			}
		}
		if perCustomer > 0 {
			t.Errorf("%d requests for a customer's payments", perCustomer)
		}
		cats := map[string]int{}
		for _, r := range srv.Log() {
			parts := strings.Split(r.Path, "/")
			k := parts[len(parts)-1]
			if len(parts) > 3 && strings.Contains(k, "_") {
				k = parts[2] + "/id"
			}
			cats[k]++
		}
		t.Logf("requests by kind: %v", cats)
		return l, srv.Requests(), mandates
	}
	full, requests, mandates := load(time.Time{})
	if len(full.failures) > 0 || len(full.events) != acct.Events {
		t.Fatalf("%d events, want %d; failures %v", len(full.events), acct.Events, full.failures)
	}
	t.Logf("full history: %d requests for %d pages needed (%d list pages, %d capture lists, %d mandate lists)",
		requests, needed, listPages, acct.Counts["capture"], acct.Counts["mandate"])
	if float64(requests) > 1.2*float64(needed) {
		t.Errorf("%d requests, more than 1.2 × the %d pages needed", requests, needed)
	}

	since := end.Add(-7 * 24 * time.Hour)
	recent, sinceRequests, sinceMandates := load(since)
	t.Logf("--since 7d: %d requests (%d of them mandate lists), %.1f%% of the full history's %d without mandate lists",
		sinceRequests, sinceMandates, 100*float64(sinceRequests-sinceMandates)/float64(requests-mandates), requests-mandates)
	if float64(sinceRequests-sinceMandates) > 0.1*float64(requests-mandates) {
		t.Errorf("--since 7d made %d requests besides mandate lists, more than a tenth of %d", sinceRequests-sinceMandates, requests-mandates)
	}
	key := func(e *model.Event) string { return e.Created.UTC().String() + " " + e.URL() + " " + string(e.Line) }
	got := map[string]bool{}
	for i := range recent.events {
		got[key(&recent.events[i])] = true
	}
	inRange, lost := 0, 0
	for i := range full.events {
		e := &full.events[i]
		if e.Created.Before(since) || strings.Contains(e.URL(), "/mandates/") {
			continue // mandates under --since: only those of customers with payments in range
		}
		inRange++
		if !got[key(e)] {
			lost++
			if lost < 5 {
				t.Errorf("--since 7d lost %s", key(e))
			}
		}
	}
	if lost > 0 || inRange == 0 {
		t.Errorf("%d of %d events in range lost", lost, inRange)
	}
}

// A per-object list that fails (a payment's captures) fails that object
// alone; the rest of the account loads.
func TestMollieAllCustomersObjectFails(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 20, Payments: 400, Seed: 2})
	m := rebuildMollie(srv, HistoryResources)
	m.AllCustomers = true
	full := loadAll(t, m)
	captures := ""
	for _, r := range srv.Log() {
		if strings.HasSuffix(r.Path, "/captures") {
			captures = r.Path
		}
	}
	if captures == "" || len(full.events) != acct.Events {
		t.Fatalf("no captures read, or %d events of %d", len(full.events), acct.Events)
	}
	srv.Fail(captures, molliefake.Fault{Status: 404})
	m = rebuildMollie(srv, HistoryResources)
	m.AllCustomers = true
	l := loadAll(t, m)
	if len(l.failures) != 1 || !strings.Contains(l.failures[0].Err.Error(), "404") || len(l.events) != acct.Events-1 {
		t.Errorf("%d events (want %d), failures %v", len(l.events), acct.Events-1, l.failures)
	}
	if l.progress == nil || l.progress.Failed != 1 || l.progress.Listing {
		t.Errorf("progress %+v", l.progress)
	}
}

// What an account load keeps of a page past it (whose payment is whose,
// the customers' names and mandates, payments with captures, the sources
// of events) is copied out of it: views would keep every page read.
func TestAccountLoadKeepsNoPage(t *testing.T) {
	page := []byte(`{"count":3,"_embedded":{"payments":[` +
		`{"resource":"customer","id":"cst_Page0000001","name":"Jane Doe","createdAt":"2024-01-01T00:00:00Z","_links":{"mandates":{"href":"x"}}},` +
		`{"resource":"payment","id":"tr_Page0000001","customerId":"cst_Page0000001","status":"open","createdAt":"2024-01-02T00:00:00Z","_links":{"captures":{"href":"x"}}},` +
		`{"resource":"refund","id":"re_Page0000001","paymentId":"tr_Page0000002","status":"queued","createdAt":"2024-01-03T00:00:00Z"}]}}`)
	a := &accountLoad{m: &Mollie{BaseURL: DefaultAPIURL}, h: &History{BaseURL: DefaultAPIURL},
		names: map[string]string{}, owner: map[string]string{}, mandates: map[string]bool{}, orphans: map[string]bool{}}
	byKind := map[string]func(*Item) string{"customer": func(it *Item) string { return it.ID },
		"payment": func(it *Item) string { return it.CustomerID }, "refund": func(it *Item) string { return a.owner[it.PaymentID] }}
	var kept []string
	if _, err := a.h.AddPage(page, func(it *Item) string {
		cst := a.join(it, byKind[it.Kind])
		kept = append(kept, cst)
		return cst
	}); err != nil {
		t.Fatal(err)
	}
	for k, v := range a.owner {
		kept = append(kept, k, v)
	}
	for k, v := range a.names {
		kept = append(kept, k, v)
	}
	for k := range a.mandates {
		kept = append(kept, k)
	}
	for k := range a.orphans {
		kept = append(kept, k)
	}
	kept = append(kept, a.captures...)
	if len(kept) < 9 {
		t.Fatalf("kept %q: the page was not read as a list of all three", kept)
	}
	start, end := uintptr(unsafe.Pointer(&page[0])), uintptr(unsafe.Pointer(&page[len(page)-1]))
	for _, s := range kept {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(s))); s != "" && p >= start && p <= end {
			t.Errorf("%q is a view of the page", s)
		}
	}
}

// An account load sends its first events at once, then in chunks of at
// least chunkEvents (within chunkEvery), and the rest at its end: every
// event, in a few chunks rather than one a page.
func TestAccountLoadChunks(t *testing.T) {
	was := chunkEvery
	chunkEvery = time.Hour
	t.Cleanup(func() { chunkEvery = was })
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 40, Payments: 6000, Seed: 3})
	m := rebuildMollie(srv, HistoryResources)
	m.AllCustomers = true
	var sizes []int
	if err := m.Load(context.Background(), func(b Batch) {
		for _, c := range b.Chunks {
			sizes = append(sizes, c.Len())
		}
	}); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	if total != acct.Events {
		t.Fatalf("%d events, want %d", total, acct.Events)
	}
	if len(sizes) < 3 || len(sizes) > 2+acct.Events/chunkEvents {
		t.Fatalf("chunks of %v: want the first, some of %d or more, and the last", sizes, chunkEvents)
	}
	for _, n := range sizes[1 : len(sizes)-1] {
		if n < chunkEvents {
			t.Errorf("chunks of %v: one of %d in the middle", sizes, n)
		}
	}
}

// TestParallel: the jobs run at most width at once, all of them, and one
// at a time none starts after one failed.
func TestParallel(t *testing.T) {
	for _, tc := range []struct {
		name         string
		width, jobs  int
		failAt       int // the job that fails, or -1
		wantMaxStart int // the most jobs started, when one fails
	}{
		{"one at a time", 1, 50, -1, 50},
		{"three at a time", 3, 50, -1, 50},
		{"wider than the jobs", 32, 5, -1, 5},
		{"zero is one", 0, 4, -1, 4},
		{"one at a time, failing", 1, 50, 10, 11},
		// The others go on taking jobs until the failure is recorded, which
		// a worker descheduled between the two may leave late: no bound.
		{"four at a time, failing", 4, 50, 10, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var running, most, started atomic.Int64
			want := int64(min(max(tc.width, 1), tc.jobs))
			full := make(chan struct{}) // closed once want jobs run at once
			var fullOnce sync.Once
			jobs := make([]func() error, tc.jobs)
			for i := range jobs {
				jobs[i] = func() error {
					started.Add(1)
					n := running.Add(1)
					defer running.Add(-1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					if n == want {
						fullOnce.Do(func() { close(full) })
					}
					if i < int(want) && tc.failAt < 0 {
						select { // the first jobs wait until want run at once
						case <-full:
						case <-time.After(10 * time.Second):
							t.Errorf("job %d: never %d jobs at once", i, want)
						}
					}
					if i == tc.failAt {
						return fmt.Errorf("job %d failed", i)
					}
					return nil
				}
			}
			err := parallel(tc.width, jobs...)
			if tc.failAt < 0 {
				if err != nil || started.Load() != int64(tc.jobs) {
					t.Fatalf("err %v, %d jobs started, want nil and %d", err, started.Load(), tc.jobs)
				}
				if most.Load() != want {
					t.Errorf("%d jobs at once, want %d", most.Load(), want)
				}
				return
			}
			if err == nil || err.Error() != fmt.Sprintf("job %d failed", tc.failAt) {
				t.Errorf("err %v, want job %d's", err, tc.failAt)
			}
			if n := started.Load(); n > int64(tc.wantMaxStart) || n <= int64(tc.failAt) {
				t.Errorf("%d jobs started, want %d to %d", n, tc.failAt+1, tc.wantMaxStart)
			}
			if most.Load() > want {
				t.Errorf("%d jobs at once, want at most %d", most.Load(), want)
			}
		})
	}
}

// An account load keeps the owner of a payment that says it has refunds,
// chargebacks or captures (its links or amounts), and of no other: the
// refunds listed later are theirs, and one of another payment (refunded
// after it was listed) has its payment fetched (orphans), as one whose
// payment was not listed does.
func TestAccountLoadOwners(t *testing.T) {
	payment := func(id, extra string) string {
		return `{"resource":"payment","id":"` + id + `","customerId":"cst_Owner000001","status":"paid","createdAt":"2024-01-02T00:00:00Z"` + extra + `}`
	}
	tests := []struct {
		name    string
		payment string
		owned   bool // the payment's owner kept, its refund the customer's
	}{
		{"refunds linked", payment("tr_Links000001", `,"_links":{"refunds":{"href":"x"}}`), true},
		{"chargebacks linked", payment("tr_Links000002", `,"_links":{"chargebacks":{"href":"x"}}`), true},
		{"captures linked", payment("tr_Links000003", `,"_links":{"captures":{"href":"x"}}`), true},
		{"an amount refunded", payment("tr_Amount00001", `,"amountRefunded":{"value":"1.00","currency":"EUR"}`), true},
		{"an amount charged back", payment("tr_Amount00002", `,"amountChargedBack":{"value":"1.00","currency":"EUR"}`), true},
		{"nothing said", payment("tr_Plain000001", `,"amountRefunded":{"value":"0.00","currency":"EUR"},"_links":{}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &accountLoad{m: &Mollie{BaseURL: DefaultAPIURL}, h: &History{BaseURL: DefaultAPIURL},
				names: map[string]string{}, owner: map[string]string{}, mandates: map[string]bool{}, orphans: map[string]bool{}}
			var tr struct {
				ID string `json:"id"`
			}
			json.Unmarshal([]byte(tt.payment), &tr)
			refund := `{"resource":"refund","id":"re_Owner000001","paymentId":"` + tr.ID + `","status":"queued","createdAt":"2024-01-03T00:00:00Z"}`
			var got []string
			for _, l := range []struct {
				item  string
				owner func(*Item) string
			}{{tt.payment, func(it *Item) string { return it.CustomerID }}, {refund, func(it *Item) string { return a.owner[it.PaymentID] }}} {
				if _, err := a.h.AddPage([]byte(`{"count":1,"_embedded":{"x":[`+l.item+`]}}`), func(it *Item) string {
					cst := a.join(it, l.owner)
					got = append(got, cst)
					return cst
				}); err != nil {
					t.Fatal(err)
				}
			}
			want := map[bool][]string{true: {"cst_Owner000001", "cst_Owner000001"}, false: {"cst_Owner000001", ""}}[tt.owned]
			if !slices.Equal(got, want) {
				t.Errorf("payment's and refund's customers %q, want %q", got, want)
			}
			if _, kept := a.owner[tr.ID]; kept != tt.owned || a.orphans[tr.ID] == tt.owned {
				t.Errorf("owner kept %v, payment fetched as an orphan %v; want %v, %v", kept, a.orphans[tr.ID], tt.owned, !tt.owned)
			}
		})
	}
}
