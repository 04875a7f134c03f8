package source

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/eventmsg"
	"github.com/eventbrowser/eventbrowser/model"
)

// History rebuilds a customer's history from the resources Mollie serves:
// one event per transition timestamp of a customer, payment, refund,
// chargeback, capture, mandate, subscription or payment link. Bad input
// (a missing or malformed timestamp, an unknown status or kind, an amount
// that is not a decimal string) costs at most that one event and one
// warning per kind, never the load. Not safe for concurrent use.
type History struct {
	// BaseURL is the API's, for the API links of resources that came
	// without _links.self, and to key Held.
	BaseURL string
	// Held, when not nil, keeps every resource read by its API URL, so
	// that the detail view and --expand show it without a request.
	Held *Held

	Events []model.Event

	apiPrefix string         // BaseURL's /v2/
	pending   []heldResource // read, to be held (hold)
	scratch   wireResource   // the resource being read
	createdAt time.Time      // its createdAt, when item has parsed it
	linkSlab  []model.Link   // where links' slices are cut from

	problems map[string]*problem // by kind: the first, and how many
	order    []string            // the kinds with problems, in the order met
}

// problem is what went wrong with the resources of one kind: the first
// problem said, and how many there were.
type problem struct {
	first string
	n     int
}

// wireResource is every field of every kind of resource that a history
// reads (readResource fills it). Timestamps and amounts stay as written,
// checked where used; "" is absent (or null).
type wireResource struct {
	eventmsg.Parts                          // what its events' messages say
	Resource, ID, Status                    string
	CreatedAt, AuthorizedAt, PaidAt         string
	CanceledAt, ExpiredAt, FailedAt         string
	ReversedAt                              string
	AmountRefunded, ChargedBack             eventmsg.Money
	Name                                    string
	CustomerID, PaymentID, MandateID        string
	SubscriptionID                          string
	Self, Dashboard                         wireLink
	Mandate, Subscription                   wireLink // a payment's _links.mandate, .subscription
	HasRefunds, HasChargebacks, HasCaptures bool     // _links.refunds… are there
	HasMandates, HasPayments, HasSubs       bool     // a customer's _links.mandates, .payments, .subscriptions
	HasLinks                                bool     // _links is there at all
}

type wireLink struct{ Href, Type string }

// transition is one timestamp of a resource that marks a change, and the
// event it makes.
type transition struct {
	at   string // "" when it has not happened
	name string // the event's type: "payment.failed"
	verb string // the message's start: "Payment failed"
}

// statuses are the statuses each kind of resource is documented to have.
var statuses = map[string]string{
	"payment":      " open pending authorized paid canceled expired failed ",
	"refund":       " queued pending processing refunded failed canceled ",
	"capture":      " pending succeeded failed ",
	"mandate":      " valid pending invalid ",
	"subscription": " pending active canceled suspended completed ",
}

// Add turns one resource, as the API sends it, into its events, with
// customer as their source (a payment's refunds are its customer's). It
// returns how many events it added. raw must not change afterwards: the
// events' texts and Held share its bytes.
func (h *History) Add(customer string, raw []byte) int {
	s := jscan{b: raw}
	var r wireResource
	ok := h.readResource(&s, &r, nil)
	if s.peek() != 0 {
		ok = false
	}
	if !ok {
		h.warn("", "a resource that is not a JSON object was skipped (bad JSON near byte %d)", s.i)
		return 0
	}
	h.createdAt = time.Time{}
	n := h.add(customer, &r, raw)
	h.hold()
	return n
}

// heldResource is a resource read, by the API URL it is held at, and the
// ID its body says it has, when that is known.
type heldResource struct {
	url, id string
	raw     []byte
}

// hold puts the resources read into Held, all at once.
func (h *History) hold() {
	if len(h.pending) > 0 && h.Held != nil {
		h.Held.holdRead(h.pending, strings.TrimRight(h.BaseURL, "/"))
	}
	clear(h.pending)
	h.pending = h.pending[:0]
}

func (h *History) add(customer string, r *wireResource, raw []byte) int {
	kind := r.Resource
	if kind == "payment_link" || kind == "payment-link" {
		kind = "payment-link"
	}
	if !knownKinds[kind] {
		h.warn("", "resources of an unknown kind (%q) were skipped", cells.ClipWidth(cells.SanitizeLine(kind), 40))
		return 0
	}
	if list, ok := statuses[kind]; ok && !hasWord(list, r.Status) {
		h.warn(kind, "%s %s has a status eventbrowser does not know (%q); its events are shown as they are",
			kind, safeID(r.ID), cells.ClipWidth(cells.SanitizeLine(r.Status), 40))
	}
	detail := h.detail(kind, r)
	links := h.links(kind, customer, r)
	source := cells.SafeLine(customer)
	var buf [6]transition
	n := 0
	for i, t := range transitions(buf[:0], kind, r) {
		if t.at == "" {
			if i == 0 { // every resource has a createdAt
				h.warn(kind, "%s %s has no createdAt: its creation is not shown", kind, safeID(r.ID))
			}
			continue
		}
		at, err := h.createdAt, error(nil)
		if i > 0 || at.IsZero() {
			at, err = time.Parse(time.RFC3339Nano, t.at)
		}
		if err != nil {
			h.warn(kind, "%s %s has a time that is not RFC 3339 (%q): that event is not shown",
				kind, safeID(r.ID), cells.ClipWidth(cells.SanitizeLine(t.at), 40))
			continue
		}
		// The message is made of parts sanitized once a resource (detail,
		// transitions), so it is its own display line: what Finish would
		// make of it, without sanitizing it again for every event.
		msg := detail.Message(t.name, t.verb)
		e := model.Event{Resource: "event", TypeName: t.name, Created: at, CreatedRaw: t.at, Message: msg,
			Links: links, Source: source, Line: cells.Line(msg)}
		h.Events = append(h.Events, e)
		n++
	}
	if n > 0 && h.Held != nil && raw != nil {
		if u := h.heldURL(&h.Events[len(h.Events)-1]); u != "" {
			h.pending = append(h.pending, heldResource{url: u, id: r.ID, raw: raw})
		}
	}
	return n
}

// heldURL is the API URL an event's resource is held by: the one
// FirstResourceURL finds for it, which is its self link when that is a
// plain API URL on BaseURL (most are: the quick way).
func (h *History) heldURL(e *model.Event) string {
	if h.apiPrefix == "" {
		h.apiPrefix = strings.TrimRight(h.BaseURL, "/") + "/v2/"
	}
	if len(e.Links) == 0 {
		return ""
	}
	switch l := e.Links[0]; {
	case strings.ContainsAny(l.Href, "?#%"):
	case l.Name == "self" && strings.HasPrefix(l.Href, h.apiPrefix) && !strings.Contains(l.Href[len(h.apiPrefix)-1:], "//"):
		return l.Href
	case l.Name == "dashboard" && strings.HasPrefix(l.Href, "https://www.mollie.com/dashboard/"):
		// As ResourceURL maps a dashboard page of a payment or customer.
		id := lastSegment(l.Href)
		switch {
		case strings.HasPrefix(id, "tr_") && alnum(id[3:]):
			return h.apiPrefix + "payments/" + id
		case strings.HasPrefix(id, "cst_") && alnum(id[4:]):
			return h.apiPrefix + "customers/" + id
		}
	}
	return FirstResourceURL(e, h.BaseURL)
}

// alnum tells whether s is letters and digits only, and not empty: the
// rest of an object ID after its prefix (objectIDAny, without a regexp).
func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// Flush moves the events made so far into a chunk, as a load sends them,
// and starts afresh.
func (h *History) Flush() *model.Chunk {
	links := 0
	for i := range h.Events {
		links += len(h.Events[i].Links)
	}
	c := model.NewChunk(len(h.Events), links)
	for i := range h.Events {
		c.Add(&h.Events[i])
	}
	clear(h.Events)
	h.Events = h.Events[:0]
	return c
}

// links are the links of r's events: its dashboard page where Mollie
// gives one (payments, customers), else the API object; then, for a
// payment of a mandate or subscription, those objects', so that the
// story of a mandate or subscription (entity:) holds its payments.
func (h *History) links(kind, customer string, r *wireResource) []model.Link {
	var l model.Link
	switch {
	case r.Dashboard.Href != "":
		l = model.Link{Name: "dashboard", Href: r.Dashboard.Href, Type: r.Dashboard.Type}
	case r.Self.Href != "":
		l = model.Link{Name: "self", Href: r.Self.Href, Type: r.Self.Type}
	default:
		p := apiPath(kind, customer, r)
		if p == "" || h.BaseURL == "" {
			return nil
		}
		l = model.Link{Name: "self", Href: strings.TrimRight(h.BaseURL, "/") + p, Type: "application/hal+json"}
	}
	var parents [2]model.Link
	n := 0
	if kind == "payment" {
		owner := cmpOr(r.CustomerID, customer)
		for _, p := range [...]struct {
			name, id, coll string
			wire           wireLink
		}{{"mandate", r.MandateID, "mandates", r.Mandate}, {"subscription", r.SubscriptionID, "subscriptions", r.Subscription}} {
			if href := h.parentHref(owner, p.coll, p.id, p.wire); href != "" {
				parents[n] = model.Link{Name: p.name, Href: href, Type: "application/hal+json"}
				n++
			}
		}
	}
	// The links are cut from a slab: one allocation for many resources.
	if len(h.linkSlab) < 1+n {
		h.linkSlab = make([]model.Link, 256)
	}
	ls := h.linkSlab[: 1+n : 1+n]
	h.linkSlab = h.linkSlab[1+n:]
	ls[0] = l
	copy(ls[1:], parents[:n])
	return ls
}

// parentHref is the API URL of a payment's mandate or subscription: its
// link as the payment gives it, else made from the IDs; "" when the
// payment has none.
func (h *History) parentHref(customer, coll, id string, wire wireLink) string {
	switch {
	case wire.Href != "":
		return wire.Href
	case !objectIDAny.MatchString(id) || !objectIDAny.MatchString(customer) || h.BaseURL == "":
		return ""
	}
	return strings.TrimRight(h.BaseURL, "/") + "/v2/customers/" + customer + "/" + coll + "/" + id
}

// apiPath is where the API serves r, made from its IDs when it came
// without _links.self; "" when they do not say.
func apiPath(kind, customer string, r *wireResource) string {
	if !objectIDAny.MatchString(r.ID) {
		return ""
	}
	id := url.PathEscape(r.ID)
	under := func(parent, coll string) string {
		if !objectIDAny.MatchString(parent) {
			return ""
		}
		return "/v2/" + coll[:strings.IndexByte(coll, '/')] + "/" + parent + coll[strings.IndexByte(coll, '/'):] + "/" + id
	}
	switch kind {
	case "customer":
		return "/v2/customers/" + id
	case "payment":
		return "/v2/payments/" + id
	case "payment-link":
		return "/v2/payment-links/" + id
	case "refund":
		return under(r.PaymentID, "payments/refunds")
	case "chargeback":
		return under(r.PaymentID, "payments/chargebacks")
	case "capture":
		return under(r.PaymentID, "payments/captures")
	case "mandate":
		return under(customer, "customers/mandates")
	case "subscription":
		return under(cmpOr(r.CustomerID, customer), "customers/subscriptions")
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// warn notes a problem with a resource of kind ("" for one of no known
// kind): Warnings says the first of each kind, and how many more.
func (h *History) warn(kind, format string, args ...any) {
	if p := h.problems[kind]; p != nil {
		p.n++
		return
	}
	if h.problems == nil {
		h.problems = map[string]*problem{}
	}
	h.problems[kind] = &problem{first: fmt.Sprintf(format, args...), n: 1}
	h.order = append(h.order, kind)
}

// Warnings says what was wrong with the resources read: one line a kind,
// its first problem and how many more there were.
func (h *History) Warnings() []string {
	var ws []string
	for _, kind := range h.order {
		p := h.problems[kind]
		w := p.first
		if p.n > 1 {
			w += fmt.Sprintf(" (and %d more problems with %ss)", p.n-1, kindName(kind))
		}
		ws = append(ws, w)
	}
	return ws
}

// kindName is kind for a message.
func kindName(kind string) string {
	if !knownKinds[kind] {
		return "resource"
	}
	return strings.ReplaceAll(kind, "-", " ")
}

// safeID is an ID fit for a warning.
func safeID(id string) string {
	if id == "" {
		return "(without an id)"
	}
	return cells.ClipWidth(cells.SanitizeLine(id), 40)
}
