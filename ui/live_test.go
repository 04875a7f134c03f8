package ui

import (
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source"
)

// A receiver's batches (Live) arrive during the first load: their events
// are marked new as a refresh's are, and the source's status stays in the
// status line on every screen, until a later batch changes it.
func TestLiveBatchesMarkNewAndShowStatus(t *testing.T) {
	events := genEvents(4)
	hs := newHarness(t, 100, 30, source.Batch{Chunks: chunks(events[:2]...), Open: "deliveries",
		Status: "NOT VERIFYING SIGNATURES (--no-verify) · → /tmp/w.ndjson"})
	if n := hs.m.List().NewCount(); n != 0 {
		t.Errorf("%d events new before any delivery, want 0", n)
	}
	hs.m.Update(batchMsg{batch: source.Batch{Chunks: chunks(events[2:]...), Live: true, Open: "deliveries",
		Status: "NOT VERIFYING SIGNATURES (--no-verify) · 1 refused (E) · → /tmp/w.ndjson\x1b[2J"}})
	if n := hs.m.List().NewCount(); n != 2 {
		t.Errorf("%d events new after a delivery of 2, want 2", n)
	}
	if got := hs.m.List().Total(); got != 4 {
		t.Errorf("%d events, want 4", got)
	}
	status := hs.status()
	for _, want := range []string{"NOT VERIFYING SIGNATURES", "1 refused (E)", "→ /tmp/w.ndjson"} {
		if !strings.Contains(status, want) {
			t.Errorf("status %q lacks %q", status, want)
		}
	}
	if strings.Contains(hs.m.statusLine(), "\x1b[2J") {
		t.Errorf("the status line passes an escape sequence from the source through")
	}
	hs.press("enter")
	if !strings.Contains(hs.view(), "NOT VERIFYING SIGNATURES") {
		t.Errorf("the detail view does not say signatures are not verified:\n%s", hs.view())
	}
	hs.m.Update(batchMsg{batch: source.Batch{Live: true, Open: "deliveries"}})
	if !strings.Contains(hs.status(), "1 refused") {
		t.Errorf("a batch without a status dropped the one before: %q", hs.status())
	}
}
