package molliefake_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

type wirePage struct {
	Count    int                          `json:"count"`
	Embedded map[string][]json.RawMessage `json:"_embedded"`
	Links    struct {
		Self, Documentation *struct{ Href string }
		Next                *struct{ Href string }
	} `json:"_links"`
}

type wireObj struct {
	Resource, ID, CreatedAt, CustomerID, PaymentID string
	Links                                          map[string]*struct{ Href string } `json:"_links"`
	Embedded                                       map[string][]wireObj              `json:"_embedded"`
}

// readList pages through a list at limit, checking Mollie's shape, and
// returns its objects and how many pages it took.
func readList(t *testing.T, s *molliefake.Server, path, name string, limit int) ([]wireObj, int) {
	t.Helper()
	next := path + "?limit=" + itoa(limit)
	var objs []wireObj
	pages := 0
	for next != "" {
		if pages++; pages > 1000 {
			t.Fatal("more than 1000 pages")
		}
		res, body := get(t, s, next)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", next, res.StatusCode, body)
		}
		var p wirePage
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Count != len(p.Embedded[name]) || p.Count > limit || p.Links.Self == nil || p.Links.Documentation == nil {
			t.Fatalf("%s: page shape: %s", next, body[:min(len(body), 300)])
		}
		for _, raw := range p.Embedded[name] {
			var o wireObj
			json.Unmarshal(raw, &o)
			objs = append(objs, o)
		}
		next = ""
		if p.Links.Next != nil {
			next = p.Links.Next.Href
			if !strings.Contains(next, "from=") {
				t.Fatalf("next link without from: %s", next)
			}
		}
	}
	return objs, pages
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestHistoryAccountLists(t *testing.T) {
	s := molliefake.New(t)
	acct := s.AddHistory(molliefake.HistoryOptions{Customers: 30, Payments: 400, Seed: 7})
	payments, pages := readList(t, s, "/v2/payments", "payments", 250)
	if len(payments) != acct.Counts["payment"] || pages != 2 {
		t.Errorf("%d payments in %d pages, want %d in 2", len(payments), pages, acct.Counts["payment"])
	}
	if !slices.IsSortedFunc(payments, func(a, b wireObj) int { return strings.Compare(b.CreatedAt, a.CreatedAt) }) {
		t.Error("payments are not newest first")
	}
	for _, l := range [][2]string{{"/v2/refunds", "refunds"}, {"/v2/chargebacks", "chargebacks"}, {"/v2/subscriptions", "subscriptions"}} {
		objs, _ := readList(t, s, l[0], l[1], 50)
		if kind := strings.TrimSuffix(l[1], "s"); len(objs) != acct.Counts[kind] || len(objs) == 0 {
			t.Errorf("%s: %d, want %d (and some)", l[0], len(objs), acct.Counts[kind])
		}
	}
	// Per customer: its payments, and links only where it has some.
	sum, withMandates := 0, 0
	for _, id := range acct.Customers {
		_, body := get(t, s, "/v2/customers/"+id+"?include=events")
		var c wireObj
		json.Unmarshal(body, &c)
		if strings.Contains(string(body), `"events"`) {
			t.Fatalf("include=events is withdrawn, yet %s came with events", id)
		}
		ps, _ := readList(t, s, "/v2/customers/"+id+"/payments", "payments", 250)
		sum += len(ps)
		if (c.Links["payments"] != nil) != (len(ps) > 0) {
			t.Errorf("%s: _links.payments %v with %d payments", id, c.Links["payments"], len(ps))
		}
		if c.Links["mandates"] != nil {
			withMandates++
			if ms, _ := readList(t, s, "/v2/customers/"+id+"/mandates", "mandates", 250); len(ms) == 0 {
				t.Errorf("%s: _links.mandates but no mandates", id)
			}
		}
	}
	if sum != acct.Counts["payment"] || withMandates != acct.Counts["mandate"] {
		t.Errorf("customers' payments %d, want %d; customers with mandates %d, want %d", sum, acct.Counts["payment"], withMandates, acct.Counts["mandate"])
	}
	if acct.Failed == "" || acct.Counts["capture"] == 0 {
		t.Errorf("no failed card payment (%q) or no capture (%d)", acct.Failed, acct.Counts["capture"])
	}
}

// Get payment embeds the refunds, chargebacks and captures asked for, and
// only those; a payment's _links say which exist.
func TestPaymentEmbed(t *testing.T) {
	s := molliefake.New(t)
	acct := s.AddHistory(molliefake.HistoryOptions{Customers: 20, Payments: 600, Seed: 3})
	payments, _ := readList(t, s, "/v2/payments", "payments", 250)
	embedded := map[string]int{}
	for _, p := range payments {
		_, body := get(t, s, "/v2/payments/"+p.ID+"?embed=refunds,chargebacks,captures")
		var full wireObj
		json.Unmarshal(body, &full)
		for _, kind := range []string{"refunds", "chargebacks", "captures"} {
			n := len(full.Embedded[kind])
			embedded[kind] += n
			if (p.Links[kind] != nil) != (n > 0) {
				t.Errorf("%s: _links.%s %v, %d embedded", p.ID, kind, p.Links[kind], n)
			}
		}
		if _, plain := get(t, s, "/v2/payments/"+p.ID); strings.Contains(string(plain), "_embedded") {
			t.Fatalf("%s: embedded without embed=", p.ID)
		}
	}
	for kind, n := range embedded {
		if want := acct.Counts[strings.TrimSuffix(kind, "s")]; n != want {
			t.Errorf("%d %s embedded, want %d", n, kind, want)
		}
	}
}

// Throttle answers every Nth request with 429, with or without
// Retry-After; every request records how many were in flight.
func TestThrottle(t *testing.T) {
	for _, retryAfter := range []string{"", "1"} {
		s := molliefake.New(t)
		s.AddHistory(molliefake.HistoryOptions{Customers: 2, Payments: 10, Seed: 1})
		s.Throttle(3, 0, retryAfter)
		var statuses []int
		for range 6 {
			res, _ := get(t, s, "/v2/payments")
			statuses = append(statuses, res.StatusCode)
			if res.StatusCode == 429 && res.Header.Get("Retry-After") != retryAfter {
				t.Errorf("Retry-After %q, want %q", res.Header.Get("Retry-After"), retryAfter)
			}
		}
		if want := []int{200, 200, 429, 200, 200, 429}; !slices.Equal(statuses, want) {
			t.Errorf("statuses %v, want %v", statuses, want)
		}
		if s.Throttled() != 2 || s.Last().InFlight != 1 {
			t.Errorf("throttled %d, in flight %d", s.Throttled(), s.Last().InFlight)
		}
	}
}

func TestHistoryEndAndDeterminism(t *testing.T) {
	end := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a, b := molliefake.New(t), molliefake.New(t)
	o := molliefake.HistoryOptions{Customers: 5, Payments: 50, End: end, Seed: 9}
	if x, y := a.AddHistory(o), b.AddHistory(o); !slices.Equal(x.Customers, y.Customers) || x.Events != y.Events {
		t.Error("the same options made different accounts")
	}
	ps, _ := readList(t, a, "/v2/payments", "payments", 250)
	for _, p := range ps {
		if at, err := time.Parse(time.RFC3339, p.CreatedAt); err != nil || at.After(end) {
			t.Errorf("%s created %s, after the end %s", p.ID, p.CreatedAt, end)
		}
	}
}

// include=events is withdrawn unless WithIncludeEvents turns it back on.
func TestIncludeEventsWithdrawn(t *testing.T) {
	for _, tt := range []struct {
		opts []molliefake.Option
		want bool
	}{{nil, false}, {[]molliefake.Option{molliefake.WithIncludeEvents()}, true}} {
		s := molliefake.New(t, tt.opts...)
		id := s.AddCustomer(molliefake.Customer{Events: []json.RawMessage{molliefake.NewEvent(200, "2024-12-12T10:00:00Z", "Customer created", "")}})
		res, body := get(t, s, "/v2/customers/"+id+"?include=events")
		if got := strings.Contains(string(body), `"events"`); res.StatusCode != 200 || got != tt.want {
			t.Errorf("with %d options: status %d, events %v, want %v", len(tt.opts), res.StatusCode, got, tt.want)
		}
	}
}
