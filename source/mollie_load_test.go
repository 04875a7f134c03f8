package source

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// TestAPIGoesAway closes the API 20 customers into a load of 200: the load
// stops after a few connection failures in a row, says once that the API
// stopped answering and how many customers were not loaded, and does not
// report each of the rest as a failure of its own.
func TestAPIGoesAway(t *testing.T) {
	srv := newServer(t)
	srv.AddGenerated(200, 1, 3)
	m := newMollie(srv)
	m.AllCustomers, m.Concurrency = true, 2
	var failures, done int
	err := m.Load(context.Background(), func(b Batch) {
		failures += len(b.Failures)
		if b.Progress != nil {
			done = b.Progress.Done
		}
		if done == 20 {
			srv.Close()
		}
	})
	if err == nil || !strings.Contains(err.Error(), "the API stopped answering") || !strings.Contains(err.Error(), "were not loaded") {
		t.Fatalf("Load: %v; want it to say the API stopped answering", err)
	}
	if failures >= unreachableAfter {
		t.Errorf("%d failures reported one by one; want the one error", failures)
	}
	// Done counts the customers that failed too: a request already on its
	// way when the server closed fails alone, and the API then answers
	// another customer before the three in a row.
	if !strings.Contains(err.Error(), fmt.Sprintf("%d customer(s) were not loaded", 200-done)) {
		t.Errorf("error %q does not count the %d customers not loaded", err, 200-done)
	}
	checkNoKey(t, srv.Key, []string{err.Error()})
}

// TestListEntryWithoutID serves a list page holding an entry with an empty
// ID: it is a failure naming the page, no request goes to
// /v2/customers/, and the other customers load.
func TestListEntryWithoutID(t *testing.T) {
	srv := newServer(t)
	good := addCustomer(srv, "cst_GoodOne001", 2)
	srv.Fail(molliefake.ListCustomers, molliefake.Fault{Body: fmt.Sprintf(
		`{"count":3,"_embedded":{"customers":[{"resource":"customer","id":""},{"resource":"customer","id":%q},{"resource":"customer"}]},"_links":{"next":null}}`, good)})
	m := newMollie(srv)
	m.AllCustomers = true
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.events()) != 2 {
		t.Errorf("%d events, want the good customer's 2", len(r.events()))
	}
	fs := r.failures()
	if len(fs) != 2 || fs[0].Source != "the customer list (page 1)" || !strings.Contains(fs[0].Err.Error(), "not a customer ID") {
		t.Errorf("failures %v; want the two bad entries, naming the page", fs)
	}
	for _, req := range srv.Log() {
		if req.Path == "/v2/customers/" {
			t.Errorf("fetched %s", req.Path)
		}
	}
}

// panicky is a transport that panics on requests for one customer.
type panicky struct {
	next http.RoundTripper
	id   string
}

func (p panicky) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.Contains(req.URL.Path, p.id) {
		panic("a bug while fetching " + p.id)
	}
	return p.next.RoundTrip(req)
}

// TestWorkerPanic has fetching one customer panic: that customer fails
// with a crash report, the others load, the program goes on.
func TestWorkerPanic(t *testing.T) {
	srv := newServer(t)
	a := addCustomer(srv, "cst_FineOne001", 1)
	boom := addCustomer(srv, "cst_BoomBoom01", 1)
	b := addCustomer(srv, "cst_FineTwo001", 1)
	m := newMollie(srv, a, boom, b)
	m.Client = &http.Client{Transport: panicky{next: &http.Transport{DisableKeepAlives: true}, id: boom}}
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.events()) != 2 {
		t.Errorf("%d events, want the other customers' 2", len(r.events()))
	}
	err := r.failure(boom)
	if err == nil || !strings.Contains(err.Error(), "eventbrowser crashed loading customer "+boom) || !strings.Contains(err.Error(), "a bug while fetching") {
		t.Errorf("failure %v; want a crash report", err)
	}
}
