package source

import (
	"regexp"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// transitions are the timestamps of r that mark a change, in the order
// they happen.
func transitions(dst []transition, kind string, r *wireResource) []transition {
	type t = transition
	created := t{r.CreatedAt, createdName(kind, r.Status), createdVerb[kind]}
	switch kind {
	case "payment":
		return append(dst, created,
			t{r.AuthorizedAt, "payment.authorized", "Payment authorized"},
			t{r.PaidAt, "payment.paid", "Payment paid"},
			t{r.CanceledAt, "payment.canceled", "Payment canceled"},
			t{r.ExpiredAt, "payment.expired", "Payment expired"},
			t{r.FailedAt, "payment.failed", "Payment failed"})
	case "refund", "capture":
		if r.Status != "" && created.name != kind+".created" {
			created.verb += ", now " + cells.SanitizeLine(r.Status)
		}
	case "chargeback":
		return append(dst, t{r.CreatedAt, "chargeback.received", "Chargeback received"},
			t{r.ReversedAt, "chargeback.reversed", "Chargeback reversed"})
	case "mandate":
		if r.Status != "" {
			created.verb += ", now " + cells.SanitizeLine(r.Status)
		}
	case "subscription":
		return append(dst, created, t{r.CanceledAt, "subscription.canceled", "Subscription canceled"})
	case "payment-link":
		return append(dst, t{r.CreatedAt, "payment-link.created", "Payment link created"},
			t{r.PaidAt, "payment-link.paid", "Payment link paid"})
	}
	return append(dst, created)
}

// knownKinds are the kinds of resource a history is made of.
var knownKinds = map[string]bool{"customer": true, "payment": true, "refund": true, "chargeback": true,
	"capture": true, "mandate": true, "subscription": true, "payment-link": true}

// objectIDAny is the ID of any object of the API, captures included.
var objectIDAny = regexp.MustCompile(`^(tr|re|chb|cpt|mdt|sub|pl|cst)_[A-Za-z0-9]+$`)

// createdVerb is how a message says each kind was created.
var createdVerb = map[string]string{
	"customer": "Customer created", "payment": "Payment created", "refund": "Refund created", "capture": "Capture created",
	"mandate": "Mandate created", "subscription": "Subscription created",
}

// hasWord tells whether the space-separated list holds w.
func hasWord(list, w string) bool {
	for f := range strings.FieldsSeq(list) {
		if f == w {
			return true
		}
	}
	return false
}

// createdName is the type of the event of a resource's creation. Refunds
// and captures have no other timestamp: their event takes Mollie's webhook
// name for their current status, where there is one.
func createdName(kind, status string) string {
	if name, ok := statusNames[kind+"."+status]; ok {
		return name
	}
	return createdNames[kind]
}

// statusNames are the webhook names of refunds' and captures' statuses,
// and createdNames the names of each kind's creation: made once, as a
// load names hundreds of thousands of events.
var statusNames, createdNames = func() (map[string]string, map[string]string) {
	st := map[string]string{"capture.succeeded": "capture.succeeded", "capture.failed": "capture.failed"}
	for s := range strings.FieldsSeq(statuses["refund"]) {
		st["refund."+s] = "refund." + s
	}
	cr := map[string]string{}
	for kind := range knownKinds {
		cr[kind] = kind + ".created"
	}
	return st, cr
}()
