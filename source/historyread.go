package source

import (
	"fmt"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// readResource reads one resource object into r. A field of the wrong
// kind (a number for a time) is left out with a warning, and the rest is
// read.
func (h *History) readResource(s *jscan, r *wireResource, other func(key []byte) bool) bool {
	var wrong string // the first field of the wrong kind
	// str reads a string field, named parent.name (or name) in a warning:
	// the name is made only then.
	str := func(dst *string, parent, name string) bool {
		ok, bad := s.str(dst)
		if bad && wrong == "" {
			wrong = name
			if parent != "" {
				wrong = parent + "." + name
			}
		}
		return ok
	}
	money := func(m *wireMoney, name string) bool {
		if s.peek() != '{' {
			var v string
			return str(&v, "", name)
		}
		return s.object(func(k []byte) bool {
			switch string(k) {
			case "currency":
				return str(&m.Currency, name, "currency")
			case "value":
				return str(&m.Value, name, "value")
			}
			return s.skip(1)
		})
	}
	// sub reads an object of strings, such as details, into the fields
	// field names.
	sub := func(name string, field func(key []byte) *string) bool {
		if s.peek() != '{' {
			var v string
			return str(&v, "", name)
		}
		return s.object(func(k []byte) bool {
			if dst := field(k); dst != nil {
				ok, bad := s.str(dst)
				if bad && wrong == "" {
					wrong = name + "." + string(k)
				}
				return ok
			}
			return s.skip(1)
		})
	}
	link := func(l *wireLink) bool {
		if s.peek() != '{' {
			return s.skip(1)
		}
		return s.object(func(k []byte) bool {
			switch string(k) {
			case "href":
				return str(&l.Href, "_links", "href")
			case "type":
				return str(&l.Type, "_links", "type")
			}
			return s.skip(1)
		})
	}
	links := func() bool {
		if s.peek() != '{' {
			return s.skip(1)
		}
		r.HasLinks = true
		return s.object(func(k []byte) bool {
			present := s.peek() != 'n' // null: as if absent
			switch string(k) {
			case "self":
				return link(&r.Self)
			case "dashboard":
				return link(&r.Dashboard)
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
	ok := s.object(func(k []byte) bool {
		switch string(k) {
		case "resource":
			return str(&r.Resource, "", "resource")
		case "id":
			return str(&r.ID, "", "id")
		case "status":
			return str(&r.Status, "", "status")
		case "createdAt":
			return str(&r.CreatedAt, "", "createdAt")
		case "authorizedAt":
			return str(&r.AuthorizedAt, "", "authorizedAt")
		case "paidAt":
			return str(&r.PaidAt, "", "paidAt")
		case "canceledAt":
			return str(&r.CanceledAt, "", "canceledAt")
		case "expiredAt":
			return str(&r.ExpiredAt, "", "expiredAt")
		case "failedAt":
			return str(&r.FailedAt, "", "failedAt")
		case "reversedAt":
			return str(&r.ReversedAt, "", "reversedAt")
		case "amount":
			return money(&r.Amount, "amount")
		case "amountRefunded":
			return money(&r.AmountRefunded, "amountRefunded")
		case "amountChargedBack":
			return money(&r.ChargedBack, "amountChargedBack")
		case "description":
			return str(&r.Description, "", "description")
		case "name":
			return str(&r.Name, "", "name")
		case "method":
			return str(&r.Method, "", "method")
		case "interval":
			return str(&r.Interval, "", "interval")
		case "customerId":
			return str(&r.CustomerID, "", "customerId")
		case "paymentId":
			return str(&r.PaymentID, "", "paymentId")
		case "mandateId":
			return str(&r.MandateID, "", "mandateId")
		case "details":
			return sub("details", r.detailsField)
		case "statusReason":
			return sub("statusReason", r.statusReasonField)
		case "reason":
			return sub("reason", r.reasonField)
		case "_links":
			return links()
		}
		if other != nil {
			return other(k)
		}
		return s.skip(1)
	})
	if ok && wrong != "" {
		h.warn(r.Resource, "%s %s: its field %s is not of the kind Mollie sends; left out", kindName(r.Resource), safeID(r.ID), wrong)
	}
	return ok
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
	h.hold()
	if !ok || s.peek() != 0 {
		return items, fmt.Errorf("not the JSON Mollie sends (at byte %d)", s.i)
	}
	if h.Held != nil && r.Self.Href != "" {
		e := model.Event{Links: h.links(r.Resource, customer, &r)}
		if u := h.heldURL(&e); u != "" {
			h.Held.put(u, raw)
		}
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
func nonZero(m wireMoney) bool {
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
