package molliefake_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// get sends GET path (relative to the server, or absolute) with the
// server's key and returns the response and its whole body.
func get(t *testing.T, s *molliefake.Server, path string) (*http.Response, []byte) {
	t.Helper()
	res, body, err := fetch(s.Client(), s, path, "Bearer "+s.Key)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return res, body
}

func fetch(c *http.Client, s *molliefake.Server, path, auth string) (*http.Response, []byte, error) {
	if !strings.HasPrefix(path, "http") {
		path = s.URL + path
	}
	req, err := http.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, err
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Accept", "application/hal+json")
	req.Header.Set("User-Agent", "eventbrowser/test")
	res, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res, body, err
}

// mollieError is the error object, with the documentation link.
type mollieError struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Field  string `json:"field"`
	Links  struct {
		Documentation struct{ Href, Type string } `json:"documentation"`
	} `json:"_links"`
}

func decodeError(t *testing.T, res *http.Response, body []byte) mollieError {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/hal+json" {
		t.Errorf("Content-Type = %q, want application/hal+json", ct)
	}
	var e mollieError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	if e.Status != res.StatusCode {
		t.Errorf("body status %d, response status %d", e.Status, res.StatusCode)
	}
	if !strings.HasPrefix(e.Links.Documentation.Href, "https://docs.mollie.com/") || e.Links.Documentation.Type != "text/html" {
		t.Errorf("documentation link = %+v", e.Links.Documentation)
	}
	return e
}

func TestListensOnLoopbackOnly(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "http" {
		t.Errorf("scheme %q", u.Scheme)
	}
	for _, host := range []string{u.Hostname(), s.Addr().(*net.TCPAddr).IP.String()} {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			t.Errorf("listens on %q, not a loopback IP", host)
		}
	}
}

func TestAuthorization(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithKey("test_otherkey_0123456789abcdefghijkl"))
	s.AddCustomer(molliefake.Customer{ID: "cst_tKt44u85MM"})
	tests := []struct {
		name string
		auth string
		want int
	}{
		{"no header", "", 401},
		{"default key", "Bearer " + molliefake.DefaultKey, 401},
		{"no scheme", s.Key, 401},
		{"basic", "Basic " + s.Key, 401},
		{"key with a suffix", "Bearer " + s.Key + "x", 401},
		{"right key", "Bearer " + s.Key, 200},
		{"scheme in lower case", "bearer " + s.Key, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body, err := fetch(s.Client(), s, "/v2/customers/cst_tKt44u85MM", tt.auth)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d; body %s", res.StatusCode, tt.want, body)
			}
			if tt.want != 401 {
				return
			}
			want := `{"status":401,"title":"Unauthorized Request","detail":"Missing authentication, or failed to authenticate",` +
				`"_links":{"documentation":{"href":"https://docs.mollie.com/overview/authentication","type":"text/html"}}}`
			if string(body) != want {
				t.Errorf("body\n%s\nwant\n%s", body, want)
			}
			decodeError(t, res, body)
			if s.Last().Authorized {
				t.Error("request logged as authorized")
			}
		})
	}
}

func TestAuthorizationOnUnknownPath(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	res, _, err := fetch(s.Client(), s, "/v2/payments", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 401 {
		t.Errorf("status %d, want 401 before 404", res.StatusCode)
	}
}

// customer is the customer object as a client would decode it, with
// events kept raw so that "absent" and "empty" differ.
type customer struct {
	Resource  string          `json:"resource"`
	ID        string          `json:"id"`
	Mode      string          `json:"mode"`
	Name      *string         `json:"name"`
	Email     *string         `json:"email"`
	Locale    *string         `json:"locale"`
	Metadata  json.RawMessage `json:"metadata"`
	CreatedAt string          `json:"createdAt"`
	Links     struct {
		Self      struct{ Href, Type string } `json:"self"`
		Dashboard struct{ Href, Type string } `json:"dashboard"`
	} `json:"_links"`
	Events *[]event `json:"events"`
}

type event struct {
	Resource  string                                 `json:"resource"`
	Type      int                                    `json:"type"`
	CreatedAt string                                 `json:"createdAt"`
	Message   string                                 `json:"message"`
	Links     map[string]struct{ Href, Type string } `json:"_links"`
}

func decodeCustomer(t *testing.T, body []byte) (customer, map[string]json.RawMessage) {
	t.Helper()
	var c customer
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatalf("customer %s: %v", body, err)
	}
	if err := json.Unmarshal(body, &fields); err != nil {
		t.Fatal(err)
	}
	return c, fields
}

func TestCustomerWithEvents(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddCustomer(molliefake.Customer{
		ID: "cst_tKt44u85MM", Name: "Jane Doe", Email: "jane@example.org", Locale: "en_US",
		CreatedAt: "2022-01-03T13:42:04+00:00",
		Events: []json.RawMessage{
			molliefake.NewEvent(200, "2024-03-20T09:13:37.0Z", "Customer created", "https://api.mollie.com/v2/customers/cst_tKt44u85MM"),
			json.RawMessage(`{"resource":"event","type":999,"created_at":"2024-05-22T15:11:19+02:00","message":"snake","links":{}}`),
		},
	})
	res, body := get(t, s, "/v2/customers/cst_tKt44u85MM?include=events&testmode=true")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/hal+json" {
		t.Errorf("Content-Type %q", ct)
	}
	c, fields := decodeCustomer(t, body)
	if c.Resource != "customer" || c.ID != "cst_tKt44u85MM" || c.Mode != "test" || *c.Name != "Jane Doe" ||
		*c.Email != "jane@example.org" || *c.Locale != "en_US" || string(c.Metadata) != "null" ||
		c.CreatedAt != "2022-01-03T13:42:04+00:00" {
		t.Errorf("customer %s", body)
	}
	if c.Links.Self.Href != s.URL+"/v2/customers/cst_tKt44u85MM" || c.Links.Self.Type != "application/hal+json" ||
		!strings.HasSuffix(c.Links.Dashboard.Href, "/customers/cst_tKt44u85MM") || c.Links.Dashboard.Type != "text/html" {
		t.Errorf("links %+v", c.Links)
	}
	if c.Events == nil || len(*c.Events) != 2 {
		t.Fatalf("events %s", fields["events"])
	}
	ev := (*c.Events)[0]
	if ev.Resource != "event" || ev.Type != 200 || ev.CreatedAt != "2024-03-20T09:13:37.0Z" || ev.Message != "Customer created" ||
		ev.Links["url"].Href != "https://api.mollie.com/v2/customers/cst_tKt44u85MM" || ev.Links["url"].Type != "application/hal+json" {
		t.Errorf("event %+v", ev)
	}
	var raw []json.RawMessage
	json.Unmarshal(fields["events"], &raw)
	if !strings.Contains(string(raw[1]), `"created_at":"2024-05-22T15:11:19+02:00"`) {
		t.Errorf("raw event not passed through: %s", raw[1])
	}

	last := s.Last()
	if !last.Testmode || last.UserAgent != "eventbrowser/test" || last.Accept != "application/hal+json" ||
		last.Endpoint != molliefake.EndpointCustomer || last.Customer != "cst_tKt44u85MM" || last.Status != 200 || !last.Authorized {
		t.Errorf("logged %+v", last)
	}
	if get(t, s, "/v2/customers/cst_tKt44u85MM"); s.Last().Testmode {
		t.Error("testmode logged without testmode=true")
	}
}

func TestEventsFieldAbsent(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddCustomer(molliefake.Customer{ID: "cst_withevents", Events: []json.RawMessage{molliefake.NewEvent(200, "2024-12-12T10:00:00Z", "Customer created", "")}})
	s.AddCustomer(molliefake.Customer{ID: "cst_noeventsXX", Events: []json.RawMessage{molliefake.NewEvent(200, "2024-12-12T10:00:00Z", "Customer created", "")}, NoEvents: true})
	s.AddCustomer(molliefake.Customer{ID: "cst_zeroevents"})
	tests := []struct {
		path string
		want string // raw "events" field; "" for absent
	}{
		{"/v2/customers/cst_withevents?include=events", `[{"resource":"event","type":200,"createdAt":"2024-12-12T10:00:00Z","message":"Customer created"}]`},
		{"/v2/customers/cst_withevents?include=mandates,events", `[{"resource":"event","type":200,"createdAt":"2024-12-12T10:00:00Z","message":"Customer created"}]`},
		{"/v2/customers/cst_withevents", ""},
		{"/v2/customers/cst_withevents?include=mandates", ""},
		{"/v2/customers/cst_noeventsXX?include=events", ""},
		{"/v2/customers/cst_zeroevents?include=events", `[]`},
	}
	for _, tt := range tests {
		res, body := get(t, s, tt.path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", tt.path, res.StatusCode)
		}
		_, fields := decodeCustomer(t, body)
		got, ok := fields["events"]
		if ok != (tt.want != "") || string(got) != tt.want {
			t.Errorf("%s: events %s (present %v), want %q", tt.path, got, ok, tt.want)
		}
	}
}

func TestNotFound(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	tests := []struct{ path, detail string }{
		{"/v2/customers/cst_unknown123?include=events", "No customer exists with token cst_unknown123"},
		{"/v2/settlements", "The requested resource does not exist."},
		{"/v2/customers/cst_a/mandates", "The requested resource does not exist."},
		{"/", "The requested resource does not exist."},
	}
	for _, tt := range tests {
		res, body := get(t, s, tt.path)
		if res.StatusCode != 404 {
			t.Fatalf("%s: status %d", tt.path, res.StatusCode)
		}
		e := decodeError(t, res, body)
		if e.Title != "Not Found" || e.Detail != tt.detail || e.Links.Documentation.Href != "https://docs.mollie.com/overview/handling-errors" {
			t.Errorf("%s: %+v", tt.path, e)
		}
	}
	if got := s.RequestsFor("cst_unknown123"); got != 1 {
		t.Errorf("RequestsFor = %d", got)
	}
}

type listPage struct {
	Count    int `json:"count"`
	Embedded struct {
		Customers []map[string]json.RawMessage `json:"customers"`
	} `json:"_embedded"`
	Links struct {
		Self          *struct{ Href, Type string } `json:"self"`
		Previous      *struct{ Href, Type string } `json:"previous"`
		Next          *struct{ Href, Type string } `json:"next"`
		Documentation *struct{ Href, Type string } `json:"documentation"`
	} `json:"_links"`
}

// listAll follows next links from path and returns the IDs on each page.
func listAll(t *testing.T, s *molliefake.Server, path string) [][]string {
	t.Helper()
	var pages [][]string
	for path != "" {
		if len(pages) > 100 {
			t.Fatal("more than 100 pages")
		}
		res, body := get(t, s, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", path, res.StatusCode, body)
		}
		var p listPage
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Links.Self == nil || p.Links.Documentation == nil || p.Count != len(p.Embedded.Customers) {
			t.Errorf("page %s", body)
		}
		var ids []string
		for _, c := range p.Embedded.Customers {
			var id string
			json.Unmarshal(c["id"], &id)
			ids = append(ids, id)
			if _, ok := c["events"]; ok {
				t.Errorf("listed customer %s has events", id)
			}
		}
		pages = append(pages, ids)
		path = ""
		if p.Links.Next != nil {
			path = p.Links.Next.Href
			if !strings.HasPrefix(path, s.URL+"/v2/customers?") || p.Links.Next.Type != "application/hal+json" {
				t.Errorf("next %+v", p.Links.Next)
			}
		}
	}
	return pages
}

func TestPagination(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	ids := s.AddGenerated(5, 3, 1)
	pages := listAll(t, s, "/v2/customers?limit=2&testmode=true")
	want := [][]string{ids[0:2], ids[2:4], ids[4:5]}
	if !reflect.DeepEqual(pages, want) {
		t.Errorf("pages %v, want %v", pages, want)
	}
	if got := s.RequestsFor(molliefake.ListCustomers); got != 3 {
		t.Errorf("RequestsFor(ListCustomers) = %d", got)
	}
	for _, r := range s.Log() {
		if !r.Testmode {
			t.Errorf("next link lost testmode: %s?%s", r.Path, r.Query.Encode())
		}
	}
	if q := s.Last().Query; q.Get("from") != ids[4] || q.Get("limit") != "2" {
		t.Errorf("last page query %v", q)
	}

	// The second page links back to the first.
	_, body := get(t, s, "/v2/customers?limit=2&from="+ids[2])
	var p listPage
	json.Unmarshal(body, &p)
	if p.Links.Previous == nil || p.Links.Previous.Href != s.URL+"/v2/customers?from="+ids[0]+"&limit=2" {
		t.Errorf("previous %+v", p.Links.Previous)
	}
	if want := `"next":{"href":"` + s.URL + "/v2/customers?from=" + ids[4] + `&limit=2","type":"application/hal+json"}`; !strings.Contains(string(body), want) {
		t.Errorf("body %s\nlacks %s", body, want)
	}
	_, body = get(t, s, "/v2/customers?limit=2")
	json.Unmarshal(body, &p)
	if p.Links.Previous != nil {
		t.Errorf("first page has previous %+v", p.Links.Previous)
	}
}

func TestPaginationDefaultLimit(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddGenerated(molliefake.DefaultLimit+1, 0, 2)
	pages := listAll(t, s, "/v2/customers")
	if len(pages) != 2 || len(pages[0]) != molliefake.DefaultLimit || len(pages[1]) != 1 {
		t.Errorf("page sizes %d", len(pages))
	}
}

func TestEmptyLastPage(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithEmptyLastPage())
	ids := s.AddGenerated(4, 1, 3)
	pages := listAll(t, s, "/v2/customers?limit=2")
	want := [][]string{ids[0:2], ids[2:4], nil}
	if !reflect.DeepEqual(pages, want) {
		t.Errorf("pages %v, want %v", pages, want)
	}
	// With no customers at all there is one empty page.
	if pages := listAll(t, molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithEmptyLastPage()), "/v2/customers"); len(pages) != 1 || pages[0] != nil {
		t.Errorf("pages of nothing %v", pages)
	}
}

func TestListBadParameters(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddGenerated(1, 0, 4)
	for _, q := range []string{"limit=0", "limit=251", "limit=abc", "limit=-1", "from=cst_nobody0000"} {
		res, body := get(t, s, "/v2/customers?"+q)
		if res.StatusCode != 400 {
			t.Errorf("%s: status %d", q, res.StatusCode)
			continue
		}
		if e := decodeError(t, res, body); e.Title != "Bad Request" || e.Field == "" {
			t.Errorf("%s: %+v", q, e)
		}
	}
	if res, _ := get(t, s, "/v2/customers?limit=250"); res.StatusCode != 200 {
		t.Errorf("limit=250: status %d", res.StatusCode)
	}
}

func TestFaults(t *testing.T) {
	const id = "cst_8wmqcHMN4U"
	tests := []struct {
		name        string
		fault       molliefake.Fault
		status      int
		retryAfter  string
		contentType string
		body        string // a substring of the body
	}{
		{"429 with Retry-After", molliefake.Fault{Status: 429, RetryAfter: "2"}, 429, "2", "application/hal+json",
			`{"status":429,"title":"Too Many Requests","detail":"You have exceeded the rate limit. Please slow down your requests."`},
		{"429 with a date", molliefake.Fault{Status: 429, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"}, 429, "Wed, 21 Oct 2015 07:28:00 GMT", "application/hal+json", `"status":429`},
		{"429 without Retry-After", molliefake.Fault{Status: 429}, 429, "", "application/hal+json", `"title":"Too Many Requests"`},
		{"500", molliefake.Fault{Status: 500}, 500, "", "application/hal+json", `{"status":500,"title":"Internal Server Error"`},
		{"503", molliefake.Fault{Status: 503, RetryAfter: "1"}, 503, "1", "application/hal+json", `"title":"Service Unavailable"`},
		{"403", molliefake.Fault{Status: 403}, 403, "", "application/hal+json", `"title":"Forbidden"`},
		{"502 HTML", molliefake.Fault{HTML: true}, 502, "", "text/html; charset=utf-8", "<title>502 Bad Gateway</title>"},
		{"504 HTML", molliefake.Fault{HTML: true, Status: 504}, 504, "", "text/html; charset=utf-8", "<h1>504 Gateway Timeout</h1>"},
		{"raw body", molliefake.Fault{Status: 422, Body: `{"status":422,"title":"Unprocessable Entity","detail":"x","field":"limit"}`}, 422, "", "application/hal+json", `"field":"limit"`},
		{"plain text", molliefake.Fault{Status: 500, Body: "oops", ContentType: "text/plain"}, 500, "", "text/plain", "oops"},
		{"200 body", molliefake.Fault{Body: `{"resource":"cust`}, 200, "", "application/hal+json", `{"resource":"cust`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := molliefake.New(t, molliefake.WithIncludeEvents())
			s.AddCustomer(molliefake.Customer{ID: id})
			s.Fail(id, tt.fault)
			res, body := get(t, s, "/v2/customers/"+id+"?include=events")
			if res.StatusCode != tt.status || res.Header.Get("Retry-After") != tt.retryAfter ||
				res.Header.Get("Content-Type") != tt.contentType || !strings.Contains(string(body), tt.body) {
				t.Errorf("got %d Retry-After %q Content-Type %q body %s", res.StatusCode,
					res.Header.Get("Retry-After"), res.Header.Get("Content-Type"), body)
			}
			if got := s.Last(); got.Fault == nil || *got.Fault != tt.fault || got.Status != tt.status {
				t.Errorf("logged %+v", got)
			}
			// The fault is used up: the next request is answered normally.
			if res, body := get(t, s, "/v2/customers/"+id+"?include=events"); res.StatusCode != 200 {
				t.Errorf("after the fault: %d %s", res.StatusCode, body)
			}
			if s.FaultsLeft(id) != 0 || s.RequestsFor(id) != 2 {
				t.Errorf("FaultsLeft %d, RequestsFor %d", s.FaultsLeft(id), s.RequestsFor(id))
			}
		})
	}
}

func TestFaultsInOrderThenSuccess(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddCustomer(molliefake.Customer{ID: "cst_a000000000"})
	s.AddCustomer(molliefake.Customer{ID: "cst_b000000000"})
	s.Fail("cst_a000000000", molliefake.Fault{Status: 429}, molliefake.Fault{Status: 500})
	s.Fail(molliefake.ListCustomers, molliefake.Fault{Status: 503})

	var got []int
	for _, path := range []string{
		"/v2/customers/cst_b000000000", // another customer's faults do not apply
		"/v2/customers/cst_a000000000",
		"/v2/customers/cst_a000000000",
		"/v2/customers/cst_a000000000",
		"/v2/customers?limit=1",
		"/v2/customers?limit=1",
	} {
		res, _ := get(t, s, path)
		got = append(got, res.StatusCode)
	}
	if want := []int{200, 429, 500, 200, 503, 200}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	if s.RequestsFor("cst_a000000000") != 3 || s.RequestsFor(molliefake.ListCustomers) != 2 || s.Requests() != 6 {
		t.Errorf("counts %d %d %d", s.RequestsFor("cst_a000000000"), s.RequestsFor(molliefake.ListCustomers), s.Requests())
	}

	// A request with a wrong key gets its 401 and leaves the fault queued.
	s.Fail("cst_a000000000", molliefake.Fault{Status: 500})
	if res, _, _ := fetch(s.Client(), s, "/v2/customers/cst_a000000000", "Bearer wrong"); res.StatusCode != 401 {
		t.Errorf("wrong key: %d", res.StatusCode)
	}
	if s.FaultsLeft("cst_a000000000") != 1 {
		t.Error("a 401 used up the fault")
	}
}

func TestTruncatedBody(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	ids := s.AddGenerated(3, 20, 5)
	s.Fail(ids[0], molliefake.Fault{Truncate: true})
	s.Fail(molliefake.ListCustomers, molliefake.Fault{Truncate: true})
	for _, path := range []string{"/v2/customers/" + ids[0] + "?include=events", "/v2/customers"} {
		res, body, err := fetch(s.Client(), s, path, "Bearer "+s.Key)
		if err == nil {
			// Reading succeeded; then the JSON must not parse.
			var v any
			err = json.Unmarshal(body, &v)
		}
		if err == nil {
			t.Errorf("%s: no error from a truncated body (%d bytes)", path, len(body))
			continue
		}
		if res.StatusCode != 200 || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: status %d, error %v; want 200 and unexpected EOF", path, res.StatusCode, err)
		}
		if len(body) == 0 || res.ContentLength <= int64(len(body)) {
			t.Errorf("%s: got %d of %d bytes", path, len(body), res.ContentLength)
		}
		// The next request is whole.
		_, body = get(t, s, path)
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("%s after the fault: %v", path, err)
		}
	}
}

func TestDroppedConnection(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	s.Fail("cst_8wmqcHMN4U", molliefake.Fault{Drop: true})
	// A fresh client: its first request goes over a new connection.
	_, _, err := fetch(s.Client(), s, "/v2/customers/cst_8wmqcHMN4U", "Bearer "+s.Key)
	if err == nil {
		t.Fatal("no error from a dropped connection")
	}
	t.Logf("the client saw: %v", err) // the exact error is the transport's business
	if got := s.Last(); got.Status != 0 || got.Fault == nil || !got.Fault.Drop {
		t.Errorf("logged %+v", got)
	}
	if res, _ := get(t, s, "/v2/customers/cst_8wmqcHMN4U"); res.StatusCode != 200 {
		t.Errorf("after the drop: %d", res.StatusCode)
	}
}

// Go's Transport retries an idempotent request once, silently, when a
// keep-alive connection it reused is closed before any response: a Drop on
// a reused connection is then invisible to the client. This pins that
// behaviour down, as the fault's users must know it.
func TestDropOnReusedConnectionIsRetriedByTransport(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	c := s.Client()
	get := func() error {
		_, _, err := fetch(c, s, "/v2/customers/cst_8wmqcHMN4U", "Bearer "+s.Key)
		return err
	}
	if err := get(); err != nil {
		t.Fatal(err)
	}
	s.Fail("cst_8wmqcHMN4U", molliefake.Fault{Drop: true})
	if err := get(); err != nil {
		t.Logf("the transport did not retry: %v", err)
	} else if n := s.RequestsFor("cst_8wmqcHMN4U"); n != 3 {
		t.Errorf("requests %d, want 3 (first, dropped, retried)", n)
	}
	// Without keep-alives every Drop reaches the client.
	s.Fail("cst_8wmqcHMN4U", molliefake.Fault{Drop: true})
	nokeep := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if _, _, err := fetch(nokeep, s, "/v2/customers/cst_8wmqcHMN4U", "Bearer "+s.Key); err == nil {
		t.Error("no error from a dropped connection without keep-alives")
	}
}

func TestLatency(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithLatency(30*time.Millisecond))
	s.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	s.Fail("cst_8wmqcHMN4U", molliefake.Fault{Latency: 50 * time.Millisecond})
	for _, want := range []time.Duration{80 * time.Millisecond, 30 * time.Millisecond} {
		start := time.Now()
		res, _ := get(t, s, "/v2/customers/cst_8wmqcHMN4U")
		if d := time.Since(start); d < want || res.StatusCode != 200 {
			t.Errorf("answered %d after %v, want at least %v", res.StatusCode, d, want)
		}
	}
	s.SetLatency(0)
	start := time.Now()
	get(t, s, "/v2/customers/cst_8wmqcHMN4U")
	if d := time.Since(start); d > 25*time.Millisecond {
		t.Logf("answered after %v without latency", d) // a slow machine, not a failure
	}
}

func TestClientGivesUpDuringLatency(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithLatency(time.Minute))
	s.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/v2/customers/cst_8wmqcHMN4U", nil)
	req.Header.Set("Authorization", "Bearer "+s.Key)
	if _, err := s.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want deadline exceeded", err)
	}
	// The server notices and stops waiting, so Close does not take a minute.
	deadline := time.Now().Add(5 * time.Second)
	for s.InFlight() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := s.Last(); s.InFlight() != 0 || !got.Canceled || got.Status != 0 {
		t.Errorf("in flight %d, logged %+v", s.InFlight(), got)
	}
}

func TestMaxInFlight(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithLatency(200*time.Millisecond))
	ids := s.AddGenerated(16, 2, 6)
	run := func(limit int) {
		sem := make(chan struct{}, limit)
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				if res, body, err := fetch(s.Client(), s, "/v2/customers/"+id+"?include=events", "Bearer "+s.Key); err != nil || res.StatusCode != 200 {
					t.Errorf("%s: %v %s", id, err, body)
				}
			})
		}
		wg.Wait()
	}

	run(3)
	if got := s.MaxInFlight(); got != 3 {
		t.Errorf("MaxInFlight with 3 at a time = %d", got)
	}
	s.ResetStats()
	if s.MaxInFlight() != 0 || s.Requests() != 0 {
		t.Errorf("after ResetStats: %d, %d", s.MaxInFlight(), s.Requests())
	}
	run(len(ids))
	if got := s.MaxInFlight(); got != len(ids) {
		t.Errorf("MaxInFlight with all at once = %d, want %d", got, len(ids))
	}
	if s.InFlight() != 0 || s.Requests() != len(ids) {
		t.Errorf("InFlight %d, Requests %d", s.InFlight(), s.Requests())
	}
}

func TestRequestTimes(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	s.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	gaps := []time.Duration{0, 20 * time.Millisecond, 40 * time.Millisecond}
	for _, g := range gaps {
		time.Sleep(g)
		get(t, s, "/v2/customers/cst_8wmqcHMN4U")
	}
	times := s.RequestTimes("cst_8wmqcHMN4U")
	if len(times) != len(gaps) {
		t.Fatalf("%d times", len(times))
	}
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < gaps[i] {
			t.Errorf("gap %d = %v, want at least %v", i, d, gaps[i])
		}
	}
	if s.RequestTimes("cst_other00000") != nil {
		t.Error("times for a customer never asked for")
	}
}

func TestAddCustomerAndEvents(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents())
	id := s.AddCustomer(molliefake.Customer{Name: "Jane Doe"})
	if !regexp.MustCompile(`^cst_[A-Za-z0-9]{10}$`).MatchString(id) {
		t.Errorf("made-up ID %q", id)
	}
	s.AddCustomer(molliefake.Customer{ID: "cst_second0000"})
	s.AddEvents(id, molliefake.NewEvent(201, "2024-05-14T01:29:09.283Z", "Customer updated", ""))
	_, body := get(t, s, "/v2/customers/"+id+"?include=events")
	if c, _ := decodeCustomer(t, body); c.Events == nil || len(*c.Events) != 1 || *c.Name != "Jane Doe" {
		t.Errorf("customer %s", body)
	}
	// Replacing keeps the place in the list.
	s.AddCustomer(molliefake.Customer{ID: id, Name: "Jane Roe"})
	if got := s.CustomerIDs(); !reflect.DeepEqual(got, []string{id, "cst_second0000"}) {
		t.Errorf("IDs %v", got)
	}
	live := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithKey("live_abcdefghijklmnopqrstuvwxyz0123"))
	live.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	_, body = get(t, live, "/v2/customers/cst_8wmqcHMN4U")
	if c, _ := decodeCustomer(t, body); c.Mode != "live" {
		t.Errorf("mode with a live key: %q", c.Mode)
	}
}

func TestCloseDoesNotWaitOutLatency(t *testing.T) {
	s := molliefake.New(t, molliefake.WithIncludeEvents(), molliefake.WithLatency(time.Minute))
	s.AddCustomer(molliefake.Customer{ID: "cst_8wmqcHMN4U"})
	errc := make(chan error, 1)
	go func() {
		_, _, err := fetch(s.Client(), s, "/v2/customers/cst_8wmqcHMN4U", "Bearer "+s.Key)
		errc <- err
	}()
	for s.InFlight() == 0 {
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Close took %v", d)
	}
	if err := <-errc; err == nil {
		t.Error("the waiting request got an answer from a closed server")
	}
	s.Close() // again: no panic
}
