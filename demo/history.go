package demo

import (
	"context"
	_ "embed"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// HistoryJSON is the resources of a few customers (their payments,
// refunds, chargebacks, captures, mandates and subscriptions) as one page
// whose _embedded holds every kind, made from the fake API
// (TestGenerateHistory): --demo --history resources rebuilds their
// histories from it, offline.
//
//go:embed history.json
var HistoryJSON []byte

var history struct {
	once   sync.Once
	held   *source.Held
	events []model.Event
	notes  []string
	names  map[string]string
}

// built rebuilds the sample's histories once; the resources are held, and
// what the sample's events link to is made up (Resources).
func built() {
	history.once.Do(func() {
		history.held = source.NewHeld(&resources{})
		h := &source.History{BaseURL: source.DefaultAPIURL, Held: history.held}
		owner := map[string]string{} // payment → customer
		names := map[string]string{}
		_, err := h.AddPage(HistoryJSON, func(it *source.Item) string {
			switch {
			case it.Kind == "customer":
				names[it.ID] = it.Name
				return it.ID
			case it.Kind == "payment":
				owner[it.ID] = it.CustomerID
			case it.PaymentID != "":
				return owner[it.PaymentID]
			case it.CustomerID == "":
				// A mandate names its customer only in its links.
				if _, rest, ok := strings.Cut(string(it.Raw), "/v2/customers/"); ok {
					cst, _, _ := strings.Cut(rest, "/")
					return cst
				}
			}
			return it.CustomerID
		})
		if err != nil {
			panic("demo: history.json does not read: " + err.Error()) // go test ./demo catches it
		}
		history.events = slices.Clone(h.Events)
		history.notes, history.names = h.Warnings(), names
	})
}

// History is a source of the sample's histories rebuilt from resources,
// offline: payment.failed with its reason, refunds, chargebacks…
func History() source.Source { return historySource{} }

type historySource struct{}

func (historySource) Load(ctx context.Context, send func(source.Batch)) error {
	built()
	// A chunk of its own each load: a list takes the chunks it is sent.
	c := &model.Chunk{}
	for i := range history.events {
		c.Add(&history.events[i])
	}
	send(source.Batch{Chunks: []*model.Chunk{c}, Names: maps.Clone(history.names), Notes: slices.Clone(history.notes)})
	return ctx.Err()
}

// HistoryResources serves the resources of History and, for the other
// events of the sample, what Resources makes up.
func HistoryResources() source.Fetcher {
	built()
	return history.held
}
