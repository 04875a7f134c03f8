package source

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// rebuildMollie loads customers' histories from srv's resources.
func rebuildMollie(srv *molliefake.Server, history string, customers ...string) *Mollie {
	m := newMollie(srv, customers...)
	m.History, m.Held = history, NewHeld(nil)
	return m
}

type loaded struct {
	events   []model.Event
	notes    []string
	failures []Failure
	progress *Progress
}

func loadAll(t *testing.T, m *Mollie) loaded {
	t.Helper()
	var l loaded
	err := m.Load(context.Background(), func(b Batch) {
		for _, c := range b.Chunks {
			for i := range c.Len() {
				l.events = append(l.events, c.Event(i))
			}
		}
		l.notes = append(l.notes, b.Notes...)
		l.failures = append(l.failures, b.Failures...)
		if b.Progress != nil {
			l.progress = b.Progress
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// With include=events withdrawn, auto rebuilds every customer's history
// from its resources: every event the account makes, the failed payment
// with its reason, one note saying so, one Get payment per payment that
// has refunds, chargebacks or captures, and every resource held.
func TestMollieRebuildsHistory(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 12, Payments: 900, Seed: 5})
	for _, mode := range []string{HistoryAuto, HistoryResources} {
		t.Run(mode, func(t *testing.T) {
			srv.ResetStats()
			m := rebuildMollie(srv, mode, acct.Customers...)
			l := loadAll(t, m)
			if len(l.failures) > 0 {
				t.Fatalf("failures: %v", l.failures[0].Err)
			}
			if len(l.events) != acct.Events {
				t.Errorf("%d events, want %d", len(l.events), acct.Events)
			}
			if len(l.notes) != 1 || !strings.Contains(l.notes[0], "rebuilt") {
				t.Errorf("notes %q, want one saying the history is rebuilt", l.notes)
			}
			found := false
			for _, e := range l.events {
				found = found || strings.HasPrefix(string(e.Line), "Payment failed: insufficient funds · creditcard · €") &&
					strings.Contains(e.URL(), acct.Failed) && string(e.Source) == acct.FailedCustomer
				if u := FirstResourceURL(&e, m.BaseURL); u == "" {
					t.Fatalf("%q links to no resource", e.Line)
				} else if _, ok := m.Held.Get(u); !ok {
					t.Fatalf("%q: %s not held", e.Line, u)
				}
			}
			if !found {
				t.Errorf("no failed payment %s with its reason", acct.Failed)
			}
			embeds := 0
			for _, r := range srv.Log() {
				if r.Endpoint == molliefake.EndpointResource {
					embeds++
					if r.Query.Get("embed") != "refunds,chargebacks,captures" {
						t.Errorf("%s?%s", r.Path, r.Query.Encode())
					}
				}
				if r.Endpoint == molliefake.EndpointList && r.Query.Get("limit") != "250" {
					t.Errorf("%s read at limit %q", r.Path, r.Query.Get("limit"))
				}
				if r.Endpoint == molliefake.EndpointCustomer && (r.Query.Get("include") == "events") != (mode == HistoryAuto) {
					t.Errorf("%s?%s in mode %s", r.Path, r.Query.Encode(), mode)
				}
			}
			if embeds != acct.Related {
				t.Errorf("%d Get payment requests, want one per payment with refunds, chargebacks or captures: %d", embeds, acct.Related)
			}
			p := l.progress
			if p == nil || !p.Rebuilt || p.Read.Payments != acct.Counts["payment"] || p.Read.Refunds != acct.Counts["refund"] ||
				!strings.HasPrefix(p.String(), "customers 12/12 · payments ") {
				t.Errorf("progress %+v: %v", p, p)
			}
		})
	}
}

// A customer whose payments and mandates are absent from its _links has
// none: with --history resources it still shows its creation, and no
// list is read for it.
func TestMollieRebuildCustomerWithoutPayments(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	id := srv.AddCustomer(molliefake.Customer{CreatedAt: "2024-02-01T10:00:00+01:00"})
	l := loadAll(t, rebuildMollie(srv, HistoryResources, id))
	// The type name is the store's to keep (not yet): the message says it.
	if len(l.events) != 1 || l.events[0].Message != "Customer created" || l.events[0].CreatedRaw != "2024-02-01T10:00:00+01:00" {
		t.Errorf("events %+v", l.events)
	}
	if n := srv.Requests(); n != 1 {
		t.Errorf("%d requests, want the customer's alone", n)
	}
}

// A list whose next link points back, or whose cursor does not move,
// fails that customer with a clear error rather than looping.
func TestMollieRebuildRepeatingPage(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 1, Payments: 3, Seed: 2})
	id := acct.Customers[0]
	path := "/v2/customers/" + id + "/payments"
	page := func(next string) string {
		return `{"count":1,"_embedded":{"payments":[{"resource":"payment","id":"tr_Same1","createdAt":"2024-01-01T00:00:00Z","status":"open"}]},"_links":{"next":{"href":"` + srv.URL + path + next + `"}}}`
	}
	for _, tt := range []struct{ name, first, second, want string }{
		{"next points back", page("?limit=250"), "", "links back to page 1"},
		{"cursor does not move", page("?from=tr_Same1&limit=250"), page("?from=tr_Same2&limit=250"), "starts with tr_Same1, as page 1 did"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv.Fail(path, molliefake.Fault{Body: tt.first})
			if tt.second != "" {
				srv.Fail(path, molliefake.Fault{Body: tt.second})
			}
			l := loadAll(t, rebuildMollie(srv, HistoryResources, id))
			if len(l.failures) != 1 || !strings.Contains(l.failures[0].Err.Error(), tt.want) ||
				!strings.Contains(l.failures[0].Err.Error(), "the payment list of customer "+id) {
				t.Errorf("failures %v, want one saying %q", l.failures, tt.want)
			}
			if n := srv.FaultsLeft(path); n != 0 {
				t.Errorf("%d pages not read", n)
			}
		})
	}
}

// 429s on every third request: the load completes with nothing lost, the
// requests in flight drop while the 429s come and rise again after.
func TestMollieRebuildThrottled(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey), molliefake.WithLatency(2*time.Millisecond))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 8, Payments: 3000, Seed: 11})
	srv.ResetStats()
	srv.Throttle(3, 40, "")
	m := rebuildMollie(srv, HistoryResources, acct.Customers...)
	m.Concurrency = 8
	l := loadAll(t, m)
	if len(l.failures) > 0 || len(l.events) != acct.Events {
		t.Fatalf("%d events, want %d; failures %v", len(l.events), acct.Events, l.failures)
	}
	log := srv.Log()
	last429 := -1
	for i, r := range log {
		if r.Status == 429 {
			last429 = i
		}
	}
	if srv.Throttled() != 40 || last429 < 0 {
		t.Fatalf("%d 429s, want 40", srv.Throttled())
	}
	peak := func(rs []molliefake.Request) int {
		n := 0
		for _, r := range rs {
			n = max(n, r.InFlight)
		}
		return n
	}
	during := peak(log[max(0, last429-20) : last429+1])
	after := peak(log[last429+1:])
	if during > 4 || after != 8 {
		t.Errorf("in flight at most %d during the last 429s (want ≤ 4) and %d after (want 8 again)", during, after)
	}
	if limit, lowest := m.lim.Load().now(); lowest > 2 || limit != 8 {
		t.Errorf("the limit went down to %d and ended at %d, want ≤ 2 and 8", lowest, limit)
	}
}

// An API that refuses include=events (422 naming include) has none to
// give: auto asks again without it and rebuilds the history.
func TestMollieRebuildWhenIncludeRefused(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 1, Payments: 10, Seed: 3})
	id := acct.Customers[0]
	srv.Fail(id, molliefake.Fault{Status: 422, Body: `{"status":422,"title":"Unprocessable Entity","detail":"The include parameter is invalid","field":"include"}`})
	l := loadAll(t, rebuildMollie(srv, HistoryAuto, id))
	if len(l.failures) > 0 || len(l.events) != acct.Events {
		t.Errorf("%d events, want %d; failures %v", len(l.events), acct.Events, l.failures)
	}
}

// A Retry-After on the 429s is honoured: the waits are the server's.
func TestMollieRebuildRetryAfter(t *testing.T) {
	srv := molliefake.New(t, molliefake.WithKey(testKey))
	acct := srv.AddHistory(molliefake.HistoryOptions{Customers: 2, Payments: 200, Seed: 6})
	srv.ResetStats()
	srv.Throttle(3, 5, "2")
	rec := &sleeps{}
	m := rebuildMollie(srv, HistoryResources, acct.Customers...)
	m.Retry.Sleep = rec.sleep
	l := loadAll(t, m)
	if len(l.failures) > 0 || len(l.events) != acct.Events {
		t.Fatalf("%d events, want %d; failures %v", len(l.events), acct.Events, l.failures)
	}
	got := rec.got()
	if len(got) != 5 {
		t.Fatalf("%d waits, want one per 429: %v", len(got), got)
	}
	for _, d := range got {
		if d != 2*time.Second {
			t.Errorf("waited %v, want Retry-After's 2s", d)
		}
	}
}
