package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
)

// DefaultAPIURL is Mollie's API.
const DefaultAPIURL = "https://api.mollie.com"

// KeyEnv is the environment variable the API key is read from. There is no
// flag for the key: it would land in the shell's history.
const KeyEnv = "MOLLIE_API_KEY"

// Mollie loads customer events from the Mollie API: the events of the listed
// customers, or of every customer of the account.
type Mollie struct {
	BaseURL      string   // e.g. DefaultAPIURL; see CheckBaseURL
	Key          string   // live_…, test_… or access_…
	Customers    []string // customer IDs, fetched in this order
	AllCustomers bool     // page through GET /v2/customers and fetch each
	Concurrency  int      // customer fetches in flight at once; 0 means 4
	Testmode     bool     // add testmode=true (organization and OAuth tokens)
	Timeout      time.Duration
	UserAgent    string // "eventbrowser/<version>"

	// Client sends the requests; nil means a client of its own. TLS
	// verification is never turned off.
	Client *http.Client
	// Retry is the retry policy; the zero value means DefaultRetry.
	Retry Retry

	noteOnce sync.Once // the note about a missing "events" field, once per program
}

// Retry says how 429 and 5xx answers are retried: Tries attempts in all,
// waiting First, then twice as long each time up to Max, unless the server
// says how long in Retry-After (seconds or an HTTP date).
type Retry struct {
	Tries      int
	First, Max time.Duration
	// Sleep waits d or until ctx ends; nil means a timer. Tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultRetry is close to Mollie's SDKs: 0.5 s doubling, at most 5 s
// between tries, at most 5 tries.
var DefaultRetry = Retry{Tries: 5, First: 500 * time.Millisecond, Max: 5 * time.Second}

// MaxBodySize is the most read of one response: a customer's events, or a
// page of customers, are far less, and anything more is not held in memory.
const MaxBodySize = 64 << 20

// maxRetryAfter caps what a Retry-After header can make us wait.
const maxRetryAfter = time.Minute

var customerID = regexp.MustCompile(`^cst_[A-Za-z0-9]+$`)

// CheckCustomerID tells whether id looks like a Mollie customer ID, so a typo
// is caught before any request.
func CheckCustomerID(id string) error {
	if !customerID.MatchString(id) {
		return fmt.Errorf("%q is not a customer ID: Mollie customer IDs look like cst_8wmqcHMN4U", id)
	}
	return nil
}

// CheckKey tells whether key has the shape of a Mollie key or token, without
// ever repeating it.
func CheckKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("set %s to a Mollie API key (live_… or test_…) or an access token (access_…)", KeyEnv)
	case !strings.HasPrefix(key, "live_") && !strings.HasPrefix(key, "test_") && !strings.HasPrefix(key, "access_"):
		return fmt.Errorf("%s does not look like a Mollie key: it should start with live_, test_ or access_", KeyEnv)
	case strings.ContainsAny(key, " \t\r\n"):
		return fmt.Errorf("%s holds white space; set it to the key alone", KeyEnv)
	}
	return nil
}

// CheckBaseURL accepts https URLs, and plain http only for a loopback host
// (127.0.0.0/8, ::1, localhost), so the key never crosses a network in clear
// text.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL like https://api.mollie.com", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("refusing http://%s: the API key would cross the network in clear text; use https (plain http is allowed only for 127.0.0.1, ::1 and localhost)", u.Host)
	}
	return fmt.Errorf("%q: want an https:// URL", raw)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keyPrefix is all of a key that may ever be shown: "test_…".
func keyPrefix(key string) string {
	if i := strings.IndexByte(key, '_'); i > 0 && i < 8 {
		return key[:i+1] + "…"
	}
	return "…"
}

// Load fetches the customers' events, Concurrency at a time, sending each
// customer's events as they arrive. A customer that fails is reported in a
// Batch's Failures and the others go on; a rejected key (401, 403) or a
// failure to list customers stops the load with an error. A customer named
// twice, or named and listed, is fetched once.
func (m *Mollie) Load(ctx context.Context, send func(Batch)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	conc := max(1, min(m.concurrency(), 32))
	// slots bounds the requests in flight, list pages and customer fetches
	// alike, as --concurrency promises: the server never sees more.
	slots := make(chan struct{}, conc)
	acquire := func() bool {
		select {
		case slots <- struct{}{}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	release := func() { <-slots }

	seen := make(map[string]bool) // the producer's, once it runs
	var named []string
	for _, id := range m.Customers {
		if !seen[id] {
			seen[id] = true
			named = append(named, id)
		}
	}
	ids := make(chan string)
	results := make(chan customerResult)
	var listErr error
	var known atomic.Int64 // customers handed to the workers so far
	var listed atomic.Bool // the producer has no more to hand out
	known.Store(int64(len(named)))
	go func() { // the producer: named customers, then every listed one
		defer close(ids)
		defer listed.Store(true)
		for _, id := range named {
			select {
			case ids <- id:
			case <-ctx.Done():
				return
			}
		}
		if m.AllCustomers {
			listErr = m.listCustomers(ctx, acquire, release, func(id string) error {
				if seen[id] {
					return nil
				}
				seen[id] = true
				known.Add(1)
				select {
				case ids <- id:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}
	}()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				if !acquire() {
					continue // cancelled: the producer stops too
				}
				events, noEvents, err := m.fetchCustomer(ctx, id)
				release()
				select {
				case results <- customerResult{id, events, noEvents, err}:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Counting is done here, on Load's goroutine, which also calls send.
	var p, sent Progress
	var fatal error
	batches := 0
	for r := range results {
		if fatal != nil {
			continue // drain: workers stop once ctx is cancelled
		}
		switch {
		case r.err != nil && isKeyProblem(r.err):
			fatal = r.err
			cancel()
			continue
		case r.err != nil && ctx.Err() != nil:
			continue // cancelled, not failed
		}
		p.Done++
		p.Total = max(p.Done, int(known.Load()))
		p.Listing = m.AllCustomers && !listed.Load()
		b := Batch{Events: r.events}
		switch {
		case r.err != nil:
			p.Failed++
			b.Failures = []Failure{{Source: r.id, Err: r.err}}
		case r.noEvents:
			m.noteOnce.Do(func() {
				b.Notes = []string{fmt.Sprintf("customer %s came without an \"events\" field: Mollie returns a customer's events only with include=events, and only on accounts where that option is enabled", r.id)}
			})
		}
		p.Events += len(r.events)
		snapshot := p
		b.Progress = &snapshot
		sent = p
		send(b)
		batches++
	}
	switch {
	case fatal != nil:
		return fatal
	case listErr != nil && ctx.Err() == nil:
		return listErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The last customer can arrive while the list is still being read (an
	// empty last page): say that the count is final.
	p.Total, p.Listing = max(p.Done, int(known.Load())), false
	if p != sent || batches == 0 {
		send(Batch{Progress: &p})
	}
	return nil
}

type customerResult struct {
	id       string
	events   []model.Event
	noEvents bool
	err      error
}

func (m *Mollie) timeout() time.Duration {
	if m.Timeout <= 0 {
		return 30 * time.Second
	}
	return m.Timeout
}

func (m *Mollie) concurrency() int {
	if m.Concurrency <= 0 {
		return 4
	}
	return m.Concurrency
}

// fetchCustomer gets one customer with its events.
func (m *Mollie) fetchCustomer(ctx context.Context, id string) ([]model.Event, bool, error) {
	q := url.Values{"include": {"events"}}
	if m.Testmode {
		q.Set("testmode", "true")
	}
	u := strings.TrimRight(m.BaseURL, "/") + "/v2/customers/" + url.PathEscape(id) + "?" + q.Encode()
	body, err := m.get(ctx, u, "customer "+id)
	if err != nil {
		return nil, false, err
	}
	var probe struct {
		Events json.RawMessage `json:"events"`
	}
	if json.Unmarshal(body, &probe) == nil && (len(probe.Events) == 0 || string(probe.Events) == "null") {
		return nil, true, nil
	}
	dec, err := model.Decode("customer "+id+" response", body)
	if err != nil {
		return nil, false, err
	}
	for i := range dec.Events {
		if dec.Events[i].Source == "" || dec.Events[i].Source == "customer "+id+" response" {
			dec.Events[i].Source = id
		}
	}
	return dec.Events, false, nil
}

// listCustomers pages through GET /v2/customers, handing every ID to add.
// Each page's request takes one of the load's slots.
func (m *Mollie) listCustomers(ctx context.Context, acquire func() bool, release func(), add func(id string) error) error {
	q := url.Values{"limit": {"250"}}
	if m.Testmode {
		q.Set("testmode", "true")
	}
	next := strings.TrimRight(m.BaseURL, "/") + "/v2/customers?" + q.Encode()
	for page := 1; next != ""; page++ {
		if !acquire() {
			return ctx.Err()
		}
		body, err := m.get(ctx, next, fmt.Sprintf("the customer list (page %d)", page))
		release()
		if err != nil {
			return err
		}
		var resp struct {
			Embedded struct {
				Customers []struct {
					ID string `json:"id"`
				} `json:"customers"`
			} `json:"_embedded"`
			Links struct {
				Next *struct {
					Href string `json:"href"`
				} `json:"next"`
			} `json:"_links"`
		}
		if err := json.Unmarshal(body, &resp); err != nil {
			return fmt.Errorf("the customer list (page %d) is not the JSON Mollie sends: %v", page, err)
		}
		for _, c := range resp.Embedded.Customers {
			if err := add(c.ID); err != nil {
				return err
			}
		}
		if resp.Links.Next == nil || resp.Links.Next.Href == "" {
			break
		}
		if next, err = m.nextPage(next, resp.Links.Next.Href); err != nil {
			return err
		}
	}
	return nil
}

// nextPage resolves a list page's next link against the page's URL and
// refuses one to another scheme, host or port, which would get the key.
func (m *Mollie) nextPage(page, link string) (string, error) {
	base, _ := url.Parse(m.BaseURL)
	cur, _ := url.Parse(page)
	u, err := url.Parse(link)
	if err == nil {
		u = cur.ResolveReference(u)
	}
	if err != nil || origin(u) != origin(base) {
		return "", fmt.Errorf("the customer list links to %s for its next page, not to %s; not following it with your key", model.SanitizeLine(link), base.Host)
	}
	return u.String(), nil
}

// origin is a URL's scheme, host and port, in one comparable form.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// get sends a GET with the key, retrying 429 and 5xx answers and dropped
// connections, and returns the body of a 2xx answer. what names the thing
// fetched in errors ("customer cst_…").
func (m *Mollie) get(ctx context.Context, u, what string) ([]byte, error) {
	r := m.Retry
	if r.Tries == 0 {
		r = DefaultRetry
		r.Sleep = m.Retry.Sleep
	}
	if r.Sleep == nil {
		r.Sleep = sleep
	}
	wait := r.First
	for try := 1; ; try++ {
		body, retryAfter, err := m.getOnce(ctx, u, what)
		var re *retryable
		if !errors.As(err, &re) {
			return body, m.redact(err)
		}
		if try >= r.Tries {
			// err, not re.err: a cut-off body keeps its status and excerpt.
			return nil, m.redact(fmt.Errorf("%w (gave up after %d tries)", err, try))
		}
		d := wait
		if retryAfter > 0 {
			d = min(retryAfter, maxRetryAfter)
		}
		if err := r.Sleep(ctx, d); err != nil {
			return nil, err
		}
		wait = min(wait*2, r.Max)
	}
}

// retryable marks an error worth another try.
type retryable struct{ err error }

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// getOnce sends one request. A 429 or 5xx answer, or a dropped connection,
// comes back as a *retryable error with the server's Retry-After, if any.
func (m *Mollie) getOnce(ctx context.Context, u, what string) ([]byte, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, m.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %v", what, err)
	}
	req.Header.Set("Authorization", "Bearer "+m.Key)
	req.Header.Set("Accept", "application/hal+json")
	req.Header.Set("User-Agent", m.UserAgent)
	resp, err := m.client().Do(req)
	if err != nil {
		return nil, 0, m.transportError(ctx, req, what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodySize+1))
	if len(body) > MaxBodySize {
		// Not retried: the next answer would be as big.
		return nil, 0, fmt.Errorf("%s: HTTP %d from %s: the response is over %s, more than eventbrowser reads from one request", what, resp.StatusCode, req.URL.Host, model.FormatSize(MaxBodySize))
	}
	// A proxy's page or Mollie's detail may echo the request's headers;
	// excerpts of the body must not carry the key, nor half of it.
	body = m.scrub(body)
	if err != nil {
		terr := m.transportError(ctx, req, what, err)
		var re *retryable
		if !errors.As(terr, &re) {
			return nil, 0, terr // cancelled or timed out: that says it all
		}
		if resp.StatusCode/100 == 2 {
			return nil, 0, &retryable{fmt.Errorf("%s: HTTP %d from %s, but the body was cut off after %d bytes: %s", what, resp.StatusCode, req.URL.Host, len(body), excerpt(body))}
		}
		// An error answer cut short is still that error, retried or not
		// by its status.
	}
	if resp.StatusCode/100 == 2 {
		if !json.Valid(body) {
			return nil, 0, fmt.Errorf("%s: HTTP %d, but the body is not complete JSON (cut off?): %s", what, resp.StatusCode, excerpt(body))
		}
		return body, 0, nil
	}
	apiErr := &APIError{Status: resp.StatusCode, What: what, Host: req.URL.Host, KeyPrefix: keyPrefix(m.Key)}
	apiErr.parse(body)
	apiErr.Title, apiErr.Detail, apiErr.Field = m.scrubString(apiErr.Title), m.scrubString(apiErr.Detail), m.scrubString(apiErr.Field)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return nil, retryAfter(resp.Header.Get("Retry-After")), &retryable{apiErr}
	}
	return nil, 0, apiErr
}

// client is m.Client, or the default one, made to refuse a redirect to
// another scheme, host or port: Go's client would send the key along to
// another port or from https to http on the same host name.
func (m *Mollie) client() *http.Client {
	c := defaultClient
	if m.Client != nil {
		c = m.Client
	}
	own := *c
	own.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if origin(req.URL) != origin(via[0].URL) {
			return &redirectError{to: model.SanitizeLine(req.URL.Scheme + "://" + req.URL.Host)}
		}
		if c.CheckRedirect != nil {
			return c.CheckRedirect(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &own
}

// defaultClient keeps a connection per fetch in flight between requests:
// http.DefaultTransport keeps two per host, so at --concurrency 8 most
// requests would open, and TLS-handshake, a connection of their own. It
// keeps the default's proxy settings and TLS verification.
var defaultClient = &http.Client{Transport: newTransport()}

func newTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	t.MaxIdleConns = max(t.MaxIdleConns, 64)
	t.MaxIdleConnsPerHost = 32 // the most requests a load has in flight
	return t
}

// redirectError is a redirect refused, so the key does not go along.
type redirectError struct{ to string }

func (e *redirectError) Error() string { return "redirected to " + e.to }

// transportError says what went wrong below HTTP, naming the host.
func (m *Mollie) transportError(ctx context.Context, req *http.Request, what string, err error) error {
	host := req.URL.Host
	var redirect *redirectError
	switch {
	case errors.As(err, &redirect):
		return fmt.Errorf("%s: %s %v, another host; not following it with your key", what, host, redirect)
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return err
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("%s: %s did not answer within %s (--timeout)", what, host, m.timeout())
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%s: %s refused the connection: is the API URL right?", what, host)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		return &retryable{fmt.Errorf("%s: %s dropped the connection", what, host)}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return fmt.Errorf("%s: cannot find the host %s: %v", what, host, dnsErr.Err)
	}
	return fmt.Errorf("%s: %s: %v", what, host, err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// redact removes the key from an error, should any layer have put it there:
// only its prefix may ever be shown.
func (m *Mollie) redact(err error) error {
	if err == nil || m.Key == "" || !strings.Contains(err.Error(), m.Key) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), m.Key, keyPrefix(m.Key)))
}

// scrub replaces the key in a response body with its prefix.
func (m *Mollie) scrub(body []byte) []byte {
	if m.Key == "" || !bytes.Contains(body, []byte(m.Key)) {
		return body
	}
	return bytes.ReplaceAll(body, []byte(m.Key), []byte(keyPrefix(m.Key)))
}

func (m *Mollie) scrubString(s string) string {
	if m.Key == "" {
		return s
	}
	return strings.ReplaceAll(s, m.Key, keyPrefix(m.Key))
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// APIError is an error answer of the Mollie API.
type APIError struct {
	Status    int
	Title     string // Mollie's title, e.g. "Not Found"
	Detail    string // Mollie's detail
	Field     string // the field at fault, on 422
	What      string // what was fetched, "customer cst_…"
	Host      string
	KeyPrefix string // "test_…", never more of the key
	Body      string // an excerpt of a body that is not Mollie's JSON
}

func (e *APIError) parse(body []byte) {
	var v struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Field  string `json:"field"`
	}
	if err := json.Unmarshal(body, &v); err == nil && (v.Title != "" || v.Detail != "") {
		e.Title, e.Detail, e.Field = model.SanitizeLine(v.Title), model.SanitizeLine(v.Detail), model.SanitizeLine(v.Field)
		return
	}
	e.Body = excerpt(body)
}

func (e *APIError) Error() string {
	status := "HTTP " + strconv.Itoa(e.Status)
	switch {
	case e.Title != "":
		status += " " + e.Title
	default:
		status += " " + http.StatusText(e.Status)
	}
	if e.Detail != "" {
		status += ": " + e.Detail
	}
	if e.Field != "" {
		status += " (field " + e.Field + ")"
	}
	if e.Body != "" {
		status += " from " + e.Host + ", not Mollie's JSON: " + e.Body
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return fmt.Sprintf("%s: the API key (%s) was rejected (%s); check %s", e.What, e.KeyPrefix, status, KeyEnv)
	case e.Status == http.StatusForbidden:
		return fmt.Sprintf("%s: the API key (%s) lacks permission (%s); check %s, or use --testmode with an access token", e.What, e.KeyPrefix, status, KeyEnv)
	case e.Status == http.StatusNotFound && strings.HasPrefix(e.What, "customer "):
		return fmt.Sprintf("%s not found (%s)", e.What, status)
	case e.Status == http.StatusTooManyRequests:
		return fmt.Sprintf("%s: %s; try a lower --concurrency", e.What, status)
	case e.Status >= 500:
		return fmt.Sprintf("%s: %s; Mollie or a proxy had a problem, try again later", e.What, status)
	}
	return fmt.Sprintf("%s: %s", e.What, status)
}

// isKeyProblem tells errors that no other customer would escape: a rejected
// key or missing permission.
func isKeyProblem(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.Status == http.StatusUnauthorized || ae.Status == http.StatusForbidden)
}

// excerpt is a short, sanitized piece of an unexpected body.
func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(model.SanitizeLine(string(body[:min(len(body), 400)]))), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	if s == "" {
		return "(empty body)"
	}
	return strconv.Quote(s)
}
