package demo

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWebhooks: the sample is next-gen webhook events, each with an ID of
// its own, an entity ID and a type, in createdAt order.
func TestWebhooks(t *testing.T) {
	events := Webhooks()
	if len(events) < 12 {
		t.Fatalf("%d events, want a sample of a dozen or more", len(events))
	}
	ids := map[string]bool{}
	last := ""
	for i, raw := range events {
		var e struct {
			Resource, ID, Type, EntityID, CreatedAt string
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if e.Resource != "event" || !strings.HasPrefix(e.ID, "event_") || ids[e.ID] || e.EntityID == "" || !strings.Contains(e.Type, ".") {
			t.Errorf("event %d: %+v: want a webhook event with an ID of its own", i, e)
		}
		if e.CreatedAt < last {
			t.Errorf("event %d at %s, before the one before it", i, e.CreatedAt)
		}
		ids[e.ID], last = true, e.CreatedAt
	}
}
