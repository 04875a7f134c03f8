package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// testKey is random-looking, so that any eight characters of it in a row,
// anywhere in what a load says, are a leak and not a coincidence.
const testKey = "test_Zq8PvX3kLm9WnR2tYb6HcJ4dFs7Gh"

func newServer(t testing.TB, opts ...molliefake.Option) *molliefake.Server {
	t.Helper()
	return molliefake.New(t, append([]molliefake.Option{molliefake.WithIncludeEvents(), molliefake.WithKey(testKey)}, opts...)...)
}

// newMollie is a client of srv for customers, with retries that take
// milliseconds and a connection per request (see freshClient).
func newMollie(srv *molliefake.Server, customers ...string) *Mollie {
	return &Mollie{
		BaseURL:     srv.URL,
		Key:         srv.Key,
		Customers:   customers,
		Concurrency: 4,
		// Long: the race detector on a machine busy with other work may
		// take seconds for a request of the fake's; the tests of the
		// timeout itself set their own.
		Timeout:   30 * time.Second,
		UserAgent: "eventbrowser/test",
		Client:    freshClient(),
		Retry:     Retry{Tries: 5, First: time.Millisecond, Max: 4 * time.Millisecond},
		History:   HistoryEvents, // these tests are of the customers' own events
	}
}

// freshClient opens a connection per request: on a reused keep-alive
// connection Go's transport quietly retries a dropped GET once, and the
// client under test would never see the drop.
func freshClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

// sleeps stands in for Retry.Sleep: it records the waits asked for and
// returns at once.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.d)
}

// loadResult is what one Load sent and returned.
type loadResult struct {
	batches []Batch
	err     error
	took    time.Duration
}

func runLoad(t *testing.T, ctx context.Context, m *Mollie) loadResult {
	t.Helper()
	var r loadResult
	start := time.Now()
	r.err = m.Load(ctx, func(b Batch) { r.batches = append(r.batches, b) })
	r.took = time.Since(start)
	return r
}

func (r loadResult) events() []model.Event {
	return eventsOf(r.batches...)
}

// eventsBy counts events by their Source.
func (r loadResult) eventsBy() map[string]int {
	n := map[string]int{}
	for _, e := range r.events() {
		n[string(e.Source)]++
	}
	return n
}

func (r loadResult) notes() []string {
	var notes []string
	for _, b := range r.batches {
		notes = append(notes, b.Notes...)
	}
	return notes
}

func (r loadResult) failures() []Failure {
	var fs []Failure
	for _, b := range r.batches {
		fs = append(fs, b.Failures...)
	}
	return fs
}

// failure is the error of the failure for id, or nil.
func (r loadResult) failure(id string) error {
	for _, f := range r.failures() {
		if f.Source == id {
			return f.Err
		}
	}
	return nil
}

// final is the progress of the last batch.
func (r loadResult) final() Progress {
	if len(r.batches) == 0 || r.batches[len(r.batches)-1].Progress == nil {
		return Progress{}
	}
	return *r.batches[len(r.batches)-1].Progress
}

// texts is everything of a load a person could get to read: the error,
// and every note, failure and progress of every batch.
func (r loadResult) texts() []string {
	var ts []string
	if r.err != nil {
		ts = append(ts, r.err.Error(), fmt.Sprintf("%+v", r.err))
		var ae *APIError
		if errors.As(r.err, &ae) {
			ts = append(ts, fmt.Sprintf("%+v", *ae))
		}
	}
	for _, b := range r.batches {
		ts = append(ts, b.Notes...)
		for _, f := range b.Failures {
			ts = append(ts, f.Source, f.Err.Error(), fmt.Sprintf("%+v", f.Err))
			var ae *APIError
			if errors.As(f.Err, &ae) {
				ts = append(ts, fmt.Sprintf("%+v", *ae))
			}
		}
		if b.Progress != nil {
			ts = append(ts, fmt.Sprintf("%+v", *b.Progress))
		}
	}
	return ts
}

// checkNoKey fails if any eight characters in a row of the secret part of
// key (after "test_") appear in the texts: a cut-off excerpt must not leak
// half a key either.
func checkNoKey(t *testing.T, key string, texts []string) {
	t.Helper()
	_, secret, _ := strings.Cut(key, "_")
	for _, s := range texts {
		for i := 0; i+8 <= len(secret); i++ {
			if strings.Contains(s, secret[i:i+8]) {
				t.Errorf("a piece of the key (%q) shows in %q", secret[i:i+8], s)
				break
			}
		}
	}
}

// checkProgress checks that every batch carries a progress that counts the
// batches so far, and that the last one is want.
func checkProgress(t *testing.T, r loadResult, want Progress) {
	t.Helper()
	var prev Progress
	events, failed := 0, 0
	listingEnded := false
	for i, b := range r.batches {
		if b.Progress == nil {
			t.Errorf("batch %d has no progress", i)
			continue
		}
		p := *b.Progress
		events += b.Len()
		failed += len(b.Failures)
		switch {
		case p.Done < prev.Done || p.Done > prev.Done+1:
			t.Errorf("batch %d: Done went from %d to %d", i, prev.Done, p.Done)
		case p.Total < prev.Total || p.Total < p.Done:
			t.Errorf("batch %d: Total %d after %d, with Done %d", i, p.Total, prev.Total, p.Done)
		case p.Events != events:
			t.Errorf("batch %d: Events = %d, the batches so far hold %d", i, p.Events, events)
		case p.Failed != failed:
			t.Errorf("batch %d: Failed = %d, the batches so far hold %d failures", i, p.Failed, failed)
		case p.Listing && listingEnded:
			t.Errorf("batch %d: Listing again after it ended", i)
		}
		listingEnded = listingEnded || !p.Listing
		prev = p
	}
	if got := r.final(); got != want {
		t.Errorf("final progress = %+v, want %+v", got, want)
	}
}

func addCustomer(srv *molliefake.Server, id string, events int) string {
	c := molliefake.Customer{ID: id}
	for i := range events {
		c.Events = append(c.Events, molliefake.NewEvent(200+i, "2024-03-20T09:13:37.0Z", fmt.Sprintf("event %d", i), ""))
	}
	return srv.AddCustomer(c)
}

func TestMollieLoadCustomers(t *testing.T) {
	tests := []struct {
		name      string
		events    map[string]int // customer → events on the server
		customers []string       // --customer, in order
		testmode  bool
		want      map[string]int // events by source
	}{
		{"one customer", map[string]int{"cst_8wmqcHMN4U": 3}, []string{"cst_8wmqcHMN4U"}, false,
			map[string]int{"cst_8wmqcHMN4U": 3}},
		{"several customers", map[string]int{"cst_One1": 2, "cst_Two2": 0, "cst_Three3": 4}, []string{"cst_One1", "cst_Two2", "cst_Three3"}, false,
			map[string]int{"cst_One1": 2, "cst_Three3": 4}},
		{"a customer named twice is fetched once", map[string]int{"cst_One1": 2, "cst_Two2": 1}, []string{"cst_One1", "cst_Two2", "cst_One1"}, false,
			map[string]int{"cst_One1": 2, "cst_Two2": 1}},
		{"testmode", map[string]int{"cst_One1": 1, "cst_Two2": 1}, []string{"cst_One1", "cst_Two2"}, true,
			map[string]int{"cst_One1": 1, "cst_Two2": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			for id, n := range tt.events {
				addCustomer(srv, id, n)
			}
			m := newMollie(srv, tt.customers...)
			m.Testmode = tt.testmode
			r := runLoad(t, context.Background(), m)
			if r.err != nil {
				t.Fatalf("Load: %v", r.err)
			}
			if got := r.eventsBy(); !mapsEqual(got, tt.want) {
				t.Errorf("events by source = %v, want %v", got, tt.want)
			}
			if n := len(r.notes()) + len(r.failures()); n > 0 {
				t.Errorf("notes %q, failures %v", r.notes(), r.failures())
			}
			total := 0
			for _, n := range tt.want {
				total += n
			}
			checkProgress(t, r, Progress{Done: len(tt.events), Total: len(tt.events), Events: total})
			for id := range tt.events {
				if n := srv.RequestsFor(id); n != 1 {
					t.Errorf("%s fetched %d times, want once", id, n)
				}
			}
			checkRequests(t, srv, m)
			checkNoKey(t, srv.Key, r.texts())
		})
	}
}

// checkRequests checks the headers and query of every request the server saw.
func checkRequests(t *testing.T, srv *molliefake.Server, m *Mollie) {
	t.Helper()
	endpoints := map[molliefake.Endpoint]int{}
	for _, req := range srv.Log() {
		endpoints[req.Endpoint]++
		switch {
		case !req.Authorized:
			t.Errorf("%s %s: no Authorization: Bearer with the key", req.Method, req.Path)
		case req.Accept != "application/hal+json":
			t.Errorf("%s: Accept = %q", req.Path, req.Accept)
		case req.UserAgent != m.UserAgent || !strings.HasPrefix(req.UserAgent, "eventbrowser/"):
			t.Errorf("%s: User-Agent = %q, want %q", req.Path, req.UserAgent, m.UserAgent)
		case req.Testmode != m.Testmode || (!m.Testmode && req.Query.Has("testmode")):
			t.Errorf("%s?%s: testmode=%v, want %v", req.Path, req.Query.Encode(), req.Testmode, m.Testmode)
		case req.Endpoint == molliefake.EndpointCustomer && req.Query.Get("include") != "events":
			t.Errorf("%s?%s: want include=events", req.Path, req.Query.Encode())
		case req.Endpoint == molliefake.EndpointCustomers && req.Query.Get("limit") != "250":
			t.Errorf("%s?%s: want limit=250", req.Path, req.Query.Encode())
		case req.Endpoint == molliefake.EndpointOther:
			t.Errorf("%s %s: not an endpoint of Mollie's", req.Method, req.Path)
		}
	}
	if m.AllCustomers && endpoints[molliefake.EndpointCustomers] == 0 {
		t.Errorf("no request listed the customers")
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestMollieAllCustomers(t *testing.T) {
	const n, perCustomer = 600, 2 // pages of 250: 250, 250, 100
	tests := []struct {
		name      string
		emptyLast bool // the list ends with an empty page
		named     int  // customers also named with --customer, twice each
		testmode  bool
		pages     int                // list requests
		faults    []molliefake.Fault // for the list requests, in order
	}{
		{"three pages", false, 0, false, 3, nil},
		{"three pages and an empty one", true, 0, false, 4, nil},
		{"named customers are fetched once", false, 2, false, 3, nil},
		{"testmode on both endpoints", true, 0, true, 4, nil},
		// The last customer arrives before the list is known to end.
		{"a slow empty last page", true, 0, false, 4, []molliefake.Fault{{}, {}, {}, {Latency: 300 * time.Millisecond}}},
		{"a 503 on the second page", false, 0, false, 4, []molliefake.Fault{{}, {Status: 503}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var opts []molliefake.Option
			if tt.emptyLast {
				opts = append(opts, molliefake.WithEmptyLastPage())
			}
			srv := newServer(t, opts...)
			ids := srv.AddGenerated(n, perCustomer, 1)
			srv.Fail(molliefake.ListCustomers, tt.faults...)
			m := newMollie(srv)
			m.Client = srv.Client()
			m.AllCustomers = true
			m.Testmode = tt.testmode
			m.Concurrency = 8
			for _, id := range ids[:tt.named] {
				m.Customers = append(m.Customers, id, id)
			}
			r := runLoad(t, context.Background(), m)
			if r.err != nil {
				t.Fatalf("Load: %v", r.err)
			}
			if got := srv.RequestsFor(molliefake.ListCustomers); got != tt.pages {
				t.Errorf("%d list requests, want %d", got, tt.pages)
			}
			by := r.eventsBy()
			for _, id := range ids {
				if got := srv.RequestsFor(id); got != 1 {
					t.Errorf("%s fetched %d times, want once", id, got)
				}
				if by[id] != perCustomer {
					t.Errorf("%s: %d events, want %d", id, by[id], perCustomer)
				}
			}
			if len(by) != n {
				t.Errorf("events from %d sources, want %d", len(by), n)
			}
			checkProgress(t, r, Progress{Done: n, Total: n, Events: n * perCustomer})
			if p := r.batches[0].Progress; p == nil || !p.Listing {
				t.Errorf("the first batch's progress %+v should say the list is still being read", p)
			}
			checkRequests(t, srv, m)
			checkNoKey(t, srv.Key, r.texts())
		})
	}
}

// A list of one page is whole once that page is read: the count says
// "customers 11/30", not "11/30+", while the customers load, and says so
// before the first of them is in, even when they are slow.
func TestMollieOnePageListIsFinal(t *testing.T) {
	srv := newServer(t)
	ids := srv.AddGenerated(30, 1, 1)
	for _, id := range ids {
		srv.Fail(id, molliefake.Fault{Latency: 5 * time.Millisecond})
	}
	m := newMollie(srv)
	m.AllCustomers = true
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if first := r.batches[0]; first.Len() != 0 || first.Progress == nil || first.Progress.String() != "customers 0/30 · events 0" {
		t.Errorf("first batch = %d events, progress %v, want the list's count alone: customers 0/30", first.Len(), first.Progress)
	}
	for i, b := range r.batches {
		if b.Progress.Listing || b.Progress.Total != 30 {
			t.Errorf("batch %d: progress %q, want a total of 30 without +", i, b.Progress)
		}
	}
	checkProgress(t, r, Progress{Done: 30, Total: 30, Events: 30})
}

// While the list is paged, each page read shows its count, the + saying
// that more may come, before the customers on it are in.
func TestMollieListingCountsPages(t *testing.T) {
	srv := newServer(t)
	srv.AddGenerated(600, 0, 1)
	m := newMollie(srv)
	m.AllCustomers = true
	m.Concurrency = 1
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatal(r.err)
	}
	// A batch that moves no customer on is a page's count; how many
	// customers are in by then depends on the race for the one slot.
	var pages []string
	done := 0
	for _, b := range r.batches {
		if p := b.Progress; p.Done == done {
			pages = append(pages, fmt.Sprintf("%d listing=%v", p.Total, p.Listing))
		}
		done = b.Progress.Done
	}
	if want := []string{"250 listing=true", "500 listing=true", "600 listing=false"}; !slices.Equal(pages, want) {
		t.Errorf("the pages' totals = %q, want %q", pages, want)
	}
	if p := r.batches[0].Progress; p.String() != "customers 0/250+ · events 0" {
		t.Errorf("the first batch says %q, want the first page's count before any customer", p)
	}
	checkProgress(t, r, Progress{Done: 600, Total: 600})
}

func TestMollieEmptyAccount(t *testing.T) {
	srv := newServer(t)
	m := newMollie(srv)
	m.AllCustomers = true
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.batches) != 1 || r.batches[0].Progress == nil || *r.batches[0].Progress != (Progress{}) || len(r.events()) > 0 {
		t.Errorf("batches = %+v, want one that says: no customers, no events", r.batches)
	}
}

func TestMollieCustomerWithoutEvents(t *testing.T) {
	srv := newServer(t)
	addCustomer(srv, "cst_With1", 2)
	addCustomer(srv, "cst_With2", 3)
	for _, id := range []string{"cst_Without1", "cst_Without2", "cst_Without3"} {
		srv.AddCustomer(molliefake.Customer{ID: id, NoEvents: true})
	}
	m := newMollie(srv, "cst_Without1", "cst_With1", "cst_Without2", "cst_With2", "cst_Without3")
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatalf("Load: %v", r.err)
	}
	if got, want := r.eventsBy(), map[string]int{"cst_With1": 2, "cst_With2": 3}; !mapsEqual(got, want) {
		t.Errorf("events by source = %v, want %v", got, want)
	}
	// One note for each customer without events, none left out (issue
	// 23, item 3).
	notes := r.notes()
	slices.Sort(notes)
	if len(notes) != 3 {
		t.Fatalf("notes = %q, want one for each of the 3 customers without events", notes)
	}
	for i, n := range notes {
		if !strings.HasPrefix(n, fmt.Sprintf("customer cst_Without%d came without", i+1)) || !strings.Contains(n, "include=events") || !strings.Contains(n, `"events"`) {
			t.Errorf("the note should name its customer and say why the field is missing: %q", n)
		}
	}
	if fs := r.failures(); len(fs) > 0 {
		t.Errorf("a customer without events is not a failure: %v", fs)
	}
	checkProgress(t, r, Progress{Done: 5, Total: 5, Events: 5})
	// Loaded again, as --watch does: nothing said twice.
	if again := runLoad(t, context.Background(), m).notes(); len(again) != 0 {
		t.Errorf("a second load says again %q", again)
	}
}

// faultCase is one customer's faults, fetched next to a customer that has
// none.
type faultCase struct {
	name     string
	faults   []molliefake.Fault
	missing  bool          // the customer does not exist
	timeout  time.Duration // --timeout, when not the default of these tests
	requests int           // for the customer
	sleeps   []time.Duration
	slack    time.Duration // allowed off each sleep, for Retry-After dates
	errs     []string      // in the failure's text; none: the customer loads
}

func TestMollieFaults(t *testing.T) {
	const (
		ms500 = 500 * time.Millisecond
		s1    = time.Second
	)
	all := func(n int, f molliefake.Fault) []molliefake.Fault { return slices.Repeat([]molliefake.Fault{f}, n) }
	html502 := molliefake.Fault{HTML: true}
	tests := []faultCase{
		{name: "429 with Retry-After in seconds", faults: []molliefake.Fault{{Status: 429, RetryAfter: "2"}},
			requests: 2, sleeps: []time.Duration{2 * s1}},
		{name: "429 with Retry-After as an HTTP date", faults: []molliefake.Fault{{Status: 429, RetryAfter: time.Now().Add(3 * s1).UTC().Format(http.TimeFormat)}},
			requests: 2, sleeps: []time.Duration{3 * s1}, slack: 1500 * time.Millisecond},
		{name: "429 without Retry-After", faults: []molliefake.Fault{{Status: 429}},
			requests: 2, sleeps: []time.Duration{ms500}},
		{name: "429 every time", faults: all(5, molliefake.Fault{Status: 429}),
			requests: 5, sleeps: []time.Duration{ms500, s1, 2 * s1, 4 * s1},
			errs: []string{"HTTP 429", "Too Many Requests", "gave up after 5 tries"}},
		{name: "500 then success", faults: []molliefake.Fault{{Status: 500}},
			requests: 2, sleeps: []time.Duration{ms500}},
		{name: "503 twice then success", faults: all(2, molliefake.Fault{Status: 503}),
			requests: 3, sleeps: []time.Duration{ms500, s1}},
		{name: "502 HTML page then success", faults: []molliefake.Fault{html502},
			requests: 2, sleeps: []time.Duration{ms500}},
		{name: "502 HTML page every time", faults: all(5, html502),
			requests: 5, sleeps: []time.Duration{ms500, s1, 2 * s1, 4 * s1},
			errs: []string{"HTTP 502", "Bad Gateway", "from {host}, not Mollie's JSON", "502 Bad Gateway</title>", "nginx", "gave up after 5 tries"}},
		{name: "truncated JSON then success", faults: []molliefake.Fault{{Truncate: true}},
			requests: 2, sleeps: []time.Duration{ms500}},
		{name: "truncated JSON every time", faults: all(5, molliefake.Fault{Truncate: true}),
			requests: 5, sleeps: []time.Duration{ms500, s1, 2 * s1, 4 * s1},
			errs: []string{"HTTP 200 from {host}", "cut off", `resource\":\"customer`, "gave up after 5 tries"}},
		{name: "complete body that is not JSON", faults: []molliefake.Fault{{Body: "<html><body>Down for maintenance</body></html>", ContentType: "text/html"}},
			requests: 1, errs: []string{"HTTP 200", "not complete JSON", "Down for maintenance"}},
		{name: "dropped connection then success", faults: []molliefake.Fault{{Drop: true}},
			requests: 2, sleeps: []time.Duration{ms500}},
		{name: "dropped connection every time", faults: all(5, molliefake.Fault{Drop: true}),
			requests: 5, sleeps: []time.Duration{ms500, s1, 2 * s1, 4 * s1},
			errs: []string{"{host} dropped the connection", "gave up after 5 tries"}},
		{name: "latency beyond --timeout", faults: []molliefake.Fault{{Latency: 5 * s1}}, timeout: 100 * time.Millisecond,
			requests: 1, errs: []string{"customer cst_Target: {host} did not answer within 100ms"}},
		{name: "404", missing: true,
			requests: 1, errs: []string{"customer cst_Target not found", "HTTP 404", "No customer exists with token cst_Target"}},
		{name: "422 is not retried", faults: []molliefake.Fault{{Status: 422}},
			requests: 1, errs: []string{"HTTP 422", "Unprocessable Entity"}},
		{name: "400 is not retried", faults: []molliefake.Fault{{Status: 400}},
			requests: 1, errs: []string{"HTTP 400"}},
		{name: "the key echoed by a proxy", faults: all(5, molliefake.Fault{Status: 502, ContentType: "text/html",
			Body: "<html><body><h1>Bad gateway</h1><p>" + strings.Repeat("upstream said no. ", 5) + "Authorization: Bearer " + testKey + "</p></body></html>"}),
			requests: 5, sleeps: []time.Duration{ms500, s1, 2 * s1, 4 * s1}, errs: []string{"HTTP 502", "Bad gateway"}},
		{name: "the key echoed where the excerpt cuts it", faults: []molliefake.Fault{{Status: 400, ContentType: "text/html",
			Body: "<p>" + strings.Repeat("y", 97) + testKey + "</p>"}},
			requests: 1, errs: []string{"HTTP 400", "yyyy"}},
		{name: "the key echoed in Mollie's detail", faults: []molliefake.Fault{{Status: 422,
			Body: `{"status":422,"title":"Unprocessable Entity","detail":"The key ` + testKey + ` cannot do this","field":"include"}`}},
			requests: 1, errs: []string{"HTTP 422", "cannot do this", "test_…"}},
		{name: "the key echoed in a body that is not JSON", faults: []molliefake.Fault{{Body: "your key is " + testKey}},
			requests: 1, errs: []string{"HTTP 200", "your key is test_…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			const target, other = "cst_Target", "cst_Other"
			if !tt.missing {
				addCustomer(srv, target, 3)
			}
			addCustomer(srv, other, 2)
			srv.Fail(target, tt.faults...)
			m := newMollie(srv, target, other)
			var rec sleeps
			m.Retry = Retry{Tries: 5, First: 500 * time.Millisecond, Max: 5 * time.Second, Sleep: rec.sleep}
			if tt.timeout > 0 {
				m.Timeout = tt.timeout
			}
			r := runLoad(t, context.Background(), m)
			if r.err != nil {
				t.Fatalf("one customer's fault stopped the load: %v", r.err)
			}
			if r.took > 3*time.Second {
				t.Errorf("the load took %v", r.took)
			}
			if got := srv.RequestsFor(target); got != tt.requests {
				t.Errorf("%d requests for the customer, want %d", got, tt.requests)
			}
			if got := srv.RequestsFor(other); got != 1 {
				t.Errorf("%d requests for the other customer, want 1", got)
			}
			checkSleeps(t, rec.got(), tt.sleeps, tt.slack)

			want := map[string]int{target: 3, other: 2}
			failed := 0
			err := r.failure(target)
			if len(tt.errs) > 0 {
				delete(want, target)
				failed = 1
				if err == nil {
					t.Fatalf("no failure for %s; failures: %v", target, r.failures())
				}
				msg := err.Error()
				for _, s := range tt.errs {
					s = strings.ReplaceAll(s, "{host}", strings.TrimPrefix(srv.URL, "http://"))
					if !strings.Contains(msg, s) {
						t.Errorf("the error should say %q:\n%s", s, msg)
					}
				}
				if len(msg) > 400 || strings.ContainsAny(msg, "\r\n\x1b") {
					t.Errorf("the error should be one short line:\n%q", msg)
				}
			} else if err != nil {
				t.Errorf("the customer should have loaded: %v", err)
			}
			if len(r.failures()) != failed {
				t.Errorf("failures = %v, want %d", r.failures(), failed)
			}
			if got := r.eventsBy(); !mapsEqual(got, want) {
				t.Errorf("events by source = %v, want %v", got, want)
			}
			checkProgress(t, r, Progress{Done: 2, Total: 2, Events: want[target] + want[other], Failed: failed})
			checkNoKey(t, srv.Key, r.texts())
		})
	}
}

func checkSleeps(t *testing.T, got, want []time.Duration, slack time.Duration) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i] >= want[i]-slack && got[i] <= want[i]+slack
	}
	if !ok {
		t.Errorf("waits between tries = %v, want %v (± %v)", got, want, slack)
	}
}

func TestMollieRetryLimits(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name   string
		tries  int
		faults []molliefake.Fault
		sleeps []time.Duration
		err    string // "": the customer loads in the end
	}{
		{"doubling from 0.5 s", 5, slices.Repeat([]molliefake.Fault{{Status: 429}}, 4),
			[]time.Duration{s / 2, s, 2 * s, 4 * s}, ""},
		{"capped at 5 s", 7, slices.Repeat([]molliefake.Fault{{Status: 500}}, 6),
			[]time.Duration{s / 2, s, 2 * s, 4 * s, 5 * s, 5 * s}, ""},
		{"five tries then an error", 5, slices.Repeat([]molliefake.Fault{{Status: 503}}, 6),
			[]time.Duration{s / 2, s, 2 * s, 4 * s}, "gave up after 5 tries"},
		{"Retry-After over the backoff", 5, []molliefake.Fault{{Status: 429, RetryAfter: "3"}, {Status: 429}, {Status: 503, RetryAfter: "1"}},
			[]time.Duration{3 * s, s, s}, ""},
		{"Retry-After capped at a minute", 5, []molliefake.Fault{{Status: 429, RetryAfter: "86400"}},
			[]time.Duration{time.Minute}, ""},
		{"Retry-After that is not a time", 5, []molliefake.Fault{{Status: 429, RetryAfter: "soon"}},
			[]time.Duration{s / 2}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			id := addCustomer(srv, "cst_Retry1", 1)
			srv.Fail(id, tt.faults...)
			m := newMollie(srv, id)
			var rec sleeps
			m.Retry = Retry{Tries: tt.tries, First: s / 2, Max: 5 * s, Sleep: rec.sleep}
			r := runLoad(t, context.Background(), m)
			if r.err != nil {
				t.Fatalf("Load: %v", r.err)
			}
			checkSleeps(t, rec.got(), tt.sleeps, 0)
			wantRequests := min(len(tt.faults)+1, tt.tries)
			if got := srv.RequestsFor(id); got != wantRequests {
				t.Errorf("%d requests, want %d", got, wantRequests)
			}
			err := r.failure(id)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("the customer should have loaded: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error = %v, want %q", err, tt.err)
			}
		})
	}
}

// TestMollieRetryRealTime checks, on the server's clock, that the tries are
// at least the backoff apart.
func TestMollieRetryRealTime(t *testing.T) {
	srv := newServer(t)
	id := addCustomer(srv, "cst_Retry1", 1)
	srv.Fail(id, molliefake.Fault{Status: 500}, molliefake.Fault{Status: 429}, molliefake.Fault{Drop: true})
	m := newMollie(srv, id)
	m.Retry = Retry{Tries: 5, First: 20 * time.Millisecond, Max: 40 * time.Millisecond}
	r := runLoad(t, context.Background(), m)
	if r.err != nil || r.failure(id) != nil {
		t.Fatalf("Load: %v, failures %v", r.err, r.failures())
	}
	times := srv.RequestTimes(id)
	if len(times) != 4 {
		t.Fatalf("%d requests, want 4", len(times))
	}
	for i, want := range []time.Duration{20 * time.Millisecond, 40 * time.Millisecond, 40 * time.Millisecond} {
		if gap := times[i+1].Sub(times[i]); gap < want {
			t.Errorf("try %d came %v after try %d, want at least %v", i+2, gap, i+1, want)
		}
	}
}

func TestMollieFailedCustomersDoNotStopOthers(t *testing.T) {
	srv := newServer(t)
	ids := srv.AddGenerated(12, 3, 7)
	srv.Fail(ids[2], molliefake.Fault{Status: 422})
	srv.Fail(ids[5], slices.Repeat([]molliefake.Fault{{Status: 500}}, 5)...)
	srv.Fail(ids[9], molliefake.Fault{HTML: true, Status: 504}, molliefake.Fault{HTML: true, Status: 504},
		molliefake.Fault{HTML: true, Status: 504}, molliefake.Fault{HTML: true, Status: 504}, molliefake.Fault{HTML: true, Status: 504})
	m := newMollie(srv, append(ids, "cst_Gone0000")...)
	r := runLoad(t, context.Background(), m)
	if r.err != nil {
		t.Fatalf("Load: %v", r.err)
	}
	failed := map[string]bool{ids[2]: true, ids[5]: true, ids[9]: true, "cst_Gone0000": true}
	var got []string
	for _, f := range r.failures() {
		got = append(got, f.Source)
		if !failed[f.Source] {
			t.Errorf("%s failed: %v", f.Source, f.Err)
		}
		if f.Err == nil || !strings.Contains(f.Err.Error(), "HTTP ") {
			t.Errorf("%s: the failure should give the HTTP status: %v", f.Source, f.Err)
		}
	}
	if len(got) != len(failed) {
		t.Errorf("failures for %v, want %d", got, len(failed))
	}
	by := r.eventsBy()
	for _, id := range ids {
		if want := map[bool]int{false: 3, true: 0}[failed[id]]; by[id] != want {
			t.Errorf("%s: %d events, want %d", id, by[id], want)
		}
	}
	checkProgress(t, r, Progress{Done: 13, Total: 13, Events: 9 * 3, Failed: 4})
	checkNoKey(t, srv.Key, r.texts())
}

func TestMollieKeyRejected(t *testing.T) {
	echo := `{"status":401,"title":"Unauthorized Request","detail":"Key ` + testKey + ` is not valid"}`
	tests := []struct {
		name   string
		key    string // the client's key; "" is the server's
		all    bool
		fail   int // the customer (index) that gets fault; -1: none
		fault  molliefake.Fault
		errs   []string
		target string
	}{
		{"wrong key", "test_Hq3WvB8nMx2KpT7rLc5YdG9sZf4Jk", false, -1, molliefake.Fault{},
			[]string{"HTTP 401", "rejected", "check MOLLIE_API_KEY", "test_…"}, ""},
		{"wrong key listing customers", "test_Hq3WvB8nMx2KpT7rLc5YdG9sZf4Jk", true, -1, molliefake.Fault{},
			[]string{"HTTP 401", "the customer list", "check MOLLIE_API_KEY"}, ""},
		{"403 for one customer", "", false, 3, molliefake.Fault{Status: 403},
			[]string{"HTTP 403", "lacks permission", "MOLLIE_API_KEY"}, ""},
		{"401 that echoes the key", "", false, 1, molliefake.Fault{Status: 401, Body: echo},
			[]string{"HTTP 401", "not valid", "MOLLIE_API_KEY"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			ids := srv.AddGenerated(40, 1, 3)
			if tt.fail >= 0 {
				srv.Fail(ids[tt.fail], tt.fault)
			}
			m := newMollie(srv, ids...)
			// One customer refused: one worker, so that none races ahead
			// while the refused request is in flight. Once the refusal is
			// collected the load stops; the worker can have started one
			// more request by then, no other.
			limit := 10
			m.Concurrency = 2
			if tt.fail >= 0 {
				m.Concurrency, limit = 1, tt.fail+2
			}
			if tt.all {
				m.Customers, m.AllCustomers = nil, true
			}
			if tt.key != "" {
				m.Key = tt.key
			}
			r := runLoad(t, context.Background(), m)
			if r.err == nil {
				t.Fatalf("Load went on after the key was refused: %d failures", len(r.failures()))
			}
			for _, s := range tt.errs {
				if !strings.Contains(r.err.Error(), s) {
					t.Errorf("the error should say %q:\n%v", s, r.err)
				}
			}
			if n := srv.Requests(); n > limit {
				t.Errorf("%d requests, over %d: the load should stop once the key is refused", n, limit)
			}
			for _, id := range ids {
				if n := srv.RequestsFor(id); n > 1 {
					t.Errorf("%s: %d requests; a refused key is not retried", id, n)
				}
			}
			checkNoKey(t, srv.Key, r.texts())
			checkNoKey(t, m.Key, r.texts())
		})
	}
}

func TestMollieConnectionRefused(t *testing.T) {
	closed := newServer(t)
	closed.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	unused := "http://" + ln.Addr().String()
	ln.Close()
	for _, tt := range []struct {
		name, url string
		all       bool
	}{
		{"closed server", closed.URL, false},
		{"unused port", unused, false},
		{"unused port, listing", unused, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := &Mollie{BaseURL: tt.url, Key: testKey, Customers: []string{"cst_One1", "cst_Two2"}, AllCustomers: tt.all,
				UserAgent: "eventbrowser/test", Client: freshClient(), Retry: Retry{Tries: 5, First: time.Millisecond, Max: time.Millisecond}}
			if tt.all {
				m.Customers = nil
			}
			r := runLoad(t, context.Background(), m)
			host := strings.TrimPrefix(tt.url, "http://")
			var msgs []string
			if tt.all {
				if r.err == nil {
					t.Fatal("Load could not list the customers but returned no error")
				}
				msgs = append(msgs, r.err.Error())
			} else {
				if r.err != nil {
					t.Errorf("Load: %v; each customer should fail on its own", r.err)
				}
				for _, f := range r.failures() {
					msgs = append(msgs, f.Err.Error())
				}
				if len(msgs) != 2 {
					t.Errorf("failures = %v, want one per customer", r.failures())
				}
			}
			for _, msg := range msgs {
				if !strings.Contains(msg, host+" refused the connection") || !strings.Contains(msg, "API URL") {
					t.Errorf("the error should name %s and say it refused the connection:\n%s", host, msg)
				}
			}
			checkNoKey(t, testKey, r.texts())
		})
	}
}

func TestMollieConcurrency(t *testing.T) {
	tests := []struct {
		conc, customers int
		latency         time.Duration
		all             bool
	}{
		{1, 8, 20 * time.Millisecond, false},
		{4, 24, 20 * time.Millisecond, false},
		{8, 40, 20 * time.Millisecond, false},
		// Past the first page the list is read while customers are fetched.
		{2, 300, 2 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("conc=%d,all=%v", tt.conc, tt.all), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, molliefake.WithLatency(tt.latency))
			ids := srv.AddGenerated(tt.customers, 1, 5)
			m := newMollie(srv, ids...)
			m.Client = srv.Client()
			m.Concurrency = tt.conc
			if tt.all {
				m.Customers, m.AllCustomers = nil, true
			}
			r := runLoad(t, context.Background(), m)
			if r.err != nil || len(r.failures()) > 0 {
				t.Fatalf("Load: %v, failures %v", r.err, r.failures())
			}
			got := srv.MaxInFlight()
			if got > tt.conc {
				t.Errorf("%d requests in flight at once, want at most %d", got, tt.conc)
			}
			if tt.conc > 1 && got < 2 {
				t.Errorf("at most %d request in flight at once: no parallelism", got)
			}
			t.Logf("concurrency %d: at most %d in flight, %v", tt.conc, got, r.took)
		})
	}
}

// waitFor polls cond for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); ; time.Sleep(5 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

func TestMollieCancel(t *testing.T) {
	const latency = 10 * time.Second
	tests := []struct {
		name  string
		setup func(srv *molliefake.Server, m *Mollie)
		ready func(srv *molliefake.Server) bool // when to cancel
	}{
		{"requests in flight", func(srv *molliefake.Server, m *Mollie) {
			srv.SetLatency(latency)
		}, func(srv *molliefake.Server) bool { return srv.InFlight() == 4 }},
		{"waiting to retry", func(srv *molliefake.Server, m *Mollie) {
			for _, id := range m.Customers {
				srv.Fail(id, molliefake.Fault{Status: 503})
			}
			m.Retry = Retry{Tries: 5, First: latency, Max: latency}
		}, func(srv *molliefake.Server) bool { return srv.Requests() == 4 && srv.InFlight() == 0 }},
		{"listing customers", func(srv *molliefake.Server, m *Mollie) {
			m.Customers, m.AllCustomers = nil, true
			srv.Fail(molliefake.ListCustomers, molliefake.Fault{Latency: latency})
		}, func(srv *molliefake.Server) bool { return srv.InFlight() == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			ids := srv.AddGenerated(20, 1, 9)
			m := newMollie(srv, ids...)
			tt.setup(srv, m)
			baseline := runtime.NumGoroutine()

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan loadResult)
			go func() { done <- runLoad(t, ctx, m) }()
			if !waitFor(5*time.Second, func() bool { return tt.ready(srv) }) {
				t.Fatalf("the load did not get going: %d requests, %d in flight", srv.Requests(), srv.InFlight())
			}
			cancel()
			cancelled := time.Now()
			var r loadResult
			select {
			case r = <-done:
			case <-time.After(latency / 2):
				t.Fatal("Load did not return after the context was cancelled")
			}
			if took := time.Since(cancelled); took > time.Second {
				t.Errorf("Load took %v to return after the cancel", took)
			}
			if !errors.Is(r.err, context.Canceled) {
				t.Errorf("Load = %v, want context.Canceled", r.err)
			}
			if fs := r.failures(); len(fs) > 0 {
				t.Errorf("cancelled customers reported as failed: %v", fs)
			}
			if !waitFor(2*time.Second, func() bool { return srv.InFlight() == 0 }) {
				t.Errorf("the server still has %d requests in flight", srv.InFlight())
			}
			var now int
			if !waitFor(2*time.Second, func() bool { now = runtime.NumGoroutine(); return now <= baseline }) {
				buf := make([]byte, 1<<16)
				t.Errorf("%d goroutines, %d before the load:\n%s", now, baseline, buf[:runtime.Stack(buf, true)])
			}
		})
	}
}

// TestMollieNextLinkElsewhere serves a customer list whose next link points
// away from the API's host: the client must refuse to take the key there.
func TestMollieNextLinkElsewhere(t *testing.T) {
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.URL.String()+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/hal+json")
		fmt.Fprint(w, `{"count":0,"_embedded":{"customers":[]},"_links":{"next":null}}`)
	}))
	defer other.Close()
	otherHost := strings.TrimPrefix(other.URL, "http://")

	tests := []struct {
		name string
		next func(origin string) string // next.href, given the API's URL
		page string                     // the customer endpoint's answer, "": the customer
		ok   bool
	}{
		{"another host", func(string) string { return other.URL + "/v2/customers?from=cst_Next1&limit=250" }, "", false},
		{"another host, scheme-relative", func(string) string { return "//" + otherHost + "/v2/customers?from=cst_Next1" }, "", false},
		{"https to the same host", func(o string) string {
			return strings.Replace(o, "http:", "https:", 1) + "/v2/customers?from=cst_Next1"
		}, "", false},
		{"a redirect to another host", func(string) string { return "" }, other.URL + "/v2/customers/cst_Page1", false},
		{"a redirect on the same host", func(o string) string { return "" }, "/v2/customers/cst_Page1?include=events&moved=1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			elsewhere = nil
			mu.Unlock()
			var origin *httptest.Server
			var auth []string
			origin = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				auth = append(auth, r.Header.Get("Authorization"))
				mu.Unlock()
				w.Header().Set("Content-Type", "application/hal+json")
				switch {
				case r.URL.Path == "/v2/customers":
					next := "null"
					if n := tt.next(origin.URL); n != "" {
						next = `{"href":"` + n + `","type":"application/hal+json"}`
					}
					fmt.Fprintf(w, `{"count":1,"_embedded":{"customers":[{"resource":"customer","id":"cst_Page1"}]},"_links":{"next":%s}}`, next)
				case tt.page != "" && r.URL.Query().Get("moved") == "":
					http.Redirect(w, r, tt.page, http.StatusTemporaryRedirect)
				default:
					fmt.Fprint(w, `{"resource":"customer","id":"cst_Page1","events":[{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}]}`)
				}
			}))
			defer origin.Close()
			m := &Mollie{BaseURL: origin.URL, Key: testKey, AllCustomers: true, UserAgent: "eventbrowser/test",
				Retry: Retry{Tries: 2, First: time.Millisecond, Max: time.Millisecond}}
			r := runLoad(t, context.Background(), m)

			mu.Lock()
			defer mu.Unlock()
			if len(elsewhere) > 0 {
				t.Errorf("requests went to %s: %q", otherHost, elsewhere)
			}
			for _, a := range auth {
				if a != "Bearer "+testKey {
					t.Errorf("Authorization = %q, want Bearer and the key", a)
				}
			}
			switch {
			case tt.ok:
				if r.err != nil || len(r.failures()) > 0 || len(r.events()) != 1 {
					t.Errorf("Load: %v, failures %v, %d events", r.err, r.failures(), len(r.events()))
				}
			case tt.page != "": // the customer fails, the load goes on
				err := r.failure("cst_Page1")
				if err == nil || !strings.Contains(err.Error(), "redirect") || !strings.Contains(err.Error(), otherHost) {
					t.Errorf("the customer's failure should name the redirect to %s: %v (Load: %v)", otherHost, err, r.err)
				}
			default:
				if r.err == nil || !strings.Contains(r.err.Error(), "not following it") {
					t.Errorf("Load = %v, want a refusal to follow the next link", r.err)
				}
				if n := len(r.events()); n != 1 {
					t.Errorf("%d events; the customers of the first page should still load", n)
				}
			}
			checkNoKey(t, testKey, r.texts())
		})
	}
}

// TestMollieDefaultClient loads through the client Mollie makes itself when
// none is given.
func TestMollieDefaultClient(t *testing.T) {
	srv := newServer(t)
	ids := srv.AddGenerated(20, 2, 11)
	m := newMollie(srv, ids...)
	m.Client = nil
	m.Concurrency = 8
	r := runLoad(t, context.Background(), m)
	if r.err != nil || len(r.failures()) > 0 {
		t.Fatalf("Load: %v, failures %v", r.err, r.failures())
	}
	if n := len(r.events()); n != 40 {
		t.Errorf("%d events, want 40", n)
	}
	checkRequests(t, srv, m)
}

// TestMollieEventsCarryCustomer checks the events themselves, not only
// their count.
func TestMollieEventsCarryCustomer(t *testing.T) {
	srv := newServer(t)
	srv.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U", Events: []json.RawMessage{
		molliefake.NewEvent(200, "2024-03-20T09:13:37.0Z", "Customer created", "https://api.mollie.com/v2/customers/cst_8wmqcHMN4U"),
		molliefake.NewEvent(221, "2024-05-22T15:11:19+02:00", "Payment paid\x1b[31m", ""),
	}})
	r := runLoad(t, context.Background(), newMollie(srv, "cst_8wmqcHMN4U"))
	if r.err != nil {
		t.Fatal(r.err)
	}
	evs := r.events()
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	want := []struct {
		typ  int
		at   time.Time
		line string
		url  string
	}{
		{200, time.Date(2024, 3, 20, 9, 13, 37, 0, time.UTC), "Customer created", "https://api.mollie.com/v2/customers/cst_8wmqcHMN4U"},
		{221, time.Date(2024, 5, 22, 13, 11, 19, 0, time.UTC), "Payment paid", ""},
	}
	for i, e := range evs {
		w := want[i]
		if e.Source != "cst_8wmqcHMN4U" || e.Type != w.typ || !e.Created.Equal(w.at) || string(e.Line) != w.line || e.URL() != w.url {
			t.Errorf("event %d = %+v, want source cst_8wmqcHMN4U, %+v", i, e, w)
		}
	}
	if u, _ := url.Parse(srv.Last().Path); u.Path != "/v2/customers/cst_8wmqcHMN4U" {
		t.Errorf("path %s", u.Path)
	}
}

// A customer list whose next link points back at a page read, or whose
// cursor does not move, ends the load with a clear error instead of
// reading forever (issue 24, item 6).
func TestMollieCustomerListThatLoops(t *testing.T) {
	for _, tt := range []struct{ name, next, want string }{
		{"next points back", "/v2/customers?limit=250", "the customer list repeats: page 1 links back to page 1"},
		{"cursor does not move", "/v2/customers?from=cst_Loop00001&limit=250", "the customer list repeats: page 2 starts with cst_Loop00001, as page 1 did"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			id := srv.AddCustomer(molliefake.Customer{ID: "cst_Loop00001"})
			page := fmt.Sprintf(`{"count":1,"_embedded":{"customers":[{"resource":"customer","id":%q}]},"_links":{"next":{"href":"%s%s"}}}`,
				id, srv.URL, tt.next)
			for range 50 {
				srv.Fail(molliefake.ListCustomers, molliefake.Fault{Body: page})
			}
			m := newMollie(srv)
			m.AllCustomers = true
			r := runLoad(t, context.Background(), m)
			if r.err == nil || !strings.Contains(r.err.Error(), tt.want) {
				t.Fatalf("Load: %v, want an error saying %q", r.err, tt.want)
			}
			if got := srv.RequestsFor(molliefake.ListCustomers); got > 2 {
				t.Errorf("%d list requests, want the walk stopped at the repeat", got)
			}
		})
	}
}
