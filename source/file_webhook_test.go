package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hookPaid is a webhook event as Mollie POSTs it, with its payment; the
// payment's dashboard page leads the event's links.
const hookPaid = `{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00",` +
	`"_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"ideal",` +
	`"_links":{"self":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"},"dashboard":{"href":"https://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS","type":"text/html"}}}},` +
	`"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH","type":"application/hal+json"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS","type":"application/hal+json"}}}`

// Webhook events load from every input a file source reads, mixed with
// customer events, and the entities they carry are held for the detail
// view under their API URL; with PlaceEvents, each event is held as it
// was read, by its own ID: where it is in its file, or, with CopyEvents
// (a print), its copy when it came from a stream.
func TestFileLoadWebhookEvents(t *testing.T) {
	mixed := `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}` + "\n" + hookPaid + "\n"
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	type input struct {
		name   string
		file   File
		stream bool
	}
	inputs := []input{
		{"ndjson file", File{Paths: []string{write("hooks.ndjson", []byte(mixed))}}, false},
		{"array file", File{Paths: []string{write("hooks.json", []byte("[\n"+strings.ReplaceAll(strings.TrimSpace(mixed), "\n", ",\n")+"\n]"))}}, false},
		{"one event", File{Paths: []string{write("one.json", []byte(hookPaid))}}, false},
		{"gzip", File{Paths: []string{write("hooks.ndjson.gz", gz(t, mixed))}}, true},
		{"stdin", File{Paths: []string{"-"}, Stdin: strings.NewReader(mixed)}, true},
		{"gzip on stdin", File{Paths: []string{"-"}, Stdin: strings.NewReader(string(gz(t, mixed)))}, true},
	}
	var tests []input
	for _, copies := range []bool{true, false} {
		for _, in := range inputs {
			in.file.CopyEvents = copies
			if stdin, ok := in.file.Stdin.(*strings.Reader); ok {
				in.file.Stdin = strings.NewReader(readAll(t, stdin)) // a reader of its own
			}
			in.name += map[bool]string{true: ", copies", false: ", no copies"}[copies]
			tests = append(tests, in)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.file
			f.Held, f.APIURL, f.PlaceEvents = NewHeld(nil), DefaultAPIURL, true
			batches, err := load(t, f)
			if err != nil {
				t.Fatal(err)
			}
			var msgs, firsts []string
			for _, b := range batches {
				for _, c := range b.Chunks {
					for i := range c.Len() {
						e := c.Event(i)
						msgs, firsts = append(msgs, e.Message), append(firsts, e.URL())
					}
				}
			}
			if last := msgs[len(msgs)-1]; last != "Payment paid · ideal · €10.00 · Order #123" || firsts[len(firsts)-1] != "https://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS" {
				t.Errorf("events %q, links %q", msgs, firsts)
			}
			body, err := f.Held.Fetch(context.Background(), DefaultAPIURL+"/v2/payments/tr_7UhSN1zuXS")
			if err != nil || !strings.Contains(string(body), `"description":"Order #123"`) {
				t.Errorf("held: %q, %v", body, err)
			}
			if _, err := f.Held.Fetch(context.Background(), DefaultAPIURL+"/v2/payments/tr_other"); err != ErrNoKey {
				t.Errorf("a payment not held: %v, want ErrNoKey", err)
			}
			got, ok := f.Held.Event("event_GvJ8WHrp5isUdRub9CJyH", "tr_7UhSN1zuXS")
			if want := !tt.stream || f.CopyEvents; ok != want || ok && string(got) != hookPaid {
				t.Errorf("the event as read: %v (want %v)\n%s\nwant\n%s", ok, want, got, hookPaid)
			}
			if got, ok := f.Held.Event("event_nope", "tr_7UhSN1zuXS"); ok {
				t.Errorf("an ID no event has: %s", got)
			}
		})
	}
}

func readAll(t *testing.T, r *strings.Reader) string {
	t.Helper()
	b := make([]byte, r.Len())
	if _, err := r.ReadAt(b, 0); err != nil && r.Len() > 0 {
		t.Fatal(err)
	}
	return string(b)
}
