package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/query"
)

// Fetcher gets the API object at an API URL, as ResourceURL made it: the
// resource an event links to.
type Fetcher interface {
	Fetch(ctx context.Context, apiURL string) ([]byte, error)
}

// ErrNoStatuses says a query has a status: term where the statuses it
// needs, those of the resources events link to, are not fetched.
var ErrNoStatuses = errors.New("status: needs the resources events link to fetched: the statuses are theirs")

// CheckStatuses returns ErrNoStatuses when q has a status: term and the
// resources events link to are not fetched: the rule for every front end.
func CheckStatuses(q query.Query, fetched bool) error {
	if fetched || !q.LimitsStatuses() {
		return nil
	}
	return ErrNoStatuses
}

// ErrNotResource says a link is not a Mollie API resource, so nothing is
// fetched for it.
var ErrNotResource = errors.New("not a Mollie API resource")

// dashboardHost is where Mollie's dashboard links point.
const dashboardHost = "https://www.mollie.com:443"

// dashboardOrigin and dashboardPrefix are how a plain dashboard link
// starts, for resolving one without parsing it.
const (
	dashboardOrigin = "https://www.mollie.com"
	dashboardPrefix = dashboardOrigin + "/dashboard/"
)

var (
	objectID   = regexp.MustCompile(`^(tr|re|chb|mdt|sub|pl|cst)_[A-Za-z0-9]+$`)
	apiPathRes = regexp.MustCompile(`^/v2/[A-Za-z0-9_/-]+$`)
)

// ResourceURL maps an event's link to the API URL of what it points to. An
// href on the API (the scheme, host and port of base) under /v2/ is that URL
// itself. A dashboard link (https://www.mollie.com/dashboard/…/{kind}/{id})
// is mapped by the ID's prefix: tr_ to /v2/payments/{id}, pl_ to
// /v2/payment-links/{id}, cst_ to /v2/customers/{id}; re_ and chb_ under
// their payment's tr_ to its refunds and chargebacks; mdt_ and sub_ to the
// mandates and subscriptions of the customer the link names, or else of
// the event's source when that is a cst_ ID. Anything else is
// ErrNotResource: the key goes nowhere but the API.
func ResourceURL(href, eventSource, base string) (string, error) {
	return NewResolver(base).URL(href, eventSource)
}

// Resolver is ResourceURL for one API URL, parsed once: holding the
// entities of a million webhook events resolves two million links, and
// the table resolves the links of the rows it draws.
type Resolver struct {
	b       *url.URL
	apiBase string // b without a trailing slash
	fast    bool   // b has no path: an href under apiBase/v2/ may be its own API URL
	dash    bool   // b is not on the dashboard's origin: a plain dashboard link needs no parsing
	err     error
}

// NewResolver is the Resolver of the API at base.
func NewResolver(base string) Resolver {
	b, err := url.Parse(base)
	if err != nil || b.Host == "" {
		return Resolver{err: fmt.Errorf("the API URL %q is not a URL", base)}
	}
	return Resolver{b: b, apiBase: strings.TrimRight(b.String(), "/"), fast: b.Path == "" || b.Path == "/",
		dash: origin(b) != dashboardHost}
}

// plainAPIPath says whether p, what follows /v2/ in an href, is a path of
// the characters apiPathRes allows, without an empty segment: such an href
// on the API is its own API URL, no parsing needed.
func plainAPIPath(p string) bool {
	if p == "" || strings.Contains(p, "//") || p[0] == '/' {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '/' || c == '-') {
			return false
		}
	}
	return true
}

// URL is ResourceURL(href, eventSource, base) for the resolver's base.
func (r Resolver) URL(href, eventSource string) (string, error) {
	if r.err != nil {
		return "", r.err
	}
	if rest, ok := strings.CutPrefix(href, r.apiBase+"/v2/"); ok && r.fast && plainAPIPath(rest) {
		return href, nil
	}
	if rest, ok := strings.CutPrefix(href, dashboardPrefix); ok && r.fast && r.dash && plainAPIPath(rest) {
		return r.dashboard("/dashboard/"+rest, eventSource)
	}
	b := r.b
	u, err := url.Parse(href)
	if err != nil || u.User != nil || u.Host == "" || u.Opaque != "" || u.Fragment != "" || u.RawFragment != "" {
		return "", ErrNotResource
	}
	apiBase := r.apiBase
	switch origin(u) {
	case origin(b):
		if !apiPathRes.MatchString(u.EscapedPath()) || strings.Contains(u.Path, "//") {
			return "", ErrNotResource
		}
		return apiBase + u.EscapedPath() + withQuery(u), nil
	case dashboardHost:
		if u.Scheme != "https" || !strings.HasPrefix(u.Path, "/dashboard/") || u.RawQuery != "" {
			return "", ErrNotResource
		}
		return r.dashboard(u.Path, eventSource)
	}
	return "", ErrNotResource
}

// dashboard maps the path of a dashboard page (/dashboard/…/{kind}/{id})
// to the API URL of its object, by the ID's prefix (see ResourceURL).
func (r Resolver) dashboard(urlPath, eventSource string) (string, error) {
	parts := strings.Split(strings.Trim(urlPath, "/"), "/")
	id := parts[len(parts)-1]
	if !objectID.MatchString(id) {
		return "", ErrNotResource
	}
	// before finds the ID that the path names before the last, of prefix.
	before := func(prefix string) string {
		for i := len(parts) - 2; i >= 0; i-- {
			if strings.HasPrefix(parts[i], prefix) && objectID.MatchString(parts[i]) {
				return parts[i]
			}
		}
		return ""
	}
	customer := before("cst_")
	if customer == "" && objectID.MatchString(eventSource) && strings.HasPrefix(eventSource, "cst_") {
		customer = eventSource
	}
	var path string
	switch kind, _, _ := strings.Cut(id, "_"); kind {
	case "tr":
		path = "/v2/payments/" + id
	case "pl":
		path = "/v2/payment-links/" + id
	case "cst":
		path = "/v2/customers/" + id
	case "re", "chb":
		payment := before("tr_")
		if payment == "" {
			return "", ErrNotResource
		}
		path = "/v2/payments/" + payment + map[string]string{"re": "/refunds/", "chb": "/chargebacks/"}[kind] + id
	case "mdt", "sub":
		if customer == "" {
			return "", ErrNotResource
		}
		path = "/v2/customers/" + customer + map[string]string{"mdt": "/mandates/", "sub": "/subscriptions/"}[kind] + id
	}
	return r.apiBase + path, nil
}

// withQuery is u's query string with its ?, or "" when it has none.
func withQuery(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

// ResourceKind names what an API URL is, by its path: "payment", "refund",
// "chargeback", "mandate", "subscription", "payment link", "customer", or
// "resource".
func ResourceKind(apiURL string) string {
	u, err := url.Parse(apiURL)
	if err != nil {
		return "resource"
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 3 {
		return "resource"
	}
	switch parts[len(parts)-2] {
	case "payments":
		return "payment"
	case "refunds":
		return "refund"
	case "chargebacks":
		return "chargeback"
	case "mandates":
		return "mandate"
	case "subscriptions":
		return "subscription"
	case "payment-links":
		return "payment link"
	case "customers":
		return "customer"
	}
	return "resource"
}

// permission is the permission an organization token needs to read a kind
// of resource.
var permission = map[string]string{
	"payment": "payments.read", "refund": "refunds.read", "chargeback": "payments.read",
	"mandate": "mandates.read", "subscription": "subscriptions.read", "payment link": "payment-links.read",
	"customer": "customers.read",
}

// Fetch gets a resource from the API with the key, retrying as customer
// fetches do. apiURL must be on the API's origin (ResourceURL makes such
// URLs); no other is ever sent the key.
func (m *Mollie) Fetch(ctx context.Context, apiURL string) ([]byte, error) {
	kind := ResourceKind(apiURL)
	u, err := url.Parse(apiURL)
	b, berr := url.Parse(m.BaseURL)
	if err != nil || berr != nil || origin(u) != origin(b) || u.User != nil {
		return nil, fmt.Errorf("%s: not on %s; not sending your key there", kind, m.BaseURL)
	}
	if q := u.Query(); m.tokenParams(q) {
		u.RawQuery = q.Encode()
	}
	what := kind + " " + lastSegment(u.Path)
	body, err := m.get(ctx, u.String(), what)
	var ae *APIError
	if errors.As(err, &ae) {
		return nil, &ResourceError{APIError: ae, Kind: kind}
	}
	return body, err
}

func lastSegment(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// ResourceError is an error answer for a resource, said for what it means
// to the user: a permission the key lacks, a resource that is gone.
type ResourceError struct {
	*APIError
	Kind string // "payment"
}

func (e *ResourceError) Error() string {
	switch e.Status {
	case http.StatusUnauthorized:
		return fmt.Sprintf("the API key (%s) was rejected (HTTP 401); check %s", e.KeyPrefix, KeyEnv)
	case http.StatusForbidden:
		return fmt.Sprintf("the API key (%s) may not read this %s: it lacks %s (HTTP 403)", e.KeyPrefix, e.Kind, permission[e.Kind])
	case http.StatusNotFound:
		return "gone (404)"
	}
	return e.APIError.Error()
}

func (e *ResourceError) Unwrap() error { return e.APIError }

// FetchEach fetches every URL once, concurrency at a time, and hands each
// body, or the error, to each, one call at a time. The caller keeps what it
// needs of a body: --expand printing a status keeps no body at all, so 20
// resources of 60 MB do not all stay in memory.
func FetchEach(ctx context.Context, f Fetcher, urls []string, concurrency int, each func(url string, body []byte, err error)) {
	var mu sync.Mutex
	slots := make(chan struct{}, max(1, concurrency))
	var wg sync.WaitGroup
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			continue
		}
		seen[u] = true
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			mu.Lock()
			each(u, nil, ctx.Err())
			mu.Unlock()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			body, err := f.Fetch(ctx, u)
			mu.Lock()
			each(u, body, err)
			mu.Unlock()
			Discarded(len(body))
		}()
	}
	wg.Wait()
}

// Discarded is told that a body of n bytes just read is no longer needed
// (unless its reader kept it). A big one is collected at once: otherwise
// bodies of 60 MB pile up, read one after the other, to twice what is
// live before the collector runs.
func Discarded(n int) {
	if n > bigBody {
		runtime.GC()
	}
}

// FirstResourceURL is the API URL of the first of e's links that is a
// Mollie API resource, or "": the resource --expand shows for e.
func FirstResourceURL(e *model.Event, base string) string { return NewResolver(base).First(e) }

// First is FirstResourceURL for the resolver's base.
func (r Resolver) First(e *model.Event) string {
	for _, l := range e.Links {
		if u, err := r.URL(l.Href, string(e.Source)); err == nil {
			return u
		}
	}
	return ""
}
