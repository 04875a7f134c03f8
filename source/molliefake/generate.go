package molliefake

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/eventbrowser/eventbrowser/internal/eventgen"
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
// Each customer's first event is 200 "Customer created"; the others are of
// the kinds in internal/eventgen's catalog (Mollie documents no type code but
// 200), in time order, with createdAt in every form Mollie uses and, mostly,
// a _links.url.
func (s *Server) AddGenerated(n, eventsPerCustomer int, seed int64) []string {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6d6f6c6c6965)) // "mollie"
	ids := make([]string, 0, n)
	for i := range n {
		s.mu.Lock()
		id := s.newIDLocked(r, "cst_")
		s.mu.Unlock()
		s.AddCustomer(generateCustomer(r, id, i, eventsPerCustomer))
		ids = append(ids, id)
	}
	return ids
}

// generateCustomer makes customer number i, created in 2024, with events
// events.
func generateCustomer(r *rand.Rand, id string, i, events int) Customer {
	name, mailbox := eventgen.Person(r)
	created := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
	c := Customer{
		ID:        id,
		Name:      name,
		Email:     fmt.Sprintf("%s%d@example.org", mailbox, i),
		Locale:    eventgen.Locale(r),
		CreatedAt: created.Format(time.RFC3339),
		Events:    make([]json.RawMessage, 0, events),
	}
	if r.IntN(4) == 0 {
		c.Metadata = json.RawMessage(fmt.Sprintf(`{"crm_id":%d}`, 10000+r.IntN(90000)))
	}
	kinds, forms := eventgen.Kinds(), eventgen.TimeForms()
	at := created
	for k := range events {
		kind := kinds[0]
		if k > 0 {
			kind = kinds[1+r.IntN(len(kinds)-1)]
			at = at.Add(time.Duration(1+r.Int64N(3*24*3600)) * time.Second)
		}
		at = at.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
		href := ""
		if r.IntN(10) < 8 {
			href = kind.APIURL(r, id)
		}
		createdAt := forms[r.IntN(len(forms))].Format(at)
		c.Events = append(c.Events, NewEvent(kind.Code(), createdAt, kind.Message(r), href))
	}
	return c
}

// newIDLocked makes an ID no customer has yet; s.mu must be held.
func (s *Server) newIDLocked(r *rand.Rand, prefix string) string {
	for {
		id := eventgen.NewID(r, prefix)
		if _, taken := s.customers[id]; !taken && id != endOfList {
			return id
		}
	}
}
