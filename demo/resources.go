package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// Resources serves the objects the sample's events link to, offline, so
// that the detail view and --expand can be tried without an account. Each
// is made up from the events about it: a payment whose latest event says it
// failed is a failed payment, with the reason that event's message gives.
func Resources() source.Fetcher { return &resources{} }

type resources struct {
	once      sync.Once
	about     map[string][]model.Event // by API URL, oldest first
	customers map[string]customer
}

type customer struct {
	Name      string `json:"name"`
	Email     string `json:"email"`
	Locale    string `json:"locale"`
	CreatedAt string `json:"createdAt"`
}

func (r *resources) index() {
	r.about, r.customers = map[string][]model.Event{}, map[string]customer{}
	dec, err := model.Decode("demo.json", JSON)
	if err != nil {
		panic(fmt.Sprintf("demo: the embedded sample does not decode: %v", err)) // go test ./demo catches it
	}
	for _, e := range dec.Events {
		for _, l := range e.Links {
			if u, err := source.ResourceURL(l.Href, string(e.Source), source.DefaultAPIURL); err == nil {
				r.about[u] = append(r.about[u], e)
			}
		}
	}
	for u := range r.about {
		slices.SortStableFunc(r.about[u], func(a, b model.Event) int { return a.Created.Compare(b.Created) })
	}
	var list struct {
		Embedded struct {
			Customers []struct {
				ID string `json:"id"`
				customer
			} `json:"customers"`
		} `json:"_embedded"`
	}
	json.Unmarshal(JSON, &list)
	for _, c := range list.Embedded.Customers {
		r.customers[c.ID] = c.customer
	}
}

// Fetch answers like the API: the object, or a 404 for a URL no event of
// the sample links to.
func (r *resources) Fetch(ctx context.Context, apiURL string) ([]byte, error) {
	r.once.Do(r.index)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kind := source.ResourceKind(apiURL)
	id := apiURL[strings.LastIndexByte(apiURL, '/')+1:]
	events := r.about[apiURL]
	c, isCustomer := r.customers[id]
	if len(events) == 0 && !isCustomer {
		return nil, &source.ResourceError{Kind: kind, APIError: &source.APIError{
			Status: http.StatusNotFound, Title: "Not Found", Detail: "No " + kind + " exists with token " + id + ".",
			What: kind + " " + id, Host: "api.mollie.com"}}
	}
	obj := map[string]any{"resource": strings.ReplaceAll(kind, " ", "-"), "id": id, "mode": "test",
		"_links": map[string]any{"self": map[string]string{"href": apiURL, "type": "application/hal+json"}}}
	if len(events) > 0 {
		obj["createdAt"] = events[0].CreatedRaw
	}
	last := model.Event{}
	if len(events) > 0 {
		last = events[len(events)-1]
	}
	at, msg := last.CreatedRaw, strings.ToLower(last.Message)
	money := amount(id)
	switch kind {
	case "payment":
		obj["amount"], obj["description"], obj["sequenceType"] = money, fmt.Sprintf("Order #%d", 1000+hash(id)%9000), "oneoff"
		obj["customerId"], obj["method"] = last.Source, "ideal"
		payment(obj, last.Type, msg, at)
	case "refund":
		obj["amount"], obj["description"] = money, "Refund"
		obj["paymentId"], obj["status"] = strings.Split(apiURL, "/")[5], refundStatus(last.Type, msg)
	case "chargeback":
		obj["amount"], obj["paymentId"] = money, strings.Split(apiURL, "/")[5]
		reason := map[string]string{"code": "MS03", "description": "Reason not specified"}
		if _, why, ok := strings.Cut(last.Message, ": "); ok {
			reason = map[string]string{"code": "FR01", "description": why}
		}
		obj["reason"] = reason
		if strings.Contains(msg, "reversed") {
			obj["reversedAt"] = at
		}
	case "mandate":
		obj["status"], obj["method"], obj["signatureDate"] = "valid", "directdebit", dateOf(events[0])
		obj["details"] = map[string]string{"consumerName": r.customers[string(last.Source)].Name, "consumerAccount": "NL55INGB0000000000"}
		if last.Type == 211 {
			obj["status"] = "invalid"
		}
	case "subscription":
		obj["status"], obj["amount"], obj["interval"], obj["description"] = "active", money, "1 month", "Membership"
		obj["times"], obj["timesRemaining"] = 12, 12-len(events)
		obj["nextPaymentDate"] = last.Created.AddDate(0, 1, 0).Format(time.DateOnly)
		switch {
		case strings.Contains(msg, "completed"):
			obj["status"], obj["timesRemaining"] = "completed", 0
		case last.Type == 232:
			obj["status"] = "canceled"
		}
	case "payment link":
		obj["description"], obj["amount"] = "Invoice", money
		paymentLink(obj, last, msg)
	case "customer":
		obj["name"], obj["email"], obj["locale"], obj["createdAt"] = c.Name, c.Email, c.Locale, c.CreatedAt
	}
	return json.Marshal(obj)
}

// refundStatus is a refund's status after its latest event.
func refundStatus(typ int, msg string) string {
	switch {
	case strings.Contains(msg, "failed"):
		return "failed"
	case typ == 241:
		return "refunded"
	case strings.Contains(msg, "queued"):
		return "queued"
	}
	return "pending"
}

// paymentLink fills in when a payment link was paid or expired, from its
// latest event.
func paymentLink(obj map[string]any, last model.Event, msg string) {
	obj["expiresAt"], obj["archived"] = last.Created.AddDate(0, 0, 30).UTC().Format(time.RFC3339), false
	switch {
	case strings.Contains(msg, "paid"):
		obj["paidAt"] = last.CreatedRaw
	case strings.Contains(msg, "expired"):
		obj["expiresAt"], obj["archived"] = last.CreatedRaw, true
	}
}

// payment fills in a payment's status and its reasons from its latest event.
func payment(obj map[string]any, typ int, msg, at string) {
	switch {
	case typ == 221:
		obj["status"], obj["paidAt"] = "paid", at
		if strings.Contains(msg, "card") {
			obj["method"] = "creditcard"
		}
	case typ == 222:
		obj["status"], obj["failedAt"] = "failed", at
		switch {
		case strings.Contains(msg, "3-d secure"):
			obj["method"], obj["details"] = "creditcard", map[string]string{"failureReason": "authentication_failed", "failureMessage": "3-D Secure authentication failed"}
		case strings.Contains(msg, "declined"):
			obj["method"], obj["details"] = "creditcard", map[string]string{"failureReason": "card_declined", "failureMessage": "The card was declined"}
		case strings.Contains(msg, "account closed"):
			obj["method"], obj["details"] = "directdebit", map[string]string{"bankReasonCode": "AC04", "bankReason": "Account closed"}
		case strings.Contains(msg, "lastschrift"):
			obj["method"], obj["details"] = "directdebit", map[string]string{"bankReasonCode": "MD06", "bankReason": "Refund request by end customer"}
		default:
			obj["method"], obj["details"] = "creditcard", map[string]string{"failureReason": "insufficient_funds", "failureMessage": "Insufficient funds"}
		}
	case typ == 223 && strings.Contains(msg, "expired"):
		obj["status"], obj["expiredAt"] = "expired", at
	case typ == 223:
		obj["status"], obj["canceledAt"] = "canceled", at
	default:
		obj["status"] = "open"
	}
}

func hash(s string) int {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32() & 0x7fffffff)
}

// amount is a made-up amount, the same for the same ID.
func amount(id string) map[string]string {
	n := 500 + hash(id)%20000
	return map[string]string{"currency": "EUR", "value": fmt.Sprintf("%d.%02d", n/100, n%100)}
}

func dateOf(e model.Event) string { return e.Created.UTC().Format(time.DateOnly) }
