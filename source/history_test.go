package source

import (
	"context"

	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// documented reads a resource as Mollie documents it (testdata/history),
// with fields set (a nil value deletes the field).
func documented(t testing.TB, kind string, set map[string]any) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "history", kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(set) == 0 {
		return raw
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		if v == nil {
			delete(obj, k)
		} else {
			obj[k] = v
		}
	}
	out, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantEvent is an event as a test expects it: "type at · message · link".
func eventLines(h *History) []string {
	var got []string
	for _, e := range h.Events {
		got = append(got, e.TypeName+" "+e.CreatedRaw+" · "+string(e.Line)+" · "+e.URL()+" · "+string(e.Source))
	}
	return got
}

const (
	payDash = "https://www.mollie.com/dashboard/org_12345678/payments/tr_7UhSN1zuXS"
	sepa    = `{"bankReasonCode":"AM04","bankReason":"Insufficient funds","consumerName":"J. Doe"}`
)

func TestHistoryFromResources(t *testing.T) {
	var sepaDetails map[string]any
	json.Unmarshal([]byte(sepa), &sepaDetails)
	tests := []struct {
		name string
		kind string
		set  map[string]any
		want []string
	}{
		{"payment open", "payment", nil, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"payment without method or description", "payment", map[string]any{"method": nil, "description": nil}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · €113.87 · " + payDash + " · cst_1"}},
		{"payment paid", "payment", map[string]any{"status": "paid", "paidAt": "2018-03-20T09:14:37.5+00:00"}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.paid 2018-03-20T09:14:37.5+00:00 · Payment paid · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"payment authorized then canceled", "payment", map[string]any{"status": "canceled",
			"authorizedAt": "2018-03-20T09:14:00Z", "canceledAt": "2018-03-21T10:00:00+02:00"}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.authorized 2018-03-20T09:14:00Z · Payment authorized · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.canceled 2018-03-21T10:00:00+02:00 · Payment canceled · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"payment expired", "payment", map[string]any{"status": "expired", "expiredAt": "2018-03-20T09:28:37+00:00"}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.expired 2018-03-20T09:28:37+00:00 · Payment expired · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"card payment failed", "payment", map[string]any{"status": "failed", "failedAt": "2018-03-20T09:15:00.283Z",
			"details": map[string]any{"failureReason": "insufficient_funds", "failureMessage": "Not enough money"}}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.failed 2018-03-20T09:15:00.283Z · Payment failed: insufficient funds · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"SEPA return", "payment", map[string]any{"status": "failed", "method": "directdebit", "failedAt": "2018-03-25T06:00:00Z",
			"details": sepaDetails}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · directdebit · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.failed 2018-03-25T06:00:00Z · Payment failed: AM04 Insufficient funds · directdebit · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"failed with a status reason only", "payment", map[string]any{"status": "failed", "failedAt": "2018-03-20T09:15:00Z",
			"statusReason": map[string]any{"code": "card_declined", "message": "The card was declined"}}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1",
			"payment.failed 2018-03-20T09:15:00Z · Payment failed: The card was declined · creditcard · €113.87 · Order #6887 · " + payDash + " · cst_1"}},
		{"payment without a dashboard link", "payment", map[string]any{"_links": map[string]any{}}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #6887 · https://api.example/v2/payments/tr_7UhSN1zuXS · cst_1"}},
		{"refund status with escapes", "refund", map[string]any{"status": "refunded", "description": "Tab\there\x1b]8;;x\x07"}, []string{
			"refund.refunded 2018-03-14T17:09:02.0Z · Refund created, now refunded · €5.95 · Tab here · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/refunds/re_4qqhO89gsT · cst_1"}},
		{"description with escapes", "payment", map[string]any{"description": "Order\x1b[31m #1\ttwo"}, []string{
			"payment.created 2018-03-20T09:13:37+00:00 · Payment created · creditcard · €113.87 · Order #1 two · " + payDash + " · cst_1"}},
		{"refund pending", "refund", nil, []string{
			"refund.pending 2018-03-14T17:09:02.0Z · Refund created, now pending · €5.95 · Order #33 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/refunds/re_4qqhO89gsT · cst_1"}},
		{"refund refunded", "refund", map[string]any{"status": "refunded", "description": nil}, []string{
			"refund.refunded 2018-03-14T17:09:02.0Z · Refund created, now refunded · €5.95 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/refunds/re_4qqhO89gsT · cst_1"}},
		{"refund failed", "refund", map[string]any{"status": "failed"}, []string{
			"refund.failed 2018-03-14T17:09:02.0Z · Refund created, now failed · €5.95 · Order #33 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/refunds/re_4qqhO89gsT · cst_1"}},
		{"chargeback received", "chargeback", nil, []string{
			"chargeback.received 2018-03-14T17:00:52.0Z · Chargeback received: AC01 Account identifier incorrect (i.e. invalid IBAN) · $43.38 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/chargebacks/chb_n9z0tp · cst_1"}},
		{"chargeback without reason, reversed", "chargeback", map[string]any{"reason": nil, "reversedAt": "2018-03-20T10:00:00+01:00"}, []string{
			"chargeback.received 2018-03-14T17:00:52.0Z · Chargeback received · $43.38 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/chargebacks/chb_n9z0tp · cst_1",
			"chargeback.reversed 2018-03-20T10:00:00+01:00 · Chargeback reversed · $43.38 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/chargebacks/chb_n9z0tp · cst_1"}},
		{"capture succeeded", "capture", nil, []string{
			"capture.succeeded 2018-08-02T09:29:56+00:00 · Capture created, now succeeded · €1027.99 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/captures/cpt_mNepDkEtco6ah3QNPUGYH · cst_1"}},
		{"capture pending", "capture", map[string]any{"status": "pending"}, []string{
			"capture.created 2018-08-02T09:29:56+00:00 · Capture created · €1027.99 · https://api.mollie.com/v2/payments/tr_WDqYK6vllg/captures/cpt_mNepDkEtco6ah3QNPUGYH · cst_1"}},
		{"mandate", "mandate", nil, []string{
			"mandate.created 2018-05-07T10:49:08+00:00 · Mandate created, now valid · directdebit · https://api.mollie.com/v2/customers/cst_4qqhO89gsT/mandates/mdt_h3gAaD5zP · cst_1"}},
		{"subscription active", "subscription", nil, []string{
			"subscription.created 2016-06-01T12:23:34+00:00 · Subscription created · €25.00 every 3 months · Quarterly payment · https://api.mollie.com/v2/customers/cst_stTC2WHAuS/subscriptions/sub_rVKGtNd6s3 · cst_1"}},
		{"subscription canceled", "subscription", map[string]any{"status": "canceled", "canceledAt": "2016-07-01T00:00:00Z"}, []string{
			"subscription.created 2016-06-01T12:23:34+00:00 · Subscription created · €25.00 every 3 months · Quarterly payment · https://api.mollie.com/v2/customers/cst_stTC2WHAuS/subscriptions/sub_rVKGtNd6s3 · cst_1",
			"subscription.canceled 2016-07-01T00:00:00Z · Subscription canceled · €25.00 every 3 months · Quarterly payment · https://api.mollie.com/v2/customers/cst_stTC2WHAuS/subscriptions/sub_rVKGtNd6s3 · cst_1"}},
		{"customer", "customer", nil, []string{
			"customer.created 2018-04-06T13:23:21.0Z · Customer created · https://www.mollie.com/dashboard/org_123456789/customers/cst_kEn1PlbGa · cst_1"}},
		{"payment link", "payment-link", nil, []string{
			"payment-link.created 2021-03-20T09:13:37+00:00 · Payment link created · €24.95 · Bicycle tires · https://api.mollie.com/v2/payment-links/pl_4Y0eZitmBnQ6IDoMqZQKh · cst_1"}},
		{"payment link paid", "payment-link", map[string]any{"paidAt": "2021-03-21T09:13:37+00:00"}, []string{
			"payment-link.created 2021-03-20T09:13:37+00:00 · Payment link created · €24.95 · Bicycle tires · https://api.mollie.com/v2/payment-links/pl_4Y0eZitmBnQ6IDoMqZQKh · cst_1",
			"payment-link.paid 2021-03-21T09:13:37+00:00 · Payment link paid · €24.95 · Bicycle tires · https://api.mollie.com/v2/payment-links/pl_4Y0eZitmBnQ6IDoMqZQKh · cst_1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &History{BaseURL: "https://api.example"}
			n := h.Add("cst_1", documented(t, tt.kind, tt.set))
			if got := eventLines(h); !slices.Equal(got, tt.want) || n != len(tt.want) {
				t.Errorf("got %d events:\n%s\nwant:\n%s", n, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, e := range h.Events {
				if e.Line != cells.SafeLine(e.Message) || e.Resource != "event" {
					t.Errorf("%s: line %q, resource %q; want what Finish makes", e.TypeName, e.Line, e.Resource)
				}
				if len(e.Links) != 1 {
					t.Errorf("%s: links %v, want one: the dashboard page, else the API object", e.TypeName, e.Links)
				}
			}
			if w := h.Warnings(); len(w) > 0 {
				t.Errorf("warnings: %q", w)
			}
		})
	}
}

// Bad input costs at most the one event it spoils, and one warning per
// kind and problem however often it comes, never the rest.
func TestHistoryBadInput(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		set    map[string]any
		events []string // types of the events still made
		warn   string   // what the one warning says
	}{
		{"no createdAt", "payment", map[string]any{"createdAt": nil, "paidAt": "2018-03-20T09:14:37Z"}, []string{"payment.paid"}, "has no createdAt"},
		{"createdAt null", "refund", map[string]any{"createdAt": nil}, nil, "has no createdAt"},
		{"malformed paidAt", "payment", map[string]any{"paidAt": "20/03/2018 09:14"}, []string{"payment.created"}, "not RFC 3339"},
		{"createdAt a date", "mandate", map[string]any{"createdAt": "2018-05-07"}, nil, "not RFC 3339"},
		{"createdAt a number", "customer", map[string]any{"createdAt": 1521537217}, nil, "field createdAt is not of the kind"},
		{"paidAt a number", "payment", map[string]any{"paidAt": 1521537217}, []string{"payment.created"}, "field paidAt is not of the kind"},
		{"status an object", "refund", map[string]any{"status": map[string]any{}}, []string{"refund.created"}, "field status is not of the kind"},
		{"no resource field", "payment", map[string]any{"resource": nil}, nil, `unknown kind ("")`},
		{"unknown status", "payment", map[string]any{"status": "reticulating"}, []string{"payment.created"}, "status eventbrowser does not know"},
		{"unknown refund status", "refund", map[string]any{"status": "teleported"}, []string{"refund.created"}, "status eventbrowser does not know"},
		{"unknown kind", "payment", map[string]any{"resource": "settlement"}, nil, `unknown kind ("settlement")`},
		{"amount a float", "payment", map[string]any{"amount": map[string]any{"currency": "EUR", "value": 10.5}}, []string{"payment.created"}, "field amount.value is not of the kind"},
		{"amount not decimal", "payment", map[string]any{"amount": map[string]any{"currency": "EUR", "value": "10,50"}}, []string{"payment.created"}, "not a decimal string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &History{BaseURL: "https://api.example"}
			raw := documented(t, tt.kind, tt.set)
			h.Add("cst_1", raw)
			h.Add("cst_1", raw) // the same problem again: no second warning
			h.Add("cst_1", documented(t, "subscription", nil))
			var types []string
			for _, e := range h.Events {
				types = append(types, e.TypeName)
			}
			want := append(append(append([]string{}, tt.events...), tt.events...), "subscription.created")
			if !slices.Equal(types, want) {
				t.Errorf("events %q, want %q", types, want)
			}
			if w := h.Warnings(); len(w) != 1 || !strings.Contains(w[0], tt.warn) {
				t.Errorf("warnings %q, want one saying %q", w, tt.warn)
			}
		})
	}
}

// A payment fetched with embed=refunds,chargebacks,captures brings its
// objects' events, and every resource is held by the API URL the event's
// link resolves to, so nothing is fetched again.
func TestHistoryEmbedAndHeld(t *testing.T) {
	var pay map[string]any
	json.Unmarshal(documented(t, "payment", map[string]any{"status": "paid", "paidAt": "2018-03-20T09:14:00Z"}), &pay)
	emb := map[string]any{}
	for kind, file := range map[string]string{"refunds": "refund", "chargebacks": "chargeback", "captures": "capture"} {
		var obj any
		json.Unmarshal(documented(t, file, nil), &obj)
		emb[kind] = []any{obj}
	}
	pay["_embedded"] = emb
	raw, _ := json.Marshal(pay)

	api := &countingFetcher{}
	h := &History{BaseURL: "https://api.mollie.com", Held: NewHeld(api)}
	h.AddItem("cst_1", raw)
	if items, err := h.AddEmbedded("cst_1", raw); len(items) != 3 || err != nil || len(h.Events) != 5 {
		t.Fatalf("%d items (%v), %d events from a paid payment with a refund, a chargeback and a capture, want 3 and 5: %q", len(items), err, len(h.Events), eventLines(h))
	}
	if h.Held.Len() != 4 {
		t.Errorf("%d resources held, want 4", h.Held.Len())
	}
	for _, e := range h.Events {
		u := FirstResourceURL(&e, h.BaseURL)
		body, err := h.Held.Fetch(t.Context(), u)
		if err != nil || len(body) == 0 {
			t.Errorf("%s: %s not held: %v", e.TypeName, u, err)
		}
	}
	if api.n != 0 {
		t.Errorf("the API was asked %d times for what the history read", api.n)
	}
	if _, err := h.Held.Fetch(t.Context(), "https://api.mollie.com/v2/payments/tr_other"); err != nil || api.n != 1 {
		t.Errorf("a resource not held should be asked of the API: err %v, %d requests", err, api.n)
	}
}

type countingFetcher struct{ n int }

func (c *countingFetcher) Fetch(_ context.Context, u string) ([]byte, error) {
	c.n++
	return []byte(`{}`), nil
}

func TestHistoryNotAnObject(t *testing.T) {
	h := &History{}
	for _, raw := range []string{`[1,2]`, `"tr_1"`, `{"resource":`} {
		if n := h.Add("cst_1", []byte(raw)); n != 0 {
			t.Errorf("%s: %d events", raw, n)
		}
	}
	if w := h.Warnings(); len(w) != 1 || !strings.Contains(w[0], "not a JSON object") || !strings.Contains(w[0], "and 2 more") {
		t.Errorf("warnings %q", w)
	}
}

// A list page gives its resources' events, what the load needs to know of
// each, and its next link; a page cut short anywhere is an error, never a
// panic.
func TestHistoryAddPage(t *testing.T) {
	paid := documented(t, "payment", map[string]any{"status": "paid", "paidAt": "2018-03-20T09:14:00Z",
		"amountRefunded": map[string]any{"currency": "EUR", "value": "5.00"}})
	open := documented(t, "payment", map[string]any{"id": "tr_Other1", "_links": map[string]any{
		"captures": map[string]any{"href": "https://api.mollie.com/v2/payments/tr_Other1/captures"}}})
	plain := documented(t, "payment", map[string]any{"id": "tr_Plain1", "amountRefunded": map[string]any{"currency": "EUR", "value": "0.00"}})
	page := []byte(`{"count":3,"_embedded":{"payments":[` + string(paid) + `,` + string(open) + `,` + string(plain) +
		`]},"_links":{"self":{"href":"x"},"previous":null,"next":{"href":"https://api.mollie.com/v2/payments?from=tr_Next1&limit=3","type":"application/hal+json"}}}`)
	h := &History{BaseURL: DefaultAPIURL}
	p, err := h.AddPage(page, func(it *Item) string { return it.CustomerID })
	if err != nil {
		t.Fatal(err)
	}
	if p.Next != "https://api.mollie.com/v2/payments?from=tr_Next1&limit=3" {
		t.Errorf("next %q", p.Next)
	}
	var got []string
	for _, it := range p.Items {
		got = append(got, fmt.Sprintf("%s %s related=%v captures=%v %s %d", it.Kind, it.ID, it.Related, it.Captures, it.Created.UTC().Format(time.RFC3339), len(it.Raw)))
	}
	want := []string{
		fmt.Sprintf("payment tr_7UhSN1zuXS related=true captures=false 2018-03-20T09:13:37Z %d", len(paid)),
		fmt.Sprintf("payment tr_Other1 related=true captures=true 2018-03-20T09:13:37Z %d", len(open)),
		fmt.Sprintf("payment tr_Plain1 related=false captures=false 2018-03-20T09:13:37Z %d", len(plain)),
	}
	if !slices.Equal(got, want) {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(h.Events) != 4 || h.Events[0].Source != "cst_8wmqcHMN4U" {
		t.Errorf("events: %q", eventLines(h))
	}
	for i := range len(page) - 1 {
		h := &History{}
		if _, err := h.AddPage(page[:i], func(*Item) string { return "" }); err == nil {
			t.Fatalf("a page cut at byte %d read without an error", i)
		}
	}
}

// A payment of a mandate or subscription links to them as well, so that
// their story (entity:mdt_…, entity:sub_…) holds the payment.
func TestHistoryPaymentParents(t *testing.T) {
	const api = "https://api.example/v2/customers/"
	tests := []struct {
		name string
		set  map[string]any
		want []string // the links after the dashboard page
	}{
		{"one-off", nil, nil},
		{"mandate", map[string]any{"mandateId": "mdt_h3gAaD5zP", "customerId": "cst_8wmqcHMN4U"},
			[]string{"mandate " + api + "cst_8wmqcHMN4U/mandates/mdt_h3gAaD5zP"}},
		{"subscription, customer from the load", map[string]any{"mandateId": "mdt_h3gAaD5zP", "subscriptionId": "sub_rVKGtNd6s3", "customerId": nil},
			[]string{"mandate " + api + "cst_1/mandates/mdt_h3gAaD5zP", "subscription " + api + "cst_1/subscriptions/sub_rVKGtNd6s3"}},
		{"links as the payment gives them", map[string]any{"subscriptionId": "sub_rVKGtNd6s3", "_links": map[string]any{
			"dashboard":    map[string]any{"href": payDash, "type": "text/html"},
			"subscription": map[string]any{"href": "https://api.mollie.com/v2/customers/cst_2/subscriptions/sub_rVKGtNd6s3"}}},
			[]string{"subscription https://api.mollie.com/v2/customers/cst_2/subscriptions/sub_rVKGtNd6s3"}},
		{"an ID that is not one", map[string]any{"mandateId": "../../x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &History{BaseURL: "https://api.example"}
			h.Add("cst_1", documented(t, "payment", tt.set))
			for _, e := range h.Events {
				var got []string
				for _, l := range e.Links[1:] {
					got = append(got, l.Name+" "+l.Href)
				}
				if e.Links[0].Href != payDash || !slices.Equal(got, tt.want) {
					t.Errorf("%s: links %v, want the dashboard page, then %q", e.TypeName, e.Links, tt.want)
				}
			}
		})
	}
}
