package eventgen

import "math/rand/v2"

// The catalog: what a payments account's customer events look like. Mollie
// documents no type codes except 200 = "Customer created"; the rest are
// invented but plausible, grouped by the resource the event is about.

// resource is what an event's link points at.
type resource int

const (
	resCustomer resource = iota
	resMandate
	resPayment
	resSubscription
	resRefund
	resChargeback
	resPaymentLink
)

// eventType is one type code with its messages. messages[0] is the canonical
// text and is picked half of the time; the others are variations. Messages
// are fixed strings, never filled in with IDs or amounts per event, so a file
// of a million events still has only a few dozen distinct messages.
type eventType struct {
	code     int
	weight   int // relative frequency after the first event of a customer; for outcomes, among outcomes
	about    resource
	opens    bool // starts a new resource (a new ID); other events refer to an open one
	closes   bool // ends the open resource, e.g. a payment's outcome or a revoked mandate
	outcome  bool // a payment's outcome: follows "Payment created" within minutes
	paid     bool // the payment was paid, so it can be refunded or charged back
	needPaid bool // only happens to a paid payment
	linkPct  int  // percentage of events with a _links.url
	messages []string
	quoted   []string // messages as JSON string literals, filled by init
}

// pickMessage returns the index of a message: the canonical one half of the
// time, otherwise any.
func (t *eventType) pickMessage(r *rand.Rand) int {
	if i := r.IntN(2 * len(t.messages)); i < len(t.messages) {
		return i
	}
	return 0
}

const customerCreated = 0 // index of type 200 in types

var types = []eventType{
	{code: 200, about: resCustomer, linkPct: 85, messages: []string{
		"Customer created",
	}},
	{code: 201, weight: 6, about: resCustomer, linkPct: 70, messages: []string{
		"Customer updated",
		"Customer email address changed",
		"Customer name changed",
		"Customer locale changed to nl_NL",
		"Customer metadata updated",
		`Note added: "VIP customer, priority support"`,
	}},
	{code: 210, weight: 5, about: resMandate, opens: true, linkPct: 85, messages: []string{
		"Mandate created",
		"Mandate created via first payment",
		"Mandate created for SEPA Direct Debit",
		"Mandate created for credit card",
		"Mandaat aangemaakt via iDEAL",
	}},
	{code: 211, weight: 2, about: resMandate, closes: true, linkPct: 80, messages: []string{
		"Mandate revoked",
		"Mandate revoked by customer",
		"Mandate revoked by bank",
		"Mandate invalidated after chargeback",
	}},
	{code: 220, weight: 16, about: resPayment, opens: true, linkPct: 85, messages: []string{
		"Payment created",
		"First payment created",
		"Recurring payment created",
		"Payment created via Checkout",
		"Payment created via payment link",
	}},
	{code: 221, weight: 19, about: resPayment, closes: true, outcome: true, paid: true, linkPct: 85, messages: []string{
		"Payment paid",
		"Payment paid with iDEAL",
		"Payment paid with credit card",
		"Payment paid with SEPA Direct Debit",
		"Payment paid with Bancontact",
		"Betaling ontvangen van Jürgen",
		"Paiement reçu par carte bancaire",
	}},
	{code: 222, weight: 7, about: resPayment, closes: true, outcome: true, linkPct: 85, messages: []string{
		"Payment failed",
		"Payment failed: insufficient funds",
		"Payment failed: card declined",
		"Payment failed: 3-D Secure authentication failed",
		"Payment failed: account closed",
		"Zahlung fehlgeschlagen: Lastschrift zurückgegeben",
	}},
	{code: 223, weight: 4, about: resPayment, closes: true, outcome: true, linkPct: 75, messages: []string{
		"Payment expired",
		"Payment canceled",
		"Payment canceled by customer",
		"Payment expired: checkout not completed",
	}},
	{code: 230, weight: 4, about: resSubscription, opens: true, linkPct: 85, messages: []string{
		"Subscription created",
		"Subscription created: €9.95 monthly",
		"Subscription created: €99.00 yearly",
		"Subscription created with 14-day trial",
	}},
	{code: 231, weight: 2, about: resSubscription, linkPct: 75, messages: []string{
		"Subscription updated",
		"Subscription amount changed",
		"Subscription interval changed to 3 months",
		"Subscription mandate changed",
	}},
	{code: 232, weight: 2, about: resSubscription, closes: true, linkPct: 75, messages: []string{
		"Subscription canceled",
		"Subscription canceled by merchant",
		"Subscription canceled: mandate revoked",
		"Subscription completed",
		"Abonnement beëindigd door klant",
	}},
	{code: 240, weight: 4, about: resRefund, opens: true, needPaid: true, linkPct: 80, messages: []string{
		"Refund created",
		"Partial refund created",
		"Refund queued: insufficient balance",
	}},
	{code: 241, weight: 4, about: resRefund, closes: true, linkPct: 80, messages: []string{
		"Refund processed",
		"Refund processed: €25.00 returned",
		"Refund failed",
	}},
	{code: 250, weight: 2, about: resChargeback, opens: true, needPaid: true, linkPct: 85, messages: []string{
		"Chargeback received",
		"Chargeback received: fraudulent transaction",
		"Chargeback received: product not received",
		"Chargeback reversed",
	}},
	{code: 260, weight: 3, about: resPaymentLink, opens: true, linkPct: 70, messages: []string{
		"Payment link created",
		"Payment link paid",
		"Payment link expired",
	}},
}

// Derived from types by init.
var (
	typeWeightTotal    int                            // sum of weight of the types that are not outcomes
	outcomeWeightTotal int                            // sum of weight of payment outcomes
	opener             [resPaymentLink + 1]*eventType // the type that opens each resource
)

// docs is the documentation page for each resource, used as an extra link.
var docs = [...]string{
	resCustomer:     "https://docs.mollie.com/reference/get-customer",
	resMandate:      "https://docs.mollie.com/reference/get-mandate",
	resPayment:      "https://docs.mollie.com/reference/get-payment",
	resSubscription: "https://docs.mollie.com/reference/get-subscription",
	resRefund:       "https://docs.mollie.com/reference/get-refund",
	resChargeback:   "https://docs.mollie.com/reference/get-chargeback",
	resPaymentLink:  "https://docs.mollie.com/reference/get-payment-link",
}

// person is a name as shown and as used in an e-mail address.
type person struct{ name, mail string }

var firstNames = []person{
	{"Jürgen", "juergen"}, {"Sanne", "sanne"}, {"Daan", "daan"}, {"Lotte", "lotte"},
	{"Pieter", "pieter"}, {"Anouk", "anouk"}, {"Émilie", "emilie"}, {"François", "francois"},
	{"Zoë", "zoe"}, {"Søren", "soren"}, {"Björn", "bjorn"}, {"Ines", "ines"},
	{"Jane", "jane"}, {"Tom", "tom"}, {"Fatima", "fatima"}, {"Mehmet", "mehmet"},
	{"Sophie", "sophie"}, {"Lucas", "lucas"}, {"Emma", "emma"}, {"Noah", "noah"},
	{"Julia", "julia"}, {"Liam", "liam"}, {"Marieke", "marieke"}, {"Bram", "bram"},
	{"Łukasz", "lukasz"}, {"Chloé", "chloe"}, {"Hannah", "hannah"}, {"Ruben", "ruben"},
}

var lastNames = []person{
	{"de Vries", "devries"}, {"Jansen", "jansen"}, {"Müller", "mueller"}, {"Dubois", "dubois"},
	{"Janssens", "janssens"}, {"Peeters", "peeters"}, {"Smith", "smith"}, {"Bakker", "bakker"},
	{"Visser", "visser"}, {"van Dijk", "vandijk"}, {"Schäfer", "schaefer"}, {"Nowak", "nowak"},
	{"García", "garcia"}, {"O'Brien", "obrien"}, {"Meijer", "meijer"}, {"Mulder", "mulder"},
	{"Yılmaz", "yilmaz"}, {"El Amrani", "elamrani"}, {"Lefèvre", "lefevre"}, {"Schmidt", "schmidt"},
	{"Doe", "doe"}, {"van den Berg", "vandenberg"}, {"Hoekstra", "hoekstra"}, {"Wouters", "wouters"},
}

// companies are customers that are businesses; they get a role address and
// the locale of where they are.
var companies = []struct {
	person
	locale string
}{
	{person{"Bakkerij de Zon B.V.", "bakkerijdezon"}, "nl_NL"},
	{person{"Fietsenmaker Van Dam", "vandam"}, "nl_NL"},
	{person{"Café Zürich GmbH", "cafe-zuerich"}, "de_DE"},
	{person{"Atelier Lumière", "atelier-lumiere"}, "fr_BE"},
	{person{"Studio Noord", "studionoord"}, "nl_NL"},
	{person{"Groene Vingers Hoveniers", "groenevingers"}, "nl_BE"},
	{person{"Koffiebranderij Het Anker", "hetanker"}, "nl_NL"},
	{person{"Yoga Amsterdam Oost", "yoga-oost"}, "en_US"},
}

var companyMailboxes = []string{"info", "billing", "finance", "admin"}

var mailDomains = []string{"example.org", "example.com", "example.net", "mail.example.nl", "post.example.de"}

var locales = []string{"nl_NL", "nl_NL", "nl_NL", "nl_BE", "de_DE", "fr_FR", "fr_BE", "en_US", "en_GB"}

func init() {
	for i := range types {
		t := &types[i]
		if t.outcome {
			outcomeWeightTotal += t.weight
		} else {
			typeWeightTotal += t.weight
		}
		if t.opens && opener[t.about] == nil {
			opener[t.about] = t
		}
		t.quoted = make([]string, len(t.messages))
		for j, m := range t.messages {
			t.quoted[j] = string(appendString(nil, m))
		}
	}
}

// TypeNames is each type code's canonical message, which names it.
func TypeNames() map[int]string {
	names := make(map[int]string, len(types))
	for _, t := range types {
		names[t.code] = t.messages[0]
	}
	return names
}
