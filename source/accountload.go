package source

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/eventbrowser/eventbrowser/model"
)

// LookBack is how far before --since the account-wide lists are read, so
// that late transitions of older objects (a SEPA return days after the
// debit, a capture weeks after the authorization, a refund) are found.
const LookBack = 31 * 24 * time.Hour

// accountLoad rebuilds the history of every customer of the account from
// the account-wide lists, joined by customerId and paymentId, rather than
// one walk per customer: /v2/customers, /v2/payments, then /v2/refunds,
// /v2/chargebacks and /v2/subscriptions; a payment's captures only where
// its _links.captures says it has some, and a customer's mandates only
// where its _links.mandates does (under Since: the customers whose payments
// in range name a mandate).
type accountLoad struct {
	m     *Mollie
	g     gate
	width int // the load's most requests at once: jobs run at once
	out   chan Batch

	mu        sync.Mutex
	h         *History
	read      ResourceCounts
	customers int               // listed so far
	listed    bool              // every list is read
	failed    int               // objects that could not be read
	names     map[string]string // customer names, by ID
	owner     map[string]string // payment ID → customer ID, of payments with refunds, chargebacks or captures
	mandates  map[string]bool   // customers whose mandates to read
	captures  []string          // payments with captures
	orphans   map[string]bool   // payments of refunds and chargebacks not listed
	guests    int               // payments of no customer, not shown

	seen      *changes  // what loads before read (under Mollie.Watch), or nil
	refresh   bool      // a load came before: the lists are read as far as they changed
	chunked   time.Time // when a chunk was last sent
	pageFresh bool      // the page being read holds something new
}

// cutoff is the time before which the lists stop being read: Since less
// LookBack, or zero for the whole history.
func (m *Mollie) cutoff() time.Time {
	if m.Since.IsZero() {
		return time.Time{}
	}
	return m.Since.Add(-LookBack)
}

// loadAccount is Load for --all-customers when histories are rebuilt.
func (m *Mollie) loadAccount(ctx context.Context, lim *limiter, send func(Batch)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a := &accountLoad{m: m, out: make(chan Batch, 16), h: &History{BaseURL: m.BaseURL, Held: m.Held},
		names: map[string]string{}, owner: map[string]string{}, mandates: map[string]bool{}, orphans: map[string]bool{}}
	a.g, a.width = gate{acquire: func() bool { return lim.acquire(ctx) }, release: lim.release}, lim.max
	if a.seen = m.changes(); a.seen != nil {
		// What earlier loads learnt of payments' customers and how many
		// customers there are holds for this one, which reads less.
		a.refresh, a.owner, a.customers = a.seen.refreshing(), a.seen.owner, a.seen.customers
		defer func() { a.seen.customers = a.customers }()
	}
	errc := make(chan error, 1)
	go func() {
		err := a.run(ctx)
		a.mu.Lock()
		a.listed = err == nil // the count of customers is final
		a.flushLocked(true)   // what was read, even when the load stopped
		a.mu.Unlock()
		errc <- err
		close(a.out)
	}()
	for b := range a.out {
		send(b)
	}
	return <-errc
}

// run reads the lists in the order the joins need.
func (a *accountLoad) run(ctx context.Context) error {
	base := strings.TrimRight(a.m.BaseURL, "/") + "/v2/"
	byID := func(it *Item) string { return it.ID }
	byCustomer := func(it *Item) string { return it.CustomerID }
	byPayment := func(it *Item) string { return a.owner[it.PaymentID] }
	if err := parallel(3,
		func() error { return a.list(ctx, base+"customers", "the customer list", byID) },
		func() error { return a.list(ctx, base+"payments", "the payment list", byCustomer) },
		func() error { return a.list(ctx, base+"subscriptions", "the subscription list", byCustomer) },
	); err != nil {
		return err
	}
	if err := parallel(2,
		func() error { return a.list(ctx, base+"refunds", "the refund list", byPayment) },
		func() error { return a.list(ctx, base+"chargebacks", "the chargeback list", byPayment) },
	); err != nil {
		return err
	}
	return a.perObject(ctx, base)
}

// perObject reads what has no account-wide list: captures of the payments
// that have some, mandates of the customers that have some, and the
// payments of refunds and chargebacks that were not listed (older than the
// cutoff), which say whose they are.
func (a *accountLoad) perObject(ctx context.Context, base string) error {
	var jobs []func() error
	for _, tr := range a.captures {
		cst := a.owner[tr]
		jobs = append(jobs, a.failing(cst, func() error {
			return a.list(ctx, base+"payments/"+url.PathEscape(tr)+"/captures", "the captures of payment "+tr,
				func(*Item) string { return cst })
		}))
	}
	for cst := range a.mandates {
		jobs = append(jobs, a.failing(cst, func() error {
			return a.list(ctx, base+"customers/"+url.PathEscape(cst)+"/mandates", "the mandates of customer "+cst,
				func(*Item) string { return cst })
		}))
	}
	for tr := range a.orphans {
		jobs = append(jobs, a.failing("payment "+tr, func() error { return a.orphan(ctx, base, tr) }))
	}
	// The jobs have what they need of the joins: the payments' owners go
	// before the last events come, unless the next load wants them
	// (Watch).
	if a.seen == nil {
		a.owner, a.captures, a.mandates, a.orphans = map[string]string{}, nil, map[string]bool{}, map[string]bool{}
	}
	return parallel(a.width, jobs...)
}

// failing runs a job for one object whose error fails that object, as a
// customer's does, and lets the others go on; a rejected key, or a load
// cancelled, stops them all.
func (a *accountLoad) failing(what string, job func() error) func() error {
	return func() error {
		err := job()
		if err == nil || isKeyProblem(err) || errors.Is(err, context.Canceled) {
			return err
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		a.failed++
		a.out <- Batch{Failures: []Failure{{Source: what, Err: err}}}
		return nil
	}
}

// orphan gets the payment of a refund or chargeback listed without its
// payment (older than the cutoff), with what it embeds, as its
// customer's.
func (a *accountLoad) orphan(ctx context.Context, base, tr string) error {
	body, err := a.m.getIn(ctx, a.g, base+"payments/"+url.PathEscape(tr)+"?embed=refunds,chargebacks", "payment "+tr)
	if err != nil {
		return err
	}
	var probe struct {
		CustomerID string `json:"customerId"`
	}
	if json.Unmarshal(body, &probe) != nil || probe.CustomerID == "" {
		return nil // a payment of no customer: not a customer's history
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	it := a.h.AddItem(probe.CustomerID, body)
	items, err := a.h.AddEmbedded(probe.CustomerID, body)
	a.read.count(append(items, it))
	a.flushLocked(false)
	return err
}

// list reads a list, newest first, until its end or, under Since, the
// first page that ends before the cutoff.
func (a *accountLoad) list(ctx context.Context, first, what string, owner func(*Item) string) error {
	cutoff := a.m.cutoff()
	if strings.HasSuffix(first, "/v2/customers") {
		cutoff = time.Time{} // every customer: their names, and whose mandates to read
	}
	return a.m.readList(ctx, a.g, first, what, func(body []byte) (Page, error) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.pageFresh = false
		p, err := a.h.AddPage(body, func(it *Item) string { return a.join(it, owner) })
		a.read.count(p.Items)
		a.flushLocked(false)
		if err == nil && !cutoff.IsZero() && len(p.Items) > 0 && !p.Items[len(p.Items)-1].Created.IsZero() &&
			p.Items[len(p.Items)-1].Created.Before(cutoff) {
			p.Next = "" // older pages hold nothing in range
		}
		if a.refresh && !a.pageFresh {
			p.Next = "" // nor anything new, on a refresh
		}
		return p, err
	})
}

// join notes what a listed resource says of the others and returns its
// customer: "" leaves its events out (a payment of no customer, a refund
// of a payment not read, kept for later).
//
// An item's strings are views of the page it was read from: what the load
// keeps of them (the maps, the events' sources, the names it hands on) is
// copied, customers' IDs once each, or every page read would be kept.
func (a *accountLoad) join(it *Item, owner func(*Item) string) string {
	cst := unique.Make(owner(it)).Value()
	fresh, isNew := a.seen.note(it)
	a.pageFresh = a.pageFresh || fresh
	if !fresh {
		return "" // a refresh: its events are shown already
	}
	switch it.Kind {
	case "customer":
		id := unique.Make(it.ID).Value()
		if isNew {
			a.customers++
		}
		if it.Name != "" {
			a.names[id] = strings.Clone(it.Name)
		}
		if it.Mandates && a.m.Since.IsZero() {
			a.mandates[id] = true
		}
	case "payment":
		if it.CustomerID == "" && isNew {
			a.guests++
		}
		// Only the owners of payments that say they have refunds,
		// chargebacks or captures are kept: all of 100k payments' took
		// some 8 MB while the lists were read. A refund of another (made
		// after its payment was listed) fetches its payment (orphans).
		if it.Related || it.Captures {
			id := strings.Clone(it.ID)
			a.owner[id] = unique.Make(it.CustomerID).Value()
			if it.Captures {
				a.captures = append(a.captures, id)
			}
		}
		// Since and refreshes do not read every customer's mandates:
		// those the payments in range name are.
		if it.MandateID != "" && it.CustomerID != "" && (!a.m.Since.IsZero() || a.refresh) {
			a.mandates[unique.Make(it.CustomerID).Value()] = true
		}
	case "refund", "chargeback":
		// Out of range once it is older than Since (a chargeback: than the
		// cutoff, as its reversal may come later): not worth a request.
		inRange := a.m.Since.IsZero() || !it.Created.Before(a.m.Since) || it.Kind == "chargeback" && !it.Created.Before(a.m.cutoff())
		if _, known := a.owner[it.PaymentID]; !known && inRange && objectIDAny.MatchString(it.PaymentID) {
			a.orphans[strings.Clone(it.PaymentID)] = true
		}
	}
	return cst
}

// chunkEvents and chunkEvery: a load sends its events in chunks of at
// least chunkEvents, or what it read in chunkEvery, rather than a chunk a
// page: the list merges each batch into all it holds, and keeps a chunk of
// chunkEvents as it is rather than copy it (model.List.AppendChunks).
const chunkEvents = 4096

var chunkEvery = 250 * time.Millisecond // a variable for tests

// flushLocked sends where the load stands, and the events made so far
// when they make a chunk (or all, with all).
func (a *accountLoad) flushLocked(all bool) {
	b := Batch{Progress: &Progress{Done: a.customers, Total: a.customers, Listing: !a.listed, Rebuilt: true, Failed: a.failed, Read: a.read}}
	events := a.h.Events[:0]
	for _, e := range a.h.Events {
		if e.Source != "" { // events of no customer are not a customer's history
			events = append(events, e)
		}
	}
	a.h.Events = events
	if n := len(events); n > 0 && (all || n >= chunkEvents || time.Since(a.chunked) >= chunkEvery) {
		b.Chunks = []*model.Chunk{a.h.Flush()}
		a.chunked = time.Now()
	}
	if len(a.names) > 0 {
		b.Names, a.names = a.names, map[string]string{}
	}
	b.Notes = append(b.Notes, a.h.Warnings()...)
	if a.listed && a.guests > 0 {
		n, are := fmt.Sprintf("%d payments", a.guests), "are"
		if a.guests == 1 {
			n, are = "1 payment", "is"
		}
		b.Notes = append(b.Notes, fmt.Sprintf("%s of no customer (without a customerId) %s not shown: no customer's history", n, are))
	}
	a.h.problems, a.h.order = nil, nil
	a.out <- b
}

// parallel runs the jobs, at most width at once, and returns the first
// error; no job starts after it. A job's requests still take slots of the
// load's; width bounds the goroutines, which an account with thousands of
// customers to read mandates of would otherwise start all at once, each
// waiting for a slot (4,700 of them, 20 MB of stacks, a fifth of the
// load's CPU time in waking them).
func parallel(width int, jobs ...func() error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	var next atomic.Int64
	var failed atomic.Bool
	for range min(max(width, 1), len(jobs)) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(jobs)) && !failed.Load(); i = next.Add(1) - 1 {
				if err := jobs[i](); err != nil {
					once.Do(func() { first = err })
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}

// Load fetches the customers' histories (see loadCustomers). With
// AllCustomers and histories rebuilt from resources (HistoryResources, or
// HistoryAuto on an API whose customers come without events), it reads
// the account-wide lists instead of walking each customer.
func (m *Mollie) Load(ctx context.Context, send func(Batch)) (err error) {
	m.changes().begin()
	defer func() { m.changes().done(err == nil) }()
	if !m.AllCustomers || cmp.Or(m.History, HistoryAuto) == HistoryEvents {
		return m.loadCustomers(ctx, send)
	}
	lim := newLimiter(max(1, min(m.concurrency(), 32)))
	m.lim.Store(lim)
	if cmp.Or(m.History, HistoryAuto) == HistoryAuto {
		// An error here is met again, and said as usual, by the walk.
		if own, err := m.ownEvents(ctx); own || err != nil {
			return m.loadCustomers(ctx, send)
		}
	}
	send(Batch{Notes: []string{"histories rebuilt from the account's customers, payments, refunds, chargebacks, captures, mandates and subscriptions" +
		map[bool]string{true: " (Mollie withdrew include=events)", false: " (--history resources)"}[m.History != HistoryResources]}})
	return m.loadAccount(ctx, lim, send)
}

// ownEvents tells whether the account's customers come with their own
// events: whether its newest customer does.
func (m *Mollie) ownEvents(ctx context.Context) (bool, error) {
	q := url.Values{"limit": {"1"}}
	m.tokenParams(q)
	body, err := m.get(ctx, strings.TrimRight(m.BaseURL, "/")+"/v2/customers?"+q.Encode(), "the customer list")
	if err != nil {
		return false, err
	}
	var h History
	p, err := h.AddPage(body, func(*Item) string { return "" })
	if err != nil || len(p.Items) == 0 {
		return false, err
	}
	body, err = m.getCustomer(ctx, gate{}, p.Items[0].ID, true)
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity) {
		return false, nil // include=events refused
	}
	var probe struct {
		Events []json.RawMessage `json:"events"`
	}
	json.Unmarshal(body, &probe)
	return len(probe.Events) > 0, err
}
