package cli

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

// hooks are two webhook events as Mollie POSTs them, one with its payment
// and one "simple", after a customer event.
const hooks = `{"type":200,"createdAt":"2024-03-20T09:13:37.0Z","message":"Customer created"}
{"resource":"event","id":"event_GvJ8WHrp5isUdRub9CJyH","type":"payment.paid","entityId":"tr_7UhSN1zuXS","createdAt":"2024-12-16T15:57:04+00:00","_embedded":{"entity":{"resource":"payment","id":"tr_7UhSN1zuXS","status":"paid","amount":{"currency":"EUR","value":"10.00"},"description":"Order #123","method":"ideal","_links":{"dashboard":{"href":"https://www.mollie.com/dashboard/org_1/payments/tr_7UhSN1zuXS","type":"text/html"}}}},"_links":{"self":{"href":"https://api.mollie.com/v2/events/event_GvJ8WHrp5isUdRub9CJyH"},"entity":{"href":"https://api.mollie.com/v2/payments/tr_7UhSN1zuXS"}}}
{"resource":"event","id":"event_9bPz4kYqQ8","type":"refund.refunded","entityId":"re_4qqhO89gsT","createdAt":"2024-12-16T16:01:00.5Z","_embedded":null}
`

// Webhook events print from stdin, plain or gzip, with their messages
// written from their entities; entity: finds them by entityId; and the
// ndjson they print loads back as the same events.
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
	if code != 0 || !strings.Contains(nd, `{"resource":"event","id":"event_9bPz4kYqQ8","type":"refund.refunded","entityId":"re_4qqhO89gsT","createdAt":"2024-12-16T16:01:00.5Z","message":"Refund refunded"}`) {
		t.Errorf("ndjson:\n%s", nd)
	}
	again, _, code := cliRun(t, cliStdin(t, nd), "-o", "ndjson", "--sort", "none")
	if code != 0 || again != nd {
		t.Errorf("the ndjson printed does not load back the same:\n%s\nthen\n%s", nd, again)
	}
}
