package molliefake

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// NewEvent returns a customer event in the wire format:
// {"resource":"event","type":…,"createdAt":…,"message":…,"_links":{"url":…}},
// without _links when href is empty.
func NewEvent(typ int, createdAt, message, href string) json.RawMessage {
	ev := struct {
		Resource  string          `json:"resource"`
		Type      int             `json:"type"`
		CreatedAt string          `json:"createdAt"`
		Message   string          `json:"message"`
		Links     map[string]link `json:"_links,omitempty"`
	}{Resource: "event", Type: typ, CreatedAt: createdAt, Message: message}
	if href != "" {
		ev.Links = map[string]link{"url": {Href: href, Type: mediaHAL}}
	}
	b, _ := marshal(ev)
	return b
}

// AddGenerated adds n customers with eventsPerCustomer events each and
// returns their IDs. The same seed gives the same customers and events.
// Each customer's first event is 200 "Customer created"; the others use the
// invented type codes of internal/eventgen (Mollie documents none but 200),
// in time order, with createdAt in every form Mollie uses and, mostly, a
// _links.url.
func (s *Server) AddGenerated(n, eventsPerCustomer int, seed int64) []string {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6d6f6c6c6965)) // "mollie"
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]string, 0, n)
	for i := range n {
		s.mu.Lock()
		id := s.newIDLocked(r, "cst_")
		s.mu.Unlock()
		first := firstNames[r.IntN(len(firstNames))]
		last := lastNames[r.IntN(len(lastNames))]
		created := base.Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
		c := Customer{
			ID:        id,
			Name:      first[0] + " " + last[0],
			Email:     fmt.Sprintf("%s.%s%d@example.org", first[1], last[1], i),
			Locale:    locales[r.IntN(len(locales))],
			CreatedAt: created.Format(time.RFC3339),
			Events:    make([]json.RawMessage, 0, eventsPerCustomer),
		}
		if r.IntN(4) == 0 {
			c.Metadata = json.RawMessage(fmt.Sprintf(`{"crm_id":%d}`, 10000+r.IntN(90000)))
		}
		at := created
		for k := range eventsPerCustomer {
			kind := generatedKinds[0]
			if k > 0 {
				kind = generatedKinds[1+r.IntN(len(generatedKinds)-1)]
				at = at.Add(time.Duration(1+r.Int64N(3*24*3600)) * time.Second)
			}
			at = at.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
			href := ""
			if r.IntN(10) < 8 {
				href = "https://api.mollie.com/v2/" + kind.path(r, id)
			}
			c.Events = append(c.Events, NewEvent(kind.code, timeForms[r.IntN(len(timeForms))](at), kind.message, href))
		}
		s.AddCustomer(c)
		ids = append(ids, id)
	}
	return ids
}

// newIDLocked makes an ID no customer has yet; s.mu must be held.
func (s *Server) newIDLocked(r *rand.Rand, prefix string) string {
	for {
		id := newID(r, prefix)
		if _, taken := s.customers[id]; !taken && id != endOfList {
			return id
		}
	}
}

func newID(r *rand.Rand, prefix string) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte(prefix)
	for range 10 {
		b = append(b, alnum[r.IntN(len(alnum))])
	}
	return string(b)
}

type generatedKind struct {
	code    int
	message string
	about   string // path of the resource: customer, payment, mandate, subscription, refund, chargeback
}

func (k generatedKind) path(r *rand.Rand, customerID string) string {
	switch k.about {
	case "payment":
		return "payments/" + newID(r, "tr_")
	case "mandate":
		return "customers/" + customerID + "/mandates/" + newID(r, "mdt_")
	case "subscription":
		return "customers/" + customerID + "/subscriptions/" + newID(r, "sub_")
	case "refund":
		return "payments/" + newID(r, "tr_") + "/refunds/" + newID(r, "re_")
	case "chargeback":
		return "payments/" + newID(r, "tr_") + "/chargebacks/" + newID(r, "chb_")
	case "payment-link":
		return "payment-links/" + newID(r, "pl_")
	}
	return "customers/" + customerID
}

// generatedKinds[0] is always a customer's first event.
var generatedKinds = []generatedKind{
	{200, "Customer created", "customer"},
	{201, "Customer updated", "customer"},
	{210, "Mandate created for SEPA Direct Debit", "mandate"},
	{211, "Mandate revoked", "mandate"},
	{220, "Payment created", "payment"},
	{220, "Recurring payment created", "payment"},
	{221, "Payment paid with iDEAL", "payment"},
	{221, "Betaling ontvangen van Jürgen", "payment"},
	{222, "Payment failed: insufficient funds", "payment"},
	{223, "Payment expired", "payment"},
	{230, "Subscription created: €9.95 monthly", "subscription"},
	{232, "Subscription canceled", "subscription"},
	{240, "Refund created", "refund"},
	{241, "Refund processed: €25.00 returned", "refund"},
	{250, "Chargeback received", "chargeback"},
	{260, "Payment link created", "payment-link"},
}

// timeForms are the ways Mollie writes createdAt.
var timeForms = []func(time.Time) string{
	func(t time.Time) string { return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05.0Z07:00") },
	func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") },
	func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z07:00") },
	func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") },
	func(t time.Time) string { return t.In(amsterdam).Format("2006-01-02T15:04:05-07:00") },
}

// amsterdam is a fixed +02:00, so output does not depend on the tz database.
var amsterdam = time.FixedZone("CEST", 2*3600)

var firstNames = [][2]string{
	{"Jane", "jane"}, {"Jürgen", "juergen"}, {"Sanne", "sanne"}, {"Daan", "daan"}, {"Émilie", "emilie"},
	{"Zoë", "zoe"}, {"Søren", "soren"}, {"Fatima", "fatima"}, {"Mehmet", "mehmet"}, {"Łukasz", "lukasz"},
	{"Chloé", "chloe"}, {"Noah", "noah"},
}

var lastNames = [][2]string{
	{"Doe", "doe"}, {"de Vries", "devries"}, {"Müller", "mueller"}, {"Dubois", "dubois"},
	{"García", "garcia"}, {"O'Brien", "obrien"}, {"Yılmaz", "yilmaz"}, {"van den Berg", "vandenberg"},
}

var locales = []string{"nl_NL", "nl_BE", "de_DE", "fr_FR", "en_US", "en_GB"}
