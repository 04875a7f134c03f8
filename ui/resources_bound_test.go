package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/source"
)

// TestResourceJSONBoundAndCap: the detail view keeps a resource's fields
// whatever its size, its JSON only up to the bound and while all kept
// take no more than MaxHeld; J fetches again the JSON not kept, shows it,
// and the status line says when the cap was reached.
func TestResourceJSONBoundAndCap(t *testing.T) {
	pad := func(n int) string {
		return strings.TrimSuffix(failedPayment, "}") + `,"zpad":"` + strings.Repeat("x", n) + `"}`
	}
	tests := []struct {
		name    string
		body    string
		maxHeld int64
		fetches int  // of the resource, once J has shown its JSON
		capped  bool // the status line says --max-held reached
	}{
		{"small: kept", pad(10), 0, 1, false},
		{"at the bound: kept", pad(source.DefaultMaxBody - len(pad(0))), 0, 1, false},
		{"over the bound: fetched again", pad(source.DefaultMaxBody), 0, 2, false},
		{"past the cap: fetched again", pad(10), 100, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeFetcher{bodies: map[string]string{hrefPaid: tt.body}}
			hs := &harness{open: &opener{}}
			cfg := testConfig(fakeSource{batches: fixtureBatches(t)}, hs.open)
			cfg.Resources, cfg.MaxHeld = f, tt.maxHeld
			hs.m = New(cfg)
			t.Cleanup(hs.m.Close)
			hs.m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
			loadEvents(t, hs.m)
			hs.m.List().SetCursor(0)
			hs.deliver(t, hs.press("enter"), 1)
			if v := hs.view(); !strings.Contains(v, "   Status        failed") {
				t.Errorf("the resource's fields are not shown:\n%s", v)
			}
			if got := strings.Contains(hs.status(), "--max-held reached"); got != tt.capped {
				t.Errorf("status %q: --max-held reached %v, want %v", hs.status(), got, tt.capped)
			}
			cmd := hs.press("J")
			if tt.fetches > 1 {
				if v := hs.view(); !strings.Contains(v, "fetching it again …") {
					t.Errorf("J does not say the JSON is fetched again:\n%s", v)
				}
				hs.deliver(t, cmd, 1)
			}
			if v := hs.view(); !strings.Contains(v, `"failureReason": "authentication_failed"`) {
				t.Errorf("J does not show the resource's JSON:\n%s", v)
			}
			if n := f.count(hrefPaid); n != tt.fetches {
				t.Errorf("%d fetches, want %d", n, tt.fetches)
			}
			// Leaving the raw view lets the JSON fetched again go.
			hs.press("J")
			if tt.fetches > 1 && len(hs.m.res.again) != 0 {
				t.Errorf("the JSON fetched again is still kept: %d", len(hs.m.res.again))
			}
		})
	}
}
