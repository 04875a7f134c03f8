package source

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/eventbrowser/eventbrowser/internal/cells"
)

// Where a customer's history comes from (Mollie.History, --history).
const (
	HistoryEvents    = "events"    // the customer's own events (include=events), nothing else
	HistoryResources = "resources" // rebuilt from its payments, refunds… (History)
	HistoryAuto      = "auto"      // its own events where the API gives them, else rebuilt
)

// gate is the load's slots: every request takes one while in flight.
type gate struct {
	acquire func() bool
	release func()
}

func (l *customerLoad) gate(ctx context.Context) gate {
	return gate{acquire: func() bool { return l.acquire(ctx) }, release: l.release}
}

// getIn is get in a slot of g.
func (m *Mollie) getIn(ctx context.Context, g gate, u, what string) ([]byte, error) {
	if g.acquire != nil {
		if !g.acquire() {
			return nil, ctx.Err()
		}
		defer g.release()
	}
	return m.get(ctx, u, what)
}

// ResourceCounts counts the resources read to rebuild histories, by kind.
type ResourceCounts struct {
	Payments, Refunds, Chargebacks, Captures, Mandates, Subscriptions int
}

func (k *ResourceCounts) count(items []Item) {
	for i := range items {
		switch items[i].Kind {
		case "payment":
			k.Payments++
		case "refund":
			k.Refunds++
		case "chargeback":
			k.Chargebacks++
		case "capture":
			k.Captures++
		case "mandate":
			k.Mandates++
		case "subscription":
			k.Subscriptions++
		}
	}
}

func (k *ResourceCounts) add(o ResourceCounts) {
	k.Payments += o.Payments
	k.Refunds += o.Refunds
	k.Chargebacks += o.Chargebacks
	k.Captures += o.Captures
	k.Mandates += o.Mandates
	k.Subscriptions += o.Subscriptions
}

// rebuild reads customer id's history from its resources: the customer
// (body, as fetched), its payments (paged at 250), mandates and
// subscriptions, and a payment's refunds, chargebacks and captures with
// one Get payment ?embed=… for the payments whose links or amounts say
// they have some. The lists its _links leave out are empty and not read.
func (m *Mollie) rebuild(ctx context.Context, g gate, id string, body []byte) customerResult {
	r := customerResult{id: id, rebuilt: true}
	var mu sync.Mutex // h is not safe for concurrent use
	h := &History{BaseURL: m.BaseURL, Held: m.Held}
	cst := h.AddItem(id, body)
	owner := func(*Item) string { return id }
	var related []string
	cutoff := m.cutoff()
	seen := m.changes()
	add := func(page []byte) (Page, error) {
		mu.Lock()
		defer mu.Unlock()
		p, err := h.AddPage(page, owner)
		r.read.count(p.Items)
		anyFresh := false
		for i := range p.Items {
			it := &p.Items[i]
			fresh, _ := seen.note(it)
			anyFresh = anyFresh || fresh
			if fresh && it.Kind == "payment" && it.Related && objectIDAny.MatchString(it.ID) && !it.Created.Before(cutoff) {
				related = append(related, it.ID)
			}
		}
		if !anyFresh && seen.refreshing() {
			p.Next = "" // a refresh: the older pages hold nothing new either
		}
		// Under Since, the payments (newest first) are read back to the
		// cutoff: the older pages hold nothing in range. Mandates and
		// subscriptions are few, and a subscription canceled in range
		// may be old: those are read whole.
		if n := len(p.Items); err == nil && !cutoff.IsZero() && n > 0 && p.Items[n-1].Kind == "payment" &&
			!p.Items[n-1].Created.IsZero() && p.Items[n-1].Created.Before(cutoff) {
			p.Next = ""
		}
		return p, err
	}
	base := strings.TrimRight(m.BaseURL, "/") + "/v2/customers/" + url.PathEscape(id) + "/"
	for _, l := range []struct {
		kind string
		has  bool
	}{{"payments", cst.Payments}, {"mandates", cst.Mandates}, {"subscriptions", cst.Subscriptions}} {
		if cst.Links && !l.has {
			continue // Mollie leaves the link out when there are none
		}
		if err := m.readList(ctx, g, base+l.kind, "the "+strings.TrimSuffix(l.kind, "s")+" list of customer "+id, add); err != nil {
			r.err = err
			return r
		}
	}
	if err := m.embedAll(ctx, g, id, related, func(body []byte) error {
		mu.Lock()
		defer mu.Unlock()
		items, err := h.AddEmbedded(id, body)
		r.read.count(items)
		return err
	}); err != nil {
		r.err = err
		return r
	}
	r.events = h.Flush()
	r.warnings = h.Warnings()
	return r
}

// embedAll gets each payment with embed=refunds,chargebacks,captures, as
// many at once as g allows, and hands each body to add; the first error
// stops the rest.
func (m *Mollie) embedAll(ctx context.Context, g gate, customer string, payments []string, add func([]byte) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	fail := func(err error) { once.Do(func() { first = err; cancel() }) }
	base := strings.TrimRight(m.BaseURL, "/") + "/v2/payments/"
	for _, tr := range payments {
		if ctx.Err() != nil {
			break
		}
		if !g.acquire() {
			break
		}
		wg.Go(func() {
			defer g.release()
			q := url.Values{"embed": {"refunds,chargebacks,captures"}}
			m.tokenParams(q)
			body, err := m.get(ctx, base+tr+"?"+q.Encode(), "payment "+tr+" of customer "+customer)
			if err == nil {
				err = add(body)
				if err != nil {
					err = fmt.Errorf("payment %s of customer %s: %w", tr, customer, err)
				}
			}
			if err != nil {
				fail(err)
			}
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

// readList pages through the list at first (limit=250), handing each
// page to add. A page whose next link points back at a page read, or
// whose first resource is the previous page's (a cursor that does not
// move), stops the reading with an error rather than a loop.
func (m *Mollie) readList(ctx context.Context, g gate, first, what string, add func([]byte) (Page, error)) error {
	q := url.Values{"limit": {"250"}}
	m.tokenParams(q)
	next := first + "?" + q.Encode()
	guard := pageGuard{what: what}
	for page := 1; next != ""; page++ {
		guard.reading(page, next)
		body, err := m.getIn(ctx, g, next, fmt.Sprintf("%s (page %d)", what, page))
		if err != nil {
			return err
		}
		p, err := add(body)
		if err != nil {
			return fmt.Errorf("%s (page %d): %v", what, page, err)
		}
		first := ""
		if len(p.Items) > 0 {
			first = p.Items[0].ID
		}
		if err := guard.starts(page, first); err != nil {
			return err
		}
		if p.Next == "" {
			return nil
		}
		if next, err = m.nextListPage(next, p.Next, what); err != nil {
			return err
		}
		if err := guard.next(page, next); err != nil {
			return err
		}
	}
	return nil
}

// pageGuard stops a list walk that would loop: a next link back to a page
// read, or a page that starts where the one before did (a cursor that does
// not move).
type pageGuard struct {
	what      string
	seen      map[string]int // page number by URL
	prevFirst string
}

// reading records that page is read from url.
func (g *pageGuard) reading(page int, url string) {
	if g.seen == nil {
		g.seen = map[string]int{}
	}
	g.seen[url] = page
}

// starts checks the ID page starts with ("" for an empty page).
func (g *pageGuard) starts(page int, first string) error {
	if first != "" && first == g.prevFirst {
		return fmt.Errorf("%s repeats: page %d starts with %s, as page %d did; stopped reading it (the API's cursor did not move)",
			g.what, page, safeID(first), page-1)
	}
	g.prevFirst = first
	return nil
}

// next checks the next link of page.
func (g *pageGuard) next(page int, next string) error {
	if at, ok := g.seen[next]; ok {
		return fmt.Errorf("%s repeats: page %d links back to page %d (%s); stopped reading it", g.what, page, at, safeURL(next))
	}
	return nil
}

// nextListPage resolves a next link against its page, refusing one to
// another origin, which would get the key.
func (m *Mollie) nextListPage(page, link, what string) (string, error) {
	base, _ := url.Parse(m.BaseURL)
	cur, _ := url.Parse(page)
	u, err := url.Parse(link)
	if err == nil {
		u = cur.ResolveReference(u)
	}
	if err != nil || origin(u) != origin(base) {
		return "", fmt.Errorf("%s links to %s for its next page, not to %s; not following it with your key", what, safeURL(link), base.Host)
	}
	return u.String(), nil
}

// safeURL is a URL fit for a message.
func safeURL(u string) string { return cells.ClipWidth(cells.SanitizeLine(u), 160) }

// rebuiltNote says, once, that histories are rebuilt and why.
func (m *Mollie) rebuiltNote(id string) string {
	if cmp.Or(m.History, HistoryAuto) == HistoryResources {
		return "history rebuilt from each customer's payments, refunds, chargebacks, captures, mandates and subscriptions (--history resources)"
	}
	return "customer " + id + " came without its own events (Mollie withdrew include=events): showing the history rebuilt from its payments, refunds, chargebacks, captures, mandates and subscriptions"
}

// historyNotes says, once a load, where the customers' histories come from
// (their own events, or rebuilt), and what was wrong with the resources of
// a rebuilt one; it counts what was read in p.
func (m *Mollie) historyNotes(b *Batch, p *Progress, r customerResult) {
	if !r.rebuilt {
		m.rebuiltOnce.Do(func() {
			b.Notes = append(b.Notes, "customers come with their own events (include=events): showing those (--history auto)")
		})
		return
	}
	p.Rebuilt = true
	p.Read.add(r.read)
	m.rebuiltOnce.Do(func() { b.Notes = append(b.Notes, m.rebuiltNote(r.id)) })
	for _, w := range r.warnings {
		b.Notes = append(b.Notes, "customer "+r.id+": "+w)
	}
}
