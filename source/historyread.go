package source

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/internal/eventmsg"
	"github.com/eventbrowser/eventbrowser/model"
)

// readResource reads one resource object into r. A field of the wrong
// kind (a number for a time) is left out with a warning, and the rest is
// read.
func (h *History) readResource(s *jscan, r *wireResource, other func(key []byte) bool) bool {
	rd := resourceReader{s: s, r: r}
	ok := s.object(func(k []byte) bool {
		if done, ok := rd.member(k); done {
			return ok
		}
		if other != nil {
			return other(k)
		}
		return s.skip(1)
	})
	if ok && rd.wrong != "" {
		h.warn(r.Resource, "%s %s: its field %s is not of the kind Mollie sends; left out", kindName(r.Resource), safeID(r.ID), rd.wrong)
	}
	return ok
}

// resourceReader reads the members of one resource object into r, and
// keeps the first field of the wrong kind.
type resourceReader struct {
	s     *jscan
	r     *wireResource
	wrong string
}

// member reads the member named k, when it is one of a resource's; done
// is false for any other.
func (rd *resourceReader) member(k []byte) (done, ok bool) {
	r := rd.r
	switch string(k) {
	case "resource":
		return true, rd.str(&r.Resource, "", "resource")
	case "id":
		return true, rd.str(&r.ID, "", "id")
	case "status":
		return true, rd.str(&r.Status, "", "status")
	case "createdAt":
		return true, rd.str(&r.CreatedAt, "", "createdAt")
	case "authorizedAt":
		return true, rd.str(&r.AuthorizedAt, "", "authorizedAt")
	case "paidAt":
		return true, rd.str(&r.PaidAt, "", "paidAt")
	case "canceledAt":
		return true, rd.str(&r.CanceledAt, "", "canceledAt")
	case "expiredAt":
		return true, rd.str(&r.ExpiredAt, "", "expiredAt")
	case "failedAt":
		return true, rd.str(&r.FailedAt, "", "failedAt")
	case "reversedAt":
		return true, rd.str(&r.ReversedAt, "", "reversedAt")
	case "amount":
		return true, rd.money(&r.Amount, "amount")
	case "amountRefunded":
		return true, rd.money(&r.AmountRefunded, "amountRefunded")
	case "amountChargedBack":
		return true, rd.money(&r.ChargedBack, "amountChargedBack")
	case "description":
		return true, rd.str(&r.Description, "", "description")
	case "name":
		return true, rd.str(&r.Name, "", "name")
	case "method":
		return true, rd.str(&r.Method, "", "method")
	case "interval":
		return true, rd.str(&r.Interval, "", "interval")
	case "customerId":
		return true, rd.str(&r.CustomerID, "", "customerId")
	case "paymentId":
		return true, rd.str(&r.PaymentID, "", "paymentId")
	case "mandateId":
		return true, rd.str(&r.MandateID, "", "mandateId")
	case "subscriptionId":
		return true, rd.str(&r.SubscriptionID, "", "subscriptionId")
	case "details":
		return true, rd.sub("details", r.detailsField)
	case "statusReason":
		return true, rd.sub("statusReason", r.statusReasonField)
	case "reason":
		return true, rd.sub("reason", r.reasonField)
	case "_links":
		return true, rd.links()
	}
	return false, false
}

// str reads a string field, named parent.name (or name) in a warning: the
// name is made only then.
func (rd *resourceReader) str(dst *string, parent, name string) bool {
	ok, bad := rd.s.str(dst)
	if bad && rd.wrong == "" {
		rd.wrong = name
		if parent != "" {
			rd.wrong = parent + "." + name
		}
	}
	return ok
}

func (rd *resourceReader) money(m *eventmsg.Money, name string) bool {
	s := rd.s
	if s.peek() != '{' {
		var v string
		return rd.str(&v, "", name)
	}
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "currency":
			return rd.str(&m.Currency, name, "currency")
		case "value":
			return rd.str(&m.Value, name, "value")
		}
		return s.skip(1)
	})
}

// sub reads an object of strings, such as details, into the fields field
// names.
func (rd *resourceReader) sub(name string, field func(key []byte) *string) bool {
	s := rd.s
	if s.peek() != '{' {
		var v string
		return rd.str(&v, "", name)
	}
	return s.object(func(k []byte) bool {
		if dst := field(k); dst != nil {
			ok, bad := s.str(dst)
			if bad && rd.wrong == "" {
				rd.wrong = name + "." + string(k)
			}
			return ok
		}
		return s.skip(1)
	})
}

func (rd *resourceReader) link(l *wireLink) bool {
	s := rd.s
	if s.peek() != '{' {
		return s.skip(1)
	}
	return s.object(func(k []byte) bool {
		switch string(k) {
		case "href":
			return rd.str(&l.Href, "_links", "href")
		case "type":
			return rd.str(&l.Type, "_links", "type")
		}
		return s.skip(1)
	})
}

func (rd *resourceReader) links() bool {
	s, r := rd.s, rd.r
	if s.peek() != '{' {
		return s.skip(1)
	}
	r.HasLinks = true
	return s.object(func(k []byte) bool {
		present := s.peek() != 'n' // null: as if absent
		switch string(k) {
		case "self":
			return rd.link(&r.Self)
		case "dashboard":
			return rd.link(&r.Dashboard)
		case "mandate":
			return rd.link(&r.Mandate)
		case "subscription":
			return rd.link(&r.Subscription)
		case "refunds":
			r.HasRefunds = present
		case "chargebacks":
			r.HasChargebacks = present
		case "captures":
			r.HasCaptures = present
		case "mandates":
			r.HasMandates = present
		case "payments":
			r.HasPayments = present
		case "subscriptions":
			r.HasSubs = present
		}
		return s.skip(1)
	})
}

// Item is what a list page says of one resource, for the load to decide
// what to read next.
type Item struct {
	Kind, ID              string
	Name                  string // a customer's, sanitized
	CustomerID, PaymentID string
	MandateID             string
	Created               time.Time // zero when missing or malformed
	// Related: a payment has refunds, chargebacks or captures (its links
	// or amounts say so), which only Get payment ?embed=… shows.
	Related bool
	// Captures: a payment's _links.captures is there.
	Captures bool
	// Mandates, Payments, Subscriptions: a customer's _links.mandates…
	// are there; Mollie leaves them out when it has none.
	Mandates, Payments, Subscriptions bool
	// Links: the resource has _links at all (without them, nothing can be
	// told from their absence).
	Links bool
	Raw   []byte
}

// Page is what AddPage read: its resources and the next page's link.
type Page struct {
	Items []Item
	Next  string // "" on the last page
}

// AddPage reads a list page, {"count":…,"_embedded":{"payments":[…]},
// "_links":{"next":{"href":…}|null}}, whatever the kind listed, and adds
// the events of its resources, each with the source owner gives it (the
// customer it belongs to; "" for none known). A page that is not JSON is
// an error; a bad resource on it is a warning.
func (h *History) AddPage(body []byte, owner func(it *Item) string) (Page, error) {
	s := jscan{b: body}
	var p Page
	ok := s.object(func(k []byte) bool {
		switch string(k) {
		case "count": // first, as Mollie writes it: room for the items at once
			start, ok := s.i, s.skip(1)
			if n, err := strconv.Atoi(string(bytes.TrimSpace(body[start:s.i]))); ok && err == nil && n > 0 && p.Items == nil {
				p.Items = make([]Item, 0, min(n, 250))
			}
			return ok
		case "_embedded":
			return h.embedded(&s, owner, &p.Items)
		case "_links":
			if s.peek() != '{' {
				return s.skip(1)
			}
			return s.object(func(k []byte) bool {
				if string(k) != "next" || s.peek() != '{' {
					return s.skip(1)
				}
				return s.object(func(k []byte) bool {
					if string(k) == "href" {
						ok, _ := s.str(&p.Next)
						return ok
					}
					return s.skip(1)
				})
			})
		}
		return s.skip(1)
	})
	h.hold()
	if !ok || s.peek() != 0 {
		return p, fmt.Errorf("not the JSON Mollie sends (at byte %d)", s.i)
	}
	return p, nil
}

// AddItem adds one resource, as Get answers with it, and says what it
// is. Bad JSON is a warning and an Item without a Kind.
func (h *History) AddItem(customer string, raw []byte) Item {
	s := jscan{b: raw}
	it, ok := h.item(&s, raw, func(*Item) string { return customer }, nil)
	h.hold()
	if !ok || s.peek() != 0 {
		h.warn("", "a resource that is not a JSON object was skipped (bad JSON near byte %d)", s.i)
		return Item{}
	}
	return it
}

// AddEmbedded adds what a payment embeds, as Get payment answers with
// embed=refunds,chargebacks,captures, all with customer as their source,
// and holds the payment, embeds and all. It returns what it read.
func (h *History) AddEmbedded(customer string, raw []byte) ([]Item, error) {
	var items []Item
	s := jscan{b: raw}
	var r wireResource
	ok := h.readResource(&s, &r, func(k []byte) bool {
		if string(k) == "_embedded" {
			return h.embedded(&s, func(*Item) string { return customer }, &items)
		}
		return s.skip(1)
	})
	if ok && s.peek() == 0 && h.Held != nil && r.Self.Href != "" {
		e := model.Event{Links: h.links(r.Resource, customer, &r)}
		if u := h.heldURL(&e); u != "" {
			h.pending = append(h.pending, heldResource{url: u, id: r.ID, raw: raw}) // after its embeds
		}
	}
	h.hold()
	if !ok || s.peek() != 0 {
		return items, fmt.Errorf("not the JSON Mollie sends (at byte %d)", s.i)
	}
	return items, nil
}

// embedded reads an _embedded object, {"payments":[…]}, adding the events
// of every resource in its arrays.
func (h *History) embedded(s *jscan, owner func(*Item) string, items *[]Item) bool {
	if s.peek() == 'n' {
		return s.literal("null")
	}
	return s.object(func([]byte) bool {
		if s.peek() == 'n' {
			return s.literal("null") // an empty list, as some answers write it
		}
		return s.array(func() bool {
			if s.peek() != '{' {
				h.warn("", "a list entry that is not a JSON object was skipped")
				return s.skip(1)
			}
			it, ok := h.item(s, s.b, owner, nil)
			if ok {
				*items = append(*items, it)
			}
			return ok
		})
	})
}

// item reads the resource at s and adds its events; other, when not nil,
// reads the members readResource does not.
func (h *History) item(s *jscan, body []byte, owner func(*Item) string, other func(key []byte) bool) (Item, bool) {
	start := s.i
	r := &h.scratch // reused: one resource at a time, and big
	*r = wireResource{}
	if !h.readResource(s, r, other) {
		return Item{}, false
	}
	it := Item{Kind: r.Resource, ID: r.ID, Name: cells.SanitizeLine(r.Name), CustomerID: r.CustomerID, PaymentID: r.PaymentID, MandateID: r.MandateID,
		Related:  r.HasRefunds || r.HasChargebacks || r.HasCaptures || nonZero(r.AmountRefunded) || nonZero(r.ChargedBack),
		Captures: r.HasCaptures, Mandates: r.HasMandates, Payments: r.HasPayments, Subscriptions: r.HasSubs,
		Links: r.HasLinks, Raw: body[start:s.i:s.i]}
	it.Created, _ = time.Parse(time.RFC3339Nano, r.CreatedAt) // before owner, which may look at it
	h.createdAt = it.Created
	h.add(owner(&it), r, it.Raw)
	h.createdAt = time.Time{}
	return it, true
}

// nonZero is an amount other than 0.00.
func nonZero(m eventmsg.Money) bool {
	for _, c := range m.Value {
		if c >= '1' && c <= '9' {
			return true
		}
	}
	return false
}

// detailsField is the field of r a member of a payment's details goes to,
// or nil.
func (r *wireResource) detailsField(key []byte) *string {
	switch string(key) {
	case "failureReason":
		return &r.FailureReason
	case "failureMessage":
		return &r.FailureMessage
	case "bankReasonCode":
		return &r.BankReasonCode
	case "bankReason":
		return &r.BankReason
	}
	return nil
}

func (r *wireResource) statusReasonField(key []byte) *string {
	switch string(key) {
	case "code":
		return &r.StatusCode
	case "message":
		return &r.StatusMessage
	}
	return nil
}

func (r *wireResource) reasonField(key []byte) *string {
	switch string(key) {
	case "code":
		return &r.ReasonCode
	case "description":
		return &r.ReasonDescription
	}
	return nil
}
