package molliefake

import (
	"fmt"
	"time"
)

// The objects of a generated history, shaped as Mollie documents them.

const dashboardOrg = "https://www.mollie.com/dashboard/org_13514547"

func money(v string) map[string]string { return map[string]string{"currency": "EUR", "value": v} }

func wireTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// serve puts an object at its path and on lists, counting it.
func (g *histGen) serve(kind, path string, created time.Time, obj map[string]any, lists ...string) {
	obj["createdAt"] = wireTime(created)
	obj["mode"] = "test"
	b, _ := marshal(obj)
	s := g.s
	s.mu.Lock()
	s.resources[path] = b
	for _, l := range lists {
		s.addToListLocked(l, obj["id"].(string), created, b)
	}
	s.mu.Unlock()
	g.acct.Counts[kind]++
}

// links are an object's _links: self, the dashboard for payments, and
// more.
func (g *histGen) links(path string, more map[string]string) map[string]link {
	ls := map[string]link{"self": {Href: g.s.URL + path, Type: mediaHAL}}
	for name, href := range more {
		media := mediaHAL
		if name == "dashboard" {
			media = mediaHTML
		}
		ls[name] = link{Href: href, Type: media}
	}
	return ls
}

// clamp keeps a transition at or before the end of the history.
func (g *histGen) clamp(t time.Time) time.Time {
	if t.After(g.o.End) {
		return g.o.End
	}
	return t
}

func (g *histGen) mandate(cst string, created time.Time) string {
	id := g.id("mdt_")
	path := "/v2/customers/" + cst + "/mandates/" + id
	status := []string{"valid", "valid", "valid", "pending", "invalid"}[g.r.IntN(5)]
	g.serve("mandate", path, created, map[string]any{"resource": "mandate", "id": id, "status": status, "method": "directdebit",
		"details":       map[string]string{"consumerName": "J. Doe", "consumerAccount": "NL55INGB0000000000", "consumerBic": "INGBNL2A"},
		"signatureDate": created.Format(time.DateOnly), "mandateReference": "MD-" + id[4:],
		"_links": g.links(path, map[string]string{"customer": g.s.URL + "/v2/customers/" + cst})},
		"/v2/customers/"+cst+"/mandates")
	g.acct.Events++
	return id
}

func (g *histGen) subscription(cst, mandate string, created time.Time) string {
	id := g.id("sub_")
	path := "/v2/customers/" + cst + "/subscriptions/" + id
	obj := map[string]any{"resource": "subscription", "id": id, "status": "active", "amount": money("9.95"),
		"interval": "1 month", "times": 12, "timesRemaining": 10, "startDate": created.Format(time.DateOnly),
		"nextPaymentDate": g.o.End.AddDate(0, 0, 10).Format(time.DateOnly), "description": "Monthly plan",
		"method": "directdebit", "mandateId": mandate, "customerId": cst,
		"_links": g.links(path, map[string]string{"customer": g.s.URL + "/v2/customers/" + cst})}
	g.acct.Events++
	if g.r.IntN(4) == 0 {
		obj["status"], obj["canceledAt"] = "canceled", wireTime(g.clamp(g.at(created)))
		g.acct.Events++
	}
	g.serve("subscription", path, created, obj, "/v2/subscriptions", "/v2/customers/"+cst+"/subscriptions")
	return id
}

var (
	cardReasons = []string{"insufficient_funds", "card_declined", "card_expired", "authentication_failed", "possible_fraud"}
	sepaReasons = [][2]string{{"AM04", "Insufficient funds"}, {"MD06", "Return of funds requested by end customer"},
		{"AC04", "Account closed"}, {"MS02", "Refused by debtor"}}
)

// payment makes a payment of cst and what follows it: refunds,
// chargebacks, a capture.
func (g *histGen) payment(cst, mandate, sub string, created time.Time) {
	r := g.r
	id := g.id("tr_")
	path := "/v2/payments/" + id
	amount := fmt.Sprintf("%d.%02d", 5+r.IntN(300), r.IntN(100))
	obj := map[string]any{"resource": "payment", "id": id, "amount": money(amount),
		"description": fmt.Sprintf("Order #%d", 1000+g.n), "metadata": nil, "profileId": "pfl_QkEhN94Ba",
		"sequenceType": "oneoff", "customerId": cst, "isCancelable": false,
		"expiresAt": wireTime(created.Add(15 * time.Minute))}
	more := map[string]string{"dashboard": dashboardOrg + "/payments/" + id, "customer": g.s.URL + "/v2/customers/" + cst}
	method := []string{"creditcard", "creditcard", "ideal", "bancontact"}[r.IntN(4)]
	if mandate != "" && r.IntN(2) == 0 {
		method, obj["sequenceType"], obj["mandateId"] = "directdebit", "recurring", mandate
		if sub != "" {
			obj["subscriptionId"] = sub
		}
	}
	later := func(d time.Duration) string {
		return wireTime(g.clamp(created.Add(1 + time.Duration(r.Int64N(int64(d))))))
	}
	events := 1
	switch roll := r.IntN(100); {
	case roll < 55:
		obj["status"], obj["paidAt"] = "paid", later(10*time.Minute)
		events++
		events += g.afterPaid(id, cst, created, obj, more)
	case roll < 70:
		obj["status"] = "failed"
		events++
		if method == "directdebit" {
			reason := sepaReasons[r.IntN(len(sepaReasons))]
			obj["failedAt"] = later(5 * 24 * time.Hour)
			obj["details"] = map[string]string{"consumerName": "J. Doe", "consumerAccount": "NL55INGB0000000000",
				"bankReasonCode": reason[0], "bankReason": reason[1]}
		} else {
			method = "creditcard"
			reason := cardReasons[r.IntN(len(cardReasons))]
			obj["failedAt"] = later(5 * time.Minute)
			obj["details"] = map[string]string{"cardNumber": "6787", "failureReason": reason}
			if reason == "insufficient_funds" && g.acct.Failed == "" {
				g.acct.Failed, g.acct.FailedCustomer = id, cst
			}
		}
	case roll < 78:
		obj["status"], obj["expiredAt"] = "expired", later(30*time.Minute)
		events++
	case roll < 85:
		obj["status"], obj["canceledAt"] = "canceled", later(10*time.Minute)
		events++
	case roll < 92:
		obj["status"] = "open"
	default:
		method = "klarna"
		obj["status"], obj["authorizedAt"] = "authorized", later(5*time.Minute)
		obj["captureBefore"] = wireTime(created.Add(28 * 24 * time.Hour))
		events++
		if r.IntN(2) == 0 {
			obj["status"], obj["paidAt"] = "paid", later(48*time.Hour)
			events += 1 + g.capture(id, created.Add(24*time.Hour), amount, more)
		}
	}
	obj["method"] = method
	if more["refunds"] != "" || more["chargebacks"] != "" || more["captures"] != "" {
		g.acct.Related++
	}
	obj["_links"] = g.links(path, more)
	g.serve("payment", path, created, obj, "/v2/payments", "/v2/customers/"+cst+"/payments")
	g.acct.Events += events
}

// afterPaid adds a paid payment's refund or chargeback, now and then, and
// returns how many events they make.
func (g *histGen) afterPaid(tr, cst string, created time.Time, obj map[string]any, more map[string]string) int {
	r := g.r
	events := 0
	amount := obj["amount"].(map[string]string)["value"]
	if r.IntN(8) == 0 {
		id := g.id("re_")
		path := "/v2/payments/" + tr + "/refunds/" + id
		status := []string{"refunded", "refunded", "refunded", "pending", "processing", "queued", "failed", "canceled"}[r.IntN(8)]
		g.serve("refund", path, g.clamp(created.Add(time.Duration(1+r.IntN(20))*24*time.Hour)), map[string]any{
			"resource": "refund", "id": id, "status": status, "amount": money(amount), "description": "Refund " + tr,
			"paymentId": tr, "_links": g.links(path, map[string]string{"payment": g.s.URL + "/v2/payments/" + tr})},
			"/v2/refunds", "/v2/payments/"+tr+"/refunds")
		obj["amountRefunded"] = money(amount)
		more["refunds"] = g.s.URL + "/v2/payments/" + tr + "/refunds"
		events++
	}
	if r.IntN(30) == 0 {
		id := g.id("chb_")
		path := "/v2/payments/" + tr + "/chargebacks/" + id
		cb := map[string]any{"resource": "chargeback", "id": id, "amount": money(amount), "paymentId": tr,
			"reason":           map[string]string{"code": "MD06", "description": "Disputed authorized transaction"},
			"settlementAmount": map[string]string{"currency": "EUR", "value": "-" + amount},
			"_links":           g.links(path, map[string]string{"payment": g.s.URL + "/v2/payments/" + tr})}
		received := g.clamp(created.Add(time.Duration(1+r.IntN(40)) * 24 * time.Hour))
		events++
		if r.IntN(3) == 0 {
			cb["reversedAt"] = wireTime(g.clamp(received.Add(7 * 24 * time.Hour)))
			events++
		}
		g.serve("chargeback", path, received, cb, "/v2/chargebacks", "/v2/payments/"+tr+"/chargebacks")
		obj["amountChargedBack"] = money(amount)
		more["chargebacks"] = g.s.URL + "/v2/payments/" + tr + "/chargebacks"
	}
	return events
}

// capture adds the capture of an authorized payment.
func (g *histGen) capture(tr string, at time.Time, amount string, more map[string]string) int {
	id := g.id("cpt_")
	path := "/v2/payments/" + tr + "/captures/" + id
	g.serve("capture", path, g.clamp(at), map[string]any{"resource": "capture", "id": id, "status": "succeeded",
		"amount": money(amount), "paymentId": tr,
		"_links": g.links(path, map[string]string{"payment": g.s.URL + "/v2/payments/" + tr})},
		"/v2/payments/"+tr+"/captures")
	more["captures"] = g.s.URL + "/v2/payments/" + tr + "/captures"
	return 1
}
