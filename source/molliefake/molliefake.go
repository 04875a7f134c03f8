// Package molliefake is an in-process fake of the two Mollie API endpoints
// eventbrowser reads, for tests:
//
//	GET /v2/customers/{id}[?include=events][&testmode=true]
//	GET /v2/customers[?limit=N][&from=cst_…][&testmode=true]
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
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
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
	Fault      *Fault // the queued fault it consumed, if any
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

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	URL string // base URL, e.g. http://127.0.0.1:41234; pass it as --api-url
	Key string // the accepted API key

	srv           *httptest.Server
	closing       chan struct{} // closed by Close: requests stop waiting
	closeOnce     sync.Once
	emptyLastPage bool
	latency       atomic.Int64 // time.Duration
	inFlight      atomic.Int64
	maxInFlight   atomic.Int64

	mu        sync.Mutex
	order     []string // customer IDs in insertion order
	customers map[string]*Customer
	resources map[string]json.RawMessage // by path, /v2/payments/tr_…
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

// serve answers one request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}

	endpoint, id := route(r.URL.Path)
	if endpoint == EndpointOther {
		s.mu.Lock()
		if _, ok := s.resources[r.URL.Path]; ok {
			endpoint, id = EndpointResource, r.URL.Path
		}
		s.mu.Unlock()
	}
	query := r.URL.Query()
	rec := Request{
		Time:       time.Now(),
		Method:     r.Method,
		Path:       r.URL.Path,
		Query:      query,
		Endpoint:   endpoint,
		Customer:   id,
		Authorized: s.authorized(r.Header.Get("Authorization")),
		Testmode:   query.Get("testmode") == "true",
		UserAgent:  r.Header.Get("User-Agent"),
		Accept:     r.Header.Get("Accept"),
	}
	// Take the fault on arrival, so concurrent requests take them in order.
	s.mu.Lock()
	if rec.Authorized && endpoint != EndpointOther && r.Method == http.MethodGet {
		target := id
		if endpoint == EndpointCustomers {
			target = ListCustomers
		}
		if q := s.faults[target]; len(q) > 0 {
			f := q[0]
			rec.Fault = &f
			s.faults[target] = q[1:]
		}
	}
	i, gen := len(s.log), s.logGen
	s.log = append(s.log, rec)
	s.mu.Unlock()

	status, canceled := s.answer(w, r, &rec)

	s.mu.Lock()
	if gen == s.logGen {
		s.log[i].Status, s.log[i].Canceled = status, canceled
	}
	s.mu.Unlock()
}

// answer waits out the latency and writes the response; it returns the
// status sent (0 for none) and whether the client went away first.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, rec *Request) (status int, canceled bool) {
	f := rec.Fault
	delay := time.Duration(s.latency.Load())
	if f != nil {
		delay += f.Latency
	}
	if !s.sleep(r.Context(), delay) {
		// Returning would send an empty 200; close the connection instead.
		hangUp(w)
		return 0, true
	}

	res := s.normal(r, rec)
	if f == nil {
		return res.write(w), false
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Drop:
		hangUp(w)
		return 0, false
	case f.HTML:
		code := cmp.Or(f.Status, http.StatusBadGateway)
		res = response{status: code, contentType: mediaHTML + "; charset=utf-8", body: []byte(htmlPage(code))}
	case f.Truncate:
		if f.Status != 0 {
			res.status = f.Status
		}
		h := w.Header()
		h.Set("Content-Type", res.contentType)
		h.Set("Content-Length", strconv.Itoa(len(res.body)))
		w.WriteHeader(res.status)
		w.Write(res.body[:len(res.body)/2])
		http.NewResponseController(w).Flush()
		// The server closes the connection, as the body is short of its
		// Content-Length.
		return res.status, false
	case f.Location != "":
		w.Header().Set("Location", f.Location)
		res = response{status: cmp.Or(f.Status, http.StatusFound), contentType: mediaHTML, body: nil}
	case f.Status != 0:
		res = response{status: f.Status, contentType: cmp.Or(f.ContentType, mediaHAL), body: []byte(f.Body)}
		if f.Body == "" {
			res = mollieError(f.Status, "")
		}
	case f.Body != "":
		res = response{status: http.StatusOK, contentType: cmp.Or(f.ContentType, mediaHAL), body: []byte(f.Body)}
	}
	return res.write(w), false
}

// hangUp closes the connection without a response.
func hangUp(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// route splits a path into its endpoint and customer ID.
func route(path string) (Endpoint, string) {
	switch {
	case path == "/v2/customers" || path == "/v2/customers/":
		return EndpointCustomers, ""
	case strings.HasPrefix(path, "/v2/customers/"):
		id := strings.TrimPrefix(path, "/v2/customers/")
		if id != "" && !strings.Contains(id, "/") {
			return EndpointCustomer, id
		}
	}
	return EndpointOther, ""
}

func (s *Server) authorized(header string) bool {
	scheme, token, ok := strings.Cut(header, " ")
	return ok && strings.EqualFold(scheme, "Bearer") && token == s.Key
}

// sleep waits for d, or until ctx is done or the server closes; it reports
// whether d passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// response is an answer not yet written.
type response struct {
	status      int
	contentType string
	body        []byte
}

func (res response) write(w http.ResponseWriter) int {
	w.Header().Set("Content-Type", res.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(res.body)))
	w.WriteHeader(res.status)
	w.Write(res.body)
	return res.status
}

// normal is the answer Mollie would give, without faults.
func (s *Server) normal(r *http.Request, rec *Request) response {
	switch {
	case !rec.Authorized:
		return mollieError(http.StatusUnauthorized, "")
	case rec.Endpoint == EndpointOther:
		return mollieError(http.StatusNotFound, "The requested resource does not exist.")
	case r.Method != http.MethodGet:
		return mollieError(http.StatusMethodNotAllowed, "The requested method is not allowed for this resource.")
	case rec.Endpoint == EndpointCustomer:
		return s.customer(rec)
	case rec.Endpoint == EndpointResource:
		s.mu.Lock()
		defer s.mu.Unlock()
		return response{status: http.StatusOK, contentType: mediaHAL, body: s.resources[rec.Customer]}
	default:
		return s.list(rec)
	}
}

func (s *Server) customer(rec *Request) response {
	withEvents := false
	for _, v := range rec.Query["include"] {
		for inc := range strings.SplitSeq(v, ",") {
			withEvents = withEvents || strings.TrimSpace(inc) == "events"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers[rec.Customer]
	if !ok {
		return mollieError(http.StatusNotFound, "No customer exists with token "+rec.Customer)
	}
	return jsonResponse(http.StatusOK, s.wireCustomer(c, withEvents))
}

func (s *Server) list(rec *Request) response {
	limit := DefaultLimit
	if v := rec.Query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			return withField(mollieError(http.StatusBadRequest,
				fmt.Sprintf("Invalid 'limit' parameter. The limit must be between 1 and %d.", MaxLimit)), "limit")
		}
		limit = n
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	start := 0
	from := rec.Query.Get("from")
	switch {
	case from == "":
	case from == endOfList && s.emptyLastPage:
		start = len(s.order)
	default:
		start = -1
		for i, id := range s.order {
			if id == from {
				start = i
				break
			}
		}
		if start < 0 {
			return withField(mollieError(http.StatusBadRequest,
				"Invalid 'from' parameter: no customer exists with token "+from+"."), "from")
		}
	}
	end := min(start+limit, len(s.order))

	page := listPage{Count: end - start}
	page.Embedded.Customers = make([]wireCustomer, 0, end-start)
	for _, id := range s.order[start:end] {
		page.Embedded.Customers = append(page.Embedded.Customers, s.wireCustomer(s.customers[id], false))
	}
	page.Links.Self = s.listLink(from, limit, rec.Testmode)
	if start > 0 && start < len(s.order) {
		l := s.listLink(s.order[max(0, start-limit)], limit, rec.Testmode)
		page.Links.Previous = &l
	}
	switch {
	case end < len(s.order):
		l := s.listLink(s.order[end], limit, rec.Testmode)
		page.Links.Next = &l
	case s.emptyLastPage && start < len(s.order):
		l := s.listLink(endOfList, limit, rec.Testmode)
		page.Links.Next = &l
	}
	page.Links.Documentation = link{Href: "https://docs.mollie.com/reference/list-customers", Type: mediaHTML}
	return jsonResponse(http.StatusOK, page)
}

func (s *Server) listLink(from string, limit int, testmode bool) link {
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if from != "" {
		q.Set("from", from)
	}
	if testmode {
		q.Set("testmode", "true")
	}
	return link{Href: s.URL + "/v2/customers?" + q.Encode(), Type: mediaHAL}
}

// The wire shapes, with fields in Mollie's order.
type (
	link struct {
		Href string `json:"href"`
		Type string `json:"type"`
	}
	wireCustomer struct {
		Resource  string          `json:"resource"`
		ID        string          `json:"id"`
		Mode      string          `json:"mode"`
		Name      *string         `json:"name"`
		Email     *string         `json:"email"`
		Locale    *string         `json:"locale"`
		Metadata  json.RawMessage `json:"metadata"`
		CreatedAt string          `json:"createdAt"`
		Links     struct {
			Self      link `json:"self"`
			Dashboard link `json:"dashboard"`
		} `json:"_links"`
		Events *[]json.RawMessage `json:"events,omitempty"`
	}
	listPage struct {
		Count    int `json:"count"`
		Embedded struct {
			Customers []wireCustomer `json:"customers"`
		} `json:"_embedded"`
		Links struct {
			Self          link  `json:"self"`
			Previous      *link `json:"previous"`
			Next          *link `json:"next"`
			Documentation link  `json:"documentation"`
		} `json:"_links"`
	}
	wireError struct {
		Status int    `json:"status"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Field  string `json:"field,omitempty"`
		Links  struct {
			Documentation link `json:"documentation"`
		} `json:"_links"`
	}
)

func (s *Server) wireCustomer(c *Customer, withEvents bool) wireCustomer {
	w := wireCustomer{
		Resource:  "customer",
		ID:        c.ID,
		Mode:      c.Mode,
		Name:      nullable(c.Name),
		Email:     nullable(c.Email),
		Locale:    nullable(c.Locale),
		Metadata:  c.Metadata,
		CreatedAt: cmp.Or(c.CreatedAt, "2022-01-03T13:42:04+00:00"),
	}
	if w.Mode == "" {
		w.Mode = "test"
		if strings.HasPrefix(s.Key, "live_") {
			w.Mode = "live"
		}
	}
	if len(w.Metadata) == 0 {
		w.Metadata = json.RawMessage("null")
	}
	w.Links.Self = link{Href: s.URL + "/v2/customers/" + c.ID, Type: mediaHAL}
	w.Links.Dashboard = link{Href: "https://www.mollie.com/dashboard/org_13514547/customers/" + c.ID, Type: mediaHTML}
	if withEvents && !c.NoEvents {
		events := append(make([]json.RawMessage, 0, len(c.Events)), c.Events...)
		w.Events = &events
	}
	return w
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// marshal is json.Marshal without escaping <, > and &, as Mollie sends
// "&limit=" in its links as it is.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func jsonResponse(status int, v any) response {
	body, err := marshal(v)
	if err != nil {
		// Only a test's malformed json.RawMessage gets here.
		return mollieError(http.StatusInternalServerError, "molliefake: cannot encode response: "+err.Error())
	}
	return response{status: status, contentType: mediaHAL, body: body}
}

// mollieError is Mollie's error object for status; an empty detail gets
// the usual one for that status.
func mollieError(status int, detail string) response {
	title, usual := errorText(status)
	e := wireError{Status: status, Title: title, Detail: cmp.Or(detail, usual)}
	e.Links.Documentation = link{Href: "https://docs.mollie.com/overview/handling-errors", Type: mediaHTML}
	if status == http.StatusUnauthorized {
		e.Links.Documentation.Href = "https://docs.mollie.com/overview/authentication"
	}
	body, _ := marshal(e)
	return response{status: status, contentType: mediaHAL, body: body}
}

func withField(res response, field string) response {
	var e wireError
	json.Unmarshal(res.body, &e)
	e.Field = field
	res.body, _ = marshal(e)
	return res
}

func errorText(status int) (title, detail string) {
	switch status {
	case http.StatusUnauthorized:
		return "Unauthorized Request", "Missing authentication, or failed to authenticate"
	case http.StatusForbidden:
		return "Forbidden", "The provided token does not have the permissions needed for this request"
	case http.StatusNotFound:
		return "Not Found", "The requested resource does not exist."
	case http.StatusUnprocessableEntity:
		return "Unprocessable Entity", "The request could not be processed."
	case http.StatusTooManyRequests:
		return "Too Many Requests", "You have exceeded the rate limit. Please slow down your requests."
	case http.StatusInternalServerError:
		return "Internal Server Error", "An internal server error occurred while processing your request."
	case http.StatusServiceUnavailable:
		return "Service Unavailable", "The service is temporarily unavailable. Please try again later."
	}
	title = http.StatusText(status)
	if title == "" {
		title = "Error"
	}
	return title, title + "."
}

func htmlPage(status int) string {
	line := strconv.Itoa(status) + " " + http.StatusText(status)
	return "<html>\r\n<head><title>" + line + "</title></head>\r\n<body>\r\n<center><h1>" + line +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}

// NewEvent returns a customer event in the wire format:
// {"resource":"event","type":…,"createdAt":…,"message":…,"_links":{"url":…}},
// without _links when href is empty.
func NewEvent(typ int, createdAt, message, href string) json.RawMessage {
	ev := struct {
		Resource  string          `json:"resource"`
		Type      int             `json:"type"`
		CreatedAt string          `json:"createdAt"`
		Message   string          `json:"message"`
		Links     map[string]link `json:"_links,omitempty"`
	}{Resource: "event", Type: typ, CreatedAt: createdAt, Message: message}
	if href != "" {
		ev.Links = map[string]link{"url": {Href: href, Type: mediaHAL}}
	}
	b, _ := marshal(ev)
	return b
}

// AddGenerated adds n customers with eventsPerCustomer events each and
// returns their IDs. The same seed gives the same customers and events.
// Each customer's first event is 200 "Customer created"; the others use the
// invented type codes of internal/eventgen (Mollie documents none but 200),
// in time order, with createdAt in every form Mollie uses and, mostly, a
// _links.url.
func (s *Server) AddGenerated(n, eventsPerCustomer int, seed int64) []string {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6d6f6c6c6965)) // "mollie"
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]string, 0, n)
	for i := range n {
		s.mu.Lock()
		id := s.newIDLocked(r, "cst_")
		s.mu.Unlock()
		first := firstNames[r.IntN(len(firstNames))]
		last := lastNames[r.IntN(len(lastNames))]
		created := base.Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
		c := Customer{
			ID:        id,
			Name:      first[0] + " " + last[0],
			Email:     fmt.Sprintf("%s.%s%d@example.org", first[1], last[1], i),
			Locale:    locales[r.IntN(len(locales))],
			CreatedAt: created.Format(time.RFC3339),
			Events:    make([]json.RawMessage, 0, eventsPerCustomer),
		}
		if r.IntN(4) == 0 {
			c.Metadata = json.RawMessage(fmt.Sprintf(`{"crm_id":%d}`, 10000+r.IntN(90000)))
		}
		at := created
		for k := range eventsPerCustomer {
			kind := generatedKinds[0]
			if k > 0 {
				kind = generatedKinds[1+r.IntN(len(generatedKinds)-1)]
				at = at.Add(time.Duration(1+r.Int64N(3*24*3600)) * time.Second)
			}
			at = at.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
			href := ""
			if r.IntN(10) < 8 {
				href = "https://api.mollie.com/v2/" + kind.path(r, id)
			}
			c.Events = append(c.Events, NewEvent(kind.code, timeForms[r.IntN(len(timeForms))](at), kind.message, href))
		}
		s.AddCustomer(c)
		ids = append(ids, id)
	}
	return ids
}

// newIDLocked makes an ID no customer has yet; s.mu must be held.
func (s *Server) newIDLocked(r *rand.Rand, prefix string) string {
	for {
		id := newID(r, prefix)
		if _, taken := s.customers[id]; !taken && id != endOfList {
			return id
		}
	}
}

func newID(r *rand.Rand, prefix string) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte(prefix)
	for range 10 {
		b = append(b, alnum[r.IntN(len(alnum))])
	}
	return string(b)
}

type generatedKind struct {
	code    int
	message string
	about   string // path of the resource: customer, payment, mandate, subscription, refund, chargeback
}

func (k generatedKind) path(r *rand.Rand, customerID string) string {
	switch k.about {
	case "payment":
		return "payments/" + newID(r, "tr_")
	case "mandate":
		return "customers/" + customerID + "/mandates/" + newID(r, "mdt_")
	case "subscription":
		return "customers/" + customerID + "/subscriptions/" + newID(r, "sub_")
	case "refund":
		return "payments/" + newID(r, "tr_") + "/refunds/" + newID(r, "re_")
	case "chargeback":
		return "payments/" + newID(r, "tr_") + "/chargebacks/" + newID(r, "chb_")
	case "payment-link":
		return "payment-links/" + newID(r, "pl_")
	}
	return "customers/" + customerID
}

// generatedKinds[0] is always a customer's first event.
var generatedKinds = []generatedKind{
	{200, "Customer created", "customer"},
	{201, "Customer updated", "customer"},
	{210, "Mandate created for SEPA Direct Debit", "mandate"},
	{211, "Mandate revoked", "mandate"},
	{220, "Payment created", "payment"},
	{220, "Recurring payment created", "payment"},
	{221, "Payment paid with iDEAL", "payment"},
	{221, "Betaling ontvangen van Jürgen", "payment"},
	{222, "Payment failed: insufficient funds", "payment"},
	{223, "Payment expired", "payment"},
	{230, "Subscription created: €9.95 monthly", "subscription"},
	{232, "Subscription canceled", "subscription"},
	{240, "Refund created", "refund"},
	{241, "Refund processed: €25.00 returned", "refund"},
	{250, "Chargeback received", "chargeback"},
	{260, "Payment link created", "payment-link"},
}

// timeForms are the ways Mollie writes createdAt.
var timeForms = []func(time.Time) string{
	func(t time.Time) string { return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05.0Z07:00") },
	func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") },
	func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z07:00") },
	func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") },
	func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04:05-07:00") },
}

// amsterdam is a fixed +02:00, so output does not depend on the tz database.
var amsterdam = time.FixedZone("CEST", 2*3600)

var firstNames = [][2]string{
	{"Jane", "jane"}, {"Jürgen", "juergen"}, {"Sanne", "sanne"}, {"Daan", "daan"}, {"Émilie", "emilie"},
	{"Zoë", "zoe"}, {"Søren", "soren"}, {"Fatima", "fatima"}, {"Mehmet", "mehmet"}, {"Łukasz", "lukasz"},
	{"Chloé", "chloe"}, {"Noah", "noah"},
}

var lastNames = [][2]string{
	{"Doe", "doe"}, {"de Vries", "devries"}, {"Müller", "mueller"}, {"Dubois", "dubois"},
	{"García", "garcia"}, {"O'Brien", "obrien"}, {"Yılmaz", "yilmaz"}, {"van den Berg", "vandenberg"},
}

var locales = []string{"nl_NL", "nl_BE", "de_DE", "fr_FR", "en_US", "en_GB"}
