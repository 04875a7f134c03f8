package cli

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eventbrowser/eventbrowser/source/molliefake"
)

// hooks are two webhook events as Mollie POSTs them, one with its payment
// and one "simple", after a customer event.
const hooks = `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}
{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00","_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"ideal","_links":{"dashboard":{"href":"https://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS","type":"text/html"}}}},"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"}}}
{"resource":"event","id":"event_9bPz4kYqQ8","type":"refund.refunded","entityId":"re_4qqhO89gsT","createdAt":"2024-12-16T16:01:00.5Z","_embedded":null}
`

// Webhook events print from stdin, plain or gzip, with their messages
// written from their entities; entity: finds them by entityId; ndjson
// prints them as they were read, which loads back as the same events.
func TestPrintWebhookEvents(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(hooks))
	zw.Close()
	want := "2024-12-16T16:01:00.5Z\trefund.refunded\tRefund refunded\t\tstdin\n" +
		"2024-12-16T15:57:04Z\tpayment.paid\tPayment paid · ideal · €10.00 · Order #123\thttps://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS\tstdin\n" +
		"2024-03-20T09:13:37Z\t200\tCustomer created\t\tstdin\n"
	for name, in := range map[string]string{"plain": hooks, "gzip": zipped.String()} {
		out, errOut, code := cliRun(t, cliStdin(t, in), "-o", "tsv")
		if code != 0 || out != want {
			t.Errorf("%s: exit %d, stderr %q, printed\n%s\nwant\n%s", name, code, errOut, out, want)
		}
	}
	out, _, _ := cliRun(t, cliStdin(t, hooks), "-o", "tsv", "-q", "entity:re_4qqhO89gsT")
	if !strings.HasPrefix(out, "2024-12-16T16:01:00.5Z\trefund.refunded") || strings.Count(out, "\n") != 1 {
		t.Errorf("entity:re_… printed\n%s", out)
	}
	nd, _, code := cliRun(t, cliStdin(t, hooks), "-o", "ndjson", "--sort", "none")
	if code != 0 || !strings.Contains(nd, `{"resource":"event","id":"event_9bPz4kYqQ8","type":"refund.refunded","entityId":"re_4qqhO89gsT","createdAt":"2024-12-16T16:01:00.5Z","_embedded":null}`) {
		t.Errorf("ndjson:\n%s", nd)
	}
	again, _, code := cliRun(t, cliStdin(t, nd), "-o", "ndjson", "--sort", "none")
	if code != 0 || again != nd {
		t.Errorf("the ndjson printed does not load back the same:\n%s\nthen\n%s", nd, again)
	}
}

// TestPrintWebhookFileAsRead: json and ndjson print the webhook events of
// a file as they are in it, entity and all, sorted or not, filtered or
// not; a customer event as its fields.
func TestPrintWebhookFileAsRead(t *testing.T) {
	file := filepath.Join(t.TempDir(), "hooks.ndjson")
	if err := os.WriteFile(file, []byte(hooks), 0o600); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(hooks), "\n")
	customer := `{"resource":"event","type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}`
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-o", "ndjson"}, lines[2] + "\n" + lines[1] + "\n" + customer + "\n"},
		{[]string{"-o", "ndjson", "--sort", "none"}, customer + "\n" + lines[1] + "\n" + lines[2] + "\n"},
		{[]string{"-o", "json", "-q", "type:payment.paid"}, "[\n" + lines[1] + "\n]\n"},
	}
	for _, tt := range tests {
		out, errOut, code := cliRun(t, cliStdin(t, ""), append(tt.args, file)...)
		if code != 0 || out != tt.want {
			t.Errorf("%v: exit %d, stderr %q, printed\n%s\nwant\n%s", tt.args, code, errOut, out, tt.want)
		}
	}
	// From a pipe (gzip is read as a stream), copies are kept up to
	// --max-held; past it an event is written as its fields, and said.
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(hooks))
	zw.Close()
	out, errOut, _ := cliRun(t, cliStdin(t, zipped.String()), "-o", "ndjson", "--sort", "none")
	if !strings.Contains(out, lines[1]+"\n") || errOut != "" {
		t.Errorf("gzip on stdin: stderr %q, printed\n%s", errOut, out)
	}
	out, errOut, _ = cliRun(t, cliStdin(t, zipped.String()), "-o", "ndjson", "--sort", "none", "--max-held", "100")
	if strings.Contains(out, "_embedded") || !strings.Contains(errOut, "2 webhook event(s) written as their fields, not as read") {
		t.Errorf("past --max-held: stderr %q, printed\n%s", errOut, out)
	}
}

// --event fetches webhook events with an access token; a live_ or test_
// key, no key or an ID that is no event's is a usage error saying why.
func TestEventFlag(t *testing.T) {
	const token = "access_Zq8Xw3Vb7Nm2Kp5Rt9Yh4Jd6Lf1Gc0Ws"
	srv := molliefake.New(t, molliefake.WithKey(token))
	srv.AddObject("/v2/payments/tr_7UhSN1zuXS", map[string]any{"status": "failed", "method": "creditcard",
		"amount": map[string]string{"currency": "EUR", "value": "113.87"}, "description": "Order #6887", "details": map[string]string{"failureReason": "insufficient_funds"}})
	body := srv.AddWebhookEvent("event_GvJ8WHrp5isUdRub9CJyH", "payment.failed", "/v2/payments/tr_7UhSN1zuXS", "2024-12-16T15:57:04+00:00", false)
	out, errOut, code := runWithKey(t, token, "--api-url", srv.URL, "--event", "event_GvJ8WHrp5isUdRub9CJyH", "-o", "tsv")
	want := "2024-12-16T15:57:04Z\tpayment.failed\tPayment failed: insufficient funds · creditcard · €113.87 · Order #6887\thttps://www.mollie.com/dashboard/org_13514547/payments/tr_7UhSN1zuXS\tevent_GvJ8WHrp5isUdRub9CJyH\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stderr %q, printed %q, want %q", code, errOut, out, want)
	}
	// ndjson writes the event as the API answered it, entity and all.
	out, errOut, code = runWithKey(t, token, "--api-url", srv.URL, "--event", "event_GvJ8WHrp5isUdRub9CJyH", "-o", "ndjson")
	if code != 0 || out != string(body)+"\n" {
		t.Errorf("ndjson: exit %d, stderr %q, printed\n%s\nwant\n%s", code, errOut, out, body)
	}
	for _, tt := range []struct{ key, id, want string }{
		{"test_Zq8Xw3Vb7Nm2Kp5Rt9Yh4Jd6Lf1Gc0Ws", "event_1", "--event: GET /v2/events/{id} needs an organization access token (access_…) with the events.read permission; MOLLIE_API_KEY holds a test_ key"},
		{"live_Zq8Xw3Vb7Nm2Kp5Rt9Yh4Jd6Lf1Gc0Ws", "event_1", "holds a live_ key"},
		{"", "event_1", "--event fetches webhook events from the API: set MOLLIE_API_KEY"},
		{token, "tr_1", `"tr_1" is not a webhook event ID`},
	} {
		_, errOut, code := runWithKey(t, tt.key, "--event", tt.id)
		if code != 2 || !strings.Contains(errOut, tt.want) || tt.key != "" && strings.Contains(errOut, tt.key) {
			t.Errorf("key %.5s… --event %s: exit %d, stderr %q, want %q", tt.key, tt.id, code, errOut, tt.want)
		}
	}
}
