package model

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The scanner points an event at a run of links it remembers only while
// that run is in the store as it was: an event on a line that turns out
// bad is dropped with its links, and others take their place.
func TestLinkMemoAfterDroppedEvent(t *testing.T) {
	event := func(n int, entityHref string) string {
		return fmt.Sprintf(`{"resource":"event","id":"event_%d","type":"payment.paid","entityId":"tr_%d","createdAt":"2024-12-16T15:57:%02dZ",`, n, n, n) +
			entity(`"resource":"payment"`) +
			fmt.Sprintf(`,"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_%d"},"entity":{"href":"%str_%d"}}}`, n, entityHref, n)
	}
	const (
		payments = "https://api.mollie.com/v2/payments/"
		refunds  = "https://api.mollie.com/v2/refunds/"
		chbs     = "https://api.mollie.com/v2/chargebacks/" // the tails of refunds, other heads
		sameHead = "https://x.test/a/b/c/d/"                // cut after "b/": its head is that of
		other    = "https://x.test/a/b/X/d/"                // this one, its tail another
	)
	tests := []struct {
		name  string
		lines []string // a line ending in " x" is dropped
	}{
		{"another run in the dropped run's place", []string{
			event(1, payments), event(2, refunds) + " x", event(3, sameHead), event(4, refunds), event(5, payments), event(6, refunds),
		}},
		{"other heads, the same tails in its place", []string{
			event(1, payments), event(2, refunds) + " x", event(3, chbs), event(4, refunds), event(5, chbs),
		}},
		{"the same heads, other tails in its place", []string{
			event(1, payments), event(2, sameHead) + " x", event(3, other), event(4, sameHead), event(5, other),
		}},
		{"a dropped event that shared a run", []string{
			event(1, payments), event(2, payments) + " x", event(3, refunds), event(4, payments),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(strings.Join(tt.lines, "\n"))
			var kept []string
			for _, l := range tt.lines {
				if !strings.HasSuffix(l, " x") {
					kept = append(kept, l)
				}
			}
			want, err := Decode("f", []byte(strings.Join(kept, "\n")))
			if err != nil {
				t.Fatal(err)
			}
			var got []Event
			_, err = DecodeFile("f", bytes.NewReader(data), int64(len(data)), DecodeOptions{SkipInvalid: true}, func(c *Chunk) {
				for i := range c.Len() {
					got = append(got, c.Event(i))
				}
			})
			if err != nil || len(got) != len(want.Events) {
				t.Fatalf("%d events (%v), want %d", len(got), err, len(want.Events))
			}
			for i, e := range want.Events {
				if !slices.Equal(got[i].Links, e.Links) {
					t.Errorf("event %s: links %+v, want %+v", e.ID, got[i].Links, e.Links)
				}
			}
		})
	}
}
