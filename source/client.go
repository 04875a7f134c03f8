package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

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
	lim := m.lim.Load()
	for try := 1; ; try++ {
		body, retryAfter, err := m.getOnce(ctx, u, what)
		var re *retryable
		var ae *APIError
		switch {
		case lim == nil:
		case errors.As(err, &ae) && ae.Status == http.StatusTooManyRequests:
			lim.throttled()
		case err == nil:
			lim.succeeded()
		}
		if !errors.As(err, &re) {
			return body, m.redact(err)
		}
		if try >= r.Tries {
			// err, not re.err: a cut-off body keeps its status and excerpt.
			return nil, m.redact(fmt.Errorf("%w (gave up after %d tries)", err, try))
		}
		d := wait
		if r.Jitter > 0 {
			// Load's requests that met a 429 together do not all come
			// back together.
			d -= time.Duration(rand.Float64() * r.Jitter * float64(d))
		}
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
	body, err := readBody(ctx, resp)
	if len(body) > MaxBodySize {
		// Not retried: the next answer would be as big.
		return nil, 0, fmt.Errorf("%s: HTTP %d from %s: the response is over %s, more than eventbrowser reads from one request", what, resp.StatusCode, req.URL.Host, model.FormatSize(MaxBodySize))
	}
	// The body is data: it goes on as it came, and only the texts quoted
	// from it in errors are cleaned of the key (see scrubString).
	if err != nil {
		terr := m.transportError(ctx, req, what, err)
		var re *retryable
		if !errors.As(terr, &re) {
			return nil, 0, terr // cancelled or timed out: that says it all
		}
		if resp.StatusCode/100 == 2 {
			return nil, 0, &retryable{fmt.Errorf("%s: HTTP %d from %s, but the body was cut off after %d bytes: %s", what, resp.StatusCode, req.URL.Host, len(body), m.quote(m.scrubString(bodyExcerpt(body))))}
		}
		// An error answer cut short is still that error, retried or not
		// by its status.
	}
	if resp.StatusCode/100 == 2 {
		if !json.Valid(body) {
			return nil, 0, fmt.Errorf("%s: HTTP %d, but the body is not complete JSON (cut off?): %s", what, resp.StatusCode, m.quote(m.scrubString(bodyExcerpt(body))))
		}
		return body, 0, nil
	}
	// A proxy's page or Mollie's detail may echo the request's headers;
	// what an error quotes must not carry the key, nor half of it.
	body = m.scrub(body)
	apiErr := &APIError{Status: resp.StatusCode, What: what, Host: req.URL.Host, KeyPrefix: KeyPrefix(m.Key)}
	apiErr.parse(body)
	apiErr.Title, apiErr.Detail, apiErr.Field = m.scrubString(apiErr.Title), m.scrubString(apiErr.Detail), m.scrubString(apiErr.Field)
	apiErr.Body = m.scrubString(apiErr.Body)
	m.quoteAPIError(apiErr)
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
			return &redirectError{to: cells.SanitizeLine(req.URL.Scheme + "://" + req.URL.Host)}
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

// unreachableError is a failure to reach the API at all: refused, dropped,
// not found by name. Several in a row stop a load.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return e.err.Error() }
func (e *unreachableError) Unwrap() error { return e.err }

func isUnreachable(err error) bool {
	var u *unreachableError
	return errors.As(err, &u)
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
		return &TimeoutError{What: what, Host: host, After: m.timeout()}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &unreachableError{fmt.Errorf("%s: %s refused the connection: is the API URL right?", what, host)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		strings.Contains(err.Error(), serverClosedIdle):
		return &retryable{&unreachableError{fmt.Errorf("%s: %s dropped the connection", what, host)}}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &unreachableError{fmt.Errorf("%s: cannot find the host %s: %v", what, host, dnsErr.Err)}
	}
	return fmt.Errorf("%s: %s: %v", what, host, err)
}

// TimeoutError is a request the API did not answer within Mollie.Timeout.
type TimeoutError struct {
	What, Host string // what was fetched, "customer cst_…", and from where
	After      time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s: %s did not answer within %s", e.What, e.Host, e.After)
}

// serverClosedIdle is net/http's unexported error for a kept-alive
// connection the server closed as a request went out on it.
const serverClosedIdle = "http: server closed idle connection"

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// redact removes the key from an error, should any layer have put it there,
// and any piece of it: only its prefix may ever be shown. The error chain
// stays, so errors.As still finds an *APIError (whose texts are cleaned
// when it is made).
func (m *Mollie) redact(err error) error {
	if err == nil || m.Key == "" {
		return err
	}
	msg := m.scrubString(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// redactedError is an error whose text had to be cleaned of the key.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// scrub replaces the key in an error answer's body with its prefix, and
// masks any piece of it. Never for a 2xx body: data is not altered.
func (m *Mollie) scrub(body []byte) []byte {
	if m.Key == "" {
		return body
	}
	if bytes.Contains(body, []byte(m.Key)) {
		body = bytes.ReplaceAll(body, []byte(m.Key), []byte(KeyPrefix(m.Key)))
	}
	m.pieces().mask(body)
	return body
}

// scrubString is scrub for a text that is shown: one that still holds a
// piece of the key, spaced out, is withheld whole.
func (m *Mollie) scrubString(s string) string {
	if m.Key == "" {
		return s
	}
	return m.pieces().text(strings.ReplaceAll(s, m.Key, KeyPrefix(m.Key)))
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
		e.Title, e.Detail, e.Field = cells.SanitizeLine(v.Title), cells.SanitizeLine(v.Detail), cells.SanitizeLine(v.Field)
		return
	}
	e.Body = bodyExcerpt(body)
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
		return fmt.Sprintf("%s: the API key (%s) lacks permission (%s); check %s", e.What, e.KeyPrefix, status, KeyEnv)
	case e.Status == http.StatusNotFound && strings.HasPrefix(e.What, "customer "):
		return fmt.Sprintf("%s not found (%s)", e.What, status)
	case e.Status == http.StatusTooManyRequests:
		return fmt.Sprintf("%s: %s", e.What, status)
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

// bodyExcerpt is a short, sanitized piece of an unexpected body.
func bodyExcerpt(body []byte) string {
	s := strings.Join(strings.Fields(cells.SanitizeLine(string(body[:min(len(body), 400)]))), " ")
	s = clip(s, excerptLen)
	if s == "" {
		return "(empty body)"
	}
	return strconv.Quote(s)
}
