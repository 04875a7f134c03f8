package source

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

func TestResourceURL(t *testing.T) {
	const api = "https://api.mollie.com"
	const dash = "https://www.mollie.com/dashboard/org_13514547"
	tests := []struct {
		name, href, source, base, want string // want "" means ErrNotResource
	}{
		{"api payment", api + "/v2/payments/tr_7UhSN1zuXS", "", api, api + "/v2/payments/tr_7UhSN1zuXS"},
		{"api refund", api + "/v2/payments/tr_7UhSN1zuXS/refunds/re_4qqhO89gsT", "", api, api + "/v2/payments/tr_7UhSN1zuXS/refunds/re_4qqhO89gsT"},
		{"api with a query", api + "/v2/payments/tr_1?embed=refunds", "", api, api + "/v2/payments/tr_1?embed=refunds"},
		{"api host in capitals, explicit port", "https://API.mollie.com:443/v2/payments/tr_1", "", api, api + "/v2/payments/tr_1"},
		{"loopback api", "http://127.0.0.1:8080/v2/customers/cst_1", "", "http://127.0.0.1:8080", "http://127.0.0.1:8080/v2/customers/cst_1"},
		{"loopback api, another port", "http://127.0.0.1:9999/v2/customers/cst_1", "", "http://127.0.0.1:8080", ""},
		{"api over http", "http://api.mollie.com/v2/payments/tr_1", "", api, ""},
		{"api outside v2", api + "/v1/payments/tr_1", "", api, ""},
		{"api path climbing out", api + "/v2/../v1/payments/tr_1", "", api, ""},
		{"api root", api + "/v2/", "", api, ""},
		{"userinfo look-alike", "https://api.mollie.com@evil.example/v2/payments/tr_1", "", api, ""},
		{"userinfo on the api", "https://user:pw@api.mollie.com/v2/payments/tr_1", "", api, ""},
		{"suffix look-alike", "https://api.mollie.com.evil.example/v2/payments/tr_1", "", api, ""},
		{"prefix look-alike", "https://evilapi.mollie.com/v2/payments/tr_1", "", api, ""},
		{"dashboard payment", dash + "/payments/tr_7UhSN1zuXS", "", api, api + "/v2/payments/tr_7UhSN1zuXS"},
		{"dashboard payment link", dash + "/payment-links/pl_DkuqCUjm1w", "", api, api + "/v2/payment-links/pl_DkuqCUjm1w"},
		{"dashboard customer", dash + "/customers/cst_8wmqcHMN4U", "", api, api + "/v2/customers/cst_8wmqcHMN4U"},
		{"dashboard mandate, customer in the path", dash + "/customers/cst_A1/mandates/mdt_pWUnw6pkBN", "cst_B2", api, api + "/v2/customers/cst_A1/mandates/mdt_pWUnw6pkBN"},
		{"dashboard mandate, customer from the source", dash + "/mandates/mdt_pWUnw6pkBN", "cst_B2", api, api + "/v2/customers/cst_B2/mandates/mdt_pWUnw6pkBN"},
		{"dashboard subscription, source a file", dash + "/subscriptions/sub_rVKGtNd6s3", "events.json", api, ""},
		{"dashboard subscription, source the customer", dash + "/subscriptions/sub_rVKGtNd6s3", "cst_8wmqcHMN4U", api, api + "/v2/customers/cst_8wmqcHMN4U/subscriptions/sub_rVKGtNd6s3"},
		{"dashboard refund under its payment", dash + "/payments/tr_1/refunds/re_2", "", api, api + "/v2/payments/tr_1/refunds/re_2"},
		{"dashboard chargeback under its payment", dash + "/payments/tr_1/chargebacks/chb_2", "", api, api + "/v2/payments/tr_1/chargebacks/chb_2"},
		{"dashboard refund alone", dash + "/refunds/re_2", "", api, ""},
		{"dashboard unknown prefix", dash + "/orders/ord_1", "", api, ""},
		{"dashboard bad ID", dash + "/payments/tr_1%2F..", "", api, ""},
		{"dashboard over http", "http://www.mollie.com/dashboard/org_1/payments/tr_1", "", api, ""},
		{"dashboard look-alike host", "https://www.mollie.com.evil.example/dashboard/org_1/payments/tr_1", "", api, ""},
		{"dashboard userinfo", "https://www.mollie.com@evil.example/dashboard/org_1/payments/tr_1", "", api, ""},
		{"dashboard outside /dashboard", "https://www.mollie.com/payments/tr_1", "", api, ""},
		{"payment-links host", "https://payment-links.mollie.com/payment/DkuqCUjm1w", "", api, ""},
		{"docs", "https://docs.mollie.com/reference/get-payment", "", api, ""},
		{"javascript", "javascript:alert(1)", "", api, ""},
		{"not a URL", "::", "", api, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResourceURL(tt.href, tt.source, tt.base)
			switch {
			case tt.want == "" && !errors.Is(err, ErrNotResource):
				t.Errorf("ResourceURL(%q) = %q, %v; want ErrNotResource", tt.href, got, err)
			case tt.want != "" && (err != nil || got != tt.want):
				t.Errorf("ResourceURL(%q) = %q, %v; want %q", tt.href, got, err, tt.want)
			}
		})
	}
}

func TestResourceKind(t *testing.T) {
	for url, want := range map[string]string{
		"https://api.mollie.com/v2/payments/tr_1":                       "payment",
		"https://api.mollie.com/v2/payments/tr_1/refunds/re_1":          "refund",
		"https://api.mollie.com/v2/payments/tr_1/chargebacks/chb_1":     "chargeback",
		"https://api.mollie.com/v2/customers/cst_1/mandates/mdt_1":      "mandate",
		"https://api.mollie.com/v2/customers/cst_1/subscriptions/sub_1": "subscription",
		"https://api.mollie.com/v2/payment-links/pl_1":                  "payment link",
		"https://api.mollie.com/v2/customers/cst_1":                     "customer",
		"https://api.mollie.com/v2/orders/ord_1":                        "resource",
	} {
		if got := ResourceKind(url); got != want {
			t.Errorf("ResourceKind(%q) = %q, want %q", url, got, want)
		}
	}
}

func TestFetchResources(t *testing.T) {
	srv := newServer(t)
	l := srv.AddLinked()
	m := newMollie(srv)
	paths := []string{
		"/v2/payments/" + l.FailedPayment, "/v2/payments/" + l.Payment + "/refunds/" + l.Refund,
		"/v2/payments/" + l.Payment + "/chargebacks/" + l.Chargeback, "/v2/customers/" + l.Customer + "/mandates/" + l.Mandate,
		"/v2/customers/" + l.Customer + "/subscriptions/" + l.Subscription, "/v2/payment-links/" + l.PaymentLink,
		"/v2/customers/" + l.Customer,
	}
	for _, p := range paths {
		body, err := m.Fetch(context.Background(), srv.URL+p)
		if err != nil {
			t.Fatalf("Fetch(%s): %v", p, err)
		}
		r, err := model.ParseResource(body, nil)
		if err != nil || r.ID != p[strings.LastIndexByte(p, '/')+1:] || len(r.Fields) < 3 {
			t.Errorf("Fetch(%s) gave %+v (%v)", p, r, err)
		}
		if req := srv.Last(); !req.Authorized || req.UserAgent != "eventbrowser/test" {
			t.Errorf("Fetch(%s) sent no key or user agent: %+v", p, req)
		}
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name   string
		faults []molliefake.Fault
		want   string // in the error; "" means fetched
	}{
		{"401", []molliefake.Fault{{Status: 401}}, "the API key (test_…) was rejected (HTTP 401)"},
		{"403 names the permission", []molliefake.Fault{{Status: 403}}, "may not read this payment: it lacks payments.read (HTTP 403)"},
		{"404", []molliefake.Fault{{Status: 404}}, "gone (404)"},
		{"429 then fetched", []molliefake.Fault{{Status: 429}, {Status: 429}}, ""},
		{"503 then fetched", []molliefake.Fault{{Status: 503}}, ""},
		{"500 five times", []molliefake.Fault{{Status: 500}, {Status: 500}, {Status: 500}, {Status: 500}, {Status: 500}}, "HTTP 500"},
		{"a proxy's page", []molliefake.Fault{{Status: 404, HTML: true}}, "gone (404)"},
		{"cut off", []molliefake.Fault{{Body: `{"resource":"payment"`}}, "not complete JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			l := srv.AddLinked()
			path := "/v2/payments/" + l.FailedPayment
			srv.Fail(path, tt.faults...)
			body, err := newMollie(srv).Fetch(context.Background(), srv.URL+path)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Fetch: %v", err)
			case tt.want == "" && !strings.Contains(string(body), l.FailedPayment):
				t.Errorf("Fetch gave %s", body)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Fetch: %v; want an error saying %q", err, tt.want)
			}
			if err != nil {
				checkNoKey(t, srv.Key, []string{err.Error()})
				var ae *APIError
				if strings.HasPrefix(tt.name, "4") && !errors.As(err, &ae) {
					t.Errorf("errors.As(%v, *APIError) is false", err)
				}
			}
		})
	}
}

// TestFetchSendsTheKeyOnlyToTheAPI has events link to a second server on
// another loopback port: it must never be asked for anything, with the key
// or without, and a redirect from the API to it is refused.
func TestFetchSendsTheKeyOnlyToTheAPI(t *testing.T) {
	var asked atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the other server got the key: %s %s", r.Method, r.URL)
		}
		w.Write([]byte(`{"resource":"payment","id":"tr_evil","status":"paid"}`))
	}))
	defer other.Close()
	srv := newServer(t)
	l := srv.AddLinked()
	m := newMollie(srv)

	for _, href := range []string{
		other.URL + "/v2/payments/tr_evil",
		strings.Replace(other.URL, "http://", "http://"+strings.TrimPrefix(srv.URL, "http://")+"@", 1) + "/v2/payments/tr_evil",
	} {
		if u, err := ResourceURL(href, l.Customer, srv.URL); !errors.Is(err, ErrNotResource) {
			t.Errorf("ResourceURL(%q) = %q, %v; want it not fetched", href, u, err)
		}
		if _, err := m.Fetch(context.Background(), href); err == nil {
			t.Errorf("Fetch(%q) fetched from another host", href)
		}
	}
	path := "/v2/payments/" + l.Payment
	srv.Fail(path, molliefake.Fault{Status: http.StatusFound, Location: other.URL + path})
	_, err := m.Fetch(context.Background(), srv.URL+path)
	if err == nil || !strings.Contains(err.Error(), "not following it with your key") {
		t.Errorf("a redirect to another origin: %v; want it refused", err)
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("the other server was asked %d times", n)
	}
}

func TestFetchEachOncePerURL(t *testing.T) {
	srv := newServer(t)
	l := srv.AddLinked()
	srv.ResetStats()
	ok := srv.URL + "/v2/payments/" + l.Payment
	gone := srv.URL + "/v2/payments/tr_Gone123456"
	urls := []string{ok, gone, ok, ok, gone}
	bodies, errs := map[string][]byte{}, map[string]error{}
	FetchEach(context.Background(), newMollie(srv), urls, 2, func(u string, body []byte, err error) {
		if err != nil {
			errs[u] = err
		} else {
			bodies[u] = body
		}
	})
	if len(bodies) != 1 || bodies[ok] == nil || len(errs) != 1 || errs[gone] == nil {
		t.Fatalf("FetchEach: bodies %d, errors %v", len(bodies), errs)
	}
	if n := srv.Requests(); n != 2 {
		t.Errorf("%d requests for 2 distinct URLs", n)
	}
	if got := errs[gone].Error(); got != "gone (404)" {
		t.Errorf("error %q, want gone (404)", got)
	}
}

// FuzzResolverFastPath holds the resolver's fast path for plain API hrefs
// to the parsing one: the same URL, or the same error, for any href.
func FuzzResolverFastPath(f *testing.F) {
	for _, s := range []string{"https://api.mollie.com/v2/payments/tr_1", "https://api.mollie.com/v2//x", "https://api.mollie.com/v2/",
		"https://api.mollie.com/v2/a?b", "https://api.mollie.com/v2/a#b", "https://api.mollie.com/v2/%41", "https://api.mollie.com/v2/a/../b",
		"https://www.mollie.com/dashboard/org_1/payments/tr_1", "https://api.mollie.com:443/v2/x",
		"https://www.mollie.com/dashboard/org_1/payments/tr_1/refunds/re_2", "https://www.mollie.com/dashboard/customers/cst_1/mandates/mdt_1",
		"https://www.mollie.com/dashboard/org_1/subscriptions/sub_1", "https://www.mollie.com/dashboard//tr_1/", "https://www.mollie.com/dashboard/tr_1?x"} {
		f.Add(s, "https://api.mollie.com")
		f.Add(s, "http://127.0.0.1:8080/")
		f.Add(s, "https://www.mollie.com:443")
	}
	f.Fuzz(func(t *testing.T, href, base string) {
		fast := NewResolver(base)
		slow := fast
		slow.fast = false
		got, gotErr := fast.URL(href, "cst_1")
		want, wantErr := slow.URL(href, "cst_1")
		if got != want || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("URL(%q) on %q: %q, %v; the parsing way %q, %v", href, base, got, gotErr, want, wantErr)
		}
	})
}

// BenchmarkFirstResourceURL: an event's resource URL through a Resolver
// made once, against ResourceURL parsing the API URL for every link, for
// a webhook event's dashboard and entity links.
func BenchmarkFirstResourceURL(b *testing.B) {
	e := &model.Event{Source: "cst_1", Links: []model.Link{
		{Name: "dashboard", Href: "https://www.mollie.com/dashboard/org_1/payments/tr_59Ncw5q3I3"},
		{Name: "entity", Href: "https://api.mollie.com/v2/payments/tr_59Ncw5q3I3"}}}
	b.Run("ResourceURL", func(b *testing.B) {
		for range b.N {
			FirstResourceURL(e, DefaultAPIURL)
		}
	})
	r := NewResolver(DefaultAPIURL)
	b.Run("Resolver", func(b *testing.B) {
		for range b.N {
			r.First(e)
		}
	})
}
