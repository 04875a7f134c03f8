package molliefake

import (
	"encoding/json"
	"maps"
	"strings"
)

// AddResource serves obj at path (/v2/payments/tr_…) to GET with the key;
// faults for it are queued with Fail(path, …).
func (s *Server) AddResource(path string, obj json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resources[path] = obj
}

// AddObject serves an object of the kind its path names, shaped as Mollie
// documents it: resource, id, mode, createdAt and _links (self, dashboard,
// documentation), plus fields, which may override any of them. It returns
// the object.
func (s *Server) AddObject(path string, fields map[string]any) json.RawMessage {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	id := parts[len(parts)-1]
	kind := map[string]string{
		"payments": "payment", "refunds": "refund", "chargebacks": "chargeback", "mandates": "mandate",
		"subscriptions": "subscription", "payment-links": "payment-link", "customers": "customer",
	}[parts[len(parts)-2]]
	mode := "test"
	if strings.HasPrefix(s.Key, "live_") {
		mode = "live"
	}
	obj := map[string]any{
		"resource":  kind,
		"id":        id,
		"mode":      mode,
		"createdAt": "2024-06-01T08:00:00+00:00",
		"_links": map[string]link{
			"self":          {Href: s.URL + path, Type: mediaHAL},
			"dashboard":     {Href: "https://www.mollie.com/dashboard/org_13514547/" + strings.Join(parts[1:], "/"), Type: mediaHTML},
			"documentation": {Href: "https://docs.mollie.com/reference/get-" + kind, Type: mediaHTML},
		},
	}
	maps.Copy(obj, fields)
	b, _ := marshal(obj)
	s.AddResource(path, b)
	return b
}

// Linked is a customer whose events link to one of each kind of resource,
// as AddLinked makes them.
type Linked struct {
	Customer                                             string
	Payment, FailedPayment, Refund, Chargeback, Mandate  string // IDs
	Subscription, PaymentLink, DirectDebit               string
	FailedHref, DashboardHref, DocsHref, DirectDebitHref string // hrefs of some of its events
}

// AddLinked adds a customer whose events link to a paid payment (API
// href), a card payment that failed (API href), a SEPA payment that bounced
// (dashboard href), a refund, a chargeback, a mandate, a subscription, a
// payment link and the customer itself (dashboard hrefs; the customer is
// served by the customer endpoint), and one to the documentation, which is
// no resource; every resource is served, shaped as documented.
func (s *Server) AddLinked() Linked {
	l := Linked{
		Customer: "cst_LinkedAbc1", Payment: "tr_PaidAbc123", FailedPayment: "tr_FailedAb12", DirectDebit: "tr_SepaBack12",
		Refund: "re_RefundAb12", Chargeback: "chb_ChargeAb1", Mandate: "mdt_MandateA1",
		Subscription: "sub_SubsAbc12", PaymentLink: "pl_LinkAbc123",
	}
	dash := "https://www.mollie.com/dashboard/org_13514547"
	amount := func(v string) map[string]string { return map[string]string{"currency": "EUR", "value": v} }
	s.AddObject("/v2/payments/"+l.Payment, map[string]any{
		"status": "paid", "amount": amount("25.00"), "description": "Order #1041", "method": "ideal",
		"paidAt": "2024-06-01T08:01:12+00:00", "sequenceType": "oneoff", "customerId": l.Customer,
		"amountRefunded": amount("10.00"), "amountRemaining": amount("15.00"),
	})
	s.AddObject("/v2/payments/"+l.FailedPayment, map[string]any{
		"status": "failed", "amount": amount("49.95"), "description": "Order #1042", "method": "creditcard",
		"failedAt": "2024-06-02T09:30:00+00:00", "sequenceType": "oneoff", "customerId": l.Customer,
		"details": map[string]any{"cardNumber": "6787", "failureReason": "authentication_failed",
			"failureMessage": "3-D Secure authentication failed"},
	})
	s.AddObject("/v2/payments/"+l.DirectDebit, map[string]any{
		"status": "failed", "amount": amount("9.95"), "description": "Subscription June", "method": "directdebit",
		"failedAt": "2024-06-05T06:00:00+00:00", "sequenceType": "recurring", "customerId": l.Customer,
		"mandateId": l.Mandate, "subscriptionId": l.Subscription,
		"details": map[string]any{"bankReasonCode": "AC04", "bankReason": "Account closed"},
	})
	s.AddObject("/v2/payments/"+l.Payment+"/refunds/"+l.Refund, map[string]any{
		"status": "refunded", "amount": amount("10.00"), "paymentId": l.Payment, "description": "Partial refund",
	})
	s.AddObject("/v2/payments/"+l.Payment+"/chargebacks/"+l.Chargeback, map[string]any{
		"amount": amount("15.00"), "paymentId": l.Payment,
		"reason": map[string]string{"code": "AC01", "description": "Account identifier incorrect"},
	})
	s.AddObject("/v2/customers/"+l.Customer+"/mandates/"+l.Mandate, map[string]any{
		"status": "valid", "method": "directdebit", "signatureDate": "2024-05-01",
		"details": map[string]string{"consumerName": "Jane Doe", "consumerAccount": "NL55INGB0000000000"},
	})
	s.AddObject("/v2/customers/"+l.Customer+"/subscriptions/"+l.Subscription, map[string]any{
		"status": "active", "amount": amount("9.95"), "interval": "1 month", "times": 12, "timesRemaining": 11,
		"nextPaymentDate": "2024-07-05", "description": "Monthly plan",
	})
	s.AddObject("/v2/payment-links/"+l.PaymentLink, map[string]any{
		"description": "Invoice 2024-031", "amount": amount("120.00"), "archived": false,
		"expiresAt": "2024-07-01T00:00:00+00:00",
	})
	api := s.URL + "/v2/"
	l.FailedHref = api + "payments/" + l.FailedPayment
	l.DirectDebitHref = dash + "/payments/" + l.DirectDebit
	l.DashboardHref = dash + "/customers/" + l.Customer + "/mandates/" + l.Mandate
	l.DocsHref = "https://docs.mollie.com/reference/get-payment"
	events := []json.RawMessage{
		NewEvent(200, "2024-05-01T08:00:00Z", "Customer created", dash+"/customers/"+l.Customer),
		NewEvent(210, "2024-05-01T08:05:00Z", "Mandate created", l.DashboardHref),
		NewEvent(230, "2024-05-01T08:06:00Z", "Subscription created", dash+"/customers/"+l.Customer+"/subscriptions/"+l.Subscription),
		NewEvent(221, "2024-06-01T08:01:12Z", "Payment paid", api+"payments/"+l.Payment),
		NewEvent(222, "2024-06-02T09:30:00Z", "Payment failed", l.FailedHref),
		NewEvent(241, "2024-06-03T10:00:00Z", "Refund processed", dash+"/payments/"+l.Payment+"/refunds/"+l.Refund),
		NewEvent(250, "2024-06-04T11:00:00Z", "Chargeback received", dash+"/payments/"+l.Payment+"/chargebacks/"+l.Chargeback),
		NewEvent(222, "2024-06-05T06:00:00Z", "Zahlung fehlgeschlagen", l.DirectDebitHref),
		NewEvent(260, "2024-06-06T12:00:00Z", "Payment link created", dash+"/payment-links/"+l.PaymentLink),
		NewEvent(201, "2024-06-07T12:00:00Z", "Customer updated", l.DocsHref),
	}
	s.AddCustomer(Customer{ID: l.Customer, Name: "Jane Doe", Email: "jane@example.org", Locale: "nl_NL", Events: events})
	return l
}
