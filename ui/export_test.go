package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/model"
	"github.com/eventbrowser/eventbrowser/source"
)

func TestExportWritesTheView(t *testing.T) {
	hs := newFixture(t)
	dir := t.TempDir()
	hs.m.cfg.ExportDir = dir
	hs.press("/")
	hs.typeText("payment")
	hs.press("enter", "S") // filtered, and oldest first

	want := make([]string, 0)
	for e := range hs.m.List().All() {
		want = append(want, e.CreatedRaw+" "+e.Message)
	}
	if len(want) == 0 || len(want) == hs.m.List().Total() {
		t.Fatalf("the filter should select some events, selected %d", len(want))
	}

	for i, name := range []string{"events-20240610-120000.json", "events-20240610-120000-1.json"} {
		cmd := hs.press("e")
		if cmd == nil {
			t.Fatal("e returned no command")
		}
		msg, ok := cmd().(exportedMsg)
		if !ok || msg.err != nil {
			t.Fatalf("export %d: %#v", i, msg)
		}
		hs.m.Update(msg)
		path := filepath.Join(dir, name)
		if got := hs.m.message; got != "wrote "+itoa(len(want))+" events to "+path {
			t.Errorf("message = %q, want it to say where %d events went", got, len(want))
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("export %d: %v (a second export in the same second must not overwrite the first)", i, err)
		}
		dec, err := model.Decode(name, data)
		if err != nil {
			t.Fatalf("the export does not load back: %v", err)
		}
		var got []string
		for _, e := range dec.Events {
			got = append(got, e.CreatedRaw+" "+e.Message)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("exported\n%s\nwant the view, in order:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Two sources: each event says where it came from.
		if !strings.Contains(string(data), `"source":"cst_`) {
			t.Errorf("the export lacks the events' sources:\n%s", data)
		}
	}
}

func TestExportFailureSaysWhyAndKeepsEverything(t *testing.T) {
	hs := newFixture(t)
	notADir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notADir, nil, 0o644)
	hs.m.cfg.ExportDir = notADir
	before := hs.m.List().Len()

	msg := hs.press("e")()
	hs.m.Update(msg)
	if got, want := hs.m.message, "export failed, nothing written: cannot create a file in "+notADir+": not a directory"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if hs.m.List().Len() != before || hs.m.state != stateTable {
		t.Error("a failed export changed the view")
	}
}

func itoa(n int) string { return model.Thousands(n) }

// e with no event shown writes no file and says why (issue 23, item 15).
func TestExportNothingShownWritesNothing(t *testing.T) {
	hs := newFixture(t)
	dir := t.TempDir()
	hs.m.cfg.ExportDir = dir
	hs.press("/")
	hs.typeText("no-such-message-anywhere")
	hs.press("enter")
	if cmd := hs.press("e"); cmd != nil {
		if msg, ok := cmd().(exportedMsg); ok {
			t.Fatalf("e exported %#v with nothing shown", msg)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("e wrote %d file(s) with nothing shown", len(entries))
	}
	if !strings.Contains(hs.m.message, "nothing to export") {
		t.Errorf("message %q, want it to say there is nothing to export", hs.m.message)
	}
}

// Webhook events read from a file are written by Y and e as they were
// read, their entities embedded, as --output json writes them: the fields
// the table shows would leave the entity out.
func TestExportAndCopyWriteWebhookEventsAsRead(t *testing.T) {
	events := []string{
		`{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00",` +
			`"_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"ideal","metadata":{"order":123}}},` +
			`"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH","type":"application/hal+json"}}}`,
		`{"resource":"event","id":"event_2","type":"refund.failed","entityId":"re_1","createdAt":"2024-12-16T15:58:00+00:00","_embedded":null,"extra":[1,2]}`,
	}
	path := filepath.Join(t.TempDir(), "hooks.ndjson")
	if err := os.WriteFile(path, []byte(strings.Join(events, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held := source.NewHeld(nil)
	var batches []source.Batch
	f := source.File{Paths: []string{path}, Held: held, APIURL: source.DefaultAPIURL, PlaceEvents: true}
	if err := f.Load(context.Background(), func(b source.Batch) { batches = append(batches, b) }); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	hs := newHarnessWith(t, 100, 30, func(cfg *Config) { cfg.Resources, cfg.ExportDir = held, dir }, batches...)
	hs.m.List().SetCursor(0) // newest first: event_2
	if text, ok := copied(hs.press("Y")); !ok || text != events[1] {
		t.Errorf("Y copied %q (%v), want the event as read:\n%s", text, ok, events[1])
	}
	msg, ok := hs.press("e")().(exportedMsg)
	if !ok || msg.err != nil {
		t.Fatalf("export: %#v", msg)
	}
	data, err := os.ReadFile(filepath.Join(dir, "events-20240610-120000.json"))
	if want := "[\n" + events[1] + ",\n" + events[0] + "\n]\n"; err != nil || string(data) != want {
		t.Errorf("exported (%v)\n%s\nwant\n%s", err, data, want)
	}
}

// The detail view of a webhook event shows its entity as that event
// carried it, not in the state a later event of the same payment brought,
// and its self link as the event itself, both read from the file.
func TestDetailShowsTheEntityAsCarried(t *testing.T) {
	later := `{"resource":"event","id":"event_2","type":"payment.paid","entityId":"tr_1","createdAt":"2024-12-16T15:58:00+00:00",` +
		`"_embedded":{"entity":{"resource":"payment","id":"tr_1","status":"paid","amount":{"currency":"EUR","value":"10.00"}}},` +
		`"_links":{"entity":{"href":"https://api.mollie.com/v2/payments/tr_1"},"self":{"href":"https://api.mollie.com/v2/events/event_2"}}}`
	earlier := strings.NewReplacer("event_2", "event_1", "payment.paid", "payment.authorized", `"status":"paid"`, `"status":"authorized"`, "15:58", "15:57").Replace(later)
	path := filepath.Join(t.TempDir(), "hooks.ndjson")
	if err := os.WriteFile(path, []byte(earlier+"\n"+later+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held := source.NewHeld(nil)
	var batches []source.Batch
	f := source.File{Paths: []string{path}, Held: held, APIURL: source.DefaultAPIURL, PlaceEvents: true}
	if err := f.Load(context.Background(), func(b source.Batch) { batches = append(batches, b) }); err != nil {
		t.Fatal(err)
	}
	hs := newHarnessWith(t, 120, 40, func(cfg *Config) { cfg.Resources, cfg.APIURL = held, source.DefaultAPIURL }, batches...)
	hs.m.List().SetCursor(1) // newest first: event_1
	cmd := hs.press("enter")
	hs.deliver(t, cmd, 2)
	v := hs.view()
	for _, want := range []string{"1  payment tr_1  https://api.mollie.com/v2/payments/tr_1", "   Status        authorized",
		"2  event event_1  https://api.mollie.com/v2/events/event_1"} {
		if !strings.Contains(v, want) {
			t.Errorf("the detail view lacks %q:\n%s", want, v)
		}
	}
}
