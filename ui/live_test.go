package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

// A receiver's batches (Live) arrive during the first load: their events
// are marked new as a refresh's are, and the source's status stays in the
// status line on every screen, until a later batch changes it.
func TestLiveBatchesMarkNewAndShowStatus(t *testing.T) {
	events := genEvents(4)
	hs := newHarness(t, 200, 30, source.Batch{Chunks: chunks(events[:2]...), Open: "deliveries",
		Status: "NOT VERIFYING SIGNATURES (--no-verify)", Into: "/tmp/w.ndjson"})
	if n := hs.m.List().NewCount(); n != 0 {
		t.Errorf("%d events new before any delivery, want 0", n)
	}
	hs.m.Update(batchMsg{batch: source.Batch{Chunks: chunks(events[2:]...), Live: true, Open: "deliveries",
		Status: "NOT VERIFYING SIGNATURES (--no-verify) · 1 refused (E)\x1b[2J"}})
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

// fakeDeliveries answers every event's outcome with outcome, and records
// what r re-sends.
type fakeDeliveries struct {
	outcome string
	resent  []string
}

func (f *fakeDeliveries) Outcome(*model.Event) string { return f.outcome }
func (f *fakeDeliveries) Resend(e *model.Event) string {
	f.resent = append(f.resent, e.Message)
	return "re-sending to http://localhost:3000/\x1b[2J"
}

// With a receiver's forwards, the table has a DELIVERY column, and r
// re-sends the selected event instead of refreshing.
func TestDeliveryColumnAndResend(t *testing.T) {
	d := &fakeDeliveries{outcome: "200 · 12 ms"}
	hs := &harness{open: &opener{}}
	cfg := testConfig(fakeSource{batches: []source.Batch{{Chunks: chunks(genEvents(3)...)}}}, hs.open)
	cfg.Deliveries = d
	hs.m = New(cfg)
	t.Cleanup(hs.m.Close)
	hs.m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	loadEvents(t, hs.m)
	view := hs.view()
	if !strings.Contains(view, "DELIVERY") || !strings.Contains(view, "200 · 12 ms") {
		t.Errorf("no DELIVERY column with the outcome:\n%s", view)
	}
	hs.press("r")
	if len(d.resent) != 1 || d.resent[0] != "Payment tr_0002 paid" {
		t.Errorf("r re-sent %q, want the selected event", d.resent)
	}
	if s := hs.status(); !strings.Contains(s, "re-sending to http://localhost:3000/") || strings.Contains(hs.m.statusLine(), "\x1b[2J") {
		t.Errorf("status %q: want the re-send said, sanitized", s)
	}
	hs.press("?")
	if !strings.Contains(hs.view(), "re-send") {
		t.Errorf("the help does not say r re-sends:\n%s", hs.view())
	}
}
