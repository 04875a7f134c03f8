package eventgen

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
)

// WriteWebhooks writes what `eventbrowser listen` captures in a day: one
// next-gen webhook event a line, as Mollie POSTs them (compact JSON), each
// with the object it is about embedded whole, as its GET returns it. The N
// events spread evenly over the 24 hours from o.Start (default 2024-01-01),
// a few seconds out of order now and then, in the mix a shop's account
// sees: mostly payments paid, some failed, canceled or expired, refunds and
// the odd chargeback. Customers are not used.
func WriteWebhooks(w io.Writer, o Options) error {
	g, err := newGenerator(o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	for i := range g.n {
		b, _, _ := g.appendWebhook(bw.AvailableBuffer(), i)
		if _, err := bw.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteCarried writes the customer events WriteNDJSON writes, each with
// the entity of the webhook event WriteWebhooks writes in its place as a
// first member that nothing reads ("carried"): NDJSON of about the bytes
// of a captured day (1.2 KB an event), so that a captured day's load can
// be set against a file of as many events and about as many bytes, whose
// extra bytes a reader passes over.
func WriteCarried(w io.Writer, o Options) error {
	g, err := newGenerator(o)
	if err != nil {
		return err
	}
	h, err := newGenerator(o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var hook []byte
	i := 0
	for ci := range g.counts {
		g.startCustomer(ci)
		for k := range g.c.n {
			g.nextEvent(k)
			var from, to int
			hook, from, to = h.appendWebhook(hook[:0], i)
			i++
			b := append(append(append(bw.AvailableBuffer(), `{"carried":`...), hook[from:to]...), ',')
			ev := g.appendEvent(b[len(b):])
			b = append(append(b, ev[1:]...), '\n') // ev's '{' is the line's
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// webhookType is one type of webhook event and how often it comes, in
// thousandths.
type webhookType struct {
	name   string
	permil int
	status string // the entity's status
	entity func(g *generator, b []byte, w *webhookEvent) []byte
}

var webhookTypes = []webhookType{
	{"payment.paid", 600, "paid", (*generator).appendPayment},
	{"payment.failed", 80, "failed", (*generator).appendPayment},
	{"payment.canceled", 60, "canceled", (*generator).appendPayment},
	{"payment.expired", 100, "expired", (*generator).appendPayment},
	{"payment.authorized", 30, "authorized", (*generator).appendPayment},
	{"payment.pending", 30, "pending", (*generator).appendPayment},
	{"refund.refunded", 60, "refunded", (*generator).appendRefund},
	{"refund.queued", 20, "queued", (*generator).appendRefund},
	{"refund.failed", 5, "failed", (*generator).appendRefund},
	{"chargeback.received", 10, "", (*generator).appendChargeback},
	{"chargeback.reversed", 5, "", (*generator).appendChargeback},
}

// webhookEvent is what the parts of one event share.
type webhookEvent struct {
	typ        *webhookType
	sec        int64
	entity     id // the entity's ID after its prefix
	payment    id // a refund's or chargeback's payment
	order      int
	cents      int
	currency   string
	method     string
	entityPath string // "payments/tr_", "refunds/re_"…
}

var webhookMethods = []string{"ideal", "ideal", "ideal", "creditcard", "creditcard", "bancontact", "paypal", "applepay", "klarna", "banktransfer"}

var failures = []struct{ reason, message string }{
	{"insufficient_funds", "The transaction was declined because of insufficient funds."},
	{"card_declined", "The card was declined by the issuer."},
	{"card_expired", "The card has expired."},
	{"authentication_failed", "The cardholder did not complete 3-D Secure authentication."},
}

var chargebackReasons = []struct{ code, description string }{
	{"AC01", "Account identifier incorrect (i.e. invalid IBAN)"},
	{"MD06", "Refund request by end customer"},
	{"AM04", "Insufficient funds"},
	{"MS02", "Refusal by the debtor"},
}

// appendWebhook appends event i of the day, and says where in b its entity
// is: b[from:to].
func (g *generator) appendWebhook(b []byte, i int) (_ []byte, from, to int) {
	r := g.r
	w := webhookEvent{typ: pickWebhookType(r), order: 10000 + r.IntN(990000), currency: "EUR"}
	w.sec = g.start + int64(i)*86400/int64(max(g.n, 1))
	if r.IntN(50) == 0 {
		w.sec -= 1 + r.Int64N(20) // delivered a little out of order
	}
	w.entity, w.payment = newID(r), newID(r)
	w.cents = 100 + int(r.ExpFloat64()*4500)
	if k := r.IntN(20); k == 0 {
		w.currency = "GBP"
	} else if k == 1 {
		w.currency = "USD"
	}
	w.method = webhookMethods[r.IntN(len(webhookMethods))]
	var event [21]byte // event IDs are longer than most
	e1, e2 := newID(r), newID(r)
	copy(event[copy(event[:], e1[:]):], append(e2[:], e1[0]))
	b = append(b, `{"resource":"event","id":"event_`...)
	b = append(b, event[:]...)
	b = append(b, `","type":"`...)
	b = append(b, w.typ.name...)
	b = append(b, `","entityId":"`...)
	w.entityPath = entityPaths[w.typ.name[0]]
	b = append(b, w.entityPath[strings.IndexByte(w.entityPath, '/')+1:]...)
	b = append(b, w.entity[:]...)
	b = append(b, `","createdAt":"`...)
	b = appendTime(b, w.sec, 0, formUTCOffset)
	b = append(b, `","_embedded":{"entity":`...)
	from = len(b)
	b = w.typ.entity(g, b, &w)
	to = len(b)
	b = append(b, `},"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_`...)
	b = append(b, event[:]...)
	b = append(b, `","type":"application/hal+json"},"entity":{"href":"https://api.mollie.com/v2/`...)
	b = append(b, w.entityPath...)
	b = append(b, w.entity[:]...)
	return append(b, `","type":"application/hal+json"},"documentation":{"href":"https://docs.mollie.com/reference/webhooks","type":"text/html"}}}`...), from, to
}

// entityPaths are the API paths of entities, by their type's first letter.
var entityPaths = [256]string{'p': "payments/tr_", 'r': "refunds/re_", 'c': "chargebacks/chb_"}

func pickWebhookType(r *rand.Rand) *webhookType {
	n := r.IntN(1000)
	for i := range webhookTypes {
		if n -= webhookTypes[i].permil; n < 0 {
			return &webhookTypes[i]
		}
	}
	return &webhookTypes[0]
}

// appendAmount appends {"value":"12.34","currency":"EUR"} for cents,
// negated when neg.
func appendAmount(b []byte, cents int, currency string, neg bool) []byte {
	b = append(b, `{"value":"`...)
	if neg {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, int64(cents/100), 10)
	b = append(b, '.')
	b = appendDigits(b, cents%100, 2)
	b = append(b, `","currency":"`...)
	b = append(b, currency...)
	return append(b, `"}`...)
}

// appendEntityLinks appends an entity's _links: self, dashboard (for
// payments), what it belongs to, and its documentation; then closes it.
func (g *generator) appendEntityLinks(b []byte, w *webhookEvent, doc string) []byte {
	b = append(b, `,"_links":{"self":{"href":"https://api.mollie.com/v2/`...)
	b = append(b, w.entityPath...)
	b = append(b, w.entity[:]...)
	b = append(b, `","type":"application/hal+json"}`...)
	if w.entityPath[0] == 'p' {
		b = append(b, `,"dashboard":{"href":"https://www.mollie.com/dashboard/`...)
		b = append(b, g.org...)
		b = append(b, `/payments/tr_`...)
		b = append(b, w.entity[:]...)
		b = append(b, `","type":"text/html"},"checkout":null`...)
	} else {
		b = append(b, `,"payment":{"href":"https://api.mollie.com/v2/payments/tr_`...)
		b = append(b, w.payment[:]...)
		b = append(b, `","type":"application/hal+json"}`...)
	}
	b = append(b, `,"documentation":{"href":"https://docs.mollie.com/reference/`...)
	b = append(b, doc...)
	return append(b, `","type":"text/html"}}}`...)
}
