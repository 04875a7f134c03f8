// Package molliefake is an in-process fake of the Mollie API endpoints
// eventbrowser reads, for tests:
//
//	GET /v2/customers/{id}[?include=events][&testmode=true]
//	GET /v2/customers[?limit=N][&from=cst_…][&testmode=true]
//	GET /v2/payments, /v2/refunds, /v2/chargebacks, /v2/subscriptions,
//	    /v2/customers/{id}/payments|mandates|subscriptions,
//	    /v2/payments/{id}/refunds|chargebacks|captures  (lists: AddToList, AddHistory)
//	GET /v2/payments/{id}[?embed=refunds,chargebacks,captures], and any
//	    object AddResource serves
//
// include=events is withdrawn, as on Mollie's API today: a customer comes
// without "events" unless WithIncludeEvents turns the old behaviour on.
//
// It speaks Mollie's wire format: HAL+JSON bodies, Mollie-style error
// objects, a bearer key on every request, and pagination through
// _links.next (customers in insertion order; the sort parameter is
// ignored). Tests queue faults per customer (429 with or without
// Retry-After, 5xx, a proxy's HTML page, a cut-off body, a dropped
// connection, latency) and read back what the client did: how many
// requests, when, with which headers, and how many were in flight at once.
//
// The server listens on a loopback address only, so a key sent to it never
// leaves the machine.
package molliefake

import (
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	// DefaultKey is the API key a Server accepts unless WithKey says
	// otherwise. It is long and distinctive so tests can check that it never
	// shows up in output.
	DefaultKey = "test_fakekey_abcdefghijklmnopqrstuvwxyz"

	// ListCustomers stands for the list endpoint, GET /v2/customers, where
	// Fail, RequestsFor and RequestTimes take a customer ID.
	ListCustomers = ""

	// DefaultLimit and MaxLimit bound the list endpoint's limit parameter.
	DefaultLimit = 50
	MaxLimit     = 250

	// endOfList is the "from" of the empty page that WithEmptyLastPage adds.
	// It names no customer, as if the next one had been deleted.
	endOfList = "cst_EndOfList0"

	mediaHAL  = "application/hal+json"
	mediaHTML = "text/html"
)

// Endpoint says which route a request took.
type Endpoint string

const (
	EndpointCustomer  Endpoint = "customer"  // GET /v2/customers/{id}
	EndpointCustomers Endpoint = "customers" // GET /v2/customers
	EndpointResource  Endpoint = "resource"  // GET of what AddResource added: a payment, a refund…
	EndpointOther     Endpoint = "other"     // anything else: 404 (or 405 for another method)
)

// Customer is one customer the server knows. Empty fields get plausible
// values on the wire: Mode from the key's prefix, CreatedAt a fixed date,
// Name, Email and Locale null.
type Customer struct {
	ID        string // cst_ and 10 letters or digits; AddCustomer makes one up when empty
	Name      string
	Email     string
	Locale    string          // e.g. nl_NL
	Mode      string          // "test" or "live"
	Metadata  json.RawMessage // nil means null
	CreatedAt string          // as on the wire, e.g. 2022-01-03T13:42:04+00:00

	// Events go on the wire as they are, so a test can send any shape
	// (snake_case, odd timestamps, extra links). NewEvent builds the usual one.
	Events []json.RawMessage
	// NoEvents leaves the "events" field out even with include=events, as
	// Mollie does on accounts where that option is not enabled.
	NoEvents bool
}

// Fault is one misbehaviour, served instead of (or before) the normal answer
// to one request. Fields combine as follows:
//
//   - Drop: after Latency, the connection is closed without a response.
//   - HTML: a proxy's HTML error page with Status (default 502).
//   - Truncate: the normal answer (Status overrides its status) with a
//     Content-Length for the whole body but only its first half sent, then
//     the connection closes: the client's read fails with an unexpected EOF.
//     For a body that arrives complete but is not valid JSON, use Body.
//   - Status: that status with Body, or with a Mollie-style JSON error when
//     Body is empty.
//   - Body alone: status 200 with that body.
//   - Latency alone: the normal answer, late.
//
// RetryAfter, when set, is sent as the Retry-After header with any of them.
type Fault struct {
	Status      int
	RetryAfter  string // header value: seconds ("2") or an HTTP date
	Body        string // raw body
	ContentType string // of Body; default application/hal+json
	HTML        bool
	Truncate    bool
	Drop        bool
	Latency     time.Duration // added to the server's latency for this request
	Location    string        // with a 3xx Status: where the redirect points
}

// Request is what the server saw of one request, and how it answered.
type Request struct {
	Time       time.Time // arrival
	Method     string
	Path       string
	Query      url.Values
	Endpoint   Endpoint
	Customer   string // the {id} of /v2/customers/{id}, or a resource's path
	Authorized bool   // carried the right bearer key
	Testmode   bool   // testmode=true was in the query
	UserAgent  string
	Accept     string
	InFlight   int    // requests being handled as it arrived, itself included
	Fault      *Fault // the queued (or Throttle's) fault it consumed, if any
	Status     int    // 0: dropped, or the client went away first
	Canceled   bool   // the client went away, or the server closed, while the server was waiting
}

// Option configures a Server.
type Option func(*Server)

// WithKey sets the one API key the server accepts.
func WithKey(key string) Option { return func(s *Server) { s.Key = key } }

// WithLatency delays every answer by d, as SetLatency does.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.SetLatency(d) } }

// WithEmptyLastPage makes the customer list end with an empty page: the
// page with the last customer links to one more page, with count 0 and no
// next link. Mollie can do this.
func WithEmptyLastPage() Option { return func(s *Server) { s.emptyLastPage = true } }

// WithIncludeEvents serves a customer's events with include=events, as
// Mollie did before it withdrew the option. Without it, the field never
// comes, as on today's API.
func WithIncludeEvents() Option { return func(s *Server) { s.includeEvents = true } }

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	URL string // base URL, e.g. http://127.0.0.1:41234; pass it as --api-url
	Key string // the accepted API key

	srv           *httptest.Server
	closing       chan struct{} // closed by Close: requests stop waiting
	closeOnce     sync.Once
	emptyLastPage bool
	includeEvents bool
	throttle      throttle
	latency       atomic.Int64 // time.Duration
	inFlight      atomic.Int64
	maxInFlight   atomic.Int64

	mu        sync.Mutex
	order     []string // customer IDs in insertion order
	customers map[string]*Customer
	resources map[string]json.RawMessage // by path, /v2/payments/tr_…
	lists     map[string][]item          // by path, /v2/payments…, newest first
	faults    map[string][]Fault
	log       []Request
	logGen    int    // incremented by ResetStats, so late answers do not land in a new log
	made      uint64 // IDs made up by AddCustomer, for determinism
}

// New starts a fake on a loopback address and closes it when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		Key:       DefaultKey,
		closing:   make(chan struct{}),
		customers: make(map[string]*Customer),
		resources: make(map[string]json.RawMessage),
		faults:    make(map[string][]Fault),
	}
	for _, o := range opts {
		o(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		if ln, err = net.Listen("tcp6", "[::1]:0"); err != nil {
			t.Fatalf("molliefake: no loopback address to listen on: %v", err)
		}
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Listener.Close()
	s.srv.Listener = ln
	s.srv.Start()
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// Close stops the server; New already arranges it at the end of the test.
// Requests still waiting out a latency end at once, without a response.
// Calling Close again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		// No connection from here on, new or kept alive: a client's retry
		// of a request the closing cuts short finds the server gone, as
		// it would a real one.
		s.srv.Listener.Close()
		s.srv.Config.SetKeepAlivesEnabled(false)
		close(s.closing)
		s.srv.Close()
	})
}

// Client returns an HTTP client for this server, with a transport of its own.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.srv.Listener.Addr() }

// AddCustomer adds c, or replaces the customer with its ID in place, and
// returns its ID (made up when c.ID is empty).
func (s *Server) AddCustomer(c Customer) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID == "" {
		r := rand.New(rand.NewPCG(s.made, 0x637374)) // "cst"
		s.made++
		c.ID = s.newIDLocked(r, "cst_")
	}
	c.Events = append([]json.RawMessage(nil), c.Events...)
	if _, ok := s.customers[c.ID]; !ok {
		s.order = append(s.order, c.ID)
	}
	s.customers[c.ID] = &c
	return c.ID
}

// AddEvents appends events to a customer, e.g. between two refreshes of a
// --watch test. It panics if the customer does not exist.
func (s *Server) AddEvents(customerID string, events ...json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers[customerID]
	if !ok {
		panic("molliefake: AddEvents: no customer " + customerID)
	}
	c.Events = append(c.Events, events...)
}

// CustomerIDs returns the IDs of all customers in insertion order, which is
// the order the list endpoint pages through them.
func (s *Server) CustomerIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.order...)
}

// Fail queues faults for a customer (or ListCustomers for the list
// endpoint, or a resource's path). Each authorized request for it takes the next one, in order;
// when none is left, requests are answered normally. A request without the
// right key gets its 401 and takes no fault.
func (s *Server) Fail(customerID string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[customerID] = append(s.faults[customerID], faults...)
}

// FaultsLeft says how many queued faults for a customer (or ListCustomers)
// have not been served yet.
func (s *Server) FaultsLeft(customerID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults[customerID])
}

// SetLatency delays every answer by d from now on. The request counts as in
// flight while it waits; a client that gives up ends the wait.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Requests is the number of requests received, of any kind.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

// RequestsFor is the number of requests for one customer (any method,
// authorized or not), or for the list endpoint with ListCustomers.
func (s *Server) RequestsFor(customerID string) int { return len(s.RequestTimes(customerID)) }

// RequestTimes are the arrival times of the requests for one customer, or
// for the list endpoint with ListCustomers, in order: the gaps between them
// are the client's backoff.
func (s *Server) RequestTimes(customerID string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ts []time.Time
	for _, r := range s.log {
		if r.isFor(customerID) {
			ts = append(ts, r.Time)
		}
	}
	return ts
}

// Log returns every request so far, in arrival order.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Last returns the latest request (its UserAgent, Accept, Testmode…), or
// the zero Request if there was none.
func (s *Server) Last() Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.log) == 0 {
		return Request{}
	}
	return s.log[len(s.log)-1]
}

// InFlight is the number of requests being handled now.
func (s *Server) InFlight() int { return int(s.inFlight.Load()) }

// MaxInFlight is the largest number of requests handled at once so far.
func (s *Server) MaxInFlight() int { return int(s.maxInFlight.Load()) }

// ResetStats forgets the request log and the in-flight maximum, e.g.
// between two runs of a benchmark. Customers and queued faults stay.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.logGen++
	s.maxInFlight.Store(s.inFlight.Load())
}

func (r *Request) isFor(customerID string) bool {
	if customerID == ListCustomers {
		return r.Endpoint == EndpointCustomers
	}
	return r.Endpoint == EndpointCustomer && r.Customer == customerID
}
