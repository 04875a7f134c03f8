package molliefake

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestLinkedResources fetches every resource AddLinked's events link to,
// with the key: each is served, shaped as Mollie documents it.
func TestLinkedResources(t *testing.T) {
	s := New(t, WithIncludeEvents())
	l := s.AddLinked()
	paths := map[string]string{
		"/v2/payments/" + l.Payment:                                        "payment",
		"/v2/payments/" + l.FailedPayment:                                  "payment",
		"/v2/payments/" + l.DirectDebit:                                    "payment",
		"/v2/payments/" + l.Payment + "/refunds/" + l.Refund:               "refund",
		"/v2/payments/" + l.Payment + "/chargebacks/" + l.Chargeback:       "chargeback",
		"/v2/customers/" + l.Customer + "/mandates/" + l.Mandate:           "mandate",
		"/v2/customers/" + l.Customer + "/subscriptions/" + l.Subscription: "subscription",
		"/v2/payment-links/" + l.PaymentLink:                               "payment-link",
		"/v2/customers/" + l.Customer:                                      "customer",
	}
	for path, kind := range paths {
		req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+s.Key)
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var obj struct {
			Resource, ID, Mode, CreatedAt string
			Links                         struct{ Self struct{ Href string } } `json:"_links"`
		}
		if resp.StatusCode != 200 || json.Unmarshal(body, &obj) != nil {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		if obj.Resource != kind || !strings.HasSuffix(path, "/"+obj.ID) || obj.Mode != "test" || obj.CreatedAt == "" || obj.Links.Self.Href != s.URL+path {
			t.Errorf("GET %s: %+v", path, obj)
		}
	}
	for _, r := range s.Log() {
		if r.Path == "/v2/customers/"+l.Customer && r.Endpoint != EndpointCustomer {
			t.Errorf("the customer was served as %+v", r)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/v2/payments/"+l.Payment, nil)
	resp, err := s.Client().Do(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the key: %v, %v", resp.Status, err)
	}
}
