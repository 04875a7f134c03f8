package source

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// --event fetches webhook events with GET /v2/events/{id}: with an access
// token they load, their entities held; one that fails is a failure with
// Mollie's status and detail, and the rest load; a live_ or test_ key is
// refused before any request, saying what the endpoint needs.
func TestWebhookEventsLoad(t *testing.T) {
	const token = "access_Zq8Xw3Vb7Nm2Kp5Rt9Yh4Jd6Lf1Gc0Ws"
	srv := molliefake.New(t, molliefake.WithKey(token))
	srv.AddObject("/v2/payments/tr_7UhSN1zuXS", map[string]any{"status": "paid", "method": "ideal",
		"amount": map[string]string{"currency": "EUR", "value": "10.00"}, "description": "Order #123"})
	srv.AddWebhookEvent("event_GvJ8WHrp5isUdRub9CJyH", "payment.paid", "/v2/payments/tr_7UhSN1zuXS", "2024-12-16T15:57:04+00:00", false)
	srv.AddWebhookEvent("event_9bPz4kYqQ8", "payment.paid", "/v2/payments/tr_7UhSN1zuXS", "2024-12-16T15:58:04+00:00", true)
	m := newMollie(srv)
	m.Held = NewHeld(nil)
	batches, err := load(t, WebhookEvents{M: m, IDs: []string{"event_GvJ8WHrp5isUdRub9CJyH", "event_missing1", "event_9bPz4kYqQ8"}})
	if err != nil {
		t.Fatal(err)
	}
	var msgs, failed []string
	for _, b := range batches {
		for _, c := range b.Chunks {
			for i := range c.Len() {
				e := c.Event(i)
				msgs = append(msgs, e.Message+" | "+e.URL()+" | "+string(e.Source))
			}
		}
		for _, f := range b.Failures {
			failed = append(failed, f.Source+": "+f.Err.Error())
		}
	}
	want := []string{
		"Payment paid · ideal · €10.00 · Order #123 | https://www.mollie.com/dashboard/org_13514547/payments/tr_7UhSN1zuXS | event_GvJ8WHrp5isUdRub9CJyH",
		"Payment paid | " + srv.URL + "/v2/payments/tr_7UhSN1zuXS | event_9bPz4kYqQ8",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if len(failed) != 1 || !strings.Contains(failed[0], "404") || !strings.Contains(failed[0], "No event exists with token event_missing1") || strings.Contains(failed[0], token) {
		t.Errorf("failures: %q", failed)
	}
	if body, err := m.Held.Fetch(context.Background(), srv.URL+"/v2/payments/tr_7UhSN1zuXS"); err != nil || !strings.Contains(string(body), "Order #123") {
		t.Errorf("the entity is not held: %q %v", body, err)
	}

	for _, key := range []string{molliefake.DefaultKey, "live_abcdefghijklmnopqrstuvwxyz0123"} {
		srv := molliefake.New(t, molliefake.WithKey(key))
		m := newMollie(srv)
		_, err := load(t, WebhookEvents{M: m, IDs: []string{"event_GvJ8WHrp5isUdRub9CJyH"}})
		if err == nil || !strings.Contains(err.Error(), "needs an organization access token (access_…) with the events.read permission") || strings.Contains(err.Error(), key) {
			t.Errorf("with %.5s…: %v", key, err)
		}
		if n := srv.Requests(); n != 0 {
			t.Errorf("with %.5s…: %d requests, want none", key, n)
		}
	}
	if err := CheckEventID("tr_1"); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("tr_1 as an event ID: %v", err)
	}
}
