package eventgen

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"time"
)

const (
	mediaHTML = "text/html"
	mediaHAL  = "application/hal+json"
)

// id is the random part of a Mollie ID such as cst_tKt44u85MM.
type id [10]byte

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// TimeForm is one of the ways Mollie writes createdAt.
type TimeForm uint8

const (
	formZeroFraction TimeForm = iota // 2024-03-20T09:13:37.0Z
	formMillis                       // 2024-05-14T01:29:09.283Z
	formZ                            // 2024-12-12T10:00:00Z
	formUTCOffset                    // 2022-01-03T13:42:04+00:00
	formLocal                        // 2024-05-22T15:11:19+02:00 (Amsterdam)
)

// link is one _links entry; its href is ev.hrefs[start:end].
type link struct {
	name       string
	start, end int
	media      string
}

// event is the event being written; it is reused for every event.
type event struct {
	typ      *eventType
	sec      int64 // Unix seconds
	millis   int   // only written in formMillis
	form     TimeForm
	msg      string // JSON literal
	hasLinks bool   // write _links even when it has no entries
	links    [3]link
	nlinks   int
	hrefs    []byte
}

// customer is the customer being written and the resources its events are
// about, so that "Payment paid" links to the payment that was created.
type customer struct {
	id      id
	name    person
	email   []byte
	locale  string
	crmID   int // 0: metadata is null
	created int64
	n       int   // number of events
	now     int64 // time of the latest event, Unix seconds
	meanGap float64
	current [resPaymentLink + 1]id   // the latest resource of each kind
	open    [resPaymentLink + 1]bool // whether it is still open
	payment id                       // the latest paid payment
	hasPaid bool
}

// generator holds the random source and the customer and event being
// written; the writers call startCustomer and nextEvent, then append.
type generator struct {
	r      *rand.Rand
	n      int
	counts []int // events per customer
	start  int64 // Unix seconds
	org    []byte

	// Names are dealt from shuffled lists so neighbouring customers differ.
	firstPerm, lastPerm, companyPerm []int

	c  customer
	ev event

	// scratch holds URLs being built; apiURL and dashboardURL return it,
	// valid until the next call.
	scratch []byte
}

func newGenerator(o Options) (*generator, error) {
	if o.N < 0 {
		return nil, errors.New("eventgen: negative number of events")
	}
	if o.Customers < 0 {
		return nil, errors.New("eventgen: negative number of customers")
	}
	if o.Customers == 0 {
		o.Customers = 1 + o.N/100
	}
	start := o.Start
	if start.IsZero() {
		start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	g := &generator{
		r:     rand.New(rand.NewPCG(uint64(o.Seed), 0x6d6f6c6c6965)), // "mollie"
		n:     o.N,
		start: start.Unix(),
	}
	g.org = strconv.AppendInt([]byte("org_"), 1000000+g.r.Int64N(9000000), 10)
	g.counts = spread(g.r, o.N, o.Customers)
	g.firstPerm = g.r.Perm(len(firstNames))
	g.lastPerm = g.r.Perm(len(lastNames))
	g.companyPerm = g.r.Perm(len(companies))
	g.ev.hrefs = make([]byte, 0, 512)
	g.scratch = make([]byte, 0, 256)
	return g, nil
}

// spread divides n events over c customers unevenly, as real accounts have a
// few busy customers and many quiet ones.
func spread(r *rand.Rand, n, c int) []int {
	weights := make([]float64, c)
	var total float64
	for i := range weights {
		weights[i] = 0.2 + r.ExpFloat64()
		total += weights[i]
	}
	counts := make([]int, c)
	left := n
	for i, w := range weights {
		counts[i] = int(float64(n) * w / total)
		left -= counts[i]
	}
	for i := 0; left > 0; i = (i + 1) % c {
		counts[i]++
		left--
	}
	return counts
}

func newID(r *rand.Rand) (x id) {
	v := r.Uint64()
	for i := range x {
		x[i] = alnum[v%uint64(len(alnum))]
		v /= uint64(len(alnum))
	}
	return x
}

// startCustomer sets g.c to customer ci. It is called for every customer in
// every shape so that all shapes draw the same random numbers.
func (g *generator) startCustomer(ci int) {
	r := g.r
	c := &g.c
	*c = customer{email: c.email[:0], n: g.counts[ci]}
	c.id = newID(g.r)
	// One customer in six is a business.
	if ci%6 == 2 {
		co := companies[g.companyPerm[(ci/6)%len(companies)]]
		c.name, c.locale = co.person, co.locale
		c.email = append(c.email, companyMailboxes[r.IntN(len(companyMailboxes))]...)
		c.email = append(c.email, '@')
		c.email = append(c.email, c.name.mail...)
		c.email = append(c.email, ".example"...)
	} else {
		first := firstNames[g.firstPerm[ci%len(firstNames)]]
		last := lastNames[g.lastPerm[ci%len(lastNames)]]
		c.name = person{first.name + " " + last.name, ""}
		c.locale = Locale(r)
		c.email = append(c.email, first.mail...)
		c.email = append(c.email, '.')
		c.email = append(c.email, last.mail...)
		c.email = append(c.email, '@')
		c.email = append(c.email, mailDomains[r.IntN(len(mailDomains))]...)
	}
	if r.IntN(100) < 30 {
		c.crmID = 10000 + r.IntN(90000)
	}
	c.created = g.start + r.Int64N(365*86400)
	c.now = c.created
	// Events come every two days or so, but a customer with very many events
	// must not run past year 9999: keep each customer within about two years.
	c.meanGap = min(2*86400, 2*365*86400/float64(max(c.n, 1)))
}

// nextEvent sets g.ev to event k of the current customer.
func (g *generator) nextEvent(k int) {
	r, c, ev := g.r, &g.c, &g.ev
	ev.typ = g.pickType(k)
	if k > 0 {
		var gap int64
		if ev.typ.outcome {
			gap = 5 + r.Int64N(900)
		} else {
			gap = 1 + int64(r.ExpFloat64()*c.meanGap)
		}
		c.now += gap
	}
	ev.sec = c.now
	// Now and then an event arrives a little out of order, as webhooks
	// processed in parallel do.
	if k > 1 && r.IntN(100) < 3 {
		ev.sec = max(c.created, c.now-1-r.Int64N(90))
	}

	switch f := r.IntN(100); {
	case f < 40:
		ev.form = formZeroFraction
	case f < 60:
		ev.form = formMillis
		ev.millis = r.IntN(1000)
	case f < 80:
		ev.form = formZ
	case f < 90:
		ev.form = formUTCOffset
	default:
		ev.form = formLocal
	}

	t := ev.typ
	ev.msg = t.quoted[t.pickMessage(r)]

	ref := g.resource(t)
	ev.nlinks, ev.hasLinks, ev.hrefs = 0, false, ev.hrefs[:0]
	if r.IntN(100) >= t.linkPct {
		// No url: usually no _links at all, sometimes only documentation,
		// rarely an empty object.
		switch p := r.IntN(100); {
		case p < 10:
			ev.hasLinks = true
			addLink(ev, "documentation", mediaHTML, docs[t.about])
		case p < 14:
			ev.hasLinks = true
		}
		return
	}
	ev.hasLinks = true
	api := t.about != resCustomer && r.IntN(100) < 60
	if api {
		addLink(ev, "url", mediaHAL, g.apiURL(t.about, ref))
		if r.IntN(100) < 10 {
			addLink(ev, "dashboard", mediaHTML, g.dashboardURL(t.about, ref))
		}
	} else {
		addLink(ev, "url", mediaHTML, g.dashboardURL(t.about, ref))
	}
	if r.IntN(100) < 6 {
		addLink(ev, "documentation", mediaHTML, docs[t.about])
	}
}

// pickType picks the type of event k of the current customer: first
// "Customer created", then mostly at random, but keeping each resource's story
// in order: a payment is created before it is paid, and usually paid (or not)
// right after.
func (g *generator) pickType(k int) *eventType {
	r, c := g.r, &g.c
	if k == 0 {
		return &types[customerCreated]
	}
	if c.open[resPayment] && r.IntN(100) < 90 {
		return pickWeighted(r.IntN(outcomeWeightTotal), true)
	}
	t := pickWeighted(r.IntN(typeWeightTotal), false)
	if t.about != resCustomer && !t.opens && !c.open[t.about] {
		t = opener[t.about]
	}
	if t.needPaid && !c.hasPaid {
		t = opener[resPayment]
	}
	return t
}

// pickWeighted returns the type that w falls on, by weight, among the
// payment outcomes or among the other types.
func pickWeighted(w int, outcome bool) *eventType {
	for i := range types {
		t := &types[i]
		if t.outcome != outcome {
			continue
		}
		if w < t.weight {
			return t
		}
		w -= t.weight
	}
	panic("eventgen: weight out of range")
}

// resource returns the ID of the resource the event is about and updates
// which resources are open.
func (g *generator) resource(t *eventType) id {
	c := &g.c
	a := t.about
	if a == resCustomer {
		return c.id
	}
	if t.opens {
		c.current[a] = newID(g.r)
		c.open[a] = true
	}
	if t.paid {
		c.payment, c.hasPaid = c.current[a], true
	}
	if t.closes {
		c.open[a] = false
	}
	return c.current[a]
}

func addLink[H string | []byte](ev *event, name, media string, href H) {
	start := len(ev.hrefs)
	ev.hrefs = append(ev.hrefs, href...)
	ev.links[ev.nlinks] = link{name, start, len(ev.hrefs), media}
	ev.nlinks++
}

func (g *generator) apiURL(a resource, ref id) []byte {
	g.scratch = appendAPIURL(g.scratch[:0], a, g.c.id[:], ref[:], g.c.payment[:])
	return g.scratch
}

// appendAPIURL appends the API URL of resource ref of the kind a; customer
// and payment are the IDs of the customer and of the payment that a refund
// or chargeback belongs to. IDs are given without their prefix.
func appendAPIURL(b []byte, a resource, customer, ref, payment []byte) []byte {
	b = append(b, "https://api.mollie.com/v2/"...)
	switch a {
	case resMandate:
		return appendPath(b, "customers/cst_", customer, "/mandates/mdt_", ref)
	case resPayment:
		return appendPath(b, "payments/tr_", ref, "", nil)
	case resSubscription:
		return appendPath(b, "customers/cst_", customer, "/subscriptions/sub_", ref)
	case resRefund:
		return appendPath(b, "payments/tr_", payment, "/refunds/re_", ref)
	case resChargeback:
		return appendPath(b, "payments/tr_", payment, "/chargebacks/chb_", ref)
	case resPaymentLink:
		return appendPath(b, "payment-links/pl_", ref, "", nil)
	}
	return appendPath(b, "customers/cst_", customer, "", nil)
}

func (g *generator) dashboardURL(a resource, ref id) []byte {
	if a == resPaymentLink {
		b := appendPath(append(g.scratch[:0], "https://payment-links.mollie.com/payment/"...), "", ref[:], "", nil)
		g.scratch = b
		return b
	}
	b := append(g.scratch[:0], "https://www.mollie.com/dashboard/"...)
	b = append(b, g.org...)
	switch a {
	case resMandate:
		b = appendPath(b, "/customers/cst_", g.c.id[:], "/mandates/mdt_", ref[:])
	case resPayment:
		b = appendPath(b, "/payments/tr_", ref[:], "", nil)
	case resSubscription:
		b = appendPath(b, "/customers/cst_", g.c.id[:], "/subscriptions/sub_", ref[:])
	case resRefund:
		b = appendPath(b, "/payments/tr_", g.c.payment[:], "/refunds/re_", ref[:])
	case resChargeback:
		b = appendPath(b, "/payments/tr_", g.c.payment[:], "/chargebacks/chb_", ref[:])
	default:
		b = appendPath(b, "/customers/cst_", g.c.id[:], "", nil)
	}
	g.scratch = b
	return b
}

func appendPath(b []byte, p1 string, id1 []byte, p2 string, id2 []byte) []byte {
	b = append(b, p1...)
	b = append(b, id1...)
	b = append(b, p2...)
	return append(b, id2...)
}
