package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/eventbrowser/eventbrowser/internal/cells"
	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// Classic fetches the object a classic webhook names, from the API only,
// and makes the event of its current state as a rebuilt history does.
type Classic struct {
	Fetcher source.Fetcher // the API with the key
	APIURL  string         // the API's base URL; the only host asked
}

// classicID is the shape of the IDs classic webhooks carry: a Mollie
// prefix, an underscore, letters and digits.
var classicID = regexp.MustCompile(`^(tr|ord|pl|re|chb|sub|mdt|cst|cpt|shp)_[A-Za-z0-9]{4,40}$`)

// fetchable are the kinds whose object the API serves by its ID alone;
// refunds, chargebacks and the rest need their payment's or customer's ID,
// which a classic webhook does not give.
var fetchable = map[string]string{"tr": "payments", "pl": "payment-links", "cst": "customers"}

// classic reads a classic webhook's form body (id=tr_…), answers 200 for
// an ID of Mollie's shape, and with a Classic fetches the object and
// stores the event of its state.
func (h *Handler) classic(ctx context.Context, d *Delivery) {
	d.Kind = KindClassic
	form, err := url.ParseQuery(string(d.Body))
	ids := form["id"]
	if err != nil || len(ids) != 1 || !classicID.MatchString(ids[0]) {
		d.Kind, d.Status = KindRefused, http.StatusBadRequest
		d.Err = fmt.Errorf("a form body that is not one Mollie object ID (id=tr_…): %q", cells.SanitizeLine(excerpt(d.Body)))
		return
	}
	d.ID, d.Status = ids[0], http.StatusOK
	if h.Classic == nil {
		return
	}
	// The webhook itself is received: a fetch that fails is said, and
	// answered 200 all the same, as Mollie would only send it again.
	line, err := h.Classic.event(ctx, d.ID)
	if err != nil {
		d.Err = err
		return
	}
	d.Line = line
	h.store(ctx, d)
}

// excerpt is the start of a body, for an error.
func excerpt(b []byte) string {
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// event fetches the object id names and returns the event of its
// current state, the latest transition a rebuilt history finds in it, as
// one NDJSON line carrying the object itself under _embedded.entity.
func (c *Classic) event(ctx context.Context, id string) ([]byte, error) {
	prefix, _, _ := strings.Cut(id, "_")
	coll, ok := fetchable[prefix]
	if !ok {
		return nil, fmt.Errorf("%s: not fetched: the API serves it only under its payment or customer, which a classic webhook does not name", id)
	}
	raw, err := c.Fetcher.Fetch(ctx, strings.TrimRight(c.APIURL, "/")+"/v2/"+coll+"/"+id)
	if err != nil {
		return nil, err
	}
	h := source.History{BaseURL: c.APIURL}
	h.Add("", raw)
	if len(h.Events) == 0 {
		return nil, fmt.Errorf("%s: the API's answer gave no event: %s", id, strings.Join(h.Warnings(), "; "))
	}
	latest := slices.MaxFunc(h.Events, func(a, b model.Event) int { return a.Created.Compare(b.Created) })
	links := map[string]wireLink{}
	for _, l := range latest.Links {
		links[l.Name] = wireLink{Href: l.Href, Type: l.Type}
	}
	return json.Marshal(classicEvent{Resource: "event", Type: latest.TypeText(), EntityID: id, CreatedAt: latest.CreatedRaw,
		Message: latest.Message, Embedded: map[string]json.RawMessage{"entity": raw}, Links: links})
}

// classicEvent is the event stored for a classic webhook, in the shape of
// a next-gen one with its message written out.
type classicEvent struct {
	Resource  string                     `json:"resource"`
	Type      string                     `json:"type"`
	EntityID  string                     `json:"entityId"`
	CreatedAt string                     `json:"createdAt"`
	Message   string                     `json:"message"`
	Embedded  map[string]json.RawMessage `json:"_embedded"`
	Links     map[string]wireLink        `json:"_links"`
}

type wireLink struct {
	Href string `json:"href"`
	Type string `json:"type,omitempty"`
}
