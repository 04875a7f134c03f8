package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source"
)

// The sample's rebuilt histories show failures with their reasons, name
// their customers, and every event's resource is served offline.
func TestHistory(t *testing.T) {
	var b source.Batch
	if err := History().Load(context.Background(), func(got source.Batch) { b.Add(got) }); err != nil {
		t.Fatal(err)
	}
	if len(b.Notes) > 0 || len(b.Names) != 3 {
		t.Errorf("notes %q, names %v", b.Notes, b.Names)
	}
	fetch := HistoryResources()
	kinds := map[string]int{}
	for _, c := range b.Chunks {
		for i := range c.Len() {
			e := c.Event(i)
			kind, _, _ := strings.Cut(string(e.Line), " ")
			kinds[kind]++
			if strings.HasPrefix(string(e.Line), "Payment failed: ") {
				kinds["failed with a reason"]++
			}
			u := source.FirstResourceURL(&e, source.DefaultAPIURL)
			if body, err := fetch.Fetch(context.Background(), u); err != nil || !strings.Contains(string(body), `"id"`) {
				t.Fatalf("%q: %s: %v", e.Line, u, err)
			}
		}
	}
	for _, k := range []string{"Customer", "Payment", "Refund", "Capture", "Mandate", "Subscription", "failed with a reason"} {
		if kinds[k] == 0 {
			t.Errorf("no %s event: %v", k, kinds)
		}
	}
}
