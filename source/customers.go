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

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
)

// fetchCustomer gets one customer and its history: its own events
// (include=events) where m.History and the API allow, else rebuilt from
// its resources.
func (m *Mollie) fetchCustomer(ctx context.Context, g gate, id string) customerResult {
	mode := cmp.Or(m.History, HistoryAuto)
	body, err := m.getCustomer(ctx, g, id, mode != HistoryResources)
	var ae *APIError
	if mode == HistoryAuto && errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity) &&
		strings.Contains(strings.ToLower(ae.Field+" "+ae.Detail), "include") {
		// An API that refuses include=events has none to give.
		body, err = m.getCustomer(ctx, g, id, false)
	}
	if err != nil {
		return customerResult{id: id, err: err}
	}
	var probe struct {
		ID     string          `json:"id"`
		Name   string          `json:"name"`
		Events json.RawMessage `json:"events"`
	}
	json.Unmarshal(body, &probe)
	name := cells.SanitizeLine(probe.Name)
	if probe.ID != "" && probe.ID != id {
		name = "" // the other customer's
		m.relabel.set(fmt.Sprintf("customer %s: the API answered with customer %s; its events are shown as %s's, the customer asked for",
			id, m.quote(m.scrubString(clip(cells.SanitizeLine(probe.ID), fieldLen))), id))
	}
	if len(probe.Events) == 0 || string(probe.Events) == "null" {
		if mode == HistoryEvents {
			return customerResult{id: id, name: name, noEvents: true}
		}
		r := m.rebuild(ctx, g, id, body)
		r.name = name
		return r
	}
	// Errors name the response; the events come from the customer.
	dec, err := model.DecodeWith("customer "+id+" response", body, model.DecodeOptions{Source: id})
	if err != nil {
		// The error quotes the body, which is not masked: its text is.
		return customerResult{id: id, err: m.redact(m.quoteDecodeError("customer "+id+" response", err))}
	}
	c := &model.Chunk{}
	for i := range dec.Events {
		// The decoder takes a customer's events' source from its "id":
		// they are the events of the customer asked for.
		dec.Events[i].Source = cells.SafeLine(id)
		c.Add(&dec.Events[i])
	}
	return customerResult{id: id, name: name, events: c}
}

// getCustomer gets the customer, with include=events when withEvents.
func (m *Mollie) getCustomer(ctx context.Context, g gate, id string, withEvents bool) ([]byte, error) {
	q := url.Values{}
	if withEvents {
		q.Set("include", "events")
	}
	m.tokenParams(q)
	u := strings.TrimRight(m.BaseURL, "/") + "/v2/customers/" + url.PathEscape(id)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return m.getIn(ctx, g, u, "customer "+id)
}

// onceNote is a note said once per program, by whichever batch comes next.
type onceNote struct {
	mu   sync.Mutex
	note string
	said bool
}

// set keeps note, unless one was set before.
func (n *onceNote) set(note string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.note == "" {
		n.note = note
	}
}

// take returns the note once, after it is set.
func (n *onceNote) take() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.note == "" || n.said {
		return nil
	}
	n.said = true
	return []string{n.note}
}

// listCustomers pages through GET /v2/customers, handing every ID to add,
// with whether that page is the list's last. Each page's request takes one
// of the load's slots.
func (m *Mollie) listCustomers(ctx context.Context, acquire func() bool, release func(), add func(page int, ids []string, last bool) error) error {
	q := url.Values{"limit": {"250"}}
	m.tokenParams(q)
	next := strings.TrimRight(m.BaseURL, "/") + "/v2/customers?" + q.Encode()
	guard := pageGuard{what: "the customer list"}
	for page := 1; next != ""; page++ {
		guard.reading(page, next)
		if !acquire() {
			return ctx.Err()
		}
		body, err := m.get(ctx, next, fmt.Sprintf("the customer list (page %d)", page))
		release()
		if err != nil {
			return err
		}
		var resp struct {
			Embedded struct {
				Customers []struct {
					ID string `json:"id"`
				} `json:"customers"`
			} `json:"_embedded"`
			Links struct {
				Next *struct {
					Href string `json:"href"`
				} `json:"next"`
			} `json:"_links"`
		}
		if err := json.Unmarshal(body, &resp); err != nil {
			return m.redact(fmt.Errorf("the customer list (page %d) is not the JSON Mollie sends: %v", page, err))
		}
		ids := make([]string, len(resp.Embedded.Customers))
		for i, c := range resp.Embedded.Customers {
			ids[i] = c.ID
		}
		last := resp.Links.Next == nil || resp.Links.Next.Href == ""
		if err := add(page, ids, last); err != nil {
			return err
		}
		first := ""
		if len(ids) > 0 {
			first = ids[0]
		}
		if err := guard.starts(page, first); err != nil {
			return err
		}
		if last {
			break
		}
		if next, err = m.nextPage(next, resp.Links.Next.Href); err != nil {
			return err
		}
		if err := guard.next(page, next); err != nil {
			return err
		}
	}
	return nil
}

// nextPage resolves the customer list's next link (nextListPage).
func (m *Mollie) nextPage(page, link string) (string, error) {
	return m.nextListPage(page, link, "the customer list")
}

// origin is a URL's scheme, host and port, in one comparable form.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// customerResult is what fetching one customer gave.
type customerResult struct {
	id       string
	name     string
	events   *model.Chunk // nil when it failed, or came without events
	noEvents bool
	err      error

	rebuilt  bool           // events rebuilt from the customer's resources
	read     ResourceCounts // the resources read to rebuild them
	warnings []string       // what was wrong with them

	// listed: not a customer but a page of the customer list read, so
	// that the count of customers shows while the list is paged.
	listed bool
}
