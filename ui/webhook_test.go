package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// A webhook event's detail view shows its IDs, the message written from
// its entity, and the entity itself, held from the file it came in, with
// no key and no request; the event's own link, not held, says a key
// would fetch it.
func TestDetailShowsAWebhookEventsEntity(t *testing.T) {
	const in = `{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.failed","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00",` +
		`"_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","status":"failed","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"creditcard","details":{"failureReason":"card_declined"},` +
		`"_links":{"dashboard":{"href":"https://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS","type":"text/html"}}}},` +
		`"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"}}}`
	c, _, err := model.DecodeChunk("hooks.json", []byte(in), model.DecodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	held := source.NewHeld(nil)
	held.HoldEntities(c, source.DefaultAPIURL)
	hs := &harness{open: &opener{}}
	cfg := testConfig(fakeSource{batches: []source.Batch{{Chunks: []*model.Chunk{c}}}}, hs.open)
	cfg.Resources = held
	hs.m = New(cfg)
	t.Cleanup(hs.m.Close)
	hs.m.Update(tea.WindowSizeMsg{Width: 120, Height: 50})
	loadEvents(t, hs.m)
	hs.deliver(t, hs.press("enter"), 2)
	v := hs.view()
	for _, want := range []string{"Type      payment.failed", "ID        event_GvJ8WHrp5isUdRub9CJyH", "Entity    tr_7UhSN1zuXS",
		"Payment failed: card declined · creditcard · €10.00 · Order #123",
		"1  dashboard  https://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS", "2  entity  https://api.mollie.com/v2/payments/tr_7UhSN1zuXS",
		"1  payment tr_7UhSN1zuXS", "   Status        failed", "   Failure       card_declined", "2  the same as 1",
		"3  set MOLLIE_API_KEY to fetch this resource"} {
		if !strings.Contains(v, want) {
			t.Errorf("the detail view lacks %q:\n%s", want, v)
		}
	}
}
